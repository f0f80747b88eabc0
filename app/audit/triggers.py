"""Database triggers that make ``access_log`` append-only for every client, not just this app.

Used by migration 0006 (install) and by maintenance that must bypass them on purpose
(``suspended``: emptying test databases, tamper tests). On SQLite, a batch (copy-and-rename)
migration of ``access_log`` drops its triggers: such a migration must call ``install`` again.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text

MESSAGE = "access_log is append-only"

_POSTGRES_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}: % is not allowed', TG_OP;
    END;
    $$
    """,
    """
    CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION access_log_append_only()
    """,
]
_POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS access_log_append_only ON access_log",
    "DROP FUNCTION IF EXISTS access_log_append_only()",
]
_SQLITE_INSTALL = [
    f"""
    CREATE TRIGGER access_log_no_{op.lower()} BEFORE {op} ON access_log
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {op} is not allowed'); END
    """
    for op in ("UPDATE", "DELETE")
]
_SQLITE_REMOVE = [f"DROP TRIGGER IF EXISTS access_log_no_{op}" for op in ("update", "delete")]


def _run(connection: Connection, statements: list[str]) -> None:
    for statement in statements:
        connection.execute(text(statement))


def install(connection: Connection) -> None:
    postgres = connection.dialect.name == "postgresql"
    _run(connection, _POSTGRES_INSTALL if postgres else _SQLITE_INSTALL)


def remove(connection: Connection) -> None:
    postgres = connection.dialect.name == "postgresql"
    _run(connection, _POSTGRES_REMOVE if postgres else _SQLITE_REMOVE)


@contextmanager
def suspended(connection: Connection) -> Iterator[None]:
    """Lift the protection inside one transaction (DDL is transactional on both databases)."""
    remove(connection)
    yield
    install(connection)
