"""Two "ik kan niet komen" requests at the same moment leave one record, on SQLite and
on PostgreSQL: the database's unique constraint decides, not a check-then-insert."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from server.auth.models import User
from server.schedule import services
from server.schedule.models import Attendance, Meeting
from tests.factories import Factory
from tests.schedule.conftest import NOW, TOMORROW_0930


def cancel_at_once(app, meeting_id: int, member_id: int, attempts: int = 4) -> list:
    barrier = threading.Barrier(attempts)
    outcomes: list = []

    def attempt(reason: str) -> None:
        db = app.extensions["kring_db"]()
        try:
            meeting = db.get(Meeting, meeting_id)
            member = db.get(User, member_id)
            _ = meeting.group.cancellation_cutoff_hours
            barrier.wait(timeout=10)
            row = services.cancel_attendance(db, member, meeting, reason, NOW)
            db.commit()
            outcomes.append(row.status)
        except Exception as error:  # the test reports any failure below
            outcomes.append(error)
        finally:
            db.close()

    threads = [threading.Thread(target=attempt, args=(f"poging {n}",)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def one_record(app, meeting_id: int) -> int:
    db = app.extensions["kring_db"]()
    try:
        return db.scalar(
            select(func.count()).select_from(Attendance).where(Attendance.meeting_id == meeting_id)
        )
    finally:
        db.close()


def test_simultaneous_cancels_leave_one_record_on_sqlite(app, world, meetings):
    outcomes = cancel_at_once(app, meetings[3].id, world.member_a.id)
    assert outcomes == ["cancelled"] * 4
    assert one_record(app, meetings[3].id) == 1


@pytest.mark.postgres
def test_simultaneous_cancels_leave_one_record_on_postgres(postgres_app):
    db = postgres_app.extensions["kring_db"]()
    factory = Factory(db)
    practice = factory.practice()
    group = factory.group(practice)
    member = factory.member(group)
    meeting = factory.meeting(group, TOMORROW_0930 + timedelta(weeks=1))
    db.commit()
    ids = meeting.id, member.id
    db.close()
    outcomes = cancel_at_once(postgres_app, *ids)
    assert outcomes == ["cancelled"] * 4
    assert one_record(postgres_app, ids[0]) == 1
