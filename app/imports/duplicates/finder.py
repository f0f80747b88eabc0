"""Flag possible duplicates among new candidates and against everyone already held.

Blocking first, names last: candidates are grouped by PC4 and birth date (equal; equal but
for one masked digit, a group per position; day and month swapped), so the fuzzy name
comparison runs only on the handful of records that share a PC4 and a near birth date, never
on all pairs, and each pair is met in exactly one group. Reads only the five columns it
needs, in chunks.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, cast

from rapidfuzz import fuzz, process
from sqlalchemy import Table, insert, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.candidates.models import Candidate
from app.core.timeutil import utcnow
from app.imports import bulk
from app.imports.duplicates import names
from app.imports.duplicates.models import DuplicatePair
from app.imports.models import ImportKey

CHUNK = 5_000  # ids per IN list: far below SQLite's 32,766 bound variables
_PAIRS = cast(Table, DuplicatePair.__table__)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    pc4: str
    born: date
    name: names.NameKey
    digits: str  # ddmmyyyy, the blocking keys are built from it


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


@lru_cache(maxsize=200_000)
def _name_key(first: str, last: str) -> names.NameKey:
    return names.name_key(first, last)


def _people(session: Session, column: Any, values: Iterable[Any]) -> list[Person]:
    found = []
    wanted = sorted(set(values))
    for chunk in _chunks(wanted):
        statement = sa_select(
            col(Candidate.id), col(Candidate.pc4), col(Candidate.date_of_birth),
            col(Candidate.first_name), col(Candidate.last_name),
        ).where(
            bulk.among(session, col(column), chunk), col(Candidate.erased_at).is_(None)
        )  # fmt: skip
        for cid, pc4, born, first, last in session.connection().execute(statement):
            if cid is not None and pc4:
                key = _name_key(first, last)
                found.append(Person(cid, pc4, born, key, names.date_digits(born)))
    return found


def _pc4s_of(session: Session, ids: Sequence[int]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(ids):
        statement = (
            sa_select(col(Candidate.pc4))
            .where(
                bulk.among(session, col(Candidate.id), chunk), col(Candidate.erased_at).is_(None)
            )
            .distinct()  # a region has ~100 PC4s: send those, not a row per candidate
        )
        found.update(pc4 for (pc4,) in session.connection().execute(statement) if pc4)
    return found


def _known_pairs(session: Session, ids: Sequence[int]) -> set[tuple[int, int]]:
    known: set[tuple[int, int]] = set()
    for chunk in _chunks(ids):
        statement = select(DuplicatePair.candidate_low_id, DuplicatePair.candidate_high_id).where(
            or_(
                bulk.among(session, col(DuplicatePair.candidate_low_id), chunk, "low_ids"),
                bulk.among(session, col(DuplicatePair.candidate_high_id), chunk, "high_ids"),
            )
        )
        known.update((low, high) for low, high in session.exec(statement).all())
    return known


EXACT, SWAPPED = -1, -2  # group kinds beside the masked digit positions 0..7
KINDS = (EXACT, SWAPPED, *range(8))


def _key(person: Person, kind: int) -> str | None:
    d = person.digits
    if kind == EXACT:
        return person.pc4 + d
    if kind == SWAPPED:
        other = names.swapped(person.born)
        return None if other is None else person.pc4 + min(d, names.date_digits(other))
    return person.pc4 + d[:kind] + d[kind + 1 :]


def _keys(pool: list[Person], kind: int) -> list[str | None]:
    """Every person's group key of one kind, in pool order (comprehensions, not a call each:
    a million calls were most of a 100,000-row import's duplicates check)."""
    if kind == EXACT:
        return [p.pc4 + p.digits for p in pool]
    if kind == SWAPPED:
        return [_key(p, SWAPPED) for p in pool]
    return [p.pc4 + p.digits[:kind] + p.digits[kind + 1 :] for p in pool]


