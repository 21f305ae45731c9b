from datetime import datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select

from server.audit import AuditEvent
from server.auth.models import RecoveryCode, User
from tests.conftest import PASSWORD, csrf_token, sign_in
from tests.factories import TOTP_SECRET


def password_step(client, email):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"csrf_token": token, "email": email, "password": PASSWORD})


def code_step(client, code):
    return client.post(
        "/login/code", data={"csrf_token": csrf_token(client, "/login/code"), "code": code}
    )


def test_a_therapist_with_only_a_password_reaches_nothing(client, world):
    assert password_step(client, "ta@example.org").headers["Location"] == "/login/code"
    for path in ("/therapist/", f"/therapist/groups/{world.group_a.id}", "/more", "/"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_wrong_code_is_refused_logged_and_throttled(client, world, db):
    password_step(client, "ta@example.org")
    for _ in range(5):
        page = code_step(client, "000000").get_data(as_text=True)
        assert "Deze code klopt niet." in page
    assert code_step(client, pyotp.TOTP(TOTP_SECRET).now()).status_code == 429
    db.rollback()
    refused = db.scalars(
        select(AuditEvent).where(
            AuditEvent.object_type == "second_factor", AuditEvent.outcome == "refused"
        )
    ).all()
    assert len(refused) == 5


def test_the_right_code_signs_a_therapist_in(client, world):
    password_step(client, "ta@example.org")
    response = code_step(client, pyotp.TOTP(TOTP_SECRET).now())
    assert response.headers["Location"] == "/therapist/"
    assert client.get("/therapist/").status_code == 200


def test_a_therapist_without_a_second_factor_must_set_one_up(client, world, db):
    world.therapist_a.totp_secret = None
    db.merge(world.therapist_a)
    db.commit()
    assert password_step(client, "ta@example.org").headers["Location"] == "/login/setup"
    page = client.get("/login/setup").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page
    secret = page.split('<code class="secret">')[1].split("</code>")[0]
    wrong = client.post(
        "/login/setup", data={"csrf_token": csrf_token(client, "/login/setup"), "code": "123456"}
    )
    assert "Deze code klopt niet." in wrong.get_data(as_text=True)
    assert client.get("/therapist/").status_code == 302
    done = client.post(
        "/login/setup",
        data={"csrf_token": csrf_token(client, "/login/setup"), "code": pyotp.TOTP(secret).now()},
    )
    assert "Je herstelcodes" in done.get_data(as_text=True)
    assert client.get("/therapist/").status_code == 200
    db.rollback()
    assert db.get(User, world.therapist_a.id).totp_secret == secret
    assert len(db.scalars(select(RecoveryCode)).all()) == 10


def test_a_recovery_code_works_once(app, world, db):
    from server.auth import totp

    codes = totp.new_recovery_codes(db, db.get(User, world.therapist_a.id))
    db.commit()
    first = app.test_client()
    password_step(first, "ta@example.org")
    assert code_step(first, codes[0]).headers["Location"] == "/therapist/"
    again = app.test_client()
    password_step(again, "ta@example.org")
    assert code_step(again, codes[0]).status_code == 200  # refused: shown again with error
    assert again.get("/therapist/").status_code == 302


def test_a_member_can_switch_the_second_step_on_and_off(app, client, world, db):
    sign_in(client, "a@example.org")
    page = client.get("/account/security/enable").get_data(as_text=True)
    secret = page.split('<code class="secret">')[1].split("</code>")[0]
    path = "/account/security/enable"
    no_password = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "current_password": "wrong password!",
            "code": pyotp.TOTP(secret).now(),
        },
    )
    assert "Dit wachtwoord klopt niet." in no_password.get_data(as_text=True)
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "current_password": PASSWORD,
            "code": pyotp.TOTP(secret).now(),
        },
    )
    assert "Je herstelcodes" in response.get_data(as_text=True)
    other = app.test_client()
    assert password_step(other, "a@example.org").headers["Location"] == "/login/code"
    client.post(
        "/account/security/disable",
        data={"csrf_token": csrf_token(client, "/account/security"), "current_password": PASSWORD},
    )
    db.rollback()
    assert db.get(User, world.member_a.id).totp_secret is None


