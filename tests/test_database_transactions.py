"""PostgreSQL: reads run outside a transaction and the first write begins one
(server/postgresql.py), so a page that only reads sends no BEGIN and ROLLBACK and keeps its
prepared statements, while writes stay atomic and a failed request leaves nothing."""

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import bindparam, func, select, text, update
from sqlalchemy.exc import IntegrityError

from server.db import engine_of
from server.groups.models import Practice

pytestmark = pytest.mark.postgres


@pytest.fixture
def session(postgres_app):
    db = postgres_app.extensions["kring_db"]()
    yield db
    db.close()


def _status(db) -> TransactionStatus:
    return db.connection().connection.driver_connection.pgconn.transaction_status


def _practices_seen_by_another_connection(app) -> int:
    other = app.extensions["kring_db"]()
    try:
        return other.scalar(select(func.count()).select_from(Practice))
    finally:
        other.close()


def test_a_read_sends_no_begin(session):
    session.execute(select(Practice.id)).all()
    assert _status(session) == TransactionStatus.IDLE


def test_writes_are_one_transaction_until_the_commit(postgres_app, session):
    session.execute(select(Practice.id)).all()
    session.add(Practice(name="Eerste"))
    session.flush()
    session.execute(select(Practice.id)).all()  # a read between writes stays inside
    session.add(Practice(name="Tweede"))
    session.flush()
    assert _status(session) == TransactionStatus.INTRANS
    assert _practices_seen_by_another_connection(postgres_app) == 0
    session.commit()
    assert _practices_seen_by_another_connection(postgres_app) == 2


def test_a_write_of_many_rows_as_first_write_begins_the_transaction(postgres_app, session):
    session.add_all([Practice(name="Eerste"), Practice(name="Tweede")])
    session.commit()
    session.execute(select(Practice.id)).all()  # the connection is reading, outside one
    table = Practice.__table__
    rename = update(table).where(table.c.name == bindparam("old")).values(name=bindparam("new"))
    # Several parameter sets: psycopg's executemany.
    session.execute(rename, [{"old": "Eerste", "new": "Een"}, {"old": "Tweede", "new": "Twee"}])
    assert _status(session) == TransactionStatus.INTRANS
    other = postgres_app.extensions["kring_db"]()
    try:
        assert set(other.scalars(select(Practice.name))) == {"Eerste", "Tweede"}
    finally:
        other.close()
    session.rollback()


def test_a_failed_write_takes_the_earlier_writes_with_it(postgres_app, session):
    session.add(Practice(name="Eerste"))
    session.flush()
    session.add(Practice(name="Eerste"))  # the unique name fails
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
    assert _practices_seen_by_another_connection(postgres_app) == 0


def test_after_a_commit_reads_are_outside_a_transaction_again(session):
    session.add(Practice(name="Eerste"))
    session.commit()
    session.execute(select(Practice.id)).all()
    assert _status(session) == TransactionStatus.IDLE


def test_a_locking_read_begins_the_transaction(session):
    session.execute(select(Practice.id).with_for_update()).all()
    assert _status(session) == TransactionStatus.INTRANS


def test_read_only_requests_keep_their_prepared_statements(postgres_app):
    # psycopg prepares a statement after 5 uses on a connection, and forgets all of
    # them at a ROLLBACK: before, every read-only request ended with one.
    client = postgres_app.test_client()
    for _ in range(7):
        assert client.get("/healthz").status_code == 200
    with engine_of(postgres_app).connect() as connection:
        prepared = connection.execute(text("SELECT statement FROM pg_prepared_statements"))
        assert "SELECT 1" in prepared.scalars().all()
