"""An engine index of the candidates who consented to matching and the active workplaces.

Building it from the database is the expensive part of a suggestion (about a second for a
region of 3,000 × 2,000), so no request builds it: a background refresher (``refresher.py``)
checks a cheap fingerprint and, when it changed, reloads only the rows changed since the last
snapshot, patches them into the previous index (``matching.patch``; when rows came or went
or a shared table changed, re-indexes the cached profiles instead) and swaps the new snapshot
in; requests keep using the previous one meanwhile. A full reload runs now and then as a
safety net.

"Changed" is decided per row: the snapshot remembers the ``updated_at`` of every row it saw
inside the commit-lag window (``seen``), and a row in that window is reloaded only when its
``updated_at`` differs. Without that, every refresh re-read every row written in the last
30 seconds, which under a steady 5 % write mix made each refresh cost as much as ~100 rows of
ORM loading (decision 100, point 4). Each changed profile is checked once when it is
converted; the index is then rebuilt from checked profiles without checking them all again.

A candidate without an active ``matching`` consent is never loaded: their data is not
processed for matching at all (purpose limitation). Withdrawals and erasures made after a
snapshot was read are overlaid per request (``refresher.Overlay``), so they count at once.
"""

from collections.abc import KeysView, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from sqlalchemy import func
from sqlmodel import Session, col, select

from app.candidates.models import Candidate
from app.consent import service as consent
from app.consent.models import Consent
from app.consent.schemas import ConsentPurpose
from app.core import visibility
from app.core.timeutil import utcnow
from app.core.visibility import Subject
from app.core.vocab import Readiness, WorkplaceStatus
from app.employers.models import Employer, Workplace
from app.matches.convert import candidate_from_row, workplace_from_row
from matching import (
    CandidateProfile,
    MatchIndex,
    RowMemo,
    WorkplaceProfile,
    build_index,
    check_candidate,
    check_workplace,
)
from matching.patch import patch_index
from matching.rowmemo import rows

Fingerprint = tuple[object, ...]
RowKey = tuple[str, int]  # (table, row id)
# A row's updated_at is set before its transaction commits; rows are reloaded from this long
# before the last snapshot's read time, so a slow commit is not missed.
COMMIT_LAG = timedelta(seconds=30)


@dataclass(frozen=True)
class Snapshot:
    fingerprint: Fingerprint
    read_at: datetime  # its rows are at least as new as this moment
    index: MatchIndex
    candidate_pos: dict[int, int]
    workplace_pos: dict[int, int]
    candidates: dict[int, Candidate]
    workplaces: dict[int, Workplace]
    # Consent state for the visibility matrix, read with the rows.
    subjects: dict[int, Subject]
    # Per index position, for eligibility masks.
    shared: npt.NDArray[np.bool_]  # active share_pseudonymous consent
    ready: npt.NDArray[np.bool_]  # readiness "ready" (the date is checked per request)
    confirmed_ordinal: npt.NDArray[np.int64]  # readiness_confirmed_on as a day number
    cand_available_ordinal: npt.NDArray[np.int64]  # available_from as a day number, 0 = now
    place_type: npt.NDArray[np.str_]
    kind: npt.NDArray[np.str_]
    # Workplace freshness (docs/decisions/143); masks for "today" are built per request.
    wp_confirmed_ordinal: npt.NDArray[np.int64]  # confirmed_on as a day number
    wp_available_ordinal: npt.NDArray[np.int64]  # available_from as a day number, 0 = now
    wp_capacity: npt.NDArray[np.int64]
    # Engine profiles by id, reused by the next incremental refresh.
    candidate_profiles: dict[int, CandidateProfile] = field(repr=False)
    workplace_profiles: dict[int, WorkplaceProfile] = field(repr=False)
    # updated_at of every input row inside the commit-lag window when this snapshot was read.
    seen: dict[RowKey, datetime] = field(default_factory=dict, repr=False)
    # Per-row work of the index build and of the arrays above, for the next refresh.
    memo: RowMemo = field(default_factory=RowMemo, repr=False, compare=False)

    def readiness_mask(self, on: date, max_age_days: int) -> npt.NDArray[np.bool_]:
        oldest = (on - timedelta(days=max_age_days)).toordinal()
        return self.ready & (self.confirmed_ordinal >= oldest)

    def candidates_available(self, on: date) -> npt.NDArray[np.bool_]:
        return self.cand_available_ordinal <= on.toordinal()

    def workplaces_expired(self, on: date, max_age_days: int) -> npt.NDArray[np.bool_]:
        oldest = (on - timedelta(days=max_age_days)).toordinal()
        return self.wp_confirmed_ordinal < oldest

    def workplaces_not_yet_available(self, on: date) -> npt.NDArray[np.bool_]:
        return self.wp_available_ordinal > on.toordinal()

    def workplaces_full(self, open_counts: dict[int, int]) -> npt.NDArray[np.bool_]:
        """Workplaces whose open placements (workplace id → count) use every place."""
        taken = np.zeros(len(self.workplace_pos), dtype=np.int64)
        known = [
            (self.workplace_pos[w], n) for w, n in open_counts.items() if w in self.workplace_pos
        ]
        if known:
            positions, counts = zip(*known, strict=True)
            taken[list(positions)] = counts
        return taken >= self.wp_capacity


