"""Bulk inserts for the import's write path: COPY on PostgreSQL, executemany on SQLite.

One INSERT per row costs the PostgreSQL server ~0.1 ms of statement overhead, and a candidate
brings about seven rows (candidate, loonwaarde, consents, their decisions, access log, import
key): that alone caps an import near 1,500 candidates/s. COPY streams the rows into the same
transaction at a fraction of that. Values are exactly what a Core insert would bind: JSON
columns as ``json.dumps`` text (SQLAlchemy's own serializer), aware datetimes, None as NULL.

On SQLite a Core ``insert(table), rows`` spent more time building each row's parameters
(~1.5 ms per candidate: compiled-parameter dicts, a type processor looked up per value) than
SQLite spent writing. The rows go to the driver's ``executemany`` directly, each value through
the very bind processor SQLAlchemy would apply (looked up once per column), so what is stored
is the same to the byte.
"""

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, any_, bindparam, insert, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Session


class JSONText(str):
    """A JSON column's value already serialised (e.g. by pydantic's ``model_dump_json``):
    written as it is, not through ``json.dumps`` again."""


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def insert_rows(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    names = list(rows[0])
    if not is_postgres(session):
        _sqlite_insert(session, table, names, rows)
        return
    json_columns = [i for i, n in enumerate(names) if isinstance(table.c[n].type, JSON)]
    dumped: dict[Any, str] = {}  # many rows hold the same (often empty) lists
    columns = ", ".join(f'"{n}"' for n in names)
    raw = session.connection().connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            values = [row[n] for n in names]
            for i in json_columns:
                value = values[i]
                key = _cache_key(value)
                if isinstance(value, JSONText):
                    values[i] = str(value)
                elif key is None:
                    values[i] = json.dumps(value)
                elif key in dumped:
                    values[i] = dumped[key]
                else:
                    values[i] = dumped[key] = json.dumps(value)
            copy.write_row(values)


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


def among(session: Session, column: Any, values: Sequence[Any], name: str = "among_values") -> Any:
    """``column IN values``; on PostgreSQL as ``= ANY(array)``: one parameter instead of a
    thousand, which psycopg would otherwise parse the statement text for, batch after batch.
    Strings or integers, as the column is; ``name`` differs for two lists in one statement."""
    if is_postgres(session):
        item = Integer if isinstance(column.type, Integer) else String
        return column == any_(bindparam(name, list(values), type_=ARRAY(item)))
    return column.in_(values)


def _sqlite_insert(
    session: Session, table: Any, names: list[str], rows: list[dict[str, Any]]
) -> None:
    """``executemany`` on the driver with SQLAlchemy's own bind processors (see above). A
    column left out that has a Python-side default takes the Core path, which fills it in."""
    given = set(names)
    if any(c.default is not None and c.name not in given for c in table.c):
        decoded = [
            {k: json.loads(v) if isinstance(v, JSONText) else v for k, v in row.items()}
            for row in rows
        ]
        session.execute(insert(table), decoded)
        return
    dialect = session.get_bind().dialect
    processors = [table.c[n].type._cached_bind_processor(dialect) for n in names]
    processed = [(i, p) for i, p in enumerate(processors) if p is not None]
    done: list[dict[Any, Any]] = [{} for _ in names]  # value -> processed, per column
    params = []
    for row in rows:
        values = [row[n] for n in names]
        for i, process in processed:
            value = values[i]
            key = _cache_key(value)
            if isinstance(value, JSONText):
                values[i] = str(value)
            elif key is None:
                values[i] = process(value)
            elif key in done[i]:
                values[i] = done[i][key]
            else:
                values[i] = done[i][key] = process(value)
        params.append(values)
    columns = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" for _ in names)
    raw = session.connection().connection.driver_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        cursor.executemany(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', params)
    finally:
        cursor.close()


_SCALARS = frozenset((str, int, bool, date, datetime))


def _cache_key(value: Any) -> Any:
    """A key under which equal values are processed alike (a batch's rows share one
    timestamp, few birth dates, many empty lists), or None to process the value itself.
    The type is part of the key: ``True == 1`` but they are stored differently."""
    kind = type(value)
    if kind in _SCALARS:
        return (kind, value)
    if kind is list and all(type(item) is str for item in value):
        return (list, *value)
    return None
