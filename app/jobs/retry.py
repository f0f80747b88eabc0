"""How often and when a failed job is tried again; the settings are read at each decision,
so a worker's environment (e.g. a test's short back-off) applies."""

from procrastinate import RetryDecision
from procrastinate.jobs import Job
from procrastinate.retry import BaseRetryStrategy

from app.core.config import get_settings


class Stop(Exception):
    """A job ends on purpose (cancelled, or replaced by a newer attempt): never retried."""


def backoff_s(previous_attempts: int) -> float:
    return float(get_settings().jobs_retry_backoff_seconds * 2**previous_attempts)


def attempts_left(previous_attempts: int) -> bool:
    """Whether a job that has been run ``previous_attempts`` times before this attempt may
    run again after this one."""
    return previous_attempts + 1 < get_settings().jobs_max_attempts


class Backoff(BaseRetryStrategy):
    """At most ``jobs_max_attempts`` runs in all, waiting backoff * 2**n between them."""

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        if isinstance(exception, Stop) or not attempts_left(job.attempts):
            return None
        return RetryDecision(retry_in={"seconds": round(backoff_s(job.attempts))})


def jobs_retry() -> Backoff:
    """The project's retry strategy (a task records its own status with ``attempts_left``)."""
    return Backoff()