def _fingerprint_statement() -> Any:
    columns = []
    for model in (Candidate, Workplace, Employer, Consent):
        columns += [
            select(func.count(model.id)).scalar_subquery(),  # type: ignore[arg-type]
            select(func.max(model.updated_at)).scalar_subquery(),
        ]
    return select(*columns)


_FINGERPRINT = _fingerprint_statement()


def fingerprint(session: Session) -> Fingerprint:
    """Row count and latest ``updated_at`` of every input table, in one round trip."""
    row = session.exec(_FINGERPRINT).one()
    return tuple(v.isoformat() if isinstance(v, datetime) else v for v in row)


def _load_candidates(session: Session, ids: set[int] | None) -> list[Candidate]:
    statement = select(Candidate).where(
        col(Candidate.id).in_(consent.active_ids_query(ConsentPurpose.matching))
    )
    if ids is not None:
        if not ids:
            return []
        statement = statement.where(col(Candidate.id).in_(sorted(ids)))
    return list(session.exec(statement).all())


def _load_workplaces(session: Session, ids: set[int] | None) -> list[Workplace]:
    statement = select(Workplace).where(Workplace.status == WorkplaceStatus.active)
    if ids is not None:
        if not ids:
            return []
        statement = statement.where(col(Workplace.id).in_(sorted(ids)))
    return list(session.exec(statement).all())


def _recent_rows(session: Session, since: datetime) -> dict[RowKey, tuple[datetime, int]]:
    """Rows changed since ``since``: (table, id) → (updated_at, the candidate, workplace or
    employer id it affects). Four indexed range queries, normally a handful of rows."""
    queries = {
        "candidate": select(Candidate.id, Candidate.id, Candidate.updated_at),
        "consent": select(Consent.id, Consent.candidate_id, Consent.updated_at),
        "workplace": select(Workplace.id, Workplace.id, Workplace.updated_at),
        "employer": select(Employer.id, Employer.id, Employer.updated_at),
    }
    out: dict[RowKey, tuple[datetime, int]] = {}
    for table, query in queries.items():
        stamp_column = query.selected_columns[2]
        rows_since = session.connection().execute(query.where(stamp_column >= since))
        for ident, owner, stamp in rows_since.all():
            out[(table, int(ident))] = (stamp, int(owner))
    return out


def _changed_ids(
    session: Session, recent: dict[RowKey, tuple[datetime, int]], seen: dict[RowKey, datetime]
) -> tuple[set[int], set[int], set[int], set[int]]:
    """Ids to reload (rows whose updated_at moved since ``seen``), and the current consenting
    and active id sets."""
    # Plain Core reads: through the ORM, loading these thousands of ids cost more than the rest
    # of an incremental refresh.
    connection = session.connection()
    consenting = set(
        connection.execute(consent.active_ids_query(ConsentPurpose.matching)).scalars().all()
    )
    active_query = select(Workplace.id).where(Workplace.status == WorkplaceStatus.active)
    active = set(connection.execute(active_query).scalars().all())
    moved = [(key[0], owner) for key, (stamp, owner) in recent.items() if seen.get(key) != stamp]
    cands = {owner for table, owner in moved if table in ("candidate", "consent")}
    wps = {owner for table, owner in moved if table == "workplace"}
    employers = sorted({owner for table, owner in moved if table == "employer"})
    if employers:
        statement = select(Workplace.id).where(col(Workplace.employer_id).in_(employers))
        wps |= {int(i) for i in session.exec(statement).all() if i is not None}
    return cands, wps, consenting, active


