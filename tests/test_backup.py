"""Backups and the README's restore steps, performed: `kring backup` (SQLite's online
backup API) while the app writes, and pg_dump/pg_restore for PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
from datetime import date

import pytest
from sqlalchemy import func, make_url, select

from server import create_app, demo
from server.cli import main
from server.db import engine_of, get_db, make_engine
from server.groups.models import Practice
from server.migrations import upgrade
from tests.conftest import config_for, sign_in


def _migrate(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()


def _load_demo(app) -> None:
    with app.app_context():
        demo.load(get_db(), date.today())
        get_db().commit()


def _practices(app) -> int:
    with app.app_context():
        return get_db().scalar(select(func.count()).select_from(Practice))


def _add_practice(app, name: str) -> None:
    with app.app_context():
        get_db().add(Practice(name=name))
        get_db().commit()


def _member_sees_her_group(app) -> None:
    client = app.test_client()
    assert sign_in(client, demo.DEMO_MEMBER, demo.DEMO_PASSWORD).status_code == 302
    assert "Donderdaggroep" in client.get("/").get_data(as_text=True)
    assert "Pip" in client.get("/plan/").get_data(as_text=True)  # her plan came back


def test_backup_while_writing_then_restore_by_the_readme_steps(app, app_config, tmp_path):
    _load_demo(app)
    live = make_url(app_config["DATABASE_URL"]).database
    # A writer holds an open transaction during the backup: WAL lets both go on, and
    # the backup holds only what was committed.
    writer = sqlite3.connect(live, timeout=15)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO practice (name, address, phone, email, created_at) "
        "VALUES ('Uncommitted', '', '', '', '2026-01-01 00:00:00')"
    )
    target = tmp_path / "backups" / "kring.sqlite3"
    result = app.test_cli_runner().invoke(main, ["backup", str(target)])
    writer.rollback()
    writer.close()
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600  # health data
    assert not (tmp_path / "backups" / "kring.sqlite3-wal").exists()
    backed_up = _practices(app)
    _add_practice(app, "Made after the backup")
    engine_of(app).dispose()  # step 1: stop the app servers

    # Step 2: put the backup in place of the database, without the old -wal and -shm.
    shutil.copy(target, live)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(live + suffix):
            os.remove(live + suffix)
    _migrate(app_config["DATABASE_URL"])  # step 3: `kring migrate`

    restored = create_app(app_config)  # step 4: start again
    assert _practices(restored) == backed_up
    _member_sees_her_group(restored)
    engine_of(restored).dispose()


def test_backup_refuses_postgresql_and_the_database_itself(app, app_config, tmp_path):
    runner = app.test_cli_runner()
    live = make_url(app_config["DATABASE_URL"]).database
    result = runner.invoke(main, ["backup", live])
    assert result.exit_code != 0 and "cannot replace the database" in result.output
    app.config["DATABASE_URL"] = "postgresql+psycopg://postgres@127.0.0.1/kring"
    result = runner.invoke(main, ["backup", str(tmp_path / "never.sqlite3")])
    assert result.exit_code != 0 and "pg_dump" in result.output
    assert not (tmp_path / "never.sqlite3").exists()


@pytest.mark.postgres
def test_postgres_dump_and_restore_by_the_readme_steps(postgres_url, tmp_path):
    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed (Debian: postgresql-client)")
    _migrate(postgres_url)
    app = create_app(config_for(postgres_url))
    _load_demo(app)
    backed_up = _practices(app)
    url = make_url(postgres_url)
    schema = url.query["options"].split("=", 1)[1]
    libpq = url.set(drivername="postgresql", query={}).render_as_string(hide_password=False)
    dump = tmp_path / "kring.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", f"--schema={schema}", f"--file={dump}", libpq],
        check=True,
    )
    _add_practice(app, "Made after the backup")
    engine_of(app).dispose()

    # The restore: an empty database (here: the schema dropped), then pg_restore.
    admin = make_engine(postgres_url)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    admin.dispose()
    subprocess.run(["pg_restore", "--no-owner", f"--dbname={libpq}", str(dump)], check=True)
    _migrate(postgres_url)

    restored = create_app(config_for(postgres_url))
    assert _practices(restored) == backed_up
    _member_sees_her_group(restored)
    engine_of(restored).dispose()
