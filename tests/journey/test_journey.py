from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from server.audit import AuditEvent
from server.groups.models import Membership
from server.journey import goals, services
from server.journey.models import Evaluation, Goal
from server.schedule.models import Attendance
from tests.conftest import csrf_token, sign_in

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # Thursday


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def anna(world, db):
    membership = db.scalar(select(Membership).where(Membership.member_id == world.member_a.id))
    return membership


def weekly(factory, group, first: datetime, count: int):
    return [factory.meeting(group, first + timedelta(weeks=n)) for n in range(count)]


def post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, "/more"), **data})


def test_where_am_i_counts_from_her_join_date(client, world, anna, factory, db):
    meetings = weekly(factory, world.group_a, NOW - timedelta(weeks=6, hours=2), 10)
    anna.joined_on = date(2026, 10, 26)  # after the first two meetings
    anna.min_sessions = 6
    db.add(Attendance(meeting_id=meetings[3].id, member_id=world.member_a.id, status="present"))
    db.add(Attendance(meeting_id=meetings[4].id, member_id=world.member_a.id, status="present"))
    db.commit()
    sign_in(client, "a@example.org")
    page = client.get("/").get_data(as_text=True)
    # Seven held so far (the last one this morning), five of them since she joined.
    assert "Je bent bij bijeenkomst 6 in de Groep A" in page
    assert "2 van minstens 6 bijeenkomsten geweest" in page
    progress = page.split("bijeenkomst 6 in de Groep A")[1].split("</p>")[0]
    assert "nog" not in progress  # no leave date yet


def test_the_phase_the_therapists_set(app, client, world, anna, db):
    therapist = app.test_client()
    sign_in(therapist, "ta@example.org")
    path = f"/therapist/groups/{world.group_a.id}/journey"
    therapist.post(
        path,
        data={"csrf_token": csrf_token(therapist, path), "phases": "Inzicht\nOefenen\nIntegreren"},
    )
    phases = services.phases_of(db, world.group_a)
    assert [p.name for p in phases] == ["Inzicht", "Oefenen", "Integreren"]
    page = f"/therapist/memberships/{anna.id}"
    therapist.post(
        f"{page}/phase",
        data={"csrf_token": csrf_token(therapist, page), "phase-phase": str(phases[1].id)},
    )
    sign_in(client, "a@example.org")
    assert "fase: Oefenen" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("weeks_ahead, invited", [(5, False), (3, True), (0, True)])
def test_the_ending_invitation_comes_four_weeks_ahead(
    client, world, anna, factory, db, weeks_ahead, invited
):
    weekly(factory, world.group_a, NOW + timedelta(days=1), 6)
    anna.left_on = NOW.date() + timedelta(weeks=weeks_ahead)
    db.commit()
    sign_in(client, "a@example.org")
    page = client.get("/").get_data(as_text=True)
    assert ("Je bent in de groep tot" in page) is invited
    if invited:
        assert "Maak je plan af" in page and "Vul de evaluatie in" in page
        assert f"nog {weeks_ahead} bijeenkomst" in page


def test_after_leaving_plan_goals_and_evaluation_stay_but_not_the_schedule(
    client, world, anna, factory, db
):
    weekly(factory, world.group_a, NOW - timedelta(weeks=3), 6)
    anna.left_on = NOW.date() - timedelta(days=1)
    db.commit()
    sign_in(client, "a@example.org")
    rooster = client.get("/schedule").get_data(as_text=True)
    assert "Er zijn nog geen bijeenkomsten gepland." in rooster and "Eerder" not in rooster
    for path in ("/plan/", "/goals", f"/evaluation/{anna.id}"):
        assert client.get(path).status_code == 200, path