def build(session: Session, previous: Snapshot | None = None) -> Snapshot:
    """A new snapshot: everything read again, or (given ``previous``) only what changed."""
    read_at = utcnow()
    key = fingerprint(session)
    # Read what changed before the rows themselves: a row committed in between is loaded in
    # its newer version and, its updated_at differing from ``seen``, simply read again next time.
    recent = _recent_rows(session, read_at - COMMIT_LAG)
    if previous is None:
        cand_rows = {c.id: c for c in _load_candidates(session, None) if c.id is not None}
        wp_rows = {w.id: w for w in _load_workplaces(session, None) if w.id is not None}
        subjects = visibility.subjects(session, cand_rows.values())
        cand_profiles = _checked_candidates(cand_rows)
        wp_profiles = _checked_workplaces(wp_rows)
        fresh_rows: list[Candidate | Workplace] = [*cand_rows.values(), *wp_rows.values()]
    else:
        changed_c, changed_w, consenting, active = _changed_ids(session, recent, previous.seen)
        reload_c = (changed_c | (consenting - previous.candidates.keys())) & consenting
        reload_w = (changed_w | (active - previous.workplaces.keys())) & active
        fresh_c = {c.id: c for c in _load_candidates(session, reload_c) if c.id is not None}
        fresh_w = {w.id: w for w in _load_workplaces(session, reload_w) if w.id is not None}
        keep_c = consenting - reload_c
        keep_w = active - reload_w
        cand_rows = {i: previous.candidates[i] for i in keep_c if i in previous.candidates}
        cand_rows |= fresh_c
        wp_rows = {i: previous.workplaces[i] for i in keep_w if i in previous.workplaces}
        wp_rows |= fresh_w
        subjects = {i: previous.subjects[i] for i in cand_rows if i not in fresh_c}
        subjects |= visibility.subjects(session, fresh_c.values())
        cand_profiles = {i: previous.candidate_profiles[i] for i in cand_rows if i not in fresh_c}
        cand_profiles |= _checked_candidates(fresh_c)
        wp_profiles = {i: previous.workplace_profiles[i] for i in wp_rows if i not in fresh_w}
        wp_profiles |= _checked_workplaces(fresh_w)
        fresh_rows = [*fresh_c.values(), *fresh_w.values()]
        fresh_ids = (fresh_c.keys(), fresh_w.keys())
    for row in fresh_rows:
        if row in session:
            session.expunge(row)  # kept read-only across requests
    seen = {row: stamp for row, (stamp, _) in recent.items()}
    if previous is not None:
        patched = _patched(
            previous, key, read_at, cand_rows, wp_rows, subjects, cand_profiles, wp_profiles,
            fresh_ids,
        )  # fmt: skip
        if patched is not None:
            return replace(patched, seen=seen)
    memo = RowMemo() if previous is None else previous.memo
    snap = _assemble(key, read_at, cand_rows, wp_rows, subjects, cand_profiles, wp_profiles, memo)
    return replace(snap, seen=seen)


def _patched(
    previous: Snapshot,
    key: Fingerprint,
    read_at: datetime,
    cand_rows: dict[int, Candidate],
    wp_rows: dict[int, Workplace],
    subjects: dict[int, Subject],
    cand_profiles: dict[int, CandidateProfile],
    wp_profiles: dict[int, WorkplaceProfile],
    fresh_ids: tuple[KeysView[int], KeysView[int]],
) -> Snapshot | None:
    """``previous`` with only the rows read again (``fresh_ids``: candidates, workplaces)
    rewritten (``matching.patch``), or None when rows came or went or a change touches a
    table of the whole data set."""
    if cand_rows.keys() != previous.candidates.keys():
        return None
    if wp_rows.keys() != previous.workplaces.keys():
        return None
    cand_ids, wp_ids = list(previous.candidate_pos), list(previous.workplace_pos)
    index = patch_index(
        previous.index, [cand_profiles[i] for i in cand_ids], [wp_profiles[i] for i in wp_ids]
    )
    if index is None:
        return None
    c_ids, w_ids = sorted(fresh_ids[0]), sorted(fresh_ids[1])
    c_pos = [previous.candidate_pos[i] for i in c_ids]
    w_pos = [previous.workplace_pos[i] for i in w_ids]
    cands = [_candidate_row(cand_rows[i]) for i in c_ids]
    by_candidate = _candidate_columns(cands, subjects, c_ids)
    by_workplace = _workplace_columns([_workplace_row(wp_rows[i]) for i in w_ids])
    columns: dict[str, Any] = {
        name: _rows_set(getattr(previous, name), c_pos, values)
        for name, values in by_candidate.items()
    }
    columns |= {
        name: _rows_set(getattr(previous, name), w_pos, values)
        for name, values in by_workplace.items()
    }
    return replace(
        previous,
        fingerprint=key,
        read_at=read_at,
        index=index,
        candidates={i: cand_rows[i] for i in cand_ids},
        workplaces={i: wp_rows[i] for i in wp_ids},
        subjects=subjects,
        candidate_profiles=cand_profiles,
        workplace_profiles=wp_profiles,
        **columns,
    )


