"""The match-run job: claim the run, execute it with a heartbeat, record every outcome.

The ``match_run`` row is the run's public record; Procrastinate's job only carries it. Each
attempt claims the row (``attempts`` + 1), and only the attempt that claimed it last may
write: the final write locks the row and checks that ``attempts`` and ``status`` are still
this attempt's (``runner.execute``). So a worker that was presumed dead but is still
running, or a run cancelled meanwhile, writes nothing; proposals are replaced in the same
transaction that marks the run finished (unique per run, candidate and workplace).
"""

import asyncio
import logging
import threading
from typing import Any

from procrastinate import JobContext
from procrastinate.exceptions import JobAborted
from sqlalchemy import Engine, update
from sqlmodel import Session, col, or_, select

from app.core.config import get_settings
from app.core.db import get_engine
from app.core.timeutil import utcnow
from app.jobs.app import jobs_app, worker_name
from app.jobs.defer import defer
from app.jobs.retry import Stop, attempts_left, backoff_s, jobs_retry
from app.jobs.stalled import on_stalled
from app.matches import national
from app.matches.models import MatchRun
from app.matches.runner import execute

log = logging.getLogger("passend.worker")
ACTIVE = ("queued", "running")


def queue_job(session: Session, run: MatchRun) -> None:
    """Defer the run's job in this transaction: the job exists exactly when the run does."""
    assert run.id is not None
    run.job_id = defer(session, run_match, run_id=run.id)
    session.add(run)
    session.flush()


def _its_job(job_id: int | None) -> Any:
    """The run names this job (on PostgreSQL every run records its job's id): a job acts only
    on the run that names it, never on a run that happens to have its run_id today."""
    if job_id is None:
        return True
    return or_(col(MatchRun.job_id).is_(None), col(MatchRun.job_id) == job_id)


def claim(engine: Engine, run_id: int, job_id: int | None = None) -> int | None:
    """Mark the run running for this attempt; its attempt number, or None when the run is
    finished or cancelled, or is not this job's (nothing to do)."""
    now = utcnow()
    with Session(engine) as session:
        result = session.exec(
            update(MatchRun)
            .where(
                col(MatchRun.id) == run_id,
                col(MatchRun.status).in_(ACTIVE),
                _its_job(job_id),
            )
            .values(
                status="running",
                attempts=MatchRun.attempts + 1,
                worker_id=worker_name()[:80],
                started_at=now,
                heartbeat_at=now,
                progress_pct=5,
                finished_at=None,
            )
        )
        if result.rowcount != 1:
            return None
        attempt = session.get(MatchRun, run_id)
        session.commit()
        return attempt.attempts if attempt else None


def _touch(engine: Engine, run_id: int, attempt: int, **values: Any) -> bool:
    """Heartbeat (and progress) while the run is still this attempt's; False otherwise."""
    with Session(engine) as session:
        result = session.exec(
            update(MatchRun)
            .where(
                col(MatchRun.id) == run_id,
                col(MatchRun.status) == "running",
                col(MatchRun.attempts) == attempt,
            )
            .values(heartbeat_at=utcnow(), **values)
        )
        session.commit()
        return result.rowcount == 1


class Heartbeat:
    """Writes ``heartbeat_at`` every ``jobs_heartbeat_seconds`` during the run; ``check`` (at
    every phase) raises ``Stop`` once the run was cancelled or taken over."""

    def __init__(self, engine: Engine, run_id: int, attempt: int) -> None:
        self.engine, self.run_id, self.attempt = engine, run_id, attempt
        self.interval_s = get_settings().jobs_heartbeat_seconds
        self._done = threading.Event()
        self._lost = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="run-heartbeat", daemon=True)

    def __enter__(self) -> "Heartbeat":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._done.wait(self.interval_s):
            try:
                if not _touch(self.engine, self.run_id, self.attempt):
                    self._lost.set()
                    return
            except Exception:  # a lost connection: the next beat tries again
                log.warning("heartbeat of run %s failed", self.run_id, exc_info=True)

    def progress(self, pct: int) -> None:
        if self._lost.is_set() or not _touch(
            self.engine, self.run_id, self.attempt, progress_pct=pct
        ):
            raise Stop(f"run {self.run_id} was cancelled or taken over by a newer attempt")


