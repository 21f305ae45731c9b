"""The reset mail leaves after the answer: a known address answers as fast as an
unknown one. Without a mail server, production never writes the link to the log."""

import logging
import statistics
import time

import pytest

from server import create_app, mail
from server.db import engine_of
from tests.auth.test_invite import invite
from tests.conftest import csrf_token, sign_in
from tests.mailserver import MailServer

ROUNDS = 15
SMTP_DELAY = 0.05  # a mail server elsewhere on the network


@pytest.fixture
def slow_smtp(app):
    server = MailServer(delay=SMTP_DELAY)
    server.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_STARTTLS=False)
    yield server
    server.stop()


def timed_reset(client, token: str, email: str) -> float:
    started = time.perf_counter()
    response = client.post("/reset", data={"csrf_token": token, "email": email})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    mail.wait_until_sent()  # outside the measurement: the next request starts alike
    return elapsed


def test_a_known_address_answers_as_fast_as_an_unknown_one(app, world, slow_smtp):
    from server.extensions import limiter

    limiter.enabled = False
    try:
        client = app.test_client()
        token = csrf_token(client, "/reset")
        timed_reset(client, token, "b@example.org")  # warm up both paths
        timed_reset(client, token, "nobody@example.org")
        known, unknown = [], []
        for _ in range(ROUNDS):  # turn about, so a busy moment hits both
            known.append(timed_reset(client, token, "a@example.org"))
            unknown.append(timed_reset(client, token, "nobody@example.org"))
    finally:
        limiter.enabled = True
    difference = statistics.median(known) - statistics.median(unknown)
    assert difference < SMTP_DELAY / 2, f"known {known}, unknown {unknown}"
    assert len([m for m in slow_smtp.messages if m["To"] == "a@example.org"]) == ROUNDS


@pytest.fixture
def production_app(app_config):
    app = create_app({**app_config, "KRING_ENV": "production", "SESSION_COOKIE_SECURE": False})
    yield app
    engine_of(app).dispose()


def test_production_without_a_mail_server_never_logs_the_link(production_app, world, caplog):
    client = production_app.test_client()
    token = csrf_token(client, "/reset")
    with caplog.at_level(logging.INFO):
        client.post("/reset", data={"csrf_token": token, "email": "a@example.org"})
        mail.wait_until_sent()
    assert "E-mail not sent: set MAIL_SERVER" in caplog.text
    assert "/reset/" not in caplog.text and "a@example.org" not in caplog.text


def test_production_without_a_mail_server_tells_the_therapist(production_app, world, caplog):
    therapist = production_app.test_client()
    sign_in(therapist, "ta@example.org")
    with caplog.at_level(logging.INFO):
        response = invite(therapist, world.group_a)
    page = therapist.get(response.headers["Location"]).get_data(as_text=True)
    assert "de e-mail kon niet verstuurd worden" in page
    assert "/invite/" not in caplog.text
