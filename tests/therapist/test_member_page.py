"""A member's page for her therapists: attendance history, progress against the
minimum, and what she shared; every view in her access log."""

from datetime import timedelta

from sqlalchemy import select

from server.audit import AuditEvent
from server.groups.models import Membership
from server.homework.models import Assignment, Reflection
from server.schedule.models import Attendance
from tests.conftest import sign_in
from tests.therapist.conftest import NOW, TOMORROW_0930, cancelled


def test_member_page_shows_her_attendance_history_and_progress(client, world, factory, db):
    past = [
        factory.meeting(world.group_a, TOMORROW_0930 - timedelta(weeks=n)) for n in (1, 2, 3, 4)
    ]
    factory.meeting(world.group_a, TOMORROW_0930)  # not yet: not in the history
    gone = factory.meeting(world.group_a, TOMORROW_0930 - timedelta(days=3), status="cancelled")
    anna = world.member_a
    db.add(Attendance(meeting_id=past[0].id, member_id=anna.id, status="present"))
    db.add(Attendance(meeting_id=past[1].id, member_id=anna.id, status="absent"))
    cancelled(db, past[2], anna, "Mijn kind is ziek", late=True)
    membership = db.scalar(select(Membership).where(Membership.member_id == anna.id))
    membership.min_sessions = 6
    assignment = Assignment(
        group_id=world.group_a.id,
        member_id=anna.id,
        set_by_id=world.therapist_a.id,
        title="Zeg een keer nee",
    )
    db.add(assignment)
    db.flush()
    db.add(Reflection(assignment_id=assignment.id, member_id=anna.id, shared=True, shared_at=NOW))
    db.commit()
    sign_in(client, "ta@example.org")
    page = client.get(f"/therapist/memberships/{membership.id}").get_data(as_text=True)
    history = page.split("Aanwezigheid")[1]
    assert "1 van minstens 6 bijeenkomsten geweest" in history
    assert "1 keer afgemeld, waarvan 1 laat, 1 keer gemist" in history
    assert "27 november" not in history  # tomorrow's meeting is still to come
    assert history.index("vrijdag 20 november 2026") < history.index("vrijdag 30 oktober 2026")
    assert "Mijn kind is ziek" in history and "Niet ingevuld" in history  # 30 October
    assert "24 november" not in history  # cancelled by the therapists: not hers to attend
    assert "Zeg een keer nee" in page.split("Gedeelde verslagen")[1]
    db.rollback()
    logged = db.scalars(
        select(AuditEvent).where(AuditEvent.object_type == "attendance_history")
    ).all()
    assert [(e.actor_user_id, e.subject_user_id) for e in logged] == [
        (world.therapist_a.id, anna.id)
    ]
    assert gone.is_cancelled


def test_another_therapist_does_not_see_the_history(client, world, db):
    membership = db.scalar(select(Membership).where(Membership.member_id == world.member_a.id))
    sign_in(client, "tb@example.org")
    assert client.get(f"/therapist/memberships/{membership.id}").status_code == 404
    db.rollback()
    assert (
        db.scalar(select(AuditEvent.id).where(AuditEvent.object_type == "attendance_history"))
        is None
    )