def _buckets(
    pool: list[Person], new: list[Person]
) -> Iterator[tuple[names.DateMatch, list[Person]]]:
    """Groups in which every pair has the same date relation, each pair in exactly one group:
    equal dates; one digit apart (a group per masked position; equal dates are counted in
    their exact group only); day and month swapped (a group per unordered pair of dates).
    One kind at a time, and only groups a new person is in, so memory stays one index.
    Keys are counted first (in C): most people share a key with nobody and get no list."""
    everyone = len(new) == len(pool)
    for kind in KINDS:
        relation = {EXACT: names.DateMatch.exact, SWAPPED: names.DateMatch.swapped}.get(
            kind, names.DateMatch.one_digit
        )
        keys = _keys(pool, kind)
        counts = Counter(keys)
        shared = {key for key, count in counts.items() if count > 1 and key is not None}
        if not everyone:
            shared &= set(_keys(new, kind))
        groups: dict[str, list[Person]] = defaultdict(list)
        for key, person in zip(keys, pool, strict=True):
            if key in shared:
                groups[key].append(person)
        del keys, counts, shared
        for group in groups.values():
            yield relation, group


PAIRS_PER_ROUND = 20_000  # pairs whose first names are compared in one rapidfuzz call


def _candidate_pairs(
    new: list[Person], pool: list[Person]
) -> Iterator[list[tuple[Person, Person, names.DateMatch]]]:
    """The pairs the groups make (each new person against the pool), in rounds."""
    fresh = {p.id for p in new}
    everyone = len(fresh) == len(pool)
    round_: list[tuple[Person, Person, names.DateMatch]] = []
    for dates, group in _buckets(pool, new):
        exact = dates == names.DateMatch.exact
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.id == b.id or not (everyone or a.id in fresh or b.id in fresh):
                    continue
                if not exact and a.digits == b.digits:
                    continue  # equal dates share every group; counted once, as exact
                round_.append((a, b, dates))
        if len(round_) >= PAIRS_PER_ROUND:
            yield round_
            round_ = []
    yield round_


def pairs_among(new: list[Person], pool: list[Person]) -> list[dict[str, Any]]:
    """Rows for new pairs: each new person against the pool (which includes the new ones).

    Most pairs in a group have first names far apart; rapidfuzz's ``cpdist`` rates a whole
    round of them in one call, and only those that may fit (a ratio of at least
    ``FIRST_NAME_MIN``, or an initial) go through ``names.same_person``, which decides."""
    rows = []
    for round_ in _candidate_pairs(new, pool):
        if not round_:
            continue
        ratios = process.cpdist(
            [a.name.first for a, _, _ in round_],
            [b.name.first for _, b, _ in round_],
            scorer=fuzz.ratio,
        )
        for (a, b, dates), ratio in zip(round_, ratios.tolist(), strict=True):
            if ratio < names.FIRST_NAME_MIN and len(a.name.first) != 1 != len(b.name.first):
                continue  # cannot fit: not close enough, and neither is an initial
            score = names.same_person(a.name, b.name, dates)
            if score is not None:
                low, high = min(a.id, b.id), max(a.id, b.id)
                rows.append({"low": low, "high": high, "score": round(score, 1), "dates": dates})
    return rows


def _same_bsn(session: Session, people: dict[int, Person]) -> list[dict[str, Any]]:
    """Pairs whose import keys carry the same keyed BSN hash (profiles with ``bsn = "hash"``):
    the same person whatever the names say; still a pair for staff, never a silent merge."""
    hashes: dict[str, set[int]] = defaultdict(set)
    for chunk in _chunks(sorted(people)):
        held = sa_select(col(ImportKey.bsn_hmac)).where(
            col(ImportKey.entity) == "candidates",
            bulk.among(session, col(ImportKey.record_id), chunk),
            col(ImportKey.bsn_hmac).is_not(None),
        )
        hashes.update({h: set() for (h,) in session.connection().execute(held) if h})
    for chunk in _chunks(sorted(hashes)):
        sharing = sa_select(col(ImportKey.bsn_hmac), col(ImportKey.record_id)).where(
            col(ImportKey.entity) == "candidates",
            bulk.among(session, col(ImportKey.bsn_hmac), chunk),
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
    ids = sorted(set(candidate_ids))
    pc4s = _pc4s_of(session, ids)
    if not pc4s:
        return 0
    pool = _people(session, Candidate.pc4, pc4s)
    wanted = set(ids)
    new = [p for p in pool if p.id in wanted]
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
