"""Admission control, the JSON 500 and the metrics, on small apps with the real middleware."""

import asyncio
import gc
import re
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app.core.capacity import Admission, pool_size
from app.core.middleware import SecurityHeaders, ServerErrors
from tests.conftest import Api


def _slow_app(release: asyncio.Event) -> Starlette:
    async def slow(_: Request) -> JSONResponse:
        await release.wait()
        return JSONResponse({"ok": True})

    async def healthz(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(routes=[Route("/slow", slow), Route("/healthz", healthz)])


def _client(app: object) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    return httpx.AsyncClient(transport=transport, base_url="http://test")


def _run(coroutine: Coroutine[Any, Any, None]) -> None:
    """On a loop of its own in a thread: the browser tests keep a loop on the main thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def test_over_capacity_answers_503_with_retry_after_and_health_still_answers() -> None:
    _run(_over_capacity())


async def _over_capacity() -> None:
    release = asyncio.Event()
    shed: list[str] = []
    app = SecurityHeaders(
        Admission(_slow_app(release), limit=2, queue_max=1, wait_seconds=0.2, on_shed=shed.append),
        behind_tls=False,
    )
    async with _client(app) as client:
        pending = [asyncio.create_task(client.get("/slow")) for _ in range(6)]
        await asyncio.sleep(0.05)
        health = await client.get("/healthz")  # exempt from admission
        assert health.status_code == 200
        await asyncio.sleep(0.3)  # the queued one gives up after 0.2 s
        release.set()
        answers = await asyncio.gather(*pending)
    codes = sorted(r.status_code for r in answers)
    assert codes == [200, 200, 503, 503, 503, 503]
    for response in answers:
        if response.status_code == 503:
            assert int(response.headers["Retry-After"]) >= 1
            assert response.json()["error"] == "overloaded"
            assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert sorted(shed) == ["queue_full", "queue_full", "queue_full", "wait_timeout"]


def test_an_error_below_the_handlers_is_our_json_500_with_security_headers() -> None:
    _run(_error_below_handlers())


async def _error_below_handlers() -> None:
    class Broken:
        async def __call__(self, scope: object, receive: object, send: object) -> None:
            raise RuntimeError("a middleware failed")

    app = SecurityHeaders(ServerErrors(Broken()), behind_tls=False)  # type: ignore[arg-type]
    async with _client(app) as client:
        response = await client.get("/anything")
    assert response.status_code == 500
    assert response.json() == {
        "error": "internal",
        "detail": "Something went wrong on our side; it has been logged.",
        "fields": {},
    }
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_pool_holds_one_connection_per_admitted_request_plus_background() -> None:
    assert pool_size(8) == 12
    assert pool_size(1) == 5


def test_metrics_report_latency_per_route_in_flight_and_snapshot(admin: Api) -> None:
    admin.get("/api/v1/me")
    response = admin.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    body = response.text
    assert re.search(r'passend_request_duration_seconds_count\{.*route="/api/v1/me".*\} \d', body)
    for name in (
        "passend_requests_in_flight",
        "passend_requests_shed_total",
        "passend_snapshot_rebuild_seconds",
        "passend_db_pool_connections_in_use",
    ):
        assert name in body
    # Collections happen all the time in a Python process that answered requests; a worker's
    # stalls must be visible per generation.
    gc.collect()
    body = admin.get("/metrics").text
    assert re.search(r'passend_gc_pause_seconds_count\{generation="2"\} [1-9]', body), body[:500]
