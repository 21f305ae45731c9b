"""Actions sent from the offline queue carry an idempotency key: the first request acts,
a replay (a lost answer, two tabs, Background Sync and the online event both firing)
gets the stored answer and changes nothing."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from server.db import now_utc
from server.homework.models import Assignment, Reflection
from server.offline.models import IdempotencyKey
from server.schedule.models import Attendance
from tests.conftest import csrf_token, sign_in
from tests.factories import Factory

KEY = "0f8e7c1a-6b7d-4c1e-9a55-3d2b1e0c9f42"


def post_reflection(client, assignment_id: int, key: str | None, text: str = "Ik zei nee."):
    token = csrf_token(client, f"/homework/{assignment_id}/write")
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(
        f"/homework/{assignment_id}/reflections",
        data={"csrf_token": token, "tried": text, "difficulty": ""},
        headers=headers,
    )


def count(db, model) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(model))


def test_a_replayed_reflection_is_stored_once_and_answered_as_before(client, world, assignment, db):
    sign_in(client, "a@example.org")
    first = post_reflection(client, assignment.id, KEY)
    again = post_reflection(client, assignment.id, KEY)

    assert first.status_code == 302
    assert again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert count(db, Reflection) == 1
    # Without a key (a form posted without JavaScript) each post is its own reflection.
    post_reflection(client, assignment.id, None)
    assert count(db, Reflection) == 2


def test_a_refused_action_leaves_its_key_unused(client, world, assignment, db):
    sign_in(client, "a@example.org")
    refused = post_reflection(client, assignment.id, KEY, text="x" * 20_000)
    assert refused.status_code == 422
    assert count(db, IdempotencyKey) == 0
    assert post_reflection(client, assignment.id, KEY).status_code == 302
    assert count(db, Reflection) == 1


def test_a_malformed_key_is_refused(client, world, assignment, db):
    sign_in(client, "a@example.org")
    assert post_reflection(client, assignment.id, "not a key; DROP").status_code == 400
    assert count(db, Reflection) == 0


def test_keys_are_per_member(client, app, world, assignment, db, factory):
    other = factory.member(world.group_a, email="d@example.org", name="Daan")
    own = Assignment(
        group_id=world.group_a.id, member_id=other.id, set_by_id=other.id, title="Eigen opdracht"
    )
    db.add(own)
    db.commit()
    sign_in(client, "a@example.org")
    post_reflection(client, assignment.id, KEY)
    second = app.test_client()
    sign_in(second, "d@example.org")
    response = post_reflection(second, own.id, KEY)
    assert "Idempotent-Replayed" not in response.headers
    assert count(db, Reflection) == 2


def test_a_replayed_cancellation_answers_like_the_first(client, world, meeting, db):
    sign_in(client, "a@example.org")
    url = f"/meetings/{meeting.id}/cancel"
    data = {"csrf_token": csrf_token(client, url), "reason": "Werk"}
    first = client.post(url, data=data, headers={"Idempotency-Key": KEY})
    again = client.post(url, data=data, headers={"Idempotency-Key": KEY})
    assert first.status_code == again.status_code == 302
    assert again.headers["Idempotent-Replayed"] == "true"
    db.rollback()
    assert db.scalars(select(Attendance.status)).all() == ["cancelled"]


def replay_at_once(app, assignment_id: int, times: int = 4) -> list[str]:
    """The same action sent four times at once; what each request answered."""
    clients = [app.test_client() for _ in range(times)]
    for client in clients:
        sign_in(client, "a@example.org")

    def send(client):
        response = post_reflection(client, assignment_id, KEY)
        if "Idempotent-Replayed" not in response.headers:
            return f"acted {response.status_code}"
        # A replay answers with the stored redirect, or 202 while the first request is
        # still finishing: either way the queue counts it as sent.
        return "replayed" if response.status_code in (302, 202) else str(response.status_code)

    with ThreadPoolExecutor(times) as pool:
        return list(pool.map(send, clients))


def test_simultaneous_replays_store_one_reflection(app, world, assignment, db):
    assert sorted(replay_at_once(app, assignment.id)) == ["acted 302"] + ["replayed"] * 3
    assert count(db, Reflection) == 1


@pytest.mark.postgres
def test_simultaneous_replays_store_one_reflection_on_postgres(postgres_app):
    db = postgres_app.extensions["kring_db"]()
    world = Factory(db).world()
    meeting = Factory(db).meeting(world.group_a, now_utc() + timedelta(days=2))
    assignment = Assignment(
        group_id=world.group_a.id,
        member_id=world.member_a.id,
        set_by_id=world.therapist_a.id,
        title="Nee zeggen",
        due_meeting_id=meeting.id,
    )
    db.add(assignment)
    db.commit()
    assignment_id = assignment.id
    db.close()
    outcomes = replay_at_once(postgres_app, assignment_id)
    assert sorted(outcomes) == ["acted 302"] + ["replayed"] * 3
    assert count(db, Reflection) == 1
    db.close()


def test_keys_older_than_a_week_go_with_the_reminder_job(app, client, world, assignment, db):
    from server.push.cli import send_reminders

    sign_in(client, "a@example.org")
    post_reflection(client, assignment.id, KEY)
    post_reflection(client, assignment.id, "1e2d3c4b-5a69-4788-97a6-b5c4d3e2f1a0")
    db.rollback()
    old = db.scalars(select(IdempotencyKey)).first()
    old.created_at = now_utc() - timedelta(days=7, minutes=1)
    db.commit()
    # Runs even where push is not set up: the clean-up does not depend on it.
    app.extensions["kring_push"].keys = None
    app.test_cli_runner().invoke(send_reminders)
    assert count(db, IdempotencyKey) == 1
    assert count(db, Reflection) == 2
