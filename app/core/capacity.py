"""How much one worker process takes on at once, all derived from one setting.

``PASSEND_CONCURRENCY`` (C) is the number of requests a process works on at the same time.
Everything that could make a request wait on another is sized from it (docs/decisions/100):

* admission: at most C requests are inside the application; up to ``C * queue_factor`` more
  wait at most ``queue_wait_seconds`` for a place; anything beyond is refused at once with
  503 + ``Retry-After`` (load shedding instead of collapse);
* threads: anyio's thread pool, which runs every synchronous route and dependency, gets C
  tokens, so an admitted request never waits for a thread;
* database: the pool holds C + ``BACKGROUND_CONNECTIONS`` connections (no overflow). A request
  holds at most one connection at a time (authentication closes its own before the request's
  session opens), so an admitted request never waits for a connection either, and the
  background threads (snapshot refresher, access-log sealer, job runner, readiness probe) have
  their own reserve.

Health, readiness and metrics bypass admission: they must answer under any load.
"""

import asyncio
import math
import time
from collections.abc import Callable

import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.errors import error_response

BACKGROUND_CONNECTIONS = 4
EXEMPT_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
EXEMPT_PREFIXES = ("/static/",)


def pool_size(concurrency: int) -> int:
    """Database connections one process needs: one per admitted request, plus the reserve."""
    return concurrency + BACKGROUND_CONNECTIONS


EXEMPT_THREADS = 2  # /metrics authenticates its key in a thread


def size_thread_pool(concurrency: int) -> None:
    """Give anyio's default thread limiter one token per admitted request (call in the loop)."""
    limiter = anyio.to_thread.current_default_thread_limiter()
    limiter.total_tokens = concurrency + EXEMPT_THREADS


def is_exempt(path: str) -> bool:
    return path in EXEMPT_PATHS or path.startswith(EXEMPT_PREFIXES)


class Admission:
    """ASGI middleware: at most ``limit`` requests inside, ``queue_max`` waiting, the rest 503.

    A waiting request gives up after ``wait_seconds``. ``Retry-After`` estimates when a place
    frees up from the recent service time, at least one second. ``on_shed`` and ``on_change``
    feed the metrics.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        limit: int,
        queue_max: int,
        wait_seconds: float,
        on_shed: Callable[[str], None] | None = None,
        on_change: Callable[[int, int], None] | None = None,
    ) -> None:
        self.app = app
        self.limit = limit
        self.queue_max = queue_max
        self.wait_seconds = wait_seconds
        self.on_shed = on_shed
        self.on_change = on_change
        self.inside = 0
        self.waiting = 0
        self._slots: asyncio.Semaphore | None = None  # made in the serving loop
        self._mean_seconds = 0.05

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_exempt(scope["path"]):
            await self.app(scope, receive, send)
            return
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.limit)
        slots = self._slots
        if slots.locked():
            if self.waiting >= self.queue_max:
                await self._shed(scope, receive, send, "queue_full")
                return
            self.waiting += 1
            self._changed()
            try:
                await asyncio.wait_for(slots.acquire(), self.wait_seconds)
            except TimeoutError:
                await self._shed(scope, receive, send, "wait_timeout")
                return
            finally:
                self.waiting -= 1
        else:
            await slots.acquire()
        self.inside += 1
        self._changed()
        started = time.monotonic()
        try:
            await self.app(scope, receive, send)
        finally:
            self.inside -= 1
            slots.release()
            self._changed()
            # An exponential moving average of the service time, for Retry-After.
            self._mean_seconds += 0.05 * (time.monotonic() - started - self._mean_seconds)

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self.inside, self.waiting)

    def retry_after_seconds(self) -> int:
        backlog = self.waiting + self.inside
        return max(1, math.ceil(backlog * self._mean_seconds / max(self.limit, 1)))

    async def _shed(self, scope: Scope, receive: Receive, send: Send, why: str) -> None:
        if self.on_shed is not None:
            self.on_shed(why)
        response = error_response(
            503, "overloaded", "The service is busy right now; try again after Retry-After seconds."
        )
        response.headers["Retry-After"] = str(self.retry_after_seconds())
        await response(scope, receive, send)