def run_row_status(engine: Engine, run_id: int) -> str | None:
    with Session(engine) as session:
        return session.exec(select(MatchRun.status).where(col(MatchRun.id) == run_id)).first()


def _record_failure(engine: Engine, run_id: int, attempt: int, reason: str, final: bool) -> None:
    with Session(engine) as session:
        session.exec(
            update(MatchRun)
            .where(col(MatchRun.id) == run_id, col(MatchRun.status).in_(ACTIVE))
            .where(col(MatchRun.attempts) == attempt)
            .values(
                status="failed" if final else "queued",
                error=reason[:2000],
                finished_at=utcnow() if final else None,
                worker_id=None,
            )
        )
        session.commit()


def settle_parent(engine: Engine, run_id: int) -> None:
    """A country-wide run follows its children: settle it when one of them ended."""
    with Session(engine) as session:
        parent_id = session.exec(
            select(MatchRun.parent_id).where(col(MatchRun.id) == run_id)
        ).first()
        if parent_id is not None:
            national.settle(session, parent_id)


@jobs_app.task(name="match_run", queue="match_runs", pass_context=True, retry=jobs_retry())
def run_match(context: JobContext, run_id: int) -> str:
    """Execute one match run (an attempt); raises to let Procrastinate retry it."""
    try:
        return _attempt(context, run_id)
    finally:
        settle_parent(get_engine(), run_id)


def _attempt(context: JobContext, run_id: int) -> str:
    engine = get_engine()
    attempt = claim(engine, run_id, context.job.id)
    if attempt is None:
        return f"run {run_id}: finished or cancelled before this attempt, nothing to do"
    previous = context.job.attempts
    try:
        with Heartbeat(engine, run_id, attempt) as beat, Session(engine) as session:
            run = session.get(MatchRun, run_id)
            assert run is not None
            execute(session, run, beat.progress, attempt=attempt)
            session.commit()
            return f"run {run_id}: {run.status}, {run.n_proposals} proposals"
    except Stop as stop:  # cancelled or superseded: this attempt ends, writing nothing
        log.info("match run %s stopped: %s", run_id, stop)
        if run_row_status(engine, run_id) == "cancelled":
            raise JobAborted(f"run {run_id} was cancelled") from stop  # the job: "aborted"
        return f"run {run_id}: {stop}"
    except Exception as exc:
        again = attempts_left(previous)
        reason = f"attempt {attempt}: {type(exc).__name__}: {exc}"
        if again:
            reason += f"; retried in {backoff_s(previous):g} s"
        else:
            reason += f"; no attempts left ({get_settings().jobs_max_attempts} in all)"
        log.exception("match run %s failed", run_id)
        _record_failure(engine, run_id, attempt, reason, final=not again)
        raise


def _lost_runs(engine: Engine) -> list[int]:
    with Session(engine) as session:
        parents = select(MatchRun.parent_id).where(col(MatchRun.parent_id).is_not(None))
        ids = session.exec(
            select(MatchRun.id).where(
                col(MatchRun.status).in_(ACTIVE), col(MatchRun.id).not_in(parents)
            )
        ).all()
    return [i for i in ids if i is not None]


async def requeue_in_process(engine: Engine) -> int:
    """In process the queue lives in memory: at start, queue again every run a previous
    process left queued or running (with one process per SQLite file, none is running).
    Runs on the worker's event loop, before the worker starts."""
    ids = await asyncio.to_thread(_lost_runs, engine)
    for run_id in ids:
        await run_match.defer_async(run_id=run_id)
    return len(ids)


@on_stalled("match_run")
def _stalled(job_id: int | None, task_kwargs: dict[str, Any], reason: str, gave_up: bool) -> None:
    run_id = int(task_kwargs["run_id"])
    engine = get_engine()
    with Session(engine) as session:
        run = session.exec(
            select(MatchRun).where(col(MatchRun.id) == run_id, _its_job(job_id))
        ).first()
        if run is None:
            return
        attempt = run.attempts
    _record_failure(engine, run_id, attempt, reason, final=gave_up)
    if gave_up:
        settle_parent(engine, run_id)
