"""The attendance export for billing, read back the way Dutch Excel reads it: a byte
order mark, then UTF-8, `;` between cells, dates as dd-mm-jjjj."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from server.audit import AuditEvent
from server.groups.models import Membership
from server.schedule.models import Attendance
from server.therapist.cli import attendance_export
from tests.conftest import sign_in
from tests.therapist.billing_excel import read_as_excel
from tests.therapist.conftest import TOMORROW_0930, cancelled

NOVEMBER = {"starts_on": "2026-11-01", "ends_on": "2026-11-30"}


@pytest.fixture
def november(world, factory, db):
    """Group A in November: two meetings took place, one was cancelled by the
    therapists, tomorrow's is still to come; one in October is outside the month."""
    meetings = {
        n: factory.meeting(world.group_a, TOMORROW_0930 - timedelta(weeks=n)) for n in (0, 1, 2, 4)
    }
    factory.meeting(world.group_a, TOMORROW_0930 - timedelta(weeks=3), status="cancelled")
    anna, bob = world.member_a, factory.member(world.group_a, name="Bob")
    hostile = factory.member(
        world.group_a, name='=HYPERLINK("http://x")', joined_on=date(2026, 11, 15)
    )
    db.scalar(select(Membership).where(Membership.member_id == anna.id)).min_sessions = 6
    for meeting in (meetings[1], meetings[2], meetings[4]):
        db.add(Attendance(meeting_id=meeting.id, member_id=anna.id, status="present"))
    db.add(Attendance(meeting_id=meetings[2].id, member_id=bob.id, status="present"))
    cancelled(db, meetings[1], bob, "Ziek", late=True)
    db.add(Attendance(meeting_id=meetings[1].id, member_id=hostile.id, status="absent"))
    db.commit()
    return meetings


def test_the_months_export_opens_with_the_right_columns(client, world, november, db):
    sign_in(client, "ta@example.org")
    response = client.get(
        "/therapist/attendance-export", query_string={"scope": world.group_a.id, **NOVEMBER}
    )
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "aanwezigheid-20261101-20261130.csv" in response.headers["Content-Disposition"]
    rows = read_as_excel(response.data)
    assert rows[0] == ["Datum", "Groep", "Lid", "Status", "Aanwezig bij deze bijeenkomst"]
    blank = rows.index([])
    meetings, summary = rows[1:blank], rows[blank + 1 :]
    assert {datetime.strptime(r[0], "%d-%m-%Y").date() for r in meetings} == {
        date(2026, 11, 13),
        date(2026, 11, 20),
    }
    assert sorted((r[0], r[2], r[3], r[4]) for r in meetings) == [
        ("13-11-2026", "Anna", "aanwezig", "2"),
        ("13-11-2026", "Bob", "aanwezig", "2"),
        ("20-11-2026", '\'=HYPERLINK("http://x")', "afwezig", "1"),
        ("20-11-2026", "Anna", "aanwezig", "1"),
        ("20-11-2026", "Bob", "laat afgemeld", "1"),
    ]
    assert all(r[1] == "Groep A" for r in meetings)
    assert summary[0] == [
        "Groep",
        "Lid",
        "Geweest 01-11-2026 t/m 30-11-2026",
        "Geweest in totaal",
        "Minimum",
    ]
    assert sorted(summary[1:]) == [
        ["Groep A", '\'=HYPERLINK("http://x")', "0", "0", ""],
        ["Groep A", "Anna", "2", "3", "6"],
        ["Groep A", "Bob", "1", "1", ""],
    ]
    db.rollback()
    exported = db.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert len(exported) == 3
    assert {e.actor_user_id for e in exported} == {world.therapist_a.id}
    assert {e.object_type for e in exported} == {"attendance"}


def test_bad_periods_and_other_groups_are_refused_without_a_file(client, world, november, db):
    sign_in(client, "ta@example.org")
    path = "/therapist/attendance-export"
    page = client.get(path).get_data(as_text=True)
    assert 'value="2026-11-01"' in page and 'value="2026-11-30"' in page  # this month
    assert "De hele praktijk" not in page  # for the practice admin only
    backwards = {"scope": world.group_a.id, "starts_on": "2026-11-30", "ends_on": "2026-11-01"}
    response = client.get(path, query_string=backwards)
    assert response.status_code == 422
    assert "kan niet voor de begindatum" in response.get_data(as_text=True)
    for scope in ("practice", world.group_b.id, world.group_c.id):
        response = client.get(path, query_string={"scope": scope, **NOVEMBER})
        assert response.status_code == 422 and response.mimetype == "text/html"
    db.rollback()
    assert db.scalar(select(AuditEvent.id).where(AuditEvent.action == "export")) is None


def test_the_practice_admin_exports_the_whole_practice(client, world, november, factory, db):
    admin = db.merge(world.therapist_b)
    admin.practice_admin = True
    db.commit()
    sign_in(client, "tb@example.org")
    response = client.get(
        "/therapist/attendance-export", query_string={"scope": "practice", **NOVEMBER}
    )
    rows = read_as_excel(response.data)
    assert {r[1] for r in rows[1 : rows.index([])]} == {"Groep A"}  # B had no meetings
    assert "Cor" not in response.get_data(as_text=True)  # the other practice


def test_the_command_line_writes_the_same_file(app, world, november, db, tmp_path):
    target = tmp_path / "november.csv"
    result = app.test_cli_runner().invoke(
        attendance_export,
        [
            "--practice",
            world.practice.name,
            "--from",
            "2026-11-01",
            "--to",
            "30-11-2026",
            "--output",
            str(target),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = read_as_excel(target.read_bytes())
    assert len(rows[1 : rows.index([])]) == 5
    db.rollback()
    exported = db.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert len(exported) == 3 and {e.actor_user_id for e in exported} == {None}
    unknown = app.test_cli_runner().invoke(
        attendance_export, ["--practice", "Nergens", "--from", "2026-11-01", "--to", "2026-11-30"]
    )
    assert unknown.exit_code != 0 and "No practice" in unknown.output
