"""The therapist's home answers "who is coming" before the group starts."""

from datetime import date, timedelta

from sqlalchemy import select

from server.audit import AuditEvent
from server.groups.models import Membership
from server.homework.models import Assignment, Reflection
from server.journey.models import Evaluation
from server.plan.models import Plan
from server.plan.together_models import PlanReview
from server.schedule.models import Attendance
from tests.conftest import sign_in
from tests.therapist.conftest import NOW, TOMORROW_0930, cancelled


def _membership(db, member):
    return db.scalar(select(Membership).where(Membership.member_id == member.id))


def _shared_reflection(db, world, meeting, title="Zeg een keer nee"):
    assignment = Assignment(
        group_id=world.group_a.id,
        member_id=world.member_a.id,
        set_by_id=world.therapist_a.id,
        title=title,
        due_meeting_id=meeting.id,
    )
    db.add(assignment)
    db.flush()
    reflection = Reflection(
        assignment_id=assignment.id,
        member_id=world.member_a.id,
        tried="Ik zei nee tegen mijn zus.",
        shared=True,
        shared_at=NOW - timedelta(hours=3),
    )
    db.add(reflection)
    return assignment


def test_home_shows_who_is_coming_who_cancelled_and_who_is_new_or_leaving(
    client, world, meetings, factory, db
):
    bob = factory.member(world.group_a, name="Bob")
    carla = factory.member(world.group_a, name="Carla", joined_on=date(2026, 11, 27))
    factory.member(world.group_a, name="Dirk", joined_on=date(2026, 12, 10))
    eva = factory.member(world.group_a, name="Eva")
    _membership(db, eva).left_on = date(2026, 12, 4)
    cancelled(db, meetings[2], bob, "Mijn kind is ziek", late=True)
    cancelled(db, meetings[2], carla)
    cancelled(db, meetings[3], world.member_a, "Werk")  # next week: not on home yet
    db.commit()
    sign_in(client, "ta@example.org")
    page = client.get("/therapist/").get_data(as_text=True)
    assert "Volgende bijeenkomst: vrijdag 27 november" in page
    assert "Verwacht: 2" in page and "Afgemeld: 2" in page
    coming, gone = page.split("Verwacht: 2")[1].split("Afgemeld: 2")
    assert "Anna" in coming and "Eva" in coming and "Bob" not in coming
    assert "tot 4 december 2026" in coming
    assert "Bob" in gone and "laat" in gone and "Mijn kind is ziek" in gone
    assert "Carla" in gone and "nieuw" in gone
    assert "Werk" not in page
    starting = page.split("Begint binnenkort")[1]
    assert "Dirk" in starting and "vanaf 10 december 2026" in starting
    assert "Groep B" not in page and "Bart" not in page


def test_home_logs_the_register_it_shows(client, world, meetings, factory, db):
    bob = factory.member(world.group_a, name="Bob")
    cancelled(db, meetings[2], bob, "Ziek")
    db.commit()
    sign_in(client, "ta@example.org")
    client.get("/therapist/")
    db.rollback()
    logged = set(
        db.execute(
            select(AuditEvent.subject_user_id, AuditEvent.object_id).where(
                AuditEvent.object_type == "attendance", AuditEvent.action == "read"
            )
        )
    )
    assert logged == {(world.member_a.id, meetings[2].id), (bob.id, meetings[2].id)}


def test_home_lists_shared_texts_until_the_therapist_reads_them(client, world, meetings, db):
    assignment = _shared_reflection(db, world, meetings[2])
    db.add(
        Reflection(
            assignment_id=assignment.id, member_id=world.member_a.id, tried="Privé", shared=False
        )
    )
    membership = _membership(db, world.member_a)
    db.add(
        Evaluation(
            membership_id=membership.id,
            member_id=world.member_a.id,
            brought="Rust",
            shared=True,
        )
    )
    db.commit()
    sign_in(client, "ta@example.org")
    page = client.get("/therapist/").get_data(as_text=True)
    shared = page.split("Met jou gedeeld, nog niet gelezen")[1]
    assert shared.count("Zeg een keer nee") == 1  # the private one is not even counted
    assert "Evaluatie" in shared
    assert "Ik zei nee" not in page  # only that it came in, not what it says
    client.get(f"/therapist/assignments/{assignment.id}")
    client.get(f"/therapist/memberships/{membership.id}")
    page = client.get("/therapist/").get_data(as_text=True)
    assert "Met jou gedeeld, nog niet gelezen" not in page
    # The other therapist of the group has not read it yet.
    other = client.application.test_client()
    from tests.factories import Factory

    Factory(db).therapist(world.practice, world.group_a, email="ta2@example.org")
    db.commit()
    sign_in(other, "ta2@example.org")
    assert "Zeg een keer nee" in other.get("/therapist/").get_data(as_text=True)


