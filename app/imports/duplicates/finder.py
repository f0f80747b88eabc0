"""Flag possible duplicates among new candidates and against everyone already held.

Blocking first, names last: candidates are grouped by PC4 and by birth-date keys (equal, one
digit apart, day and month swapped; ``names.date_keys``), so the fuzzy name comparison runs
only on the handful of records that share a PC4 and a near birth date, never on all pairs.
Reads only the five columns it needs, in chunks, so 100,000 candidates stay a few seconds.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import Table, insert, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.candidates.models import Candidate
from app.core.timeutil import utcnow
from app.imports.duplicates import names
from app.imports.duplicates.models import DuplicatePair
from app.imports.models import ImportKey

CHUNK = 5_000  # ids per IN list: far below SQLite's 32,766 bound variables
_PAIRS = cast(Table, DuplicatePair.__table__)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Person:
    id: int
    pc4: str
    born: date
    name: names.NameKey


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _people(session: Session, column: Any, values: Iterable[Any]) -> list[Person]:
    found = []
    wanted = sorted(set(values))
    for chunk in _chunks(wanted):
        statement = sa_select(
            col(Candidate.id), col(Candidate.pc4), col(Candidate.date_of_birth),
            col(Candidate.first_name), col(Candidate.last_name),
        ).where(col(column).in_(chunk), col(Candidate.erased_at).is_(None))  # fmt: skip
        for cid, pc4, born, first, last in session.connection().execute(statement):
            if cid is not None and pc4:
                found.append(Person(cid, pc4, born, names.name_key(first, last)))
    return found


def _known_pairs(session: Session, ids: Sequence[int]) -> set[tuple[int, int]]:
    known: set[tuple[int, int]] = set()
    for chunk in _chunks(ids):
        statement = select(DuplicatePair.candidate_low_id, DuplicatePair.candidate_high_id).where(
            or_(
                col(DuplicatePair.candidate_low_id).in_(chunk),
                col(DuplicatePair.candidate_high_id).in_(chunk),
            )
        )
        known.update((low, high) for low, high in session.exec(statement).all())
    return known


def _index(pool: list[Person]) -> dict[tuple[str, str], list[Person]]:
    by_key: dict[tuple[str, str], list[Person]] = defaultdict(list)
    for person in pool:
        for key in names.date_keys(person.born):
            by_key[(person.pc4, key)].append(person)
    return by_key


def _neighbours(person: Person, by_key: dict[tuple[str, str], list[Person]]) -> Iterator[Person]:
    for key in names.date_keys(person.born):
        yield from by_key.get((person.pc4, key), ())
    turned = names.swapped(person.born)
    if turned is not None:
        # A swapped date shares every key with its exact twin: one key finds them all.
        yield from by_key.get((person.pc4, names.date_keys(turned)[0]), ())


def pairs_among(new: list[Person], pool: list[Person]) -> list[dict[str, Any]]:
    """Rows for new pairs: each new person against the pool (which includes the new ones)."""
    by_key = _index(pool)
    seen: set[tuple[int, int]] = set()
    rows = []
    for person in new:
        for other in _neighbours(person, by_key):
            pair = (min(person.id, other.id), max(person.id, other.id))
            if other.id == person.id or pair in seen:
                continue
            seen.add(pair)
            dates = names.date_match(person.born, other.born)
            score = names.same_person(person.name, other.name, dates) if dates else None
            if dates is not None and score is not None:
                rows.append(
                    {"low": pair[0], "high": pair[1], "score": round(score, 1), "dates": dates}
                )
    return rows


def _same_bsn(session: Session, people: dict[int, Person]) -> list[dict[str, Any]]:
    """Pairs whose import keys carry the same keyed BSN hash (profiles with ``bsn = "hash"``):
    the same person whatever the names say; still a pair for staff, never a silent merge."""
    hashes: dict[str, set[int]] = defaultdict(set)
    for chunk in _chunks(sorted(people)):
        held = sa_select(col(ImportKey.bsn_hmac)).where(
            col(ImportKey.entity) == "candidates",
            col(ImportKey.record_id).in_(chunk),
            col(ImportKey.bsn_hmac).is_not(None),
        )
        hashes.update({h: set() for (h,) in session.connection().execute(held) if h})
    for chunk in _chunks(sorted(hashes)):
        sharing = sa_select(col(ImportKey.bsn_hmac), col(ImportKey.record_id)).where(
            col(ImportKey.entity) == "candidates", col(ImportKey.bsn_hmac).in_(chunk)
        )
        for bsn_hmac, record_id in session.connection().execute(sharing):
            hashes[str(bsn_hmac)].add(record_id)
    others = _people(session, Candidate.id, {i for ids in hashes.values() for i in ids})
    known = {p.id: p for p in others}
    rows = []
    for ids in hashes.values():
        live = sorted(i for i in ids if i in known)
        for index, low in enumerate(live):
            for high in live[index + 1 :]:
                score = names.name_score(known[low].name, known[high].name)
                rows.append(
                    {"low": low, "high": high, "score": round(score, 1), "dates": "same_bsn"}
                )
    return rows


def find_duplicates(session: Session, candidate_ids: Iterable[int]) -> int:
    """Flag possible duplicates of ``candidate_ids`` (among themselves and against every
    candidate held) in the review queue; returns how many pairs are new.

    A pair already in the queue, whatever its status (open, merged, kept apart), is never
    added again. Nothing is merged: staff decide (``merge``, ``keep_apart``). Flushes only.
    """
    new = _people(session, Candidate.id, candidate_ids)
    if not new:
        return 0
    pool = _people(session, Candidate.pc4, {p.pc4 for p in new})
    found = pairs_among(new, pool)
    by_pair = {(r["low"], r["high"]): r for r in found}
    for row in _same_bsn(session, {p.id: p for p in new}):
        by_pair[(row["low"], row["high"])] = row  # the stronger evidence names the pair
    found = list(by_pair.values())
    known = _known_pairs(session, sorted({r["low"] for r in found} | {r["high"] for r in found}))
    now = utcnow()
    rows = [
        {
            "candidate_low_id": r["low"],
            "candidate_high_id": r["high"],
            "status": "open",
            "name_score": r["score"],
            "date_match": str(r["dates"]),
            "version": 1,
            "created_at": now,
        }
        for r in found
        if (r["low"], r["high"]) not in known
    ]
    for chunk in _chunks(rows):
        session.connection().execute(insert(_PAIRS), list(chunk))
    return len(rows)
