"""The access log's keyed hash chain: requests append unsealed rows, one sealer chains them.

Requests only INSERT rows without ``seq``/``prev_hash``/``row_hash``: no lock, no head read,
so recording a read never waits for another request (docs/decisions/120). The sealer
(``seal``) takes unsealed rows in id order, numbers them after the current head and sets
``row_hash`` = HMAC-SHA256(key, canonical row + previous hash). Only one sealer works at a
time: on PostgreSQL it holds a session advisory lock that requests never take
(``pg_try_advisory_lock``, so a second sealer skips instead of waiting); on SQLite the seal
runs inside the database write lock. ``seq`` is unique, the backstop if locking ever failed.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from typing import Any, Protocol, cast

from sqlalchemy import Connection, Engine, RowMapping, Table, bindparam, func, insert, text
from sqlalchemy import select as sa_select
from sqlmodel import Session

from app.audit.models import GENESIS_HASH, AccessLog
from app.core.timeutil import utcnow

# Any constant bigint works; it only has to be the same in every process ("PASSEND" in ASCII).
# Taken by sealers only, never by requests.
ADVISORY_LOCK_KEY = 0x50415353454E44
HASHED = ("seq", "at", "account_id", "role", "candidate_id", "purpose", "action", "prev_hash")
_TABLE = cast(Table, AccessLog.__table__)  # type: ignore[attr-defined]


class Actor(Protocol):
    """Who reads: an API principal, or the system itself (retention)."""

    @property
    def account_id(self) -> int: ...

    @property
    def role(self) -> str: ...


def canonical(row: Mapping[Any, Any]) -> bytes:
    """The hashed form of a row (a mapping of its columns): every column but ``id`` and
    ``row_hash``, sorted keys, the time in UTC with microseconds."""
    fields = {name: row[name] for name in HASHED}
    fields["at"] = row["at"].astimezone(UTC).isoformat(timespec="microseconds")
    fields["role"] = str(row["role"])
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def compute_hash(row: Mapping[Any, Any], key: bytes) -> str:
    return hmac.new(key, canonical(row), hashlib.sha256).hexdigest()


def append(
    session: Session, actor: Actor, candidate_ids: Iterable[int], *, purpose: str, action: str
) -> int:
    """Insert one unsealed row per candidate (duplicates dropped, order kept); returns how many.

    Part of the request's transaction: the rows exist exactly when the response's data does.
    """
    ids = list(dict.fromkeys(candidate_ids))
    if not ids:
        return 0
    at = utcnow()
    rows = [
        {
            "at": at,
            "account_id": actor.account_id,
            "role": str(actor.role),
            "candidate_id": candidate_id,
            "purpose": purpose,
            "action": action,
        }
        for candidate_id in ids
    ]
    # A Core insert: building ORM objects cost ~0.7 ms a row, which a 200-row page felt.
    session.connection().execute(insert(_TABLE), rows)
    return len(rows)


@dataclass(frozen=True)
class Head:
    seq: int
    row_hash: str


def head(connection: Connection) -> Head:
    statement = (
        sa_select(_TABLE.c.seq, _TABLE.c.row_hash)
        .where(_TABLE.c.seq.is_not(None))
        .order_by(_TABLE.c.seq.desc())
        .limit(1)
    )
    found = connection.execute(statement).first()
    return Head(found[0], found[1]) if found else Head(0, GENESIS_HASH)


def has_unsealed(connection: Connection) -> bool:
    """Cheap (index on ``seq``): lets an idle sealer skip the lock."""
    statement = sa_select(_TABLE.c.id).where(_TABLE.c.seq.is_(None)).limit(1)
    return connection.execute(statement).first() is not None


def unsealed_count(connection: Connection) -> int:
    statement = sa_select(func.count()).select_from(_TABLE).where(_TABLE.c.seq.is_(None))
    return int(connection.execute(statement).scalar_one())


@contextmanager
def sealer_lock(engine: Engine) -> Iterator[Connection | None]:
    """A connection on which this process is the only sealer, or None when another one is.

    PostgreSQL: a session-level advisory lock, tried without waiting and released before the
    connection goes back to the pool. SQLite: every seal batch takes the write lock itself.
    """
    with engine.connect() as connection:
        if connection.dialect.name != "postgresql":
            yield connection
            return
        got = connection.execute(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY}
        ).scalar_one()
        connection.commit()
        if not got:
            yield None
            return
        try:
            yield connection
        finally:
            connection.rollback()
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY})
            connection.commit()


_SEAL = (
    _TABLE.update()
    .where(_TABLE.c.id == bindparam("row_id"), _TABLE.c.seq.is_(None))
    .values(
        seq=bindparam("new_seq"),
        prev_hash=bindparam("new_prev_hash"),
        row_hash=bindparam("new_row_hash"),
    )
)


def seal_batch(connection: Connection, key: bytes, batch_rows: int) -> tuple[int, Head]:
    """Chain up to ``batch_rows`` unsealed rows after the head, in one transaction."""
    with connection.begin():
        if connection.dialect.name == "sqlite":
            # A statement that writes nothing takes SQLite's write lock, so the head read
            # below cannot go stale before our updates (one writer at a time).
            connection.execute(text("DELETE FROM access_log WHERE 0 = 1"))
        current = head(connection)
        pending = (
            connection.execute(
                sa_select(_TABLE)
                .where(_TABLE.c.seq.is_(None))
                .order_by(_TABLE.c.id)
                .limit(batch_rows)
            )
            .mappings()
            .all()
        )
        seq, prev_hash = current.seq, current.row_hash
        updates = []
        for row in pending:
            seq += 1
            entry = {**row, "seq": seq, "prev_hash": prev_hash}
            prev_hash = compute_hash(entry, key)
            updates.append(
                {
                    "row_id": row["id"],
                    "new_seq": seq,
                    "new_prev_hash": entry["prev_hash"],
                    "new_row_hash": prev_hash,
                }
            )
        if updates:
            connection.execute(_SEAL, updates)
    return len(updates), Head(seq, prev_hash)


@dataclass(frozen=True)
class Verification:
    count: int
    head_hash: str
    broken_id: int | None = None
    broken_seq: int | None = None
    problem: str = ""
    unsealed: int = 0

    @property
    def ok(self) -> bool:
        return self.broken_id is None and not self.problem


def sealed_rows(connection: Connection) -> Iterator[RowMapping]:
    # Core rows, not ORM objects: fast, and never rows a session cached earlier.
    statement = (
        sa_select(_TABLE)
        .where(_TABLE.c.seq.is_not(None))
        .order_by(_TABLE.c.seq)
        .execution_options(yield_per=2000)
    )
    yield from connection.execute(statement).mappings()


def verify_chain(
    connection: Connection, key: bytes, *, seen: dict[int, str] | None = None
) -> Verification:
    """Walk the sealed rows from the first; stop at the first row that does not fit.

    ``seen`` (seq -> row_hash) collects the hashes of the sequence numbers asked for, so the
    checkpoints can be compared without a second pass.
    """
    count, prev_hash = 0, GENESIS_HASH
    for row in sealed_rows(connection):
        problem = ""
        if row["seq"] != count + 1:
            problem = f"sequence number {row['seq']}, expected {count + 1} (missing or forged row)"
        elif row["prev_hash"] != prev_hash:
            problem = "prev_hash does not match the previous row's hash"
        elif not hmac.compare_digest(compute_hash(row, key), row["row_hash"] or ""):
            problem = "row_hash does not match the row's contents (changed or forged)"
        if problem:
            return Verification(count, prev_hash, row["id"], row["seq"], problem)
        count, prev_hash = count + 1, row["row_hash"]
        if seen is not None and count in seen:
            seen[count] = prev_hash
    return Verification(count, prev_hash, unsealed=unsealed_count(connection))
