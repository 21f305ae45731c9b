"""The cancellation rule before the tap, and overmacht on a late cancellation."""

from datetime import timedelta

from sqlalchemy import select

from server.schedule import services
from server.schedule.models import Attendance
from tests.conftest import csrf_token, sign_in
from tests.schedule.conftest import NOW, TOMORROW_0930


def test_the_meeting_page_and_the_form_say_until_when_cancelling_is_on_time(
    client, world, factory, db
):
    # Saturday 28 November 09:30: with the 24-hour rule, on time until Friday 09:30.
    saturday = factory.meeting(world.group_a, TOMORROW_0930 + timedelta(days=1))
    far = factory.meeting(world.group_a, TOMORROW_0930 + timedelta(weeks=2))
    db.commit()
    sign_in(client, "a@example.org")
    for path in (f"/meetings/{saturday.id}", f"/meetings/{saturday.id}/cancel"):
        page = client.get(path).get_data(as_text=True)
        assert "Afmelden kan tot vrijdag 09:30." in page
        assert "overmacht" not in page  # on time, nobody asks why
    page = client.get(f"/meetings/{far.id}").get_data(as_text=True)
    assert "Afmelden kan tot donderdag 10 december 09:30." in page


def test_the_deadline_follows_the_groups_hours_and_is_in_english_too(client, world, factory, db):
    world.group_a.cancellation_cutoff_hours = 48
    world.member_a.locale = "en"
    db.merge(world.group_a)
    db.merge(world.member_a)
    saturday = factory.meeting(world.group_a, TOMORROW_0930 + timedelta(days=1))
    db.commit()
    sign_in(client, "a@example.org")
    page = client.get(f"/meetings/{saturday.id}").get_data(as_text=True)
    assert "Cancelling on time was possible until Thursday 09:30." in page


def test_a_late_cancellation_can_say_it_is_overmacht_with_a_reason(client, world, meetings, db):
    tomorrow = meetings[2]
    sign_in(client, "a@example.org")
    path = f"/meetings/{tomorrow.id}/cancel"
    page = client.get(path).get_data(as_text=True)
    assert "Op tijd afmelden kon tot donderdag 09:30." in page
    assert "Het is overmacht" in page

    token = csrf_token(client, path)
    refused = client.post(path, data={"csrf_token": token, "force_majeure": "y", "reason": " "})
    assert refused.status_code == 422
    assert "Schrijf in een paar woorden wat er is gebeurd." in refused.get_data(as_text=True)
    assert db.scalar(select(Attendance)) is None  # nothing half-saved

    done = client.post(
        path, data={"csrf_token": token, "force_majeure": "y", "reason": "Koorts sinds vannacht"}
    )
    assert done.status_code == 302
    assert "overmacht" in client.get(done.headers["Location"]).get_data(as_text=True)
    db.rollback()
    row = db.scalar(select(Attendance))
    assert (row.late, row.force_majeure, row.reason) == (True, True, "Koorts sinds vannacht")

    therapist = client.application.test_client()
    sign_in(therapist, "ta@example.org")
    register = therapist.get(f"/therapist/meetings/{tomorrow.id}").get_data(as_text=True)
    assert "Afgemeld · laat · overmacht" in register
    assert "Koorts sinds vannacht" in register


def test_overmacht_is_not_kept_on_an_on_time_cancellation(world, meetings, db):
    later = meetings[3]
    row = services.cancel_attendance(db, world.member_a, later, "ziek", NOW, force_majeure=True)
    assert (row.late, row.force_majeure) == (False, False)
