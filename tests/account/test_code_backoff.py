"""After ten wrong second-step codes in a day the account waits, longer after each
further one; the holder hears of it by e-mail; other accounts go on as before."""

from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from server.extensions import limiter
from tests.account.test_second_factor import code_step, password_step
from tests.factories import TOTP_SECRET, Factory

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # 13:00 in Amsterdam


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture(autouse=True)
def no_minute_limit():
    """The 5-a-minute limit has its own test; here every code must reach the check."""
    limiter.enabled = False
    yield
    limiter.enabled = True


def right_code() -> str:
    return pyotp.TOTP(TOTP_SECRET).at(datetime.now(UTC))


def wrong_code() -> str:
    totp, now = pyotp.TOTP(TOTP_SECRET), datetime.now(UTC)
    near = {totp.at(now + timedelta(seconds=s)) for s in (-30, 0, 30)}
    return next(c for c in (f"{n:06d}" for n in range(10)) if c not in near)


def try_code(client, email: str, code: str):
    password_step(client, email)
    return code_step(client, code)


def test_ten_wrong_codes_make_the_account_wait(clock, app, world, smtp):
    client = app.test_client()
    for n in range(9):
        page = try_code(client, "ta@example.org", wrong_code()).get_data(as_text=True)
        assert "Deze code klopt niet." in page, n
    tenth = try_code(client, "ta@example.org", wrong_code()).get_data(as_text=True)
    assert "Te veel verkeerde codes" in tenth and "13:15" in tenth
    refused = try_code(client, "ta@example.org", right_code())  # even the right one
    assert refused.status_code == 429 and "13:15" in refused.get_data(as_text=True)
    other = app.test_client()  # another therapist is not held up
    assert try_code(other, "tc@example.org", right_code()).status_code == 302

    clock.move_to(NOW + timedelta(minutes=16))
    eleventh = try_code(client, "ta@example.org", wrong_code()).get_data(as_text=True)
    assert "13:46" in eleventh  # 30 minutes now, from 13:16
    clock.move_to(NOW + timedelta(minutes=47))
    response = try_code(client, "ta@example.org", right_code())
    assert response.status_code == 302 and response.headers["Location"] == "/therapist/"

    [mail] = [m for m in smtp.messages if m["To"] == "ta@example.org"]
    assert mail["Subject"] == "Inlogpogingen op je Kring-account"
    body = mail.get_content().lower().split("\n", 1)[1]  # after "Hoi <name>,"
    assert "10 verkeerde codes" in body and "wachtwoord vergeten?" in body
    assert "therap" not in body and "psych" not in body


def test_a_day_later_the_count_starts_again(clock, app, world):
    client = app.test_client()
    for _ in range(10):
        try_code(client, "ta@example.org", wrong_code())
    clock.move_to(NOW + timedelta(days=1, minutes=1))
    page = try_code(client, "ta@example.org", wrong_code()).get_data(as_text=True)
    assert "Deze code klopt niet." in page


def test_the_wait_holds_on_postgresql(clock, postgres_app):
    db = postgres_app.extensions["kring_db"](expire_on_commit=False)
    Factory(db).world()
    db.close()
    client = postgres_app.test_client()
    for _ in range(10):
        try_code(client, "ta@example.org", wrong_code())
    assert try_code(client, "ta@example.org", right_code()).status_code == 429
    clock.move_to(NOW + timedelta(minutes=16))
    assert try_code(client, "ta@example.org", right_code()).status_code == 302
