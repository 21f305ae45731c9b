"""SQLAlchemy 2: the declarative base, the engine and one database session per request.

Services take a `Session` as their first argument, so tests and the command line can
call them without a request; views get theirs from `get_db()` and commit once.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy import DateTime, Engine, MetaData, create_engine, event, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from server import postgresql

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def now_utc() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every database (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime}


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        _owner_only(make_url(url).database)
        engine = create_engine(url, connect_args={"timeout": 15})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return postgresql.make_engine(url)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers go on while one request writes; the busy timeout makes a second
    # writer wait instead of failing; SQLite leaves foreign keys off unless asked.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode, NORMAL syncs at checkpoints, not at every commit: a crash of Kring
    # loses nothing, a power cut may undo the last commits but never corrupts the file
    # (see "Deploying" in the README). The supporter page's view log writes per view.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    # What is deleted is overwritten with zeros, not left in free pages: a deleted
    # member's texts must not stay readable in the file (some builds default to off).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _owner_only(database: str | None) -> None:
    """Health data: the database file readable by Kring's own user alone. SQLite gives
    its -wal and -shm files the mode of the database file, so this covers them too."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.parent.is_dir():
        return  # SQLite's own error says it better
    if not path.exists():
        path.touch(mode=0o600)
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists() and file.stat().st_uid == os.getuid():
            file.chmod(0o600)


def clear_old_page_copies(db: Session) -> None:
    """After deleting someone's data: SQLite's -wal file still holds the pages as they
    were before, her texts in them, until a checkpoint writes the pages back and
    TRUNCATE empties it (the audit counted 97 copies of one text). PostgreSQL keeps
    dead rows until VACUUM: see "Deleted data" in the README."""
    if db.get_bind().dialect.name == "sqlite":
        db.connection().exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["kring_db"] = sessionmaker(bind=engine, expire_on_commit=False)
    app.teardown_appcontext(_close_db)


def engine_of(app: Flask) -> Engine:
    return app.extensions["kring_db"].kw["bind"]


def get_db() -> Session:
    if "db" not in g:
        g.db = current_app.extensions["kring_db"]()
    return g.db


def _close_db(_exc: BaseException | None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()  # rolls back whatever a failed request left uncommitted


def _dialect_insert(db: Session):
    if db.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def insert_ignoring_conflicts(db: Session, model, values: dict, keys: list[str]) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING on SQLite and PostgreSQL alike: the database,
    not a check-then-insert race, decides that a second identical row is not made.
    True when this call made the row."""
    insert = _dialect_insert(db)
    statement = insert(model).values(**values).on_conflict_do_nothing(index_elements=keys)
    # RETURNING, not rowcount: psycopg reports -1 for this statement.
    made = statement.returning(*model.__table__.primary_key.columns)
    return db.execute(made).first() is not None


def upsert(db: Session, model, values: dict, keys: list[str], update: dict) -> None:
    insert = _dialect_insert(db)
    statement = insert(model).values(**values)
    db.execute(statement.on_conflict_do_update(index_elements=keys, set_=update))