def test_home_names_members_near_their_minimum_or_their_leave_date(
    client, world, meetings, factory, db
):
    membership = _membership(db, world.member_a)
    membership.min_sessions = 3
    for meeting in meetings[:2]:
        db.add(Attendance(meeting_id=meeting.id, member_id=world.member_a.id, status="present"))
    far = factory.member(world.group_a, name="Ver")
    _membership(db, far).min_sessions = 20
    leaving = factory.member(world.group_a, name="Gaat")
    _membership(db, leaving).left_on = date(2026, 12, 11)
    db.commit()
    sign_in(client, "ta@example.org")
    page = client.get("/therapist/").get_data(as_text=True)
    attention = page.split("Let op")[1]
    assert "Anna" in attention and "nog 1 bijeenkomst tot het minimum" in attention
    assert "Gaat" in attention and "tot 11 december 2026" in attention
    assert "Ver" not in attention


def test_home_runs_a_constant_number_of_statements(client, world, factory, db, statements):
    sign_in(client, "ta@example.org")
    counts = []
    for size in (1, 10):
        for n in range(size * 3):
            group = factory.group(world.practice, f"Groep {size}-{n}")
            factory.meeting(group, TOMORROW_0930 + timedelta(hours=n))
            from server.groups.models import GroupTherapist

            db.add(GroupTherapist(group_id=group.id, therapist_id=world.therapist_a.id))
            member = factory.member(group, world.group_a, name=f"Lid {size}-{n}")
            meeting = factory.meeting(world.group_a, TOMORROW_0930 - timedelta(days=7 * n + 7))
            db.add(Attendance(meeting_id=meeting.id, member_id=member.id, status="present"))
            cancelled(db, factory.meeting(group, TOMORROW_0930 + timedelta(days=1)), member, "x")
            _shared_reflection(db, world, meeting, title=f"Opdracht {size}-{n}")
            _plan_to_look_over(db, member, NOW.date() + timedelta(days=n % 10))
        db.commit()
        statements.count = 0
        page = client.get("/therapist/").get_data(as_text=True)
        assert f"Opdracht {size}-0" in page
        assert f"Lid {size}-0" in page.split("Plannen om na te lopen")[1]
        counts.append(statements.count)
    assert counts[0] == counts[1], counts


def _plan_to_look_over(db, member, review_on, shared=True):
    plan = Plan(member_id=member.id)
    db.add(plan)
    db.flush()
    db.add(PlanReview(plan_id=plan.id, shared_since=NOW if shared else None, review_on=review_on))


def test_shared_plans_to_look_over_soon_are_on_the_home(client, world, factory, db):
    soon = factory.member(world.group_a, name="Binnenkort")
    later = factory.member(world.group_a, name="Later")
    private = factory.member(world.group_a, name="Prive")
    elsewhere = factory.member(world.group_c, name="Elders")
    _plan_to_look_over(db, soon, NOW.date() + timedelta(days=5))
    _plan_to_look_over(db, later, NOW.date() + timedelta(days=60))
    _plan_to_look_over(db, private, NOW.date() + timedelta(days=5), shared=False)
    _plan_to_look_over(db, elsewhere, NOW.date() + timedelta(days=5))
    db.commit()
    sign_in(client, "ta@example.org")
    page = client.get("/therapist/").get_data(as_text=True)
    reviews = page.split("Plannen om na te lopen")[1].split("</section>")[0]
    assert "Binnenkort" in reviews and "voor 1 december 2026" in reviews
    assert "/therapist/memberships/" in reviews
    assert "Later" not in reviews and "Prive" not in reviews and "Elders" not in reviews
    db.rollback()
    logged = db.scalars(
        select(AuditEvent.subject_user_id).where(AuditEvent.object_type == "plan_review")
    ).all()
    assert logged == [soon.id]
