from datetime import date

from sqlalchemy import func, select

from server import demo
from server.auth.models import User
from server.groups.models import Group, Membership, Practice
from tests.conftest import sign_in


def counts(db):
    return [
        db.scalar(select(func.count()).select_from(t)) for t in (Practice, Group, User, Membership)
    ]


def test_demo_data_loads_twice_without_duplicates(app, db):
    demo.load(db, date(2026, 11, 25))
    db.commit()
    first = counts(db)
    demo.load(db, date(2026, 11, 25))
    db.commit()
    assert counts(db) == first
    assert first[0] == 5  # the five programmes of the seeds


def test_the_documented_sign_ins_work_and_share_a_group(app, db):
    demo.load(db, date.today())
    db.commit()
    member, therapist = app.test_client(), app.test_client()
    assert sign_in(member, demo.DEMO_MEMBER, demo.DEMO_PASSWORD).status_code == 302
    assert sign_in(therapist, demo.DEMO_THERAPIST, demo.DEMO_PASSWORD).status_code == 302
    assert "Donderdaggroep" in member.get("/").get_data(as_text=True)
    overview = therapist.get("/therapist/").get_data(as_text=True)
    assert "Donderdaggroep" in overview and "Vrijdaggroep" not in overview


def test_demo_groups_follow_the_seeds(app, db):
    demo.load(db, date.today())
    db.commit()
    groups = {g.name: g for g in db.scalars(select(Group))}
    assert groups["Maandaggroep"].homework_enabled is False
    assert groups["Maandaggroep"].default_duration_minutes == 120
    assert groups["Interactiegroep"].max_members == 10
    assert groups["Vrijdaggroep"].default_duration_minutes == 90


def test_demo_meetings_follow_the_seeds_rhythms(app, db):
    from zoneinfo import ZoneInfo

    from server.schedule.models import Meeting

    demo.load(db, date(2026, 11, 25))
    db.commit()
    zone = ZoneInfo("Europe/Amsterdam")

    def local_meetings(name):
        group = db.scalar(select(Group).where(Group.name == name))
        meetings = db.scalars(
            select(Meeting).where(Meeting.group_id == group.id).order_by(Meeting.starts_at)
        ).all()
        return [(m.starts_at.astimezone(zone), m.ends_at.astimezone(zone), m) for m in meetings]

    friday = local_meetings("Vrijdaggroep")
    assert {(s.strftime("%A %H:%M"), e.strftime("%H:%M")) for s, e, _ in friday} == {
        ("Friday 09:30", "11:00")
    }
    gaps = {(b[0].date() - a[0].date()).days for a, b in zip(friday, friday[1:], strict=False)}
    assert gaps <= {7, 21}  # weekly; the two Fridays of the Christmas break are skipped
    monday = local_meetings("Maandaggroep")
    assert {(s.strftime("%A %H:%M"), e.strftime("%H:%M")) for s, e, _ in monday} == {
        ("Monday 16:30", "18:30")
    }
    fortnightly = local_meetings("Vervolggroep")
    assert {(b[0] - a[0]).days for a, b in zip(fortnightly, fortnightly[1:], strict=False)} <= {
        14,
        28,
    }
    themed = local_meetings("Donderdaggroep")
    assert [m.theme for _, _, m in themed[:3]] == ["Kennismaking", "Het ouderlijk huis", ""]


def test_the_demo_member_has_a_plan_with_phases_and_a_working_supporter_link(app, db):
    from server.plan.demo import DEMO_SHARE_TOKEN

    demo.load(db, date.today())
    db.commit()
    page = app.test_client().get(f"/s/{DEMO_SHARE_TOKEN}/").get_data(as_text=True)
    assert "Het plan van Sanne" in page
    assert "Oranje: het gaat mis" in page and "Ik blijf 's ochtends in bed liggen." in page
    assert "Drukte op het werk" not in page  # triggers were not shared with Sam
    assert "Ik slaap goed" not in page  # a green sign: his link shows orange and red
    member = app.test_client()
    sign_in(member, demo.DEMO_MEMBER, demo.DEMO_PASSWORD)
    assert "1 keer geopend" in member.get("/plan/shares").get_data(as_text=True)
    # #18: the new sections, her GP and the practice's crisis number to tap; the
    # practice's out-of-hours number is hers already, so it shows once.
    plan = member.get("/plan/").get_data(as_text=True)
    assert "Wat anderen aan mij merken" in plan and "Wat de praktijk doet" in plan
    assert 'href="tel:0450000001"' in plan and 'href="tel:0450000099"' in plan
    assert plan.count('href="tel:0880000045"') == 1
    card = member.get("/plan/card").get_data(as_text=True)
    assert "Zeggen dat ik me niet zo moet aanstellen." in card


def test_the_heerlen_admin_signs_in_with_the_published_key(app, db):
    demo.load(db, date.today())
    db.commit()
    admin = app.test_client()
    assert sign_in(admin, demo.DEMO_ADMIN, demo.DEMO_PASSWORD).status_code == 302
    page = admin.get("/admin/").get_data(as_text=True)
    assert "Volwassenenzorg Heerlen" in page
    groups = admin.get("/admin/groups/").get_data(as_text=True)
    assert "Donderdaggroep" in groups and "Vrijdaggroep" not in groups


def test_apanta_has_no_homework_and_a_new_interact_member_starts_at_the_start(app, db):
    from server.homework.models import Assignment
    from server.journey.models import GoalNote, GroupPhase, MemberPhase

    today = date(2026, 11, 30)
    demo.load(db, today)
    db.commit()
    apanta = db.scalar(select(Group).where(Group.name == "Dinsdaggroep"))
    assert apanta.homework_enabled is False
    assert db.scalar(select(Assignment.id).where(Assignment.group_id == apanta.id)) is None

    milan = db.scalar(
        select(Membership)
        .join(User, User.id == Membership.member_id)
        .where(User.display_name == "Milan")
    )
    phase = db.scalar(
        select(GroupPhase)
        .join(MemberPhase, MemberPhase.phase_id == GroupPhase.id)
        .where(MemberPhase.membership_id == milan.id)
    )
    assert phase.position == 0, "a member who just joined is in the first phase"
    notes = db.scalars(select(GoalNote).where(GoalNote.member_id == milan.member_id)).all()
    assert all(note.created_at.date() >= milan.joined_on for note in notes)
