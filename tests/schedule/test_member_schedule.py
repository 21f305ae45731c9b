from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from server.schedule.models import Attendance, Meeting
from tests.conftest import csrf_token, sign_in
from tests.schedule.conftest import NOW, TOMORROW_0930


def test_home_shows_the_next_meeting_in_words(client, world, meetings):
    sign_in(client, "a@example.org")
    page = client.get("/").get_data(as_text=True)
    assert "vrijdag 27 november" in page
    assert "09:30–11:00" in page
    assert "morgen" in page
    maps = "https://www.google.com/maps/search/?api=1&amp;query=Kerkstraat+1%2C+Heerlen"
    assert f'href="{maps}"' in page  # opens the map app on iPhone and Android
    assert "Ik kan niet komen" in page


def test_home_in_english(client, world, meetings, db):
    world.member_a.locale = "en"
    db.merge(world.member_a)
    db.commit()
    sign_in(client, "a@example.org")
    page = client.get("/").get_data(as_text=True)
    assert "Friday 27 November" in page and "tomorrow" in page


def test_relative_words_for_a_few_days_ahead(client, world, factory, db):
    factory.meeting(world.group_a, TOMORROW_0930 + timedelta(days=2))
    db.commit()
    sign_in(client, "a@example.org")
    assert "over 3 dagen" in client.get("/").get_data(as_text=True)


def test_an_online_meeting_shows_its_link(client, world, factory, db):
    factory.meeting(
        world.group_a, TOMORROW_0930, location="", online_link="https://meet.example.org/abc"
    )
    db.commit()
    sign_in(client, "a@example.org")
    page = client.get("/").get_data(as_text=True)
    assert "Online" in page and 'href="https://meet.example.org/abc"' in page


def test_the_rooster_runs_from_join_date_to_leave_date(client, world, factory, db, meetings):
    membership = world.member_a.id
    from server.groups.models import Membership

    row = db.scalar(select(Membership).where(Membership.member_id == membership))
    row.joined_on = date(2026, 11, 20)
    row.left_on = date(2026, 12, 11)
    db.commit()
    sign_in(client, "a@example.org")
    page = client.get("/schedule").get_data(as_text=True)
    for shown in (
        "vrijdag 20 november 2026",
        "vrijdag 27 november",
        "vrijdag 4 december",
        "vrijdag 11 december",
    ):
        assert shown in page
    for hidden in ("13 november", "18 december"):
        assert hidden not in page


def test_the_rooster_goes_four_weeks_back_and_links_to_the_half_year(client, world, factory, db):
    from server.groups.models import Membership

    membership = db.scalar(select(Membership).where(Membership.member_id == world.member_a.id))
    membership.joined_on = date(2026, 6, 1)
    for weeks in range(-30, 2):  # weekly, from Friday 1 May 2026 to tomorrow and after
        factory.meeting(world.group_a, TOMORROW_0930 + timedelta(weeks=weeks))
    factory.meeting(world.group_b, TOMORROW_0930 - timedelta(weeks=6), theme="GEHEIM VAN B")
    db.commit()
    sign_in(client, "a@example.org")
    rooster = client.get("/schedule").get_data(as_text=True)
    earlier_part = rooster.split("Eerder")[1]
    assert "vrijdag 30 oktober 2026" in earlier_part  # four weeks back
    assert "23 oktober" not in rooster
    assert 'href="/schedule/earlier">Alle eerdere bijeenkomsten</a>' in rooster

    earlier = client.get("/schedule/earlier").get_data(as_text=True)
    assert "Eerdere bijeenkomsten" in earlier
    for day in ("vrijdag 20 november 2026", "vrijdag 23 oktober 2026", "vrijdag 5 juni 2026"):
        assert day in earlier
    assert "29 mei" not in earlier  # before she joined
    assert "27 november" not in earlier  # still to come: on the rooster
    assert "GEHEIM VAN B" not in earlier and "GEHEIM VAN B" not in rooster


