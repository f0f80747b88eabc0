"""Keeping the suggestion snapshot fresh without making any request wait for it.

* A background thread per process checks the fingerprint every ``snapshot_refresh_seconds``
  and, when it changed, builds the next snapshot incrementally (``snapshot.build``) while the
  previous one keeps serving; every ``snapshot_full_rebuild_seconds`` it reads everything
  again. The refresher never takes more than ``MAX_REFRESH_SHARE`` of the process's time: after
  a refresh that took ``d`` seconds it waits at least ``d × 3``, so a steady stream of writes
  cannot starve the requests that share the interpreter with it. A change is therefore served
  within max(interval, 3·d) + d (about 0.6 s at 3,000 × 2,000, where d ≈ 0.1 s;
  ``make bench`` measures it as ``write_visible_s``).
* Requests never build, never wait for the refresher and never take its lock — except the very
  first request of a process that arrives before the first snapshot exists.
* Withdrawals and erasures must count on the very next request. ``overlay`` reads, per request,
  the candidates whose consent was withdrawn or who were erased after the snapshot was read
  (one indexed query, normally empty) and re-reads their consent state; a candidate who lost
  matching consent is left out, one who lost sharing consent is hidden from employers.
* ``snapshot_read_your_writes`` (tests only) makes a request whose fingerprint differs from the
  snapshot's build the new one itself, so a test can write and read back at once.
"""

import gc
import logging
import threading
import time
from dataclasses import dataclass

from sqlalchemy import Engine, union
from sqlmodel import Session, col, select

from app.candidates.models import Candidate
from app.consent.models import Consent
from app.consent.schemas import ConsentPurpose
from app.core import metrics, visibility
from app.core.config import get_settings
from app.core.timeutil import utcnow
from app.core.visibility import Subject
from app.matches.snapshot import COMMIT_LAG, Snapshot, build, fingerprint

_log = logging.getLogger("passend.snapshot")
# The share of one interpreter's time the refresher may use; the rest is for requests, which
# share the GIL with it. Below this, a write-heavy minute slows refreshes, not answers.
MAX_REFRESH_SHARE = 0.25


@dataclass(frozen=True)
class Overlay:
    """Changes since the snapshot that must count at once."""

    excluded: frozenset[int]  # no matching consent any more, or erased
    subjects: dict[int, Subject]  # fresh consent state of the others that changed

    def subject(self, snap: Snapshot, candidate_id: int) -> Subject:
        return self.subjects.get(candidate_id) or snap.subjects[candidate_id]


NO_CHANGES = Overlay(frozenset(), {})


def overlay(session: Session, snap: Snapshot) -> Overlay:
    since = snap.read_at - COMMIT_LAG
    withdrawn = select(Consent.candidate_id).where(
        Consent.updated_at >= since, col(Consent.withdrawn_on).is_not(None)
    )
    erased = select(Candidate.id).where(Candidate.erased_at >= since)  # type: ignore[operator]
    ids = {i for (i,) in session.execute(union(withdrawn, erased)).all() if i in snap.candidates}
    if not ids:
        return NO_CHANGES
    rows = session.exec(select(Candidate).where(col(Candidate.id).in_(sorted(ids)))).all()
    fresh = visibility.subjects(session, rows)
    excluded = {
        i
        for i in ids
        if i not in fresh
        or ConsentPurpose.matching not in fresh[i].purposes
        or any(r.id == i and r.erased_at is not None for r in rows)
    }
    return Overlay(frozenset(excluded), {i: s for i, s in fresh.items() if i not in excluded})


class SnapshotCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()  # held by whoever builds; requests only at first use
        self._current: Snapshot | None = None
        self._last_full = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def get(self, session: Session) -> Snapshot:
        current = self._current
        if current is None or (
            get_settings().snapshot_read_your_writes and current.fingerprint != fingerprint(session)
        ):
            with self._lock:
                self._refresh(session)
            current = self._current
        assert current is not None
        return current

    def refresh(self, engine: Engine) -> None:
        """Bring the snapshot up to date now (the refresher's step; also for tests and CLI)."""
        with Session(engine, expire_on_commit=False) as session, self._lock:
            self._refresh(session)

    def _refresh(self, session: Session) -> None:
        current = self._current
        if current is not None and current.fingerprint == fingerprint(session):
            return
        full_every = get_settings().snapshot_full_rebuild_seconds
        full = current is None or time.monotonic() - self._last_full > full_every
        started = time.perf_counter()
        if full:
            gc.unfreeze()  # the previous full snapshot's objects may be collected again
        self._current = build(session, None if full else current)
        metrics.SNAPSHOT_REBUILD.labels("full" if full else "incremental").observe(
            time.perf_counter() - started
        )
        if full:
            self._last_full = time.monotonic()
            del current
            _freeze_long_lived()

    def start(self, engine: Engine) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(engine,), name="snapshot-refresher", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self, engine: Engine) -> None:
        interval = get_settings().snapshot_refresh_seconds
        while not self._stop.is_set():
            started = time.perf_counter()
            try:
                self.refresh(engine)
            except Exception:  # a failed refresh keeps the previous snapshot serving
                _log.exception("snapshot refresh failed; serving the previous snapshot")
            spent_s = time.perf_counter() - started
            current = self._current
            if current is not None:
                metrics.SNAPSHOT_AGE.set((utcnow() - current.read_at).total_seconds())
            self._stop.wait(max(interval, spent_s * (1 - MAX_REFRESH_SHARE) / MAX_REFRESH_SHARE))


def _freeze_long_lived() -> None:
    """Take the snapshot out of the garbage collector's full collections.

    A snapshot is hundreds of thousands of objects (ORM rows, profiles) that live until the
    next full rebuild. Every full (generation-2) collection walked them all while every thread
    of the worker waited: 0.1 s at 3,000 × 2,000, about 0.7 s at 20,000 × 10,000, several
    times a minute under writes. After a full rebuild we collect once (the old snapshot's
    cycles) and freeze what survives, so later collections skip it; rows that incremental
    refreshes replace stay frozen until the next full rebuild unfreezes them (bounded by the
    rows changed in ``snapshot_full_rebuild_seconds``). ``passend_gc_pause_seconds`` shows it.
    """
    gc.collect()
    gc.freeze()


cache = SnapshotCache()
