"""Background jobs: Procrastinate on PostgreSQL, the same job functions in process on SQLite.

Define a task on the shared app (any module; list it in ``app/jobs/tasks.py`` imports so that
workers know it)::

    from app.jobs.app import jobs_app
    from app.jobs.retry import jobs_retry

    @jobs_app.task(name="import_file", queue="imports", retry=jobs_retry())
    def import_file(upload_id: int) -> str:
        ...  # open its own Session(get_engine()); commit what it did; return a short summary

Defer it from a service, in the request's transaction::

    from app.jobs.defer import defer
    defer(session, import_file, upload_id=upload.id)

On PostgreSQL the job row is inserted through the session's own connection, so the job
exists exactly when the request's transaction commits (never a job for a rolled-back row,
never a committed row without its job). In process, the job is queued in memory right after
the commit. Queues served by default are ``QUEUES`` in ``app/jobs/app.py``; add a new one
there (and to ``PASSEND_JOBS_QUEUES`` where set). Periodic work: a task taking ``timestamp``
under ``@scheduled("name")`` with its cron in ``SCHEDULES`` (``app/jobs/tasks.py``). A task
whose own record should say what happened to a dead worker's job registers
``@on_stalled("task_name")`` (``app/jobs/stalled.py``; see ``app/matches/tasks.py``). Run
workers with ``passend worker``; failure semantics (retries, stalled workers, cancellation)
are in docs/decisions/180.
"""