def test_a_meeting_that_dropped_off_on_the_day_she_joined_is_linked(client, world, factory, db):
    from server.groups.models import Membership

    membership = db.scalar(select(Membership).where(Membership.member_id == world.member_a.id))
    membership.joined_on = date(2026, 10, 29)  # four weeks before NOW, to the day
    factory.meeting(world.group_a, datetime(2026, 10, 29, 8, 30, tzinfo=UTC), theme="EERSTE")
    db.commit()
    sign_in(client, "a@example.org")
    rooster = client.get("/schedule").get_data(as_text=True)
    assert "EERSTE" not in rooster and 'href="/schedule/earlier"' in rooster
    assert "EERSTE" in client.get("/schedule/earlier").get_data(as_text=True)


def test_a_new_member_has_no_link_to_earlier_meetings(client, world, factory, db, meetings):
    # She joined 30 days ago (the factory's default), so the rooster shows all she had.
    from server.groups.models import Membership

    membership = db.scalar(select(Membership).where(Membership.member_id == world.member_a.id))
    membership.joined_on = date(2026, 11, 10)
    db.commit()
    sign_in(client, "a@example.org")
    rooster = client.get("/schedule").get_data(as_text=True)
    assert "vrijdag 20 november 2026" in rooster
    assert "/schedule/earlier" not in rooster
    # The page itself still answers, with what there is.
    assert "vrijdag 20 november 2026" in client.get("/schedule/earlier").get_data(as_text=True)


def test_the_first_four_cancel_forms_are_marked_for_offline_use(
    client, world, factory, db, meetings
):
    later = [factory.meeting(world.group_a, TOMORROW_0930 + timedelta(weeks=n)) for n in (4, 5)]
    db.commit()
    sign_in(client, "a@example.org")
    page = client.get("/schedule").get_data(as_text=True)
    assert page.count(" data-keep=") == 4
    for meeting in meetings[2:]:  # tomorrow and the three after it
        assert f'data-keep="/meetings/{meeting.id}/cancel"' in page
    assert f"/meetings/{later[0].id}/cancel" not in page


def test_past_meetings_show_the_members_attendance(client, world, meetings, db):
    db.add(Attendance(meeting_id=meetings[1].id, member_id=world.member_a.id, status="present"))
    db.add(Attendance(meeting_id=meetings[0].id, member_id=world.member_a.id, status="absent"))
    db.commit()
    sign_in(client, "a@example.org")
    page = client.get("/schedule").get_data(as_text=True)
    earlier = page.split("Eerder")[1]
    assert "Je was er" in earlier and "Niet aanwezig" in earlier


def test_the_kept_status_badges_follow_the_readers_language(client, world, meetings, db):
    # The badges are rendered once per language and kind, then kept: a reader of the
    # other language gets her own words, not the kept Dutch ones.
    db.add(Attendance(meeting_id=meetings[1].id, member_id=world.member_a.id, status="present"))
    db.commit()
    sign_in(client, "a@example.org")
    assert "Je was er" in client.get("/schedule").get_data(as_text=True)
    world.member_a.locale = "en"
    db.merge(world.member_a)
    db.commit()
    page = client.get("/schedule").get_data(as_text=True)
    assert "You were there" in page and "Je was er" not in page


def test_a_meeting_cancelled_by_the_therapists_is_struck_through_with_their_note(
    client, world, meetings, db
):
    meetings[3].status = "cancelled"
    meetings[3].note = "Wegens ziekte gaat de groep niet door."
    db.merge(meetings[3])
    db.commit()
    sign_in(client, "a@example.org")
    page = client.get("/schedule").get_data(as_text=True)
    assert 'class="is-cancelled"' in page
    assert "Wegens ziekte gaat de groep niet door." in page
    assert "Gaat niet door" in page


