"""Imports uploaded over HTTP run as background jobs on the project's job layer (app/jobs).

``import_file`` is a Procrastinate task on the ``imports`` queue (decision 180): on
PostgreSQL any ``passend worker`` (or the web process's worker thread) runs it, on SQLite the
web process does, in process. The job needs nothing but the import's id: the file is in the
import's folder (``storage``; shared by web and workers, so one host or a shared volume) and
the actor is the import's account. A worker that dies mid-import leaves nothing half-written
(the data is one transaction); the stalled-job check runs it again, and after the last
attempt the import is recorded as failed (decision 176).
"""

import asyncio
import logging
from typing import Any

from sqlmodel import Session, col, select

from app.accounts.models import Account
from app.core.config import get_settings
from app.core.db import get_engine
from app.core.security import principal_of
from app.core.timeutil import utcnow
from app.imports import service, storage
from app.imports.models import DataImport
from app.jobs.app import jobs_app
from app.jobs.defer import defer
from app.jobs.retry import jobs_retry
from app.jobs.stalled import on_stalled

log = logging.getLogger("passend.imports")
ACTIVE = ("queued", "running")
# Progress of the jobs this process runs (SQLite writes the import row only at the end).
PROGRESS: dict[int, float] = {}


def run_import_job(import_id: int) -> str:
    """Run one queued import from its stored upload; returns its final status."""
    engine = get_engine()
    with Session(engine) as session:
        record = session.get(DataImport, import_id)
        account = session.get(Account, record.actor_id) if record else None
        if record is None or account is None or record.status not in ACTIVE:
            return "nothing to do"
        actor = principal_of(session, account)
        dry_run = record.dry_run
    upload = storage.path_of(import_id, storage.UPLOAD)
    if not upload.exists():
        _fail(import_id, "The uploaded file is gone (expired or removed); upload it again.")
        return "failed"
    rejected = storage.path_of(import_id, storage.REJECTED)

    def progress(state: service.ImportProgress) -> None:
        PROGRESS[import_id] = round(100 * state.fraction, 1)

    try:
        report = service.run_import(
            engine, import_id=import_id, path=upload, actor=actor, progress=progress,
            rejected_csv=rejected,
        )  # fmt: skip
    finally:
        PROGRESS.pop(import_id, None)
    if report.problems:
        service.write_problems_csv(report, storage.path_of(import_id, storage.PROBLEMS))
        ids = "".join(f"{i}\n" for i in dict.fromkeys(report.reported_ids))
        storage.path_of(import_id, storage.REPORTED_IDS).write_text(ids, encoding="utf-8")
    if not report.rejected:
        rejected.unlink(missing_ok=True)
    if not dry_run:  # a dry run keeps the file until it is confirmed or expires
        storage.drop_upload(import_id)
    return report.status


@jobs_app.task(name="import_file", queue="imports", retry=jobs_retry())
def import_file(import_id: int) -> str:
    """The job: one uploaded import. An exception (a bug: ``run_import`` records it as failed
    first) is retried like any job; the import's own row says how it ended."""
    return f"import {import_id}: {run_import_job(import_id)}"


def queue(import_id: int) -> None:
    """Defer the job in a transaction of its own (the import row is committed already)."""
    with Session(get_engine()) as session:
        defer(session, import_file, import_id=import_id)
        session.commit()


def _fail(import_id: int, message: str) -> None:
    with Session(get_engine()) as session:
        record = session.get(DataImport, import_id)
        if record is not None and record.status in ACTIVE:
            record.status, record.message, record.finished_at = "failed", message, utcnow()
            session.add(record)
            session.commit()


@on_stalled("import_file")
def _stalled(_job_id: int | None, task_kwargs: dict[str, Any], reason: str, gave_up: bool) -> None:
    if gave_up:
        _fail(int(task_kwargs["import_id"]), f"The import's worker stopped: {reason}")


def _left_over() -> list[int]:
    """Imports a previous process left queued or running: those whose file is kept; the
    others are failed with a clear message."""
    with Session(get_engine()) as session:
        ids = session.exec(select(DataImport.id).where(col(DataImport.status).in_(ACTIVE))).all()
    kept = []
    for import_id in ids:
        if import_id is None:
            continue
        if storage.path_of(import_id, storage.UPLOAD).exists():
            kept.append(import_id)
        else:
            _fail(import_id, "The service restarted and the file is gone; upload it again.")
    return kept


async def requeue_in_process() -> int:
    """In process the queue lives in memory: at start, queue again every import a previous
    process left unfinished. Runs on the worker's event loop, before the worker starts."""
    ids = await asyncio.to_thread(_left_over)
    for import_id in ids:
        await import_file.defer_async(import_id=import_id)
    return len(ids)


def clean_files() -> int:
    """Delete import folders older than ``import_keep_hours`` (at start-up and each upload)."""
    return storage.clean_old(get_settings().import_keep_hours)