def _rows_set(
    array: npt.NDArray[Any], positions: list[int], values: npt.NDArray[Any]
) -> npt.NDArray[Any]:
    """A copy of ``array`` (the snapshot being replaced may still be serving a request) with
    ``values`` at ``positions``; a string array widens when a new value is longer."""
    if not positions:
        return array
    out = array.astype(np.promote_types(array.dtype, values.dtype))  # always a copy
    out[positions] = values
    return out


def _checked_candidates(rows: dict[int, Candidate]) -> dict[int, CandidateProfile]:
    profiles = {i: candidate_from_row(c) for i, c in rows.items()}
    for profile in profiles.values():
        check_candidate(profile)
    return profiles


def _checked_workplaces(rows: dict[int, Workplace]) -> dict[int, WorkplaceProfile]:
    profiles = {i: workplace_from_row(w) for i, w in rows.items()}
    for profile in profiles.values():
        check_workplace(profile)
    return profiles


def _assemble(
    key: Fingerprint,
    read_at: datetime,
    cand_rows: dict[int, Candidate],
    wp_rows: dict[int, Workplace],
    subjects: dict[int, Subject],
    cand_profiles: dict[int, CandidateProfile],
    wp_profiles: dict[int, WorkplaceProfile],
    memo: RowMemo,
) -> Snapshot:
    cand_ids, wp_ids = sorted(cand_rows), sorted(wp_rows)
    index = build_index(
        [cand_profiles[i] for i in cand_ids],
        [wp_profiles[i] for i in wp_ids],
        validate=False,
        memo=memo,
    )
    cands = rows(memo, "snapshot_candidate", [cand_rows[i] for i in cand_ids], _candidate_row)
    wps = rows(memo, "snapshot_workplace", [wp_rows[i] for i in wp_ids], _workplace_row)
    return Snapshot(
        fingerprint=key,
        read_at=read_at,
        index=index,
        candidate_pos={i: n for n, i in enumerate(cand_ids)},
        workplace_pos={i: n for n, i in enumerate(wp_ids)},
        candidates={i: cand_rows[i] for i in cand_ids},
        workplaces={i: wp_rows[i] for i in wp_ids},
        subjects=subjects,
        **_candidate_columns(cands, subjects, cand_ids),
        **_workplace_columns(wps),
        candidate_profiles=cand_profiles,
        workplace_profiles=wp_profiles,
        memo=memo,
    )


class _CandidateRow(NamedTuple):
    ready: bool
    confirmed: int  # day numbers; available 0 = now
    available: int


def _candidate_row(c: Candidate) -> _CandidateRow:
    return _CandidateRow(
        c.readiness == Readiness.ready,
        c.readiness_confirmed_on.toordinal(),
        _ordinal(c.available_from),
    )


class _WorkplaceRow(NamedTuple):
    place_type: str
    kind: str
    confirmed: int
    available: int
    capacity: int


def _workplace_row(w: Workplace) -> _WorkplaceRow:
    return _WorkplaceRow(
        str(w.place_type), str(w.kind), w.confirmed_on.toordinal(), _ordinal(w.available_from),
        w.capacity,
    )  # fmt: skip


def _candidate_columns(
    derived: Sequence[_CandidateRow], subjects: dict[int, Subject], ids: list[int]
) -> dict[str, Any]:
    """The snapshot's per-candidate arrays for these rows (``ids`` in the same order)."""
    shared = [ConsentPurpose.share_pseudonymous in subjects[i].purposes for i in ids]
    return {
        "shared": np.array(shared, dtype=bool),
        "ready": np.array([c.ready for c in derived], dtype=bool),
        "confirmed_ordinal": np.array([c.confirmed for c in derived], dtype=np.int64),
        "cand_available_ordinal": np.array([c.available for c in derived], dtype=np.int64),
    }


def _workplace_columns(derived: Sequence[_WorkplaceRow]) -> dict[str, Any]:
    """The snapshot's per-workplace arrays for these rows."""
    return {
        "place_type": np.array([w.place_type for w in derived], dtype=np.str_),
        "kind": np.array([w.kind for w in derived], dtype=np.str_),
        "wp_confirmed_ordinal": np.array([w.confirmed for w in derived], dtype=np.int64),
        "wp_available_ordinal": np.array([w.available for w in derived], dtype=np.int64),
        "wp_capacity": np.array([w.capacity for w in derived], dtype=np.int64),
    }


def _ordinal(day: date | None) -> int:
    return 0 if day is None else day.toordinal()
