"""The group page and a meeting's page: cancellations ahead, new members, cancelling a
meeting with a confirmation and undo, and the register in one screen."""

from datetime import date, timedelta

from sqlalchemy import select

from server.schedule.models import Attendance, Meeting
from tests.conftest import csrf_token, sign_in
from tests.therapist.conftest import TOMORROW_0930, cancelled


def test_group_page_counts_cancellations_ahead_and_shows_who_starts_soon(
    client, world, meetings, factory, db
):
    bob = factory.member(world.group_a, name="Bob")
    factory.member(world.group_a, name="Carla", joined_on=date(2026, 11, 20))
    factory.member(world.group_a, name="Dirk", joined_on=date(2026, 12, 3))
    cancelled(db, meetings[3], bob, "Ziek", late=True)
    cancelled(db, meetings[3], world.member_a, "Werk")
    cancelled(db, meetings[4], bob)
    db.commit()
    sign_in(client, "ta@example.org")
    page = client.get(f"/therapist/groups/{world.group_a.id}").get_data(as_text=True)
    coming = page.split("Komende bijeenkomsten")[1].split("Eerdere bijeenkomsten")[0]
    assert "2 afgemeld · 1 laat" in coming and "1 afgemeld" in coming
    members = page.split("Leden nu")[1]
    now_part, soon = members.split("Begint binnenkort")
    assert "Carla" in now_part and "nieuw" in now_part and "Dirk" not in now_part
    assert "Dirk" in soon and "vanaf 3 december 2026" in soon
    register = client.get(f"/therapist/meetings/{meetings[3].id}").get_data(as_text=True)
    assert "Dirk" in register and "nieuw" in register  # his first meeting


def test_cancelling_asks_for_a_message_and_can_be_undone(client, world, meetings, db):
    sign_in(client, "ta@example.org")
    path = f"/therapist/meetings/{meetings[3].id}"
    page = client.get(path).get_data(as_text=True)
    assert f'href="{path}/cancel"' in page.split("Presentielijst")[0]  # at the top
    confirm = client.get(f"{path}/cancel").get_data(as_text=True)
    assert "Bijeenkomst afzeggen?" in confirm and "Bericht voor de leden" in confirm
    db.rollback()
    assert db.get(Meeting, meetings[3].id).status == "planned"  # nothing happened yet
    token = csrf_token(client, f"{path}/cancel")
    empty = client.post(f"{path}/cancel", data={"csrf_token": token, "message": " "})
    assert empty.status_code == 422
    assert "Schrijf een kort bericht." in empty.get_data(as_text=True)
    done = client.post(
        f"{path}/cancel", data={"csrf_token": token, "message": "Wegens ziekte geen groep."}
    )
    assert done.headers["Location"] == path
    page = client.get(path).get_data(as_text=True)
    assert "Deze bijeenkomst gaat niet door." in page and "Verwacht" not in page
    assert "Ongedaan maken" in page
    group = client.get(f"/therapist/groups/{world.group_a.id}").get_data(as_text=True)
    assert "Gaat niet door" in group
    client.post(f"{path}/restore", data={"csrf_token": csrf_token(client, path)})
    db.rollback()
    assert db.get(Meeting, meetings[3].id).status == "planned"
    assert "Verwacht: 1" in client.get(path).get_data(as_text=True)


def test_the_register_preselects_present_except_who_cancelled(
    client, world, meetings, factory, db, time_machine
):
    bob = factory.member(world.group_a, name="Bob")
    cor = factory.member(world.group_a, name="Cor")
    cancelled(db, meetings[2], bob, "Ziek", late=True)
    db.commit()
    time_machine.move_to(TOMORROW_0930 + timedelta(hours=2), tick=False)
    sign_in(client, "ta@example.org")
    path = f"/therapist/meetings/{meetings[2].id}"
    page = client.get(path).get_data(as_text=True)
    checked = {
        (member, value)
        for member in (world.member_a.id, bob.id, cor.id)
        for value in ("present", "absent", "cancelled")
        if f'name="status-{member}" value="{value}" checked' in page
    }
    assert checked == {
        (world.member_a.id, "present"),
        (bob.id, "cancelled"),
        (cor.id, "present"),
    }
    # One change (Cor was not there) and one save.
    token = csrf_token(client, path)
    form = {
        "csrf_token": token,
        f"status-{world.member_a.id}": "present",
        f"status-{bob.id}": "cancelled",
        f"status-{cor.id}": "absent",
    }
    assert client.post(f"{path}/register", data=form).status_code == 302
    db.rollback()
    saved = dict(
        db.execute(
            select(Attendance.member_id, Attendance.status).where(
                Attendance.meeting_id == meetings[2].id
            )
        ).all()
    )
    assert saved == {world.member_a.id: "present", bob.id: "cancelled", cor.id: "absent"}
    page = client.get(path).get_data(as_text=True)
    assert "Aanwezig: 1" in page and "Afwezig: 1" in page and "Afgemeld: 1" in page


def test_a_cancelled_meeting_has_no_register_to_fill_in(client, world, meetings, db):
    meetings[1].status = "cancelled"
    db.merge(meetings[1])
    db.commit()
    sign_in(client, "ta@example.org")
    path = f"/therapist/meetings/{meetings[1].id}"
    page = client.get(path).get_data(as_text=True)
    assert "Verwacht" not in page and 'type="radio"' not in page
    token = csrf_token(client, path)
    refused = client.post(
        f"{path}/register", data={"csrf_token": token, f"status-{world.member_a.id}": "present"}
    )
    assert refused.status_code == 409
    db.rollback()
    assert db.scalar(select(Attendance.id)) is None
