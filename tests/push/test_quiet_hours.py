"""Quiet hours (default 22:00-08:00, Dutch time) and the daylight-saving changes: the
last Sundays of March (29 March 2026, 02:00 -> 03:00) and October (25 October 2026,
03:00 -> 02:00)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.push import timing
from server.push.models import PENDING, SENT
from server.push.preferences import Preferences, save_preferences
from server.push.timing import Quiet, day_before, quiet_until, send_at
from server.schedule import services as schedule
from tests.push.conftest import log_rows, send, subscribe

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NIGHT = Quiet(22, 8)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def dutch(*args) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM).astimezone(UTC)


@pytest.mark.parametrize(
    ("moment", "until"),
    [
        (dutch(2026, 11, 26, 23, 0), dutch(2026, 11, 27, 8, 0)),
        (dutch(2026, 11, 26, 22, 0), dutch(2026, 11, 27, 8, 0)),
        (dutch(2026, 11, 27, 7, 59), dutch(2026, 11, 27, 8, 0)),
        (dutch(2026, 11, 27, 8, 0), None),
        (dutch(2026, 11, 27, 21, 59), None),
    ],
)
def test_quiet_hours_over_midnight(moment, until):
    assert quiet_until(moment, NIGHT) == until


def test_quiet_hours_within_one_day_and_switched_off():
    assert quiet_until(dutch(2026, 11, 27, 13, 30), Quiet(13, 15)) == dutch(2026, 11, 27, 15, 0)
    assert quiet_until(dutch(2026, 11, 27, 15, 0), Quiet(13, 15)) is None
    assert quiet_until(dutch(2026, 11, 27, 23, 0), None) is None
    assert quiet_until(dutch(2026, 11, 27, 23, 0), Quiet(8, 8)) is None


def test_the_spring_night_is_an_hour_shorter():
    # Saturday 23:30 CET is 22:30 UTC; Sunday 08:00 is summer time, 06:00 UTC.
    assert quiet_until(utc(2026, 3, 28, 22, 30), NIGHT) == utc(2026, 3, 29, 6, 0)
    assert quiet_until(utc(2026, 3, 29, 5, 59), NIGHT) == utc(2026, 3, 29, 6, 0)
    assert quiet_until(utc(2026, 3, 29, 6, 0), NIGHT) is None


def test_the_autumn_night_is_an_hour_longer():
    # Saturday 23:30 CEST is 21:30 UTC; Sunday 08:00 is winter time, 07:00 UTC.
    until = quiet_until(utc(2026, 10, 24, 21, 30), NIGHT)
    assert until == utc(2026, 10, 25, 7, 0)
    assert until - dutch(2026, 10, 24, 22, 0) == timedelta(hours=11)
    # 02:30 happens twice that night; both are quiet, both end at 08:00 CET.
    assert quiet_until(utc(2026, 10, 25, 0, 30), NIGHT) == utc(2026, 10, 25, 7, 0)
    assert quiet_until(utc(2026, 10, 25, 1, 30), NIGHT) == utc(2026, 10, 25, 7, 0)


def test_the_day_before_keeps_the_clock_time_across_a_change():
    spring = dutch(2026, 3, 29, 9, 30)  # Sunday, summer time
    assert day_before(spring, AMSTERDAM) == dutch(2026, 3, 28, 9, 30)
    assert spring - day_before(spring, AMSTERDAM) == timedelta(hours=23)
    autumn = dutch(2026, 10, 25, 9, 30)  # Sunday, winter time
    assert autumn - day_before(autumn, AMSTERDAM) == timedelta(hours=25)


def test_what_would_come_too_late_goes_at_once():
    night = dutch(2026, 11, 26, 23, 0)
    assert send_at(night, NIGHT, dutch(2026, 11, 27, 9, 30)) == dutch(2026, 11, 27, 8, 0)
    assert send_at(night, NIGHT, dutch(2026, 11, 27, 7, 30)) == night
    assert send_at(night, NIGHT, None) == dutch(2026, 11, 27, 8, 0)
    assert send_at(night, None, None) == night


@pytest.fixture
def clock(time_machine):
    # Before every night below, the autumn one included: the members joined a month
    # before this, so each meeting here falls within their time in the group.
    time_machine.move_to(dutch(2026, 10, 1, 12, 0), tick=False)
    return time_machine


@pytest.fixture
def anna(world, db, push_service):
    subscribe(db, world.member_a, push_service.subscriber("anna"))
    return world.member_a


def test_an_early_meeting_is_reminded_of_when_the_night_ends(
    app, db, world, factory, anna, push_service
):
    factory.meeting(world.group_a, dutch(2026, 11, 27, 7, 30))
    db.commit()
    assert send(app, db, dutch(2026, 11, 26, 7, 45)).sent == 0  # due 07:30, quiet until 08:00
    [row] = log_rows(db)
    assert (row.status, row.due_at) == (PENDING, dutch(2026, 11, 26, 8, 0))
    assert send(app, db, dutch(2026, 11, 26, 8, 0)).sent == 1


def test_a_cancellation_at_night_waits_unless_waiting_makes_it_useless(
    app, db, world, factory, anna, push_service, time_machine
):
    late = factory.meeting(world.group_a, dutch(2026, 11, 27, 9, 30))
    early = factory.meeting(world.group_b, dutch(2026, 11, 27, 7, 30))
    bart = world.member_b
    subscribe(db, bart, push_service.subscriber("bart"))
    app.config["PUSH_SEND_AT_ONCE"] = False  # the job sends here, to see what waits
    time_machine.move_to(dutch(2026, 11, 26, 23, 0), tick=False)
    for meeting in (late, early):
        schedule.cancel_meeting(db, meeting, world.therapist_a, "Ziek")
    db.commit()
    send(app, db, dutch(2026, 11, 26, 23, 0))
    assert len(push_service.delivered("bart")) == 1  # at 08:00 his meeting has started
    assert push_service.delivered("anna") == []  # hers is at 09:30: 08:00 is in time
    send(app, db, dutch(2026, 11, 27, 8, 0))
    assert len(push_service.delivered("anna")) == 1
    assert {row.status for row in log_rows(db)} == {SENT}


def test_a_change_on_the_autumn_night_waits_until_eight_winter_time(
    app, db, world, factory, anna, push_service, time_machine
):
    meeting = factory.meeting(world.group_a, dutch(2026, 10, 26, 9, 30))
    db.commit()
    app.config["PUSH_SEND_AT_ONCE"] = False
    time_machine.move_to(utc(2026, 10, 24, 21, 30), tick=False)  # Saturday 23:30 CEST
    schedule.update_meeting(
        db,
        meeting,
        world.therapist_a,
        starts_at=meeting.starts_at + timedelta(hours=1),
        ends_at=meeting.ends_at + timedelta(hours=1),
    )
    db.commit()
    assert send(app, db, utc(2026, 10, 25, 6, 59)).sent == 0  # 07:59 CET
    assert send(app, db, utc(2026, 10, 25, 7, 0)).sent == 1  # 08:00 CET


def test_her_own_quiet_hours(app, db, world, factory, anna, push_service):
    save_preferences(db, anna, Preferences(quiet_start=21, quiet_end=9))
    factory.meeting(world.group_a, dutch(2026, 11, 27, 8, 45))
    db.commit()
    send(app, db, dutch(2026, 11, 26, 8, 45))
    [row] = log_rows(db)
    assert row.due_at == dutch(2026, 11, 26, 9, 0)
    assert timing.MEMBER_ZONE.key == "Europe/Amsterdam"
