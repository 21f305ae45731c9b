"""Data tests of a migration: a database as the release before it left it, with rows as
that release wrote them, then upgraded to head (DESIGN: upgrades keep data)."""

from __future__ import annotations

from sqlalchemy import Engine, text

from server.db import make_engine
from server.migrations import upgrade


def execute(engine: Engine, statements: list[str]) -> None:
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def upgraded_with(url: str, before: str, rows: list[str]) -> Engine:
    """The database at `url` at revision `before`, holding `rows`, then at head."""
    engine = make_engine(url)
    upgrade(engine, before)
    execute(engine, rows)
    upgrade(engine)
    return engine
