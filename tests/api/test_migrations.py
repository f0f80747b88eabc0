"""Alembic owns the schema: it upgrades and downgrades cleanly and matches the models."""

from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

from app.core.config import PROJECT_ROOT
from app.core.db import make_engine
from app.models import metadata
from tests.conftest import POSTGRES_URL, TARGETS

# Named after the test database, so test runs against different databases never collide.
SCRATCH_DB = f"{make_url(POSTGRES_URL).database}_migration_test" if POSTGRES_URL else ""


@pytest.fixture(params=TARGETS)
def scratch_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A database of its own, so downgrading never disturbs the other tests."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    admin = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {SCRATCH_DB}"))
    yield make_url(POSTGRES_URL).set(database=SCRATCH_DB).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)"))
    admin.dispose()


def _alembic(engine: Engine, action: str, revision: str) -> None:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


def test_upgrade_downgrade_upgrade_and_models_match(scratch_url: str) -> None:
    engine = make_engine(scratch_url)
    try:
        _alembic(engine, "upgrade", "head")
        tables = set(inspect(engine).get_table_names())
        assert {"candidate", "candidate_sensitive", "employer", "workplace", "task"} <= tables
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), metadata)
        assert diff == [], f"models and migrations differ: {diff}"

        _alembic(engine, "downgrade", "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}

        _alembic(engine, "upgrade", "head")
        assert "workplace" in set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
