"""Imports uploaded over HTTP run in the background, in a bounded thread pool per process.

``run_import_job(import_id)`` is the whole job: it needs nothing but the id (the file is in
the import's folder, the actor is the import's account), so moving it onto a job queue
(Procrastinate: ``@app.task`` on this function, ``defer(import_id=...)`` in ``submit``) is a
one-line change (decision 176). The pool's size is ``import_workers``; more uploads wait in
its queue, so a burst never runs more imports at once than that.
"""

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from sqlmodel import Session

from app.accounts.models import Account
from app.core.config import get_settings
from app.core.db import get_engine
from app.core.security import principal_of
from app.imports import service, storage
from app.imports.models import DataImport

log = logging.getLogger(__name__)
_pool: ThreadPoolExecutor | None = None
_lock = threading.Lock()
# Progress of the jobs of this process (SQLite writes the import row only at the end).
PROGRESS: dict[int, float] = {}


def run_import_job(import_id: int) -> str:
    """Run one queued import from its stored upload; returns its final status."""
    engine = get_engine()
    with Session(engine) as session:
        record = session.get(DataImport, import_id)
        account = session.get(Account, record.actor_id) if record else None
        if record is None or account is None:
            return "missing"
        actor = principal_of(session, account)
        dry_run = record.dry_run
    upload = storage.path_of(import_id, storage.UPLOAD)
    rejected = storage.path_of(import_id, storage.REJECTED)

    def progress(state: service.ImportProgress) -> None:
        PROGRESS[import_id] = round(100 * state.fraction, 1)

    try:
        report = service.run_import(
            engine, import_id=import_id, path=upload, actor=actor, progress=progress,
            rejected_csv=rejected,
        )  # fmt: skip
        if report.problems:
            service.write_problems_csv(report, storage.path_of(import_id, storage.PROBLEMS))
        if not report.rejected:
            rejected.unlink(missing_ok=True)
        return report.status
    except Exception:  # recorded as failed by run_import; the pool must keep working
        log.exception("import %s failed", import_id)
        return "failed"
    finally:
        PROGRESS.pop(import_id, None)
        if not dry_run:  # a dry run keeps the file until it is confirmed or expires
            storage.drop_upload(import_id)


def start() -> None:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(
                max_workers=get_settings().import_workers, thread_name_prefix="import"
            )
    storage.clean_old(get_settings().import_keep_hours)


def stop() -> None:
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=False)


def submit(import_id: int) -> Future[str]:
    """Queue the job (after the request committed the import row)."""
    if _pool is None:
        start()
    assert _pool is not None
    return _pool.submit(run_import_job, import_id)
