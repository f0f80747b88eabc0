"""Prometheus metrics: request latency per route, in-flight and shed requests, the suggestion
snapshot's age and rebuild time, database pool use and garbage-collection pauses.

With several worker processes (`passend serve --workers N`) the ``PROMETHEUS_MULTIPROC_DIR``
environment variable is set before the workers start, and prometheus-client then keeps each
process's values in files there; ``/metrics`` adds them up, whichever worker answers.
"""

import gc
import os
import time

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy import Engine, event
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUEST_SECONDS = Histogram(
    "passend_request_duration_seconds",
    "Time from the request reaching the service to the end of the response, per route.",
    ["method", "route", "status"],
    buckets=LATENCY_BUCKETS,
)
IN_FLIGHT = Gauge(
    "passend_requests_in_flight",
    "Requests being worked on (admitted).",
    multiprocess_mode="livesum",
)
WAITING = Gauge(
    "passend_requests_waiting",
    "Requests waiting for a place (admission queue).",
    multiprocess_mode="livesum",
)
SHED = Counter(
    "passend_requests_shed_total",
    "Requests answered 503 + Retry-After because the service was over capacity.",
    ["reason"],
)
SNAPSHOT_AGE = Gauge(
    "passend_snapshot_age_seconds",
    "Age of the data the suggestion snapshot serves (oldest over the worker processes).",
    multiprocess_mode="max",
)
SNAPSHOT_REBUILD = Histogram(
    "passend_snapshot_rebuild_seconds",
    "Time to refresh the suggestion snapshot, by kind (full or incremental).",
    ["kind"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
POOL_IN_USE = Gauge(
    "passend_db_pool_connections_in_use",
    "Database connections checked out of the pool.",
    multiprocess_mode="livesum",
)
POOL_SIZE = Gauge(
    "passend_db_pool_connections",
    "Database connections the pool may hold.",
    multiprocess_mode="livesum",
)


GC_PAUSE = Histogram(
    "passend_gc_pause_seconds",
    "Time the interpreter stopped every thread to collect garbage, by generation. A long "
    "generation-2 pause stalls every request of that worker at once.",
    ["generation"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
)


def admission_changed(inside: int, waiting: int) -> None:
    IN_FLIGHT.set(inside)
    WAITING.set(waiting)


def shed(reason: str) -> None:
    SHED.labels(reason).inc()


def watch_pool(engine: Engine, size: int) -> None:
    """Count checked-out connections through the pool's own events."""
    POOL_SIZE.set(size)
    event.listen(engine, "checkout", lambda *_: POOL_IN_USE.inc())
    event.listen(engine, "checkin", lambda *_: POOL_IN_USE.dec())


def watch_gc() -> None:
    """Time every garbage collection through the interpreter's own callbacks (once per process)."""
    if _time_gc in gc.callbacks:
        return
    gc.callbacks.append(_time_gc)


_gc_started: list[float] = [0.0]  # collections never overlap: the interpreter runs one at a time


def _time_gc(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        _gc_started[0] = time.perf_counter()
    else:
        GC_PAUSE.labels(str(info["generation"])).observe(time.perf_counter() - _gc_started[0])


def exposition() -> tuple[bytes, str]:
    """The text format Prometheus scrapes, for this process or all worker processes."""
    if MULTIPROCESS:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


class RequestMetrics:
    """ASGI middleware: latency and status per route template (never the raw path, whose ids
    would make one series per candidate)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            route = scope.get("route")
            name = getattr(route, "path", None) or "unmatched"
            REQUEST_SECONDS.labels(scope.get("method", ""), name, str(status)).observe(
                time.perf_counter() - started
            )
