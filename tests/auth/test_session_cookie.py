"""The session cookie's signature is checked once per process and kept: a kept cookie
still expires, a changed one is still refused, and what one request adds to its
session never reaches the next request with the same cookie."""

from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie

import pytest
from flask import session

from tests.conftest import sign_in

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def cookie_of(client) -> str:
    return client.get_cookie("session").value


def test_a_kept_cookie_expires_as_any_other(app, client, world, clock):
    sign_in(client, "a@example.org")
    assert client.get("/").status_code == 200  # checked once, kept
    kept = cookie_of(client)
    clock.move_to(NOW + app.permanent_session_lifetime - timedelta(minutes=1), tick=False)
    assert client.get("/").status_code == 200
    client.set_cookie("session", kept)  # not the one that request signed again
    clock.move_to(NOW + app.permanent_session_lifetime + timedelta(minutes=1), tick=False)
    assert client.get("/").status_code == 302


def test_a_member_who_comes_back_every_few_days_stays_signed_in(app, client, world, clock):
    sign_in(client, "a@example.org")
    first = cookie_of(client)
    clock.move_to(NOW + timedelta(hours=23), tick=False)
    assert "Set-Cookie" not in client.get("/").headers  # not signed again within a day
    for days in range(3, 3 * 15, 3):  # every third day for six weeks
        clock.move_to(NOW + timedelta(days=days), tick=False)
        response = client.get("/")
        assert response.status_code == 200, days
        assert "session=" in response.headers.get("Set-Cookie", ""), days
    assert NOW + timedelta(days=days) > NOW + app.permanent_session_lifetime
    client.set_cookie("session", first)  # the first cookie itself has expired
    assert client.get("/").status_code == 302


def test_a_changed_cookie_is_refused_after_the_real_one_was_kept(app, client, world):
    sign_in(client, "a@example.org")
    assert client.get("/").status_code == 200
    real = cookie_of(client)
    payload, timestamp, signature = real.rsplit(".", 2)
    forged = f"{payload}.{timestamp}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    client.set_cookie("session", forged)
    assert client.get("/").status_code == 302
    client.set_cookie("session", real)
    assert client.get("/").status_code == 200


def test_what_one_request_changes_in_its_session_is_not_in_the_next_with_the_same_cookie(
    app, client, world
):
    sign_in(client, "a@example.org")
    with app.test_request_context("/", headers={"Cookie": f"session={cookie_of(client)}"}):
        session["_flashes"] = [("message", "Opgeslagen")]
        response = app.response_class()
        app.session_interface.save_session(app, session, response)
    cookies = SimpleCookie(response.headers["Set-Cookie"])
    headers = {"Cookie": f"session={cookies['session'].value}"}
    for _ in range(2):  # the first checks and keeps the cookie, the second uses it
        with app.test_request_context("/", headers=headers):
            assert session["_flashes"] == [("message", "Opgeslagen")]
            assert "locale" not in session
            session["_flashes"].append(("message", "Nog een"))
            session["locale"] = "en"
