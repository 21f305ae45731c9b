"""What the load benchmark runs against: a fresh database (SQLite file or a PostgreSQL
database of its own, dropped afterwards) with demo and scale data, gunicorn serving
Kring or the bare Flask app, and the session cookies of signed-in users."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import pyotp
from sqlalchemy import create_engine, make_url, select, text

from server import create_app, demo, scale
from server.db import engine_of, get_db, make_engine, now_utc
from server.groups.services import local_today
from server.migrations import upgrade
from server.security import hash_password

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "bench-only-secret"  # noqa: S105 - a throwaway database, a throwaway key
USER_AGENT = "kring-bench"
WORKERS = 2


@contextmanager
def database(kind: str):
    """A URL of an empty, migrated database of this kind, removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/kring.sqlite3"
            _migrate(url)
            yield url
        return
    base = make_url(os.environ["KRING_TEST_DATABASE_URL"]).set(drivername="postgresql+psycopg")
    name = f"kring_bench_{uuid.uuid4().hex[:10]}"  # never the test database itself
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        _migrate(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _migrate(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()


def signing_app(url: str):
    """The app in this process, on the benchmark's database: loads data, signs in."""
    return create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": SECRET_KEY,
            "KRING_ENV": "development",
            "SESSION_COOKIE_SECURE": False,
            "RATELIMIT_ENABLED": False,
        }
    )


def load_data(app, count: int) -> float:
    """Demo data plus `count` scale practices; returns the seconds it took."""
    started = time.monotonic()
    with app.app_context():
        db = get_db()
        demo.load(db, local_today())
        db.commit()
        password_hash = hash_password(demo.DEMO_PASSWORD)
        for _number in scale.generate(db, count, password_hash, local_today(), now_utc()):
            db.commit()
        if db.get_bind().dialect.name == "postgresql":
            db.execute(text("ANALYZE"))  # as autovacuum would soon after a bulk load
            db.commit()
    return time.monotonic() - started


def register_path(app, practice: int) -> str:
    """The therapists' page of the latest meeting held of the practice's first group."""
    from server.groups.models import Group, Practice
    from server.schedule.models import Meeting

    with app.app_context():
        meeting_id = get_db().scalar(
            select(Meeting.id)
            .join(Group, Group.id == Meeting.group_id)
            .join(Practice, Practice.id == Group.practice_id)
            .where(
                Practice.name == scale.practice_name(practice),
                Group.name == "Maandaggroep A",
                Meeting.ends_at < now_utc(),
            )
            .order_by(Meeting.starts_at.desc())
            .limit(1)
        )
    return f"/therapist/meetings/{meeting_id}"


def session_cookie(app, email: str) -> str:
    """Sign in through the app (with the code step for therapists); the cookie header."""
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT

    def token(path: str) -> str:
        page = client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    form = {"csrf_token": token("/login"), "email": email, "password": demo.DEMO_PASSWORD}
    response = client.post("/login", data=form)
    if response.headers.get("Location") == "/login/code":
        code = pyotp.TOTP(demo.DEMO_TOTP_SECRET).now()
        response = client.post(
            "/login/code", data={"csrf_token": token("/login/code"), "code": code}
        )
    assert response.status_code == 302, f"sign-in of {email} failed"
    return f"session={client.get_cookie('session').value}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(app_path: str, env: dict[str, str] | None = None, workers: int = WORKERS):
    """`gunicorn -w 2` (sync workers, as behind a proxy) on a free port; its base URL.
    tests/test_instances.py starts its app servers with this too."""
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
        app_path,
    ]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})})  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_up(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with exit code {process.returncode}")
        try:
            with urllib.request.urlopen(base + "/", timeout=2):  # noqa: S310 - our own server
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on {base}")


def kring_env(url: str) -> dict[str, str]:
    """Production settings for the served app (the bench module turns rate limits off)."""
    return {"KRING_ENV": "production", "SECRET_KEY": SECRET_KEY, "DATABASE_URL": url}


def dispose(app) -> None:
    engine_of(app).dispose()
