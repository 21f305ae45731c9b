"""A deleted account's texts are gone from the disk too, not only from the tables: not
in SQLite's main file (secure_delete), not in its -wal file (a checkpoint after the
deletion), and the files are readable by their owner alone."""

import os
import stat
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import make_url, select, text

from server import config
from server.db import engine_of, make_engine
from server.groups.models import Membership
from server.journey.models import Evaluation, Goal, GoalNote, GroupPhase, MemberPhase
from server.migrations import upgrade
from server.plan.models import Plan, PlanItem, SupportContact
from server.plan.together_models import PlanReview, PlanSuggestion
from server.schedule.models import Attendance
from tests.conftest import PASSWORD, csrf_token, sign_in

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
HERS = {
    "name": "Annemarije Zwartkruis",
    "evaluation": "Ik neem mee dat ik mag huilen",
    "goal": "Vaker nee zeggen tegen mijn moeder",
    "note": "Gisteren lukte het bij de buurvrouw",
    "plan": "Als ik niet meer slaap bel ik Joke",
    "contact": "Joke van Hoogstraten",
    "reason": "Ik durf vandaag niet naar buiten",
    "suggestion": "Bel Joke na twee slechte nachten",  # her therapist's, for her plan
}


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def anna(world, factory, db):
    """Anna's texts, the evaluation saved twenty times over (each save leaves copies of
    its pages in the -wal file), and the phase her therapists set."""
    member = world.member_a
    member.display_name = HERS["name"]
    membership = db.scalar(select(Membership).where(Membership.member_id == member.id))
    phase = GroupPhase(group_id=world.group_a.id, name="Fase 2")
    goal = Goal(group_id=world.group_a.id, member_id=member.id, text=HERS["goal"])
    goal.proposed_by_id = member.id
    plan = Plan(member_id=member.id)
    db.add_all([phase, goal, plan])
    db.flush()
    db.add(MemberPhase(membership_id=membership.id, phase_id=phase.id))
    db.add(GoalNote(goal_id=goal.id, member_id=member.id, text=HERS["note"]))
    item = PlanItem(plan_id=plan.id, section="signals", text=HERS["plan"])
    db.add_all([item, PlanReview(plan_id=plan.id, shared_since=NOW, review_on=NOW.date())])
    db.flush()
    db.add(
        PlanSuggestion(
            plan_id=plan.id,
            author_id=world.therapist_a.id,
            section="signals",
            item_id=item.id,
            text=HERS["suggestion"],
        )
    )
    db.add(SupportContact(plan_id=plan.id, name=HERS["contact"], phone="0612345678"))
    meeting = factory.meeting(world.group_a, NOW + timedelta(days=1))
    db.flush()
    db.add(
        Attendance(
            meeting_id=meeting.id, member_id=member.id, status="cancelled", reason=HERS["reason"]
        )
    )
    evaluation = Evaluation(membership_id=membership.id, member_id=member.id)
    db.add(evaluation)
    db.commit()
    for n in range(20):
        evaluation.take_away = f"{HERS['evaluation']} ({n})"
        db.commit()
    return member


def on_disk(app) -> bytes:
    path = make_url(app.config["DATABASE_URL"]).database
    files = [path, path + "-wal"]
    return b"".join(open(f, "rb").read() for f in files if os.path.exists(f))


def test_a_deleted_members_texts_are_not_in_the_database_files(app, client, anna, db):
    before = on_disk(app)
    assert all(t.encode() in before for t in HERS.values())  # the search does find them
    sign_in(client, "a@example.org")
    token = csrf_token(client, "/account/delete")
    response = client.post(
        "/account/delete", data={"csrf_token": token, "current_password": PASSWORD}
    )
    assert response.status_code == 302
    after = on_disk(app)
    left = [name for name, t in HERS.items() if t.encode() in after]
    assert left == [], f"still on disk after deleting the account: {left}"
    db.rollback()
    assert db.scalars(select(MemberPhase)).all() == []


def test_deleted_rows_are_overwritten_with_zeros(app):
    with engine_of(app).connect() as connection:
        assert connection.execute(text("PRAGMA secure_delete")).scalar() == 1


def test_the_database_files_are_the_owners_alone(tmp_path):
    database = tmp_path / "kring.sqlite3"
    engine = make_engine(f"sqlite:///{database}")
    upgrade(engine)
    try:
        with engine.connect() as connection:  # the -wal and -shm files exist while open
            connection.execute(text("SELECT 1"))
            for name in ("kring.sqlite3", "kring.sqlite3-wal", "kring.sqlite3-shm"):
                mode = stat.S_IMODE((tmp_path / name).stat().st_mode)
                assert mode == 0o600, f"{name} is {oct(mode)}"
    finally:
        engine.dispose()


def test_the_instance_folder_is_the_owners_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("KRING_ENV", "development")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    fresh, older = tmp_path / "fresh", tmp_path / "older"
    older.mkdir(mode=0o755)
    for folder in (fresh, older):
        config.load(folder)
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE((folder / "secret_key").stat().st_mode) == 0o600
