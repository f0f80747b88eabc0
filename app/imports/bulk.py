"""Bulk inserts for the import's write path: COPY on PostgreSQL, executemany on SQLite.

One INSERT per row costs the PostgreSQL server ~0.1 ms of statement overhead, and a candidate
brings about seven rows (candidate, loonwaarde, consents, their decisions, access log, import
key): that alone caps an import near 1,500 candidates/s. COPY streams the rows into the same
transaction at a fraction of that. Values are exactly what a Core insert would bind: JSON
columns as ``json.dumps`` text (SQLAlchemy's own serializer), aware datetimes, None as NULL.
"""

import json
from typing import Any

from sqlalchemy import JSON, String, any_, bindparam, insert, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Session


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def insert_rows(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    names = list(rows[0])
    if not is_postgres(session):
        session.execute(insert(table), rows)
        return
    json_columns = {n for n in names if isinstance(table.c[n].type, JSON)}
    columns = ", ".join(f'"{n}"' for n in names)
    raw = session.connection().connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([json.dumps(row[n]) if n in json_columns else row[n] for n in names])


def new_ids(session: Session, table: Any, count: int) -> list[int] | None:
    """PostgreSQL: ``count`` ids from the table's sequence (then COPY with them); SQLite: None
    (the caller inserts with RETURNING)."""
    if not is_postgres(session):
        return None
    sequence = session.execute(
        text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name}
    ).scalar_one()
    return list(
        session.execute(
            text("SELECT nextval(:s) FROM generate_series(1, :n)"), {"s": sequence, "n": count}
        ).scalars()
    )


def among(session: Session, column: Any, values: list[str]) -> Any:
    """``column IN values``; on PostgreSQL as ``= ANY(array)``: one parameter instead of a
    thousand, which psycopg would otherwise parse the statement text for, batch after batch."""
    if is_postgres(session):
        return column == any_(bindparam("among_values", values, type_=ARRAY(String)))
    return column.in_(values)
