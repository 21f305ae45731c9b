from datetime import date, time, timedelta

from sqlalchemy import func, select

from server.audit import AuditEvent
from server.groups.models import Membership
from server.schedule import services
from server.schedule.models import Attendance, Meeting
from tests.conftest import csrf_token, sign_in
from tests.schedule.conftest import NOW, TOMORROW_0930


def post(client, path, data, token_from=None):
    return client.post(path, data={"csrf_token": csrf_token(client, token_from or path), **data})


def test_planning_a_series_from_the_form(client, world, db):
    sign_in(client, "ta@example.org")
    path = f"/therapist/groups/{world.group_a.id}/series/new"
    response = post(
        client,
        path,
        {
            "frequency": "weekly",
            "starts_on": "2026-12-04",
            "start_time": "09:30",
            "duration_minutes": "90",
            "count": "",
            "until": "2027-01-15",
            "location": "Kerkstraat 1",
            "online_link": "",
            "skipped": "25-12-2026\n1-1-2027",
        },
    )
    assert response.status_code == 302
    db.rollback()
    days = list(db.scalars(select(Meeting.occurrence_on).order_by(Meeting.starts_at)))
    assert days == [
        date(2026, 12, 4),
        date(2026, 12, 11),
        date(2026, 12, 18),
        date(2027, 1, 8),
        date(2027, 1, 15),
    ]
    page = client.get(f"/therapist/groups/{world.group_a.id}").get_data(as_text=True)
    assert "vrijdag 4 december" in page


def test_bad_series_input_is_shown_next_to_the_field_and_kept(client, world, db):
    sign_in(client, "ta@example.org")
    path = f"/therapist/groups/{world.group_a.id}/series/new"
    response = post(
        client,
        path,
        {
            "frequency": "weekly",
            "starts_on": "2026-12-04",
            "start_time": "9 uur",
            "duration_minutes": "90",
            "location": "Kerkstraat 1",
            "skipped": "kerst",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Kies een tijd, bijvoorbeeld 09:30." in page
    assert "Kies een laatste datum of een aantal bijeenkomsten." in page
    assert "“kerst” is geen datum" in page
    assert 'value="Kerkstraat 1"' in page
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Meeting)) == 0


def test_extending_a_series(client, world, db):
    from server.schedule import recurrence

    series = recurrence.create_series(
        db,
        world.group_a,
        frequency="fortnightly",
        starts_on=date(2026, 12, 7),
        start_time=time(16, 30),
        duration_minutes=120,
        count=2,
    )
    db.commit()
    sign_in(client, "ta@example.org")
    response = post(client, f"/therapist/series/{series.id}/extend", {"count": "4"})
    assert response.status_code == 302
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Meeting)) == 4


