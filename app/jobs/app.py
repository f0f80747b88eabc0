"""The one Procrastinate app every task is registered on, and the connector settings choose.

Tasks are registered at import time, but which database (and whether a database at all) is
only known from the settings at start-up, so the app is created with an in-memory connector
and ``use_backend`` swaps in the real one before a worker starts or a job is deferred.
"""

import os
import socket

import procrastinate
from procrastinate.testing import InMemoryConnector
from sqlalchemy import make_url

from app.core.config import Settings

# The queues a worker serves unless told otherwise (`passend worker --queue`).
QUEUES = ("match_runs", "imports", "periodic")

jobs_app = procrastinate.App(
    connector=InMemoryConnector(),
    import_paths=["app.jobs.tasks"],
    # A worker that starts after an outage does not catch up on periodic jobs older than this.
    periodic_defaults={"max_delay": 600},
)


def queues(settings: Settings) -> list[str]:
    """The queues a worker of this process serves (``PASSEND_JOBS_QUEUES``, else all)."""
    named = [q.strip() for q in settings.jobs_queues.split(",") if q.strip()]
    return named or list(QUEUES)


def backend(settings: Settings) -> str:
    """``procrastinate`` or ``inprocess``: what ``jobs_backend`` means for this database."""
    if settings.jobs_backend != "auto":
        return settings.jobs_backend
    return "procrastinate" if settings.database_url.startswith("postgresql") else "inprocess"


def conninfo(database_url: str) -> str:
    """The psycopg connection string for a SQLAlchemy URL (``postgresql+psycopg://…``)."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def use_backend(settings: Settings) -> str:
    """Point the app at the database (or at a fresh in-memory queue); returns the backend."""
    chosen = backend(settings)
    connector: procrastinate.BaseConnector
    if chosen == "procrastinate":
        if not settings.database_url.startswith("postgresql"):
            raise ValueError("PASSEND_JOBS_BACKEND=procrastinate needs a PostgreSQL database")
        connector = procrastinate.PsycopgConnector(
            conninfo=conninfo(settings.database_url),
            kwargs={"application_name": f"passend-jobs {worker_name()}"[:63]},
            min_size=1,
            max_size=4,
        )
    else:
        connector = InMemoryConnector()
    jobs_app.connector = connector
    jobs_app.job_manager.connector = connector
    return chosen


def in_memory() -> InMemoryConnector | None:
    connector = jobs_app.connector
    return connector if isinstance(connector, InMemoryConnector) else None
