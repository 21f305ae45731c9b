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
