"""Fixtures: an app on a fresh migrated SQLite database per test, a client, data
factories, a real SMTP server, PostgreSQL when configured, and the CI rule that a
skipped test is a failed test."""

from __future__ import annotations

import os
import re
import shutil
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

os.environ.setdefault("KRING_ENV", "testing")
os.environ.setdefault("SECRET_KEY", "tests-only-secret")

from server import create_app  # noqa: E402
from server.db import engine_of, make_engine  # noqa: E402
from server.migrations import upgrade  # noqa: E402
from tests.factories import Factory  # noqa: E402

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PASSWORD = "a long enough passphrase"


def _reuse_url_builders() -> None:
    """Every test makes its own app, and werkzeug compiles two URL builders per rule
    (generated Python, through ast and compile()): measured, 0.13 s of CPU per create_app,
    ~100 s over the suite; with this, 0.016 s. A builder is a function of the rule's
    parsed parts only (it gets the rule as `self` when bound), so the same rule in the next
    app can take the one compiled before. Rules with defaults are compiled as usual: their
    builder also holds converted default values."""
    from werkzeug.routing.rules import Rule

    compile_builder = Rule._compile_builder
    builders: dict[tuple, object] = {}

    def reused(rule: Rule, append_unknown: bool = True):
        if rule.defaults:
            return compile_builder(rule, append_unknown)
        key = (rule.rule, tuple(rule._trace), append_unknown)
        if key not in builders:
            builders[key] = compile_builder(rule, append_unknown)
        return builders[key]

    Rule._compile_builder = reused


_reuse_url_builders()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # In CI nothing may be skipped: a skip there means a suite silently did not run.
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which counts as a failure: {report.longrepr}"


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """One database migrated with Alembic; each test gets a copy of the file."""
    path = tmp_path_factory.mktemp("template") / "kring.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def config_for(database_url: str, **extra) -> dict:
    return {
        "TESTING": True,
        "KRING_ENV": "testing",
        "SECRET_KEY": "tests-only-secret",
        "DATABASE_URL": database_url,
        "RATELIMIT_STORAGE_URI": "memory://",
        "MAIL_SERVER": "",
        "BASE_URL": "http://localhost",
        **extra,
    }


@pytest.fixture
def app_config(tmp_path, migrated_sqlite) -> dict:
    database = tmp_path / "kring.sqlite3"
    shutil.copy(migrated_sqlite, database)
    return config_for(f"sqlite:///{database}")


@pytest.fixture
def clock():
    """The test's "now", set before anything reads it: the app, and with it every
    client, sign-in and piece of test data, depends on this fixture. It is the real
    clock unless a suite overrides it with a fixed moment, e.g.
    `def clock(time_machine): time_machine.move_to(NOW, tick=False)`. Moving the clock
    back after signing in would make the session cookie younger than zero, which
    itsdangerous refuses: the suite then sees a signed-out client."""
    return None


@pytest.fixture
def app(app_config, clock):
    app = create_app(app_config)
    yield app
    engine_of(app).dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    """A session of the test's own, outside any app context: an app context held open
    here would be shared by the client's requests (and with it Flask-Login's user).
    Call `db.rollback()` before reading what a request wrote."""
    session = app.extensions["kring_db"](expire_on_commit=True)
    yield session
    session.close()


@pytest.fixture
def factory(db) -> Factory:
    return Factory(db)


@pytest.fixture
def world(factory):
    """Two practices; group A and B in the first, group C in the second; a member and a
    therapist each."""
    return factory.world()


def csrf_token(client, url: str) -> str:
    page = client.get(url, follow_redirects=True).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def sign_in(client, email: str, password: str = PASSWORD, **extra):
    """Sign in; for an account with a second factor, answer the code step too."""
    token = csrf_token(client, "/login")
    data = {"email": email, "password": password, "csrf_token": token, **extra}
    response = client.post("/login", data=data)
    if response.status_code == 302 and response.headers["Location"] == "/login/code":
        import pyotp

        from tests.factories import TOTP_SECRET

        # Each code signs in once; a second sign-in within the same 30 s uses the next
        # step's code, which the app accepts one step ahead.
        totp = pyotp.TOTP(TOTP_SECRET)
        for code in (totp.now(), totp.at(time.time() + 30)):
            token = csrf_token(client, "/login/code")
            response = client.post("/login/code", data={"csrf_token": token, "code": code})
            if response.status_code == 302:
                break
    return response


@pytest.fixture
def smtp(app):
    """A real SMTP server on a free port; the app sends its mail there."""
    from tests.mailserver import MailServer

    server = MailServer()
    server.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_STARTTLS=False)
    yield server
    server.stop()


@pytest.fixture
def postgres_url():
    """A fresh schema in the PostgreSQL of KRING_TEST_DATABASE_URL, dropped afterwards."""
    base = os.environ.get("KRING_TEST_DATABASE_URL")
    if not base:
        pytest.skip("KRING_TEST_DATABASE_URL is not set")
    if base.startswith("postgresql://"):
        base = "postgresql+psycopg://" + base.removeprefix("postgresql://")
    schema = f"kring_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    yield f"{base}{separator}options=-csearch_path%3D{schema}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


class StatementCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *_args) -> None:
        self.count += 1


@pytest.fixture
def statements(app):
    """Counts the SQL statements the app runs while the returned counter is live."""
    from sqlalchemy import event

    counter = StatementCounter()
    engine = engine_of(app)
    event.listen(engine, "before_cursor_execute", counter)
    yield counter
    event.remove(engine, "before_cursor_execute", counter)


@pytest.fixture
def postgres_app(postgres_url, clock):
    """The app on a fresh, migrated PostgreSQL schema."""
    engine = make_engine(postgres_url)
    upgrade(engine)
    engine.dispose()
    app = create_app(config_for(postgres_url))
    yield app
    engine_of(app).dispose()