def test_therapists_cannot_switch_the_second_step_off(client, world):
    sign_in(client, "ta@example.org")
    response = client.post(
        "/account/security/disable",
        data={"csrf_token": csrf_token(client, "/account/security"), "current_password": PASSWORD},
    )
    assert response.status_code == 404


@pytest.mark.parametrize("minutes, signed_in", [(29, True), (31, False)])
def test_therapists_are_signed_out_after_30_idle_minutes(
    client, world, time_machine, minutes, signed_in
):
    time_machine.move_to(datetime(2026, 11, 26, 9, 0), tick=False)
    sign_in(client, "ta@example.org")
    time_machine.move_to(datetime(2026, 11, 26, 9, 0) + timedelta(minutes=minutes), tick=False)
    assert (client.get("/therapist/").status_code == 200) is signed_in


def test_therapists_are_signed_out_after_12_hours_even_when_busy(client, world, time_machine):
    start = datetime(2026, 11, 26, 7, 0)
    time_machine.move_to(start, tick=False)
    sign_in(client, "ta@example.org")
    for step in range(1, 50):
        time_machine.move_to(start + timedelta(minutes=15 * step), tick=False)
        if client.get("/therapist/").status_code != 200:
            break
    assert 12 * 60 <= 15 * step <= 12 * 60 + 15


def test_members_are_not_signed_out_for_being_idle(client, world, time_machine):
    time_machine.move_to(datetime(2026, 11, 26, 9, 0), tick=False)
    sign_in(client, "a@example.org")
    time_machine.move_to(datetime(2026, 11, 26, 15, 0), tick=False)
    assert client.get("/").status_code == 200


def test_a_code_signs_in_once(app, world, time_machine):
    time_machine.move_to(datetime(2026, 11, 26, 9, 0, 5), tick=False)
    code = pyotp.TOTP(TOTP_SECRET).now()
    first, second = app.test_client(), app.test_client()
    password_step(first, "ta@example.org")
    assert code_step(first, code).headers["Location"] == "/therapist/"
    password_step(second, "ta@example.org")
    assert "Deze code klopt niet." in code_step(second, code).get_data(as_text=True)
    time_machine.move_to(datetime(2026, 11, 26, 9, 0, 40), tick=False)
    next_code = pyotp.TOTP(TOTP_SECRET).now()
    assert code_step(second, next_code).headers["Location"] == "/therapist/"


def test_digits_of_other_scripts_are_just_a_wrong_code(client, world):
    password_step(client, "ta@example.org")
    assert code_step(client, "١٢٣٤٥٦").status_code == 200


def test_a_members_pages_send_no_cookie(client, world, time_machine):
    # Her session never times out: nothing in it changes, so it is not signed and
    # sent again with every page.
    time_machine.move_to(datetime(2026, 11, 26, 9, 0), tick=False)
    sign_in(client, "a@example.org")
    client.get("/")  # the first page after signing in may still settle the session
    time_machine.move_to(datetime(2026, 11, 26, 9, 5), tick=False)
    for path in ("/", "/schedule", "/plan/", "/more"):
        response = client.get(path)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, path


def test_a_therapists_activity_is_stamped_at_most_once_a_minute(client, world, time_machine):
    start = datetime(2026, 11, 26, 9, 0)
    time_machine.move_to(start, tick=False)
    sign_in(client, "ta@example.org")
    client.get("/therapist/")
    time_machine.move_to(start + timedelta(seconds=30), tick=False)
    assert "Set-Cookie" not in client.get("/therapist/").headers
    time_machine.move_to(start + timedelta(seconds=90), tick=False)
    assert "session=" in client.get("/therapist/").headers.get("Set-Cookie", "")
    # Active every 20 minutes: the stamp keeps up, so she stays signed in past 30.
    for minutes in (20, 40, 60):
        time_machine.move_to(start + timedelta(minutes=minutes), tick=False)
        assert client.get("/therapist/").status_code == 200
