"""The practice area on SQLite and on PostgreSQL: each test runs on both."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pyotp
import pytest

from tests.conftest import csrf_token, sign_in
from tests.factories import Factory
from tests.mailserver import MailServer

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # a Thursday, like the other suites


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def practice_app(request, time_machine):
    """The app on each database, the clock frozen at NOW before anything is made."""
    time_machine.move_to(NOW, tick=False)
    if request.param == "sqlite":
        return request.getfixturevalue("app")
    return request.getfixturevalue("postgres_app")


@pytest.fixture
def pdb(practice_app):
    session = practice_app.extensions["kring_db"](expire_on_commit=False)
    yield session
    session.close()


@pytest.fixture
def pworld(pdb):
    """The shared test world with therapist A as the admin of the first practice and
    therapist C as the admin of the other practice."""
    world = Factory(pdb).world()
    for admin in (world.therapist_a, world.therapist_c):
        admin.practice_admin = True
    pdb.commit()
    return world


@pytest.fixture
def mail(practice_app):
    server = MailServer()
    server.start()
    practice_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_STARTTLS=False)
    yield server
    server.stop()


def client_of(app, email: str):
    client = app.test_client()
    response = sign_in(client, email)
    assert response.status_code == 302 and "/login" not in response.headers["Location"]
    return client


def post(client, path: str, data: dict | None = None, form_page: str | None = None):
    token = csrf_token(client, form_page or path)
    return client.post(path, data={"csrf_token": token, **(data or {})})


def set_up_second_step(client) -> None:
    """On /login/setup: type the current code of the key the page shows."""
    page = client.get("/login/setup").get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    response = post(client, "/login/setup", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200 and "herstelcodes" in response.get_data(as_text=True).lower()
