"""The database connections under load-bearing settings: SQLite's durability pragma,
and PostgreSQL connections the server has dropped, replaced without a failed request
and without a ping per request; their column descriptions made on first use."""

import time

import psycopg
from sqlalchemy import create_engine, text

from server.db import engine_of


def test_sqlite_syncs_at_checkpoints_not_at_every_commit(db):
    connection = db.connection()
    assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    # 1 is NORMAL: safe against a crash of the app; see "Deploying" in the README.
    assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1


def _backend_of_pooled_connection(app) -> int:
    with engine_of(app).connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar()


def _terminate(admin_url: str, pid: int) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
        for _ in range(50):  # the backend ends asynchronously
            gone = not connection.execute(
                text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
            ).first()
            if gone:
                break
            time.sleep(0.1)
    admin.dispose()


def test_a_connection_the_server_dropped_does_not_fail_the_next_request(postgres_app, postgres_url):
    client = postgres_app.test_client()
    assert client.get("/healthz").status_code == 200
    pid = _backend_of_pooled_connection(postgres_app)
    _terminate(postgres_url, pid)
    assert client.get("/healthz").status_code == 200
    assert _backend_of_pooled_connection(postgres_app) != pid


def test_a_request_on_a_live_connection_costs_no_ping(postgres_app, monkeypatch):
    engine = engine_of(postgres_app)
    pings = []
    ping = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping", lambda c: pings.append(1) or ping(c))
    client = postgres_app.test_client()
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    assert pings == []  # a round trip saved on every request


def test_postgresql_column_descriptions_are_psycopgs_own_made_on_first_use(postgres_app):
    with engine_of(postgres_app).connect() as connection:
        cursor = connection.connection.driver_connection.cursor()
        cursor.execute("SELECT 1 AS one, 'Sanne'::text AS name")
        first = cursor.description
        own = psycopg.Cursor.description.fget(cursor)
        cursor.execute("SELECT now() AS moment")  # the first statement's stay its own
        assert [(c.name, c.type_code) for c in first] == [(c.name, c.type_code) for c in own]
        assert [c.name for c in cursor.description] == ["moment"]
        cursor.execute("SET TIME ZONE 'UTC'")
        assert cursor.description is None
        # Through SQLAlchemy, a statement it has not seen before reads the names.
        row = connection.execute(text("SELECT 2 AS two, 'Eva' AS therapist")).one()
        assert row._mapping == {"two": 2, "therapist": "Eva"}