def test_a_changed_meeting_is_marked_until_the_member_has_seen_it(app, client, world, meetings, db):
    from server.schedule import services

    with app.app_context():
        meeting = db.get(Meeting, meetings[3].id)
        services.update_meeting(db, meeting, world.therapist_a, location="Andere zaal 2")
        db.commit()
    sign_in(client, "a@example.org")
    # The marker says what changed: here the place.
    assert ">Nieuwe plek</span>" in client.get("/schedule").get_data(as_text=True)
    detail = client.get(f"/meetings/{meetings[3].id}").get_data(as_text=True)
    assert ">Nieuwe plek</span>" in detail and "Andere zaal 2" in detail
    assert "Nieuwe plek" not in client.get("/schedule").get_data(as_text=True)


def test_the_marker_says_whether_the_time_the_place_or_both_changed(
    app, client, world, meetings, db
):
    from server.schedule import services

    first, second = (db.get(Meeting, m.id) for m in meetings[2:4])
    services.update_meeting(
        db, first, world.therapist_a, starts_at=first.starts_at + timedelta(hours=1)
    )
    services.update_meeting(
        db,
        second,
        world.therapist_a,
        starts_at=second.starts_at + timedelta(hours=1),
        online_link="https://meet.example.org/groep",
    )
    db.commit()
    sign_in(client, "a@example.org")
    page = client.get("/schedule").get_data(as_text=True)
    assert ">Nieuwe tijd</span>" in page and ">Nieuwe tijd en plek</span>" in page


def test_one_meeting_page_and_other_groups_meetings_are_404(client, world, factory, db, meetings):
    other = factory.meeting(world.group_b, TOMORROW_0930)
    db.commit()
    sign_in(client, "a@example.org")
    assert client.get(f"/meetings/{meetings[2].id}").status_code == 200
    assert client.get(f"/meetings/{other.id}").status_code == 404
    assert client.get(f"/meetings/{other.id}/cancel").status_code == 404
    assert client.get(f"/meetings/{other.id}/calendar.ics").status_code == 404


def cancel(client, meeting, reason=""):
    path = f"/meetings/{meeting.id}/cancel"
    return client.post(path, data={"csrf_token": csrf_token(client, path), "reason": reason})


def attendance_rows(db, meeting=None):
    db.rollback()
    query = select(func.count()).select_from(Attendance)
    if meeting is not None:
        query = query.where(Attendance.meeting_id == meeting.id)
    return db.scalar(query)


def test_i_cant_come_in_two_taps_with_a_reason_only_therapists_see(client, world, meetings, db):
    sign_in(client, "a@example.org")
    form = client.get(f"/meetings/{meetings[3].id}/cancel").get_data(as_text=True)
    assert "Alleen je behandelaars lezen dit" in form
    response = cancel(client, meetings[3], reason="Bruiloft van mijn zus")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Je bent afgemeld" in page and "Ik kan toch komen" in page
    db.rollback()
    row = db.scalar(select(Attendance))
    assert (row.status, row.reason, row.late) == ("cancelled", "Bruiloft van mijn zus", False)
    assert row.cancelled_at == NOW


def test_after_the_cut_off_it_still_works_but_is_marked_late(client, world, meetings, db):
    sign_in(client, "a@example.org")
    assert "is snel" in client.get(f"/meetings/{meetings[2].id}/cancel").get_data(as_text=True)
    response = cancel(client, meetings[2])  # tomorrow 09:30 is within 24 hours
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dat is wat laat" in page
    db.rollback()
    assert db.scalar(select(Attendance.late)) is True


def test_undo_until_the_meeting_starts(client, world, meetings, db, time_machine):
    sign_in(client, "a@example.org")
    cancel(client, meetings[2])
    path = f"/meetings/{meetings[2].id}/undo"
    token = csrf_token(client, f"/meetings/{meetings[2].id}")
    assert client.post(path, data={"csrf_token": token}).status_code == 302
    assert attendance_rows(db) == 0
    cancel(client, meetings[2])
    time_machine.move_to(TOMORROW_0930 + timedelta(minutes=1), tick=False)
    response = client.post(path, data={"csrf_token": csrf_token(client, "/more")})
    assert response.status_code == 409
    assert attendance_rows(db) == 1


