"""The app with fresh demo data on a free port, in a thread, for the screenshot and
Lighthouse scripts (and a signed-in cookie for pages behind the sign-in)."""

from __future__ import annotations

import os
import tempfile
import threading
from contextlib import contextmanager
from datetime import date

import pyotp
from werkzeug.serving import make_server

os.environ.setdefault("KRING_ENV", "development")

from server import create_app, demo  # noqa: E402
from server.db import get_db, make_engine  # noqa: E402
from server.migrations import upgrade  # noqa: E402


@contextmanager
def demo_server():
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/kring.sqlite3"
        upgrade(make_engine(url))
        server = make_server("127.0.0.1", 0, None, threaded=True)
        base = f"http://127.0.0.1:{server.server_port}"
        app = create_app(
            {
                "DATABASE_URL": url,
                "BASE_URL": base,
                "SECRET_KEY": "bench-only",
                "RATELIMIT_ENABLED": False,
            }
        )
        server.app = app
        with app.app_context():
            db = get_db()
            demo.load(db, date.today())
            db.commit()
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield app, base
        finally:
            server.shutdown()


def record_requests(app) -> list[tuple[str, int]]:
    """Every request the app answers from now on, as (path with query, status)."""
    answered: list[tuple[str, int]] = []
    inner = app.wsgi_app

    def recording(environ, start_response):
        query = environ.get("QUERY_STRING")
        path = environ["PATH_INFO"] + (f"?{query}" if query else "")

        def start(status, headers, exc_info=None):
            answered.append((path, int(status.split()[0])))
            return start_response(status, headers, exc_info)

        return inner(environ, start)

    app.wsgi_app = recording
    return answered


def session_cookie(app, email: str) -> str:
    """Sign in through the app itself and hand back the session cookie's value."""
    import re

    client = app.test_client()

    def token(path: str) -> str:
        page = client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    response = client.post(
        "/login",
        data={"csrf_token": token("/login"), "email": email, "password": demo.DEMO_PASSWORD},
    )
    if response.headers.get("Location") == "/login/code":
        client.post(
            "/login/code",
            data={
                "csrf_token": token("/login/code"),
                "code": pyotp.TOTP(demo.DEMO_TOTP_SECRET).now(),
            },
        )
    return client.get_cookie("session").value
