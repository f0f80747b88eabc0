"""The access log's hash chain: appending under a lock, and walking it to verify.

A row's hash covers a canonical JSON serialisation of its fields plus the previous row's hash,
so changing, removing or inserting any row breaks every link after it. Appends are serialised
(PostgreSQL: a transaction-level advisory lock; SQLite: the database write lock, which SQLite
holds for one writer at a time), and ``seq`` is unique, so the chain cannot fork.
"""

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any, Protocol, cast

from sqlalchemy import RowMapping, Table, insert, text
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.audit.models import GENESIS_HASH, AccessLog
from app.core.timeutil import utcnow

# Any constant bigint works; it only has to be the same in every process ("PASSEND" in ASCII).
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


def compute_hash(row: Mapping[Any, Any]) -> str:
    return hashlib.sha256(canonical(row)).hexdigest()


def _lock_chain(session: Session) -> None:
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
    else:
        # A statement that writes nothing still takes SQLite's write lock (and the driver opens
        # the transaction on it), so the head read below cannot be stale when we append.
        connection.execute(text("DELETE FROM access_log WHERE 0 = 1"))


def append(
    session: Session, actor: Actor, candidate_ids: Iterable[int], *, purpose: str, action: str
) -> int:
    """Append one row per candidate (duplicates dropped, order kept); returns how many."""
    ids = list(dict.fromkeys(candidate_ids))
    if not ids:
        return 0
    _lock_chain(session)
    head = session.exec(
        select(AccessLog.seq, AccessLog.row_hash).order_by(col(AccessLog.seq).desc()).limit(1)
    ).first()
    seq, prev_hash = (head[0], head[1]) if head else (0, GENESIS_HASH)
    at = utcnow()
    rows: list[dict[str, Any]] = []
    for candidate_id in ids:
        seq += 1
        row: dict[str, Any] = {
            "seq": seq,
            "at": at,
            "account_id": actor.account_id,
            "role": str(actor.role),
            "candidate_id": candidate_id,
            "purpose": purpose,
            "action": action,
            "prev_hash": prev_hash,
        }
        row["row_hash"] = prev_hash = compute_hash(row)
        rows.append(row)
    # A Core insert: building ORM objects cost ~0.7 ms a row, which a 200-row page felt.
    session.connection().execute(insert(_TABLE), rows)
    return len(rows)


@dataclass(frozen=True)
class Verification:
    count: int
    head_hash: str
    broken_id: int | None = None
    broken_seq: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def _rows(session: Session) -> Iterator[RowMapping]:
    # Core rows, not ORM objects: fast, and never rows this session cached earlier.
    statement = sa_select(_TABLE).order_by(_TABLE.c.seq).execution_options(yield_per=2000)
    yield from session.connection().execute(statement).mappings()


def verify(session: Session) -> Verification:
    """Walk the chain from the first row; stop at the first row that does not fit."""
    count, prev_hash = 0, GENESIS_HASH
    for row in _rows(session):
        problem = ""
        if row["seq"] != count + 1:
            problem = f"sequence number {row['seq']}, expected {count + 1} (missing or forged row)"
        elif row["prev_hash"] != prev_hash:
            problem = "prev_hash does not match the previous row's hash"
        elif compute_hash(row) != row["row_hash"]:
            problem = "row_hash does not match the row's contents (the row was changed)"
        if problem:
            return Verification(count, prev_hash, row["id"], row["seq"], problem)
        count, prev_hash = count + 1, row["row_hash"]
    return Verification(count, prev_hash)
