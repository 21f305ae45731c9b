"""`kring demo --scale N`: practices of a national provider's size for the load
benchmark, made quickly, the same every run, and usable through the app."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from server import create_app, demo, scale
from server.auth.models import MEMBER, THERAPIST, User
from server.cli import main
from server.db import engine_of, get_db, now_utc
from server.groups.models import Group, GroupTherapist, Membership, Practice
from server.homework.models import Assignment, Reflection
from server.plan.models import Plan
from server.schedule.models import Attendance, Meeting
from tests.conftest import config_for, sign_in


def _count(db, model, *where) -> int:
    return db.scalar(select(func.count()).select_from(model).where(*where))


def _scale_practice(db) -> Practice:
    return db.scalar(select(Practice).where(Practice.name == scale.practice_name(1)))


def _assert_one_practice_of_full_size(db) -> None:
    practice = _scale_practice(db)
    groups = list(db.scalars(select(Group).where(Group.practice_id == practice.id)))
    ids = [g.id for g in groups]
    assert len(groups) == scale.GROUPS
    assert _count(db, GroupTherapist, GroupTherapist.group_id.in_(ids)) == 2 * scale.GROUPS
    assert _count(db, Membership, Membership.group_id.in_(ids)) == 8 * scale.GROUPS
    assert _count(db, User, User.practice_id == practice.id, User.role == THERAPIST) == 10
    meetings = _count(db, Meeting, Meeting.group_id.in_(ids))
    assert 95 * scale.GROUPS <= meetings <= 104 * scale.GROUPS  # two years, less Christmas
    held = select(Meeting.id).where(Meeting.group_id.in_(ids), Meeting.ends_at < now_utc())
    assert _count(db, Attendance, Attendance.meeting_id.in_(held)) > 500 * scale.GROUPS
    assert _count(db, Assignment, Assignment.group_id.in_(ids)) > 400 * (scale.GROUPS - 1)
    assert _count(db, Reflection) > 1000
    members = select(Membership.member_id).where(Membership.group_id.in_(ids))
    assert _count(db, Plan, Plan.member_id.in_(members)) == 8 * scale.GROUPS


def test_one_scale_practice_is_complete_and_a_second_run_adds_nothing(app, db):
    for _ in range(2):
        list(scale.generate(db, 1, "not-a-real-hash", date.today(), now_utc()))
        db.commit()
    assert _count(db, Practice) == 1
    _assert_one_practice_of_full_size(db)
    emails = set(db.scalars(select(User.email).where(User.role == MEMBER)))
    assert scale.member_email(1, 10, 8) in emails and len(emails) == 80


def test_kring_demo_scale_and_the_pages_of_a_scale_member(app, db):
    result = app.test_cli_runner().invoke(main, ["demo", "--scale", "1"])
    assert result.exit_code == 0, result.output
    assert scale.member_email(1, 1, 1) in result.output
    member = app.test_client()
    assert sign_in(member, scale.member_email(1, 1, 1), demo.DEMO_PASSWORD).status_code == 302
    for path in ("/", "/schedule", "/homework/", "/plan/"):
        assert member.get(path).status_code == 200, path
    supporter = app.test_client().get(f"/s/{scale.share_token(1, 1)}/")
    assert supporter.status_code == 200
    therapist = app.test_client()
    assert sign_in(therapist, scale.therapist_email(1, 1), demo.DEMO_PASSWORD).status_code == 302
    assert "Maandaggroep A" in therapist.get("/therapist/").get_data(as_text=True)


@pytest.mark.postgres
def test_a_scale_practice_on_postgres(postgres_app):
    with postgres_app.app_context():
        db = get_db()
        list(scale.generate(db, 1, "not-a-real-hash", date.today(), now_utc()))
        db.commit()
        _assert_one_practice_of_full_size(db)


def test_scale_data_needs_development(app_config):
    app = create_app({**config_for(app_config["DATABASE_URL"]), "KRING_ENV": "production"})
    result = app.test_cli_runner().invoke(main, ["demo", "--scale", "1"])
    assert result.exit_code != 0 and "KRING_ENV=development" in result.output
    engine_of(app).dispose()
