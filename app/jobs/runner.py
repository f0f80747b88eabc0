"""Running a Procrastinate worker: in the foreground (`passend worker`) or in a thread of the
web process. Both use the same options, read from the settings."""

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from app.core.config import Settings
from app.jobs.app import backend as backend_for
from app.jobs.app import jobs_app, queues, use_backend, worker_name

log = logging.getLogger("passend.jobs")


def worker_options(settings: Settings, backend: str) -> dict[str, Any]:
    return {
        "name": worker_name(),
        "update_heartbeat_interval": settings.jobs_heartbeat_seconds,
        "stalled_worker_timeout": settings.jobs_stalled_after_seconds,
        "fetch_job_polling_interval": settings.jobs_poll_seconds,
        # Cancellation is cooperative (a run checks its own row between phases); this only
        # tells Procrastinate's bookkeeping sooner.
        "abort_job_polling_interval": settings.jobs_poll_seconds,
        # In process, the in-memory queue wakes the worker thread directly.
        "listen_notify": True,
        "shutdown_graceful_timeout": 30,
    }


def refuse_without_postgres(settings: Settings) -> None:
    """Before anything is loaded or logged: a worker of its own needs the shared database."""
    if backend_for(settings) != "procrastinate":
        raise SystemExit(
            "passend worker needs PostgreSQL (PASSEND_DATABASE_URL=postgresql+psycopg://…); "
            "with SQLite the web process runs the jobs itself."
        )


def run_foreground(
    settings: Settings, *, serve: Iterable[str] | None = None, concurrency: int = 1
) -> None:
    """`passend worker`: serve jobs until SIGINT/SIGTERM (a running job may finish first)."""
    refuse_without_postgres(settings)
    import app.jobs.tasks  # noqa: F401 - every task must be registered before the worker starts

    backend = use_backend(settings)
    jobs_app.run_worker(
        queues=list(serve or queues(settings)),
        concurrency=concurrency,
        **worker_options(settings, backend),
    )


class WorkerThread:
    """A worker with its own event loop in a thread of the web process. ``on_start`` (a
    coroutine function) runs on that loop once the app is open (the in-process backend
    re-queues lost runs there). If the worker ever stops by itself (its database connection
    lost for good), it starts again after a pause."""

    restart_pause_s = 2.0

    def __init__(
        self, settings: Settings, on_start: Callable[[], Awaitable[object]] | None = None
    ) -> None:
        import app.jobs.tasks  # noqa: F401

        self.backend = use_backend(settings)
        self.settings = settings
        self.on_start = on_start
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._ready = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="jobs-worker", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._ready.wait(timeout=30)

    def stop(self) -> None:
        self._stopping.set()
        loop, task = self._loop, self._task
        if loop is not None and task is not None and not loop.is_closed():
            loop.call_soon_threadsafe(task.cancel)
        self._thread.join(timeout=40)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                asyncio.run(self._main())
            except asyncio.CancelledError:  # stop() cancels the worker: it ends here
                pass
            except Exception:
                log.exception("the jobs worker of this process failed")
            if not self._stopping.wait(self.restart_pause_s):
                log.error("the jobs worker of this process stopped; starting it again")

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._task = asyncio.current_task()
        try:
            async with jobs_app.open_async():
                if self.on_start is not None:
                    await self.on_start()
                    self.on_start = None
                self._ready.set()
                await jobs_app.run_worker_async(
                    queues=queues(self.settings),
                    install_signal_handlers=False,
                    **worker_options(self.settings, self.backend),
                )
        finally:
            self._ready.set()


_shared: WorkerThread | None = None
_users = 0
_lock = threading.Lock()


def start_in_process(
    settings: Settings, on_start: Callable[[], Awaitable[object]] | None = None
) -> None:
    """One worker per process, however many app instances it serves (tests run several):
    the Procrastinate app, and with it the in-memory queue, is process-wide."""
    global _shared, _users
    with _lock:
        _users += 1
        if _shared is None:
            _shared = WorkerThread(settings, on_start)
            _shared.start()


def stop_in_process() -> None:
    global _shared, _users
    with _lock:
        _users = max(0, _users - 1)
        if _users == 0 and _shared is not None:
            _shared.stop()
            _shared = None
