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
from app.models import include_name, metadata
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
            context = MigrationContext.configure(connection, opts={"include_name": include_name})
            diff = compare_metadata(context, metadata)
        assert diff == [], f"models and migrations differ: {diff}"

        _alembic(engine, "downgrade", "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}

        _alembic(engine, "upgrade", "head")
        assert "workplace" in set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_existing_widget_keys_become_publishable_and_old_log_rows_are_resealed(
    scratch_url: str,
) -> None:
    """0012 on a database that has a widget key and a chained log from before it."""
    engine = make_engine(scratch_url)
    try:
        _alembic(engine, "upgrade", "0007_key_rotation")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO account (id, name, role, created_at)"
                    " VALUES (1, 'WSP', 'wsp_frontend', '2026-01-01')"
                )
            )
            for key_id, prefix in ((1, "aaaaaaaaaaaa"), (2, "bbbbbbbbbbbb")):
                connection.execute(
                    text(
                        "INSERT INTO api_key (id, account_id, prefix, key_hash, created_at)"
                        " VALUES (:id, 1, :prefix, 'x', '2026-01-01')"
                    ),
                    {"id": key_id, "prefix": prefix},
                )
            connection.execute(
                text(
                    "INSERT INTO widget_origin (api_key_id, origin, created_at)"
                    " VALUES (1, 'https://wsp.example', '2026-01-01')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO access_log (seq, at, account_id, role, candidate_id, purpose,"
                    " action, prev_hash, row_hash) VALUES (1, '2026-01-01', 1, 'admin', 7,"
                    " 'export', 'read', :zero, :zero)"
                ),
                {"zero": "0" * 64},
            )
        _alembic(engine, "upgrade", "head")
        with engine.connect() as connection:
            kinds = dict(connection.execute(text("SELECT prefix, kind FROM api_key")).all())
            log = connection.execute(text("SELECT seq, row_hash FROM access_log")).all()
        assert kinds == {"aaaaaaaaaaaa": "publishable", "bbbbbbbbbbbb": "secret"}
        assert [tuple(row) for row in log] == [(None, None)]  # the sealer re-chains it, keyed
    finally:
        engine.dispose()
