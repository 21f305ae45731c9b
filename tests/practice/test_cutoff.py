"""The group's cancellation rule: hours before, or before a time on the last working
day before. The member sees the deadline; cancelling after it is short notice."""

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from server.groups import cutoff
from server.groups.models import Group
from server.schedule.models import Attendance
from tests.conftest import csrf_token, sign_in
from tests.factories import Factory

# Monday 7 December 2026, 16:00 in Amsterdam (15:00 UTC).
MONDAY_1600 = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)


def working_day_group(**values) -> Group:
    return Group(
        name="Maandaggroep",
        cancellation_rule=cutoff.LAST_WORKING_DAY,
        cancellation_cutoff_time=time(16, 30),
        cancellation_cutoff_hours=24,
        timezone="Europe/Amsterdam",
        **values,
    )


def test_a_monday_group_closes_on_friday_at_half_past_four():
    deadline = cutoff.cancellation_deadline(working_day_group(), MONDAY_1600)
    assert deadline == datetime(2026, 12, 4, 15, 30, tzinfo=UTC)  # Friday 16:30 local


def test_a_wednesday_group_closes_on_tuesday_and_summer_time_counts():
    wednesday = datetime(2026, 7, 8, 7, 30, tzinfo=UTC)  # 09:30 CEST
    deadline = cutoff.cancellation_deadline(working_day_group(), wednesday)
    assert deadline == datetime(2026, 7, 7, 14, 30, tzinfo=UTC)  # Tuesday 16:30 CEST


def test_the_hours_rule_counts_back_from_the_start():
    group = Group(cancellation_rule=cutoff.HOURS_BEFORE, cancellation_cutoff_hours=48)
    assert cutoff.cancellation_deadline(group, MONDAY_1600) == MONDAY_1600 - timedelta(hours=48)


def test_short_notice_starts_just_after_the_deadline():
    group = working_day_group()
    friday_1630 = datetime(2026, 12, 4, 15, 30, tzinfo=UTC)
    assert not cutoff.is_short_notice(group, MONDAY_1600, friday_1630)
    assert cutoff.is_short_notice(group, MONDAY_1600, friday_1630 + timedelta(minutes=1))


def _member_cancels_on_saturday(app, time_machine) -> tuple[str, bool]:
    time_machine.move_to(datetime(2026, 12, 2, 12, 0, tzinfo=UTC), tick=False)  # Wednesday
    db = app.extensions["kring_db"](expire_on_commit=False)
    factory = Factory(db)
    world = factory.world()
    group = db.merge(world.group_a)
    group.cancellation_rule = cutoff.LAST_WORKING_DAY
    group.cancellation_cutoff_time = time(16, 30)
    meeting = factory.meeting(group, MONDAY_1600)
    db.commit()
    client = app.test_client()
    sign_in(client, "a@example.org")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    time_machine.move_to(datetime(2026, 12, 5, 10, 0, tzinfo=UTC), tick=False)  # Saturday
    path = f"/meetings/{meeting.id}/cancel"
    client.post(path, data={"csrf_token": csrf_token(client, path)})
    late = db.scalar(select(Attendance.late))
    db.close()
    return page, late


def test_the_member_sees_the_groups_deadline_and_saturday_is_short_notice(app, time_machine):
    page, late = _member_cancels_on_saturday(app, time_machine)
    # Within the week the day's name says which Friday (#19's wording).
    assert "Afmelden kan tot vrijdag 16:30." in page
    assert late is True


@pytest.mark.postgres
def test_the_working_day_rule_on_postgres(postgres_app, time_machine):
    page, late = _member_cancels_on_saturday(postgres_app, time_machine)
    assert "Afmelden kan tot vrijdag 16:30." in page
    assert late is True
