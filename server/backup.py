"""`kring backup`: a consistent copy of the SQLite database while the app keeps
serving, through SQLite's online backup API (a plain file copy during a write can be
torn, and would miss what is still in the -wal file). PostgreSQL has pg_dump for this;
the README's "Deploying" gives both, and the restore steps."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import make_url


class BackupRefused(Exception):
    pass


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupRefused(
            "kring backup is for SQLite. For PostgreSQL use pg_dump, e.g. "
            "pg_dump --format=custom --file=kring.dump postgresql://user@host/kring "
            '(see "Deploying" in the README).'
        )
    if not url.database or url.database == ":memory:":
        raise BackupRefused("There is no database file to back up.")
    return Path(url.database).resolve()


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy `source` to `target` page by page from one consistent snapshot; writers
    go on meanwhile (WAL). The copy holds health data: only its owner may read it."""
    target = target.resolve()
    if not source.is_file():
        raise BackupRefused(f"No database at {source}.")
    if target == source:
        raise BackupRefused("The backup cannot replace the database itself.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    partial.touch(mode=0o600)
    live, copy = sqlite3.connect(source), sqlite3.connect(partial)
    try:
        live.backup(copy)
        # Restoring is copying one file: leave the copy without a -wal beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
        live.close()
    os.replace(partial, target)  # a reader never sees half a backup