def test_editing_a_meeting_is_seen_by_members_and_announced(client, world, meetings, db):
    heard = []
    services.meeting_changed.connect(lambda _db, **kw: heard.append(kw["change"]), weak=False)
    sign_in(client, "ta@example.org")
    path = f"/therapist/meetings/{meetings[3].id}"
    response = post(
        client,
        path,
        {
            "day": "2026-12-18",
            "start_time": "10:00",
            "end_time": "11:30",
            "location": "",
            "online_link": "https://meet.example.org/x",
            "theme": "Kennismaking",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert "changed" in heard
    db.rollback()
    meeting = db.get(Meeting, meetings[3].id)
    assert meeting.is_online and meeting.theme == "Kennismaking"
    assert (meeting.starts_at.hour, meeting.starts_at.minute) == (9, 0)  # 10:00 in winter
    assert meeting.sequence == 1 and meeting.change_number == 1
    member = client.application.test_client()
    sign_in(member, "a@example.org")
    page = member.get("/schedule").get_data(as_text=True)
    assert "Nieuwe tijd en plek" in page and "Kennismaking" in page  # 10:00 and online now


def test_a_meeting_needs_a_place_or_a_link_and_a_sane_time(client, world, meetings):
    sign_in(client, "ta@example.org")
    path = f"/therapist/meetings/{meetings[3].id}"
    response = post(
        client,
        path,
        {
            "day": "2026-12-18",
            "start_time": "11:00",
            "end_time": "10:00",
            "location": "",
            "online_link": "",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "De eindtijd moet na de begintijd liggen." in page
    assert "Vul een plaats of een online link in." in page


def test_cancelling_a_meeting_with_a_message(client, world, meetings, db):
    heard = []
    services.meeting_changed.connect(lambda _db, **kw: heard.append(kw["change"]), weak=False)
    sign_in(client, "ta@example.org")
    path = f"/therapist/meetings/{meetings[3].id}"
    assert post(client, f"{path}/cancel", {"message": ""}, path).status_code == 422
    response = post(client, f"{path}/cancel", {"message": "Wegens ziekte geen groep."}, path)
    assert response.status_code == 302 and "cancelled" in heard
    member = client.application.test_client()
    sign_in(member, "a@example.org")
    page = member.get(f"/meetings/{meetings[3].id}").get_data(as_text=True)
    assert "Wegens ziekte geen groep." in page and "gaat niet door" in page
    assert post(client, f"{path}/restore", {}, path).status_code == 302
    db.rollback()
    assert db.get(Meeting, meetings[3].id).status == "planned"


def test_the_register_shows_cancellations_and_is_logged(client, world, meetings, db):
    db.add(
        Attendance(
            meeting_id=meetings[2].id,
            member_id=world.member_a.id,
            status="cancelled",
            reason="Ziek",
            late=True,
            cancelled_at=NOW,
        )
    )
    db.commit()
    sign_in(client, "ta@example.org")
    page = client.get(f"/therapist/meetings/{meetings[2].id}").get_data(as_text=True)
    assert "Anna" in page and "Ziek" in page and "laat" in page
    assert "Afgemeld: 1" in page and "Verwacht: 0" in page
    db.rollback()
    logged = db.scalar(select(AuditEvent).where(AuditEvent.object_type == "attendance"))
    assert logged.actor_user_id == world.therapist_a.id
    assert logged.subject_user_id == world.member_a.id


def test_marking_present_and_absent_after_the_meeting(
    client, world, meetings, factory, db, time_machine
):
    second = factory.member(world.group_a, name="Bob")
    db.commit()
    sign_in(client, "ta@example.org")
    path = f"/therapist/meetings/{meetings[2].id}"
    early = post(client, f"{path}/register", {f"status-{world.member_a.id}": "present"}, path)
    assert early.status_code == 409
    time_machine.move_to(TOMORROW_0930 + timedelta(hours=2), tick=False)
    sign_in(client, "ta@example.org")  # a therapist is signed out after 30 idle minutes
    response = post(
        client,
        f"{path}/register",
        {
            f"status-{world.member_a.id}": "present",
            f"status-{second.id}": "absent",
            f"status-{world.member_b.id}": "present",  # not in this group: ignored
        },
        path,
    )
    assert response.status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert "Aanwezig: 1" in page and "Afwezig: 1" in page
    overview = client.get(f"/therapist/groups/{world.group_a.id}").get_data(as_text=True)
    assert "1 keer geweest, 0 afgemeld, 0 gemist" in overview
    assert "1 aanwezig, 0 afgemeld, 1 afwezig" in overview
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Attendance)) == 2


def test_join_and_leave_dates(client, world, db):
    membership = db.scalar(select(Membership).where(Membership.member_id == world.member_a.id))
    sign_in(client, "ta@example.org")
    path = f"/therapist/memberships/{membership.id}"
    bad = post(client, path, {"joined_on": "2026-11-01", "left_on": "2026-10-01"})
    assert bad.status_code == 422
    assert "kan niet voor de begindatum" in bad.get_data(as_text=True)
    assert (
        post(
            client, path, {"joined_on": "2026-11-01", "left_on": "2026-11-20", "min_sessions": "6"}
        ).status_code
        == 302
    )
    page = client.get(f"/therapist/groups/{world.group_a.id}").get_data(as_text=True)
    assert "Anna" not in page  # left before today


def test_a_therapist_of_another_group_or_practice_sees_nothing(client, world, meetings, db):
    membership = db.scalar(select(Membership).where(Membership.member_id == world.member_a.id))
    for email in ("tb@example.org", "tc@example.org"):
        other = client.application.test_client()
        sign_in(other, email)
        for path in (
            f"/therapist/meetings/{meetings[2].id}",
            f"/therapist/memberships/{membership.id}",
            f"/therapist/groups/{world.group_a.id}/series/new",
        ):
            assert other.get(path).status_code == 404, (email, path)
        response = post(
            other, f"/therapist/meetings/{meetings[2].id}/cancel", {"message": "weg"}, "/more"
        )
        assert response.status_code == 404
    db.rollback()
    assert db.get(Meeting, meetings[2].id).status == "planned"


def test_a_member_cannot_reach_the_therapist_schedule_pages(client, world, meetings):
    sign_in(client, "a@example.org")
    assert client.get(f"/therapist/meetings/{meetings[2].id}").status_code == 404


def test_the_register_and_group_page_run_a_constant_number_of_statements(
    client, world, factory, db, statements
):
    sign_in(client, "ta@example.org")
    counts = []
    for size in (1, 10):
        for n in range(size * 3):
            member = factory.member(world.group_a, name=f"Lid {size}-{n}")
            meeting = factory.meeting(world.group_a, TOMORROW_0930 - timedelta(days=n + 1))
            db.add(Attendance(meeting_id=meeting.id, member_id=member.id, status="present"))
        db.commit()
        measured = []
        for path in (f"/therapist/meetings/{meeting.id}", f"/therapist/groups/{world.group_a.id}"):
            statements.count = 0
            assert client.get(path).status_code == 200
            measured.append(statements.count)
        counts.append(measured)
    assert counts[0] == counts[1], counts
