"""Counting how often each candidate is suggested, off the request's critical path.

A suggestion request calls :func:`record_suggested` with the candidates it showed: that adds
to an in-memory counter under a lock held for a few dictionary updates, never touching the
database. The counts are written as one row per candidate per day (an upsert adding to the
day's counter) by a background thread at most every ``PASSEND_EXPOSURE_FLUSH_SECONDS``, by
the report before it reads, and at exit. A crash loses at most one interval of counts; the
report says "at least this often" (decision 163).
"""

import atexit
import threading
import time
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import Engine
from sqlalchemy.dialects import postgresql, sqlite

from app.core.config import get_settings
from app.core.db import get_engine
from app.core.timeutil import today
from app.fairness.models import ExposureCount


class ExposureCounter:
    def __init__(self) -> None:
        self._counts: Counter[int] = Counter()
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._last_flush = time.monotonic()
        self._flushing = False

    def add(self, candidate_ids: Iterable[int]) -> None:
        start_flush = False
        with self._lock:
            self._counts.update(candidate_ids)
            due = time.monotonic() - self._last_flush >= get_settings().exposure_flush_seconds
            if due and not self._flushing and self._counts:
                self._flushing = start_flush = True
                self._last_flush = time.monotonic()
        if start_flush:
            threading.Thread(target=self._flush_in_background, daemon=True).start()

    def _flush_in_background(self) -> None:
        try:
            self.flush()
        finally:
            with self._lock:
                self._flushing = False

    def reset(self) -> None:
        """Drop counts not yet written: for a database that was just emptied (tests)."""
        with self._lock:
            self._counts.clear()

    def flush(self, engine: Engine | None = None) -> int:
        """Write the counts so far; returns how many candidates got a count."""
        with self._flush_lock:
            with self._lock:
                counts, self._counts = self._counts, Counter()
            if not counts:
                return 0
            try:
                _upsert(engine or get_engine(), counts)
            except Exception:
                with self._lock:  # keep them for the next flush rather than losing them
                    self._counts.update(counts)
                raise
            return len(counts)


def _upsert(engine: Engine, counts: Counter[int]) -> None:
    table = ExposureCount.__table__  # type: ignore[attr-defined]
    day = today()
    # Sorted, so two processes flushing overlapping candidates lock rows in the same order.
    rows = [
        {"candidate_id": c, "day": day, "times_suggested": n} for c, n in sorted(counts.items())
    ]
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=["candidate_id", "day"],
        set_={"times_suggested": table.c.times_suggested + statement.excluded.times_suggested},
    )
    with engine.begin() as connection:
        connection.execute(statement, rows)


COUNTER = ExposureCounter()


def record_suggested(candidate_ids: Iterable[int]) -> None:
    """Count one appearance in a suggestion list for each of these candidates (cheap)."""
    COUNTER.add(candidate_ids)


def flush() -> int:
    return COUNTER.flush()


@atexit.register
def _flush_at_exit() -> None:
    try:
        COUNTER.flush()
    except Exception:  # the database may already be gone at exit: nothing else to do
        return
