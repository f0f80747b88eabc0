"""Jobs whose worker stopped sending heartbeats: back in the queue, or failed after the last
attempt. Procrastinate finds them (``get_stalled_jobs``); a task that keeps its own status
(a match run) registers a handler here to record what happened."""

import asyncio
import datetime
import logging
from collections.abc import Callable
from typing import Any

from procrastinate.jobs import Status
from procrastinate.manager import JobManager

from app.core.config import get_settings
from app.jobs.retry import attempts_left, backoff_s

log = logging.getLogger("passend.jobs")

# task name -> handler(job id, task_kwargs, reason, gave_up); called in a thread, may use
# the DB.
StalledHandler = Callable[[int | None, dict[str, Any], str, bool], None]
HANDLERS: dict[str, StalledHandler] = {}


def on_stalled(task_name: str) -> Callable[[StalledHandler], StalledHandler]:
    def register(handler: StalledHandler) -> StalledHandler:
        HANDLERS[task_name] = handler
        return handler

    return register


async def retry_stalled(manager: JobManager) -> int:
    """Requeue (with back-off) or fail every job of a dead worker; returns how many."""
    settings = get_settings()
    stalled = await manager.get_stalled_jobs(
        seconds_since_heartbeat=settings.jobs_stalled_after_seconds
    )
    count = 0
    for job in stalled:
        again = attempts_left(job.attempts)
        reason = (
            f"attempt {job.attempts + 1}: its worker (#{job.worker_id}) stopped sending "
            f"heartbeats for {settings.jobs_stalled_after_seconds:g} s"
        )
        if again:
            wait_s = backoff_s(job.attempts)
            retry_at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=wait_s)
            await manager.retry_job(job, retry_at=retry_at)
            reason += f"; retried in {wait_s:g} s"
        else:
            await manager.finish_job(job, status=Status.FAILED, delete_job=False)
            reason += f"; no attempts left ({settings.jobs_max_attempts} in all)"
        log.warning("stalled job %s %s: %s", job.id, job.task_name, reason)
        handler = HANDLERS.get(job.task_name)
        if handler is not None:
            await asyncio.to_thread(handler, job.id, dict(job.task_kwargs), reason, not again)
        count += 1
    return count
