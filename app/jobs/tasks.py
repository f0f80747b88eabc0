"""Every task a worker knows, and the periodic schedules (cron, UTC; a sixth field is
seconds). Periodic jobs are deferred by whichever worker's clock comes first; the database
keeps each schedule tick to one job."""

import logging
from collections.abc import Callable
from typing import TypeVar

from procrastinate import JobContext
from sqlmodel import Session

import app.imports.jobs  # uploaded imports (the task registers on import)
import app.matches.tasks  # noqa: F401 - match runs
from app.core.config import get_settings
from app.core.db import get_engine
from app.jobs import periodic
from app.jobs.app import jobs_app
from app.jobs.stalled import retry_stalled

log = logging.getLogger("passend.jobs")
_SETTINGS = get_settings()
_CHECK_S = _SETTINGS.jobs_stalled_check_seconds

SCHEDULES = {
    "retry_stalled_jobs": f"* * * * * */{_CHECK_S}",
    "settle_country_runs": "* * * * *",
    "seal_access_log": "* * * * *",
    "follow_up_digest": "30 5 * * *",
    "confirm_reminders": "0 6 * * *",
    "retention": "15 2 * * *",
    "delete_old_jobs": "45 2 * * *",
}

T = TypeVar("T")
ALWAYS = ("retry_stalled_jobs", "settle_country_runs")  # part of the failure semantics


def scheduled(name: str) -> Callable[[T], T]:
    """Register the task under its schedule, unless PASSEND_JOBS_PERIODIC is off (tests that
    control time themselves); the stalled-job check always runs."""
    if not _SETTINGS.jobs_periodic and name not in ALWAYS:
        return lambda task: task
    return jobs_app.periodic(cron=SCHEDULES[name], periodic_id=name)  # type: ignore[return-value]


@scheduled("retry_stalled_jobs")
@jobs_app.task(
    name="retry_stalled_jobs",
    queue="periodic",
    queueing_lock="retry_stalled_jobs",
    pass_context=True,
)
async def retry_stalled_jobs(context: JobContext, timestamp: int) -> str:
    """Jobs of workers that died go back in the queue (or fail after the last attempt)."""
    return f"{await retry_stalled(context.app.job_manager)} stalled jobs handled"


@scheduled("settle_country_runs")
@jobs_app.task(name="settle_country_runs", queue="periodic", queueing_lock="settle_country_runs")
def settle_country_runs(timestamp: int) -> str:
    """Backstop: a country-wide run whose last child ended without settling it (cancelled,
    or failed by the stalled-job check) is brought up to date."""
    from app.matches import national

    with Session(get_engine()) as session:
        national.settle_open(session)
    return "country-wide runs settled"


@scheduled("seal_access_log")
@jobs_app.task(name="seal_access_log", queue="periodic", queueing_lock="seal_access_log")
def seal_access_log(timestamp: int) -> str:
    """Seal pending access-log rows and checkpoint the new head (decision 120 and 182)."""
    return periodic.seal_access_log(get_engine())


@scheduled("follow_up_digest")
@jobs_app.task(name="follow_up_digest", queue="periodic", queueing_lock="follow_up_digest")
def follow_up_digest(timestamp: int) -> str:
    """Per jobhunter: follow-ups and contract-end alerts due today or overdue (counts)."""
    with Session(get_engine()) as session:
        return periodic.follow_up_digest(session, get_settings().outbox_dir)


@scheduled("confirm_reminders")
@jobs_app.task(name="confirm_reminders", queue="periodic", queueing_lock="confirm_reminders")
def confirm_reminders(timestamp: int) -> str:
    """`passend confirm-reminders`, with the links handed to the outbox for mailing."""
    with Session(get_engine(), expire_on_commit=False) as session:
        return periodic.confirm_reminders(session, get_settings().outbox_dir)


@scheduled("retention")
@jobs_app.task(name="retention", queue="periodic", queueing_lock="retention")
def retention(timestamp: int) -> str:
    """`passend retention`: erase candidates inactive for the retention period."""
    with Session(get_engine()) as session:
        return periodic.retention(session, get_settings().retention_inactive_months)


@scheduled("delete_old_jobs")
@jobs_app.task(
    name="delete_old_jobs", queue="periodic", queueing_lock="delete_old_jobs", pass_context=True
)
async def delete_old_jobs(context: JobContext, timestamp: int) -> str:
    """Finished job rows older than 30 days (match runs keep their own record)."""
    await context.app.job_manager.delete_old_jobs(nb_hours=24 * 30, include_failed=True)
    return "old jobs deleted"