def test_past_and_therapist_cancelled_meetings_refuse_and_change_nothing(
    client, world, meetings, db
):
    meetings[4].status = "cancelled"
    db.merge(meetings[4])
    db.commit()
    sign_in(client, "a@example.org")
    past = cancel(client, meetings[1])
    assert past.status_code == 409 and "al begonnen of voorbij" in past.get_data(as_text=True)
    off = cancel(client, meetings[4])
    assert off.status_code == 409 and "gaat niet door" in off.get_data(as_text=True)
    assert attendance_rows(db) == 0


def test_a_double_submit_leaves_one_record(client, world, meetings, db):
    sign_in(client, "a@example.org")
    assert cancel(client, meetings[3], "eerste").status_code == 302
    assert cancel(client, meetings[3], "tweede").status_code == 302
    assert attendance_rows(db, meetings[3]) == 1
    assert db.scalar(select(Attendance.reason)) == "eerste"


def test_a_too_long_reason_is_refused_next_to_the_field_and_kept(client, world, meetings, db):
    sign_in(client, "a@example.org")
    response = cancel(client, meetings[3], "x" * 1001)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "niet meer dan 1000 tekens" in page and "x" * 1001 in page
    assert attendance_rows(db) == 0


def test_a_member_never_sees_another_members_name_or_cancellation(
    app, client, world, meetings, factory, db
):
    other = factory.member(world.group_a, email="z@example.org", name="Zwaantje")
    db.add(
        Attendance(
            meeting_id=meetings[3].id,
            member_id=other.id,
            status="cancelled",
            reason="Geheim",
            cancelled_at=NOW,
        )
    )
    db.commit()
    sign_in(client, "a@example.org")
    for path in ("/", "/schedule", f"/meetings/{meetings[3].id}"):
        page = client.get(path).get_data(as_text=True)
        assert "Zwaantje" not in page and "Geheim" not in page and "afgemeld" not in page


def test_member_pages_run_a_constant_number_of_statements(
    app, client, world, factory, db, statements
):
    sign_in(client, "a@example.org")
    counts = []
    for size in (1, 10):
        for n in range(size * 6):
            meeting = factory.meeting(world.group_a, TOMORROW_0930 + timedelta(days=n - 20))
            db.add(
                Attendance(
                    meeting_id=meeting.id,
                    member_id=world.member_a.id,
                    status="present" if n < 20 else "cancelled",
                    cancelled_at=NOW,
                )
            )
            factory.meeting(world.group_b, TOMORROW_0930 + timedelta(days=n))
        db.commit()
        measured = []
        for path in ("/", "/schedule", "/schedule/earlier", f"/meetings/{meeting.id}"):
            statements.count = 0
            assert client.get(path).status_code == 200
            measured.append(statements.count)
        counts.append(measured)
    assert counts[0] == counts[1]
    assert max(counts[1]) <= 6, counts


def test_home_skips_a_cancelled_meeting_for_the_next_that_takes_place(client, world, factory, db):
    factory.meeting(world.group_a, NOW - timedelta(hours=3))  # over today: not next
    factory.meeting(world.group_a, TOMORROW_0930, status="cancelled")
    factory.meeting(world.group_a, TOMORROW_0930 + timedelta(weeks=1))
    factory.meeting(world.group_a, TOMORROW_0930 + timedelta(weeks=2))
    db.commit()
    sign_in(client, "a@example.org")
    page = client.get("/").get_data(as_text=True)
    assert "vrijdag 4 december" in page
    assert "Gaat niet door" not in page


def test_home_shows_a_cancelled_meeting_when_none_takes_place(client, world, factory, db):
    factory.meeting(world.group_a, TOMORROW_0930, status="cancelled")
    db.commit()
    sign_in(client, "a@example.org")
    page = client.get("/").get_data(as_text=True)
    assert "vrijdag 27 november" in page and "Gaat niet door" in page