def test_goals_proposed_by_the_therapist_wait_for_her_yes(app, client, world, anna, db):
    therapist = app.test_client()
    sign_in(therapist, "ta@example.org")
    page = f"/therapist/memberships/{anna.id}"
    therapist.post(
        f"{page}/goals",
        data={"csrf_token": csrf_token(therapist, page), "goal-text": "Eerder hulp vragen"},
    )
    goal = db.scalar(select(Goal))
    assert goal.confirmed_at is None
    sign_in(client, "a@example.org")
    assert "Je behandelaar stelt dit doel voor" in client.get("/goals").get_data(as_text=True)
    post(client, f"/goals/{goal.id}/confirm")
    db.rollback()
    assert db.get(Goal, goal.id).confirmed_at is not None
    therapist.post(
        f"/therapist/goals/{goal.id}",
        data={
            "csrf_token": csrf_token(therapist, page),
            f"goal{goal.id}-text": "Op tijd hulp vragen",
        },
    )
    db.rollback()
    reworded = db.get(Goal, goal.id)
    assert reworded.text == "Op tijd hulp vragen" and reworded.confirmed_at is None
    post(client, "/goals", text="Mijn eigen doel")
    db.rollback()
    own = db.scalar(select(Goal).where(Goal.text == "Mijn eigen doel"))
    assert own.confirmed_at is not None  # her own words count at once


def test_notes_draw_a_chart_and_only_shared_ones_reach_the_therapist(app, client, world, anna, db):
    goal = goals.propose_goal(db, world.group_a, world.member_a, "Open zijn", world.member_a, NOW)
    db.commit()
    sign_in(client, "a@example.org")
    post(client, f"/goals/{goal.id}/notes", text="PRIVE NOTITIE", rating="3")
    post(client, f"/goals/{goal.id}/notes", text="GEDEELDE NOTITIE", rating="6", shared="y")
    assert post(client, f"/goals/{goal.id}/notes", rating="11").status_code == 422
    page = client.get("/goals").get_data(as_text=True)
    assert "<polyline" in page and "van 3 naar 6 van de 10" in page
    therapist = app.test_client()
    sign_in(therapist, "ta@example.org")
    view = therapist.get(f"/therapist/memberships/{anna.id}").get_data(as_text=True)
    assert "GEDEELDE NOTITIE" in view and "PRIVE NOTITIE" not in view
    db.rollback()
    assert db.scalar(select(AuditEvent).where(AuditEvent.object_type == "goal_note"))


def test_the_evaluation_is_private_until_shared(app, client, world, anna, db):
    sign_in(client, "a@example.org")
    path = f"/evaluation/{anna.id}"
    client.post(path, data={"csrf_token": csrf_token(client, path), "brought": "VEEL GELEERD"})
    therapist = app.test_client()
    sign_in(therapist, "ta@example.org")
    assert "VEEL GELEERD" not in therapist.get(f"/therapist/memberships/{anna.id}").get_data(
        as_text=True
    )
    client.post(
        path,
        data={"csrf_token": csrf_token(client, path), "brought": "VEEL GELEERD", "shared": "y"},
    )
    assert "VEEL GELEERD" in therapist.get(f"/therapist/memberships/{anna.id}").get_data(
        as_text=True
    )
    db.rollback()
    assert db.scalar(select(Evaluation)).shared is True
    assert db.scalar(select(AuditEvent).where(AuditEvent.object_type == "evaluation"))


def test_another_members_evaluation_is_404(client, world, anna):
    sign_in(client, "b@example.org")
    assert client.get(f"/evaluation/{anna.id}").status_code == 404


def test_after_leaving_she_can_still_export_her_goals_and_evaluation(client, world, anna, db):
    goal = goals.propose_goal(db, world.group_a, world.member_a, "MIJN DOEL", world.member_a, NOW)
    db.flush()
    goals.add_note(db, world.member_a, goal, "MIJN NOTITIE", 5, False, NOW)
    record = services.evaluation_for(db, anna)
    services.save_evaluation(db, record, {"brought": "MIJN EVALUATIE"}, False, NOW)
    anna.left_on = NOW.date() - timedelta(days=7)
    db.commit()
    sign_in(client, "a@example.org")
    export = client.get("/account/export.json").get_data(as_text=True)
    assert "MIJN DOEL" in export and "MIJN NOTITIE" in export and "MIJN EVALUATIE" in export
