"""Deferring a job as part of the caller's transaction (see the package docstring)."""

import json
import logging
from typing import Any

from procrastinate.tasks import Task
from sqlalchemy import event, text
from sqlmodel import Session

from app.core.config import get_settings
from app.jobs.app import backend

log = logging.getLogger("passend.jobs")
_PENDING = "passend_jobs_pending"

# procrastinate_defer_jobs_v1 is what Procrastinate 3.10's own `defer` calls (its
# sql/queries.sql, "defer_jobs"); calling it on the session's connection makes the job part
# of the request's transaction. A Procrastinate upgrade that renames it fails
# tests/jobs/test_jobs.py.
_DEFER = text(
    "SELECT unnest(procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, NULL, NULL, "
    "CAST(:args AS jsonb), NULL)::procrastinate_job_to_defer_v1])) AS id"
)
_CANCEL = text("SELECT procrastinate_cancel_job_v1(:job_id, true, false) AS id")


def defer(session: Session, task: Task[Any, Any, Any], **kwargs: Any) -> int | None:
    """Queue ``task(**kwargs)`` when ``session`` commits. Returns the job id on PostgreSQL
    (None in process, where the job only exists after the commit)."""
    if _in_database():
        row = session.connection().execute(
            _DEFER, {"queue": task.queue, "task": task.name, "args": json.dumps(kwargs)}
        )
        return int(row.scalar_one())
    session.info.setdefault(_PENDING, []).append((task, kwargs))
    return None


def cancel(session: Session, job_id: int | None) -> None:
    """Cancel a queued job (or ask a running one to stop) in the caller's transaction."""
    if job_id is not None and _in_database():
        session.connection().execute(_CANCEL, {"job_id": job_id})


def _in_database() -> bool:
    return backend(get_settings()) == "procrastinate"


@event.listens_for(Session, "after_commit")
def _defer_pending(session: Session) -> None:
    for task, kwargs in session.info.pop(_PENDING, []):
        try:
            task.defer(**kwargs)
        except Exception:  # the row is committed; in process, a restart re-queues it
            log.exception("could not queue %s(%s) in process", task.name, kwargs)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)
