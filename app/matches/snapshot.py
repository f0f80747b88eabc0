"""A cached engine index of the candidates who consented to matching and active workplaces.

Building the index costs ~100 ms for a region; ranking on it costs ~1 ms. The snapshot is
rebuilt only when a cheap fingerprint (row counts and latest ``updated_at`` of candidates,
workplaces, employers and consents) changes, so every process — and every machine — sees
fresh data without any cross-process cache invalidation. A candidate without an active
``matching`` consent is never loaded into the index: their data is not processed for matching
at all (purpose limitation), and a withdrawal changes the fingerprint, so it counts at once.
"""

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.candidates.models import Candidate
from app.consent import service as consent
from app.consent.models import Consent
from app.consent.schemas import ConsentPurpose
from app.core import visibility
from app.core.visibility import Subject
from app.core.vocab import WorkplaceStatus
from app.employers.models import Employer, Workplace
from app.matches.convert import candidate_from_row, workplace_from_row
from matching import MatchIndex, build_index

Fingerprint = tuple[object, ...]


@dataclass(frozen=True)
class Snapshot:
    fingerprint: Fingerprint
    index: MatchIndex
    candidate_pos: dict[int, int]
    workplace_pos: dict[int, int]
    candidates: dict[int, Candidate]
    workplaces: dict[int, Workplace]
    # Consent state for the visibility matrix, read with the rows: the fingerprint covers the
    # consent table, so it is as fresh as they are (reading it per request cost ~0.4 s at 20k).
    subjects: dict[int, Subject]


def _fingerprint_statement() -> Any:
    columns = []
    for model in (Candidate, Workplace, Employer, Consent):
        columns += [
            select(func.count(model.id)).scalar_subquery(),  # type: ignore[arg-type]
            select(func.max(model.updated_at)).scalar_subquery(),
        ]
    return select(*columns)


# Built once: constructing the statement cost more per request than running it.
_FINGERPRINT = _fingerprint_statement()


def fingerprint(session: Session) -> Fingerprint:
    """Row count and latest ``updated_at`` of every input table, in one round trip.

    This runs on every suggestion request, so it is one statement of scalar subqueries
    rather than one query per table.
    """
    row = session.exec(_FINGERPRINT).one()
    return tuple(v.isoformat() if isinstance(v, datetime) else v for v in row)


def _build(session: Session, key: Fingerprint) -> Snapshot:
    consenting = consent.active_ids_query(ConsentPurpose.matching)
    candidates = list(
        session.exec(
            select(Candidate).where(col(Candidate.id).in_(consenting)).order_by(col(Candidate.id))
        ).all()
    )
    workplaces = list(
        session.exec(
            select(Workplace)
            .where(Workplace.status == WorkplaceStatus.active)
            .order_by(col(Workplace.id))
        ).all()
    )
    index = build_index(
        [candidate_from_row(c) for c in candidates], [workplace_from_row(w) for w in workplaces]
    )
    subjects = visibility.subjects(session, candidates)
    for row in [*candidates, *workplaces]:
        session.expunge(row)  # kept read-only across requests
    return Snapshot(
        fingerprint=key,
        index=index,
        candidate_pos={c.id: i for i, c in enumerate(candidates) if c.id is not None},
        workplace_pos={w.id: i for i, w in enumerate(workplaces) if w.id is not None},
        candidates={c.id: c for c in candidates if c.id is not None},
        workplaces={w.id: w for w in workplaces if w.id is not None},
        subjects=subjects,
    )


class SnapshotCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current: Snapshot | None = None

    def get(self, session: Session) -> Snapshot:
        key = fingerprint(session)
        current = self._current
        if current is not None and current.fingerprint == key:
            return current
        with self._lock:
            if self._current is None or self._current.fingerprint != key:
                self._current = _build(session, key)
            return self._current


cache = SnapshotCache()
