"""Behind the TLS proxy (KRING_PROXIES=1) the client's address comes from the proxy's
X-Forwarded-For, for the rate limits and the access log; without it, never."""

from sqlalchemy import select

from server import create_app
from server.audit import AuditEvent
from server.db import engine_of
from tests.conftest import csrf_token


def _refused_sign_in_ip(app, db, forwarded: str) -> str:
    client = app.test_client()
    token = csrf_token(client, "/login")
    headers = {"X-Forwarded-For": forwarded}
    data = {"csrf_token": token, "email": "nobody@example.org", "password": "not this one"}
    client.post("/login", data=data, headers=headers, base_url="http://localhost")
    db.rollback()
    return db.scalars(select(AuditEvent.ip).order_by(AuditEvent.id.desc())).first()


def test_the_proxy_names_the_client(app_config, db):
    app = create_app({**app_config, "PROXIES": 1})
    # A client's own X-Forwarded-For comes first; the proxy appends what it saw last.
    assert _refused_sign_in_ip(app, db, "10.9.9.9, 203.0.113.7") == "203.0.113.7"
    engine_of(app).dispose()


def test_without_a_proxy_the_header_is_not_believed(app, db):
    assert _refused_sign_in_ip(app, db, "203.0.113.7") == "127.0.0.1"
