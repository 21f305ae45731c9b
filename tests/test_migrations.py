"""`alembic upgrade head` must produce exactly the models, on SQLite and PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from server.db import make_engine
from server.migrations import upgrade
from server.models import Base


def _differences(engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def test_sqlite_migrations_build_the_models_on_an_empty_database(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/empty.db")
    upgrade(engine)
    assert _differences(engine) == []
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    upgrade(engine)  # a second run is a no-op, as `make run` does every time
    engine.dispose()


@pytest.mark.postgres
def test_postgres_migrations_build_the_models_on_an_empty_schema(postgres_url):
    engine = make_engine(postgres_url)
    upgrade(engine)
    assert _differences(engine) == []
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()
