"""Pooled PostgreSQL connections: pinged only after sitting idle, and replaced when dead.

The service used to ping on every checkout (two extra round trips per request). Now a
connection is pinged only when it was idle in the pool for ``IDLE_PING_SECONDS``; one that the
server closed meanwhile is replaced without the request noticing.
"""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app.core import db
from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="needs PostgreSQL")


def _backend_pid(engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _terminate(pid: int) -> None:
    killer = db.make_engine(POSTGRES_URL)
    with killer.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        connection.commit()
    killer.dispose()


def test_a_connection_that_died_while_idle_is_replaced(monkeypatch) -> None:
    engine = db.make_engine(POSTGRES_URL, concurrency=1)
    try:
        first = _backend_pid(engine)
        _terminate(first)
        monkeypatch.setattr(db, "IDLE_PING_SECONDS", 0.0)  # it has been idle "long enough"
        second = _backend_pid(engine)  # no error: the ping found it dead, a new one serves
        assert second != first
    finally:
        engine.dispose()


def test_a_connection_just_returned_is_not_pinged(monkeypatch) -> None:
    """Within the idle window nothing is sent before the request's own statement: a server
    that killed the connection in that instant shows as an error (503 in the service)."""
    engine = db.make_engine(POSTGRES_URL, concurrency=1)
    try:
        first = _backend_pid(engine)
        _terminate(first)
        monkeypatch.setattr(db, "IDLE_PING_SECONDS", 3600.0)
        with pytest.raises(OperationalError):
            _backend_pid(engine)
        assert _backend_pid(engine) != first  # the pool dropped the dead connection
    finally:
        engine.dispose()


def test_authentication_reads_without_a_transaction_and_returns_the_connection_clean() -> None:
    """Authentication runs in autocommit (no BEGIN/ROLLBACK round trips); the same pooled
    connection must come back transactional, or a request's writes would no longer be all or
    nothing."""
    engine = db.make_engine(POSTGRES_URL, concurrency=1)
    try:
        auto = db._autocommit(engine)
        with auto.connect() as connection:
            pid = int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())
            in_tx = connection.execute(text("SELECT now() = statement_timestamp()")).scalar_one()
            assert in_tx is True  # each statement is its own transaction: no BEGIN was sent
        with engine.connect() as connection:
            assert int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one()) == pid
            connection.execute(text("CREATE TEMP TABLE t_rollback (x int)"))
            connection.rollback()  # transactional again: the table is gone with the rollback
            exists = connection.execute(text("SELECT to_regclass('pg_temp.t_rollback')"))
            assert exists.scalar_one() is None
    finally:
        engine.dispose()
