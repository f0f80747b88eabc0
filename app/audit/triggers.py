"""Database triggers that keep ``access_log`` append-only for every client, not just this app.

Allowed: inserting an unsealed row (no ``seq``, ``prev_hash``, ``row_hash``), and sealing it
once (setting exactly those three columns on a row that has none). Refused: DELETE, any other
UPDATE, and inserting a row that claims to be sealed. Used by migrations 0006/0012 (install)
and by maintenance that must bypass them on purpose (``suspended``: tamper tests). On
SQLite a batch (copy-and-rename) migration of ``access_log`` drops its triggers: such a
migration must call ``install`` again. On PostgreSQL the service role cannot drop or disable
them (it does not own the table, docs/decisions/121).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text

MESSAGE = "access_log is append-only"
_DATA = ("id", "at", "account_id", "role", "candidate_id", "purpose", "action")
_CHAIN = ("seq", "prev_hash", "row_hash")

_PG_CHANGED = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in _DATA)
_PG_UNSEALED_NEW = " OR ".join(f"NEW.{c} IS NOT NULL" for c in _CHAIN)
_PG_SEALED_OLD = " OR ".join(f"OLD.{c} IS NOT NULL" for c in _CHAIN)
_PG_INCOMPLETE = " OR ".join(f"NEW.{c} IS NULL" for c in _CHAIN)
_POSTGRES_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            IF {_PG_UNSEALED_NEW} THEN
                RAISE EXCEPTION '{MESSAGE}: rows are inserted unsealed';
            END IF;
            RETURN NEW;
        END IF;
        IF TG_OP = 'UPDATE' AND NOT ({_PG_SEALED_OLD} OR {_PG_INCOMPLETE} OR {_PG_CHANGED})
        THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION '{MESSAGE}: % is not allowed', TG_OP;
    END;
    $$
    """,
    """
    CREATE TRIGGER access_log_append_only BEFORE INSERT OR UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION access_log_append_only()
    """,
]
_POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS access_log_append_only ON access_log",
    "DROP FUNCTION IF EXISTS access_log_append_only()",
]
_SQ_CHANGED = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _DATA)
_SQ_SEALED_OLD = " OR ".join(f"OLD.{c} IS NOT NULL" for c in _CHAIN)
_SQ_INCOMPLETE = " OR ".join(f"NEW.{c} IS NULL" for c in _CHAIN)
_SQ_SEALED_NEW = " OR ".join(f"NEW.{c} IS NOT NULL" for c in _CHAIN)
_SQLITE_INSTALL = [
    f"""
    CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
    WHEN {_SQ_SEALED_OLD} OR {_SQ_INCOMPLETE} OR {_SQ_CHANGED}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: UPDATE is not allowed'); END
    """,
    f"""
    CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: DELETE is not allowed'); END
    """,
    f"""
    CREATE TRIGGER access_log_no_sealed_insert BEFORE INSERT ON access_log
    WHEN {_SQ_SEALED_NEW}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: rows are inserted unsealed'); END
    """,
]
_SQLITE_REMOVE = [
    f"DROP TRIGGER IF EXISTS access_log_no_{op}" for op in ("update", "delete", "sealed_insert")
]


# What migration 0006 installed (UPDATE and DELETE refused, no unsealed rows yet); kept so
# that migration means the same on every database, whatever this module says today.
_POSTGRES_INSTALL_V1 = [
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
_SQLITE_INSTALL_V1 = [
    f"""
    CREATE TRIGGER access_log_no_{op.lower()} BEFORE {op} ON access_log
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {op} is not allowed'); END
    """
    for op in ("UPDATE", "DELETE")
]


def _run(connection: Connection, statements: list[str]) -> None:
    for statement in statements:
        connection.execute(text(statement))


def install(connection: Connection) -> None:
    postgres = connection.dialect.name == "postgresql"
    _run(connection, _POSTGRES_INSTALL if postgres else _SQLITE_INSTALL)


def install_v1(connection: Connection) -> None:
    """The triggers of migration 0006 (replaced by 0012)."""
    postgres = connection.dialect.name == "postgresql"
    _run(connection, _POSTGRES_INSTALL_V1 if postgres else _SQLITE_INSTALL_V1)


def remove(connection: Connection) -> None:
    postgres = connection.dialect.name == "postgresql"
    _run(connection, _POSTGRES_REMOVE if postgres else _SQLITE_REMOVE)


@contextmanager
def suspended(connection: Connection) -> Iterator[None]:
    """Lift the protection inside one transaction (DDL is transactional on both databases)."""
    remove(connection)
    yield
    install(connection)
