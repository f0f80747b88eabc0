"""Match-run worker: claims queued runs from the database and executes them.

The queue is the ``match_run`` table, so any number of workers — threads in the web process
(the SQLite default) or ``python -m app.cli worker`` processes on other machines sharing a
PostgreSQL database — can serve it. A claim is a conditional UPDATE (queued → running), so two
workers never run the same job; a run whose worker stopped sending heartbeats is re-queued.
"""

import logging
import os
import socket
import threading
from datetime import timedelta

from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from app.core.timeutil import utcnow
from app.matches import national
from app.matches.models import MatchRun
from app.matches.runner import execute

log = logging.getLogger("passend.worker")
STALE_AFTER = timedelta(minutes=5)
MAX_ATTEMPTS = 3


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def requeue_stale(session: Session) -> int:
    cutoff = utcnow() - STALE_AFTER
    result = session.exec(
        update(MatchRun)
        .where(col(MatchRun.status) == "running", col(MatchRun.heartbeat_at) < cutoff)
        .values(status="queued", worker_id=None)
    )
    session.commit()
    return int(result.rowcount or 0)


def claim(session: Session, worker_id: str) -> int | None:
    """Take the oldest queued run; None when there is nothing to do."""
    candidates = session.exec(
        select(MatchRun.id).where(MatchRun.status == "queued").order_by(col(MatchRun.id)).limit(5)
    ).all()
    for run_id in candidates:
        now = utcnow()
        result = session.exec(
            update(MatchRun)
            .where(col(MatchRun.id) == run_id, col(MatchRun.status) == "queued")
            .values(
                status="running",
                worker_id=worker_id,
                started_at=now,
                heartbeat_at=now,
                attempts=MatchRun.attempts + 1,
                progress_pct=5,
            )
        )
        session.commit()
        if result.rowcount == 1 and run_id is not None:
            return int(run_id)
    return None


def run_one(engine: Engine, worker_id: str) -> int | None:
    """Claim and execute one run. Returns its id, or None when the queue was empty."""
    with Session(engine) as session:
        requeue_stale(session)
        national.settle_open(session)  # country-wide runs whose children all ended
        run_id = claim(session, worker_id)
    if run_id is None:
        return None
    with Session(engine) as progress_session, Session(engine) as session:

        def progress(pct: int) -> None:
            progress_session.exec(
                update(MatchRun)
                .where(col(MatchRun.id) == run_id)
                .values(progress_pct=pct, heartbeat_at=utcnow())
            )
            progress_session.commit()

        run = session.get(MatchRun, run_id)
        assert run is not None
        try:
            execute(session, run, progress)
            session.commit()
        except Exception as exc:  # a run must end in a visible state, whatever broke
            session.rollback()
            log.exception("match run %s failed", run_id)
            failed = session.get(MatchRun, run_id)
            assert failed is not None
            failed.status = "failed" if failed.attempts >= MAX_ATTEMPTS else "queued"
            failed.error = f"{type(exc).__name__}: {exc}"[:2000]
            failed.finished_at = utcnow() if failed.status == "failed" else None
            session.add(failed)
            session.commit()
        parent_id = session.get(MatchRun, run_id).parent_id  # type: ignore[union-attr]
        if parent_id is not None:
            national.settle(session, parent_id)
    return run_id


class WorkerThread:
    """A background thread that serves the queue; one per web process by default."""

    def __init__(self, engine: Engine, poll_s: float = 0.5) -> None:
        self.engine = engine
        self.poll_s = poll_s
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="match-worker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        name = worker_name()
        while not self._stop.is_set():
            try:
                ran = run_one(self.engine, name)
            except Exception:
                log.exception("worker loop error")
                ran = None
            if ran is None:
                self._wake.wait(self.poll_s)
                self._wake.clear()
