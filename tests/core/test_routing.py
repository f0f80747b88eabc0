"""One thread hop per request (app/core/routing.py): what the service's routes look like, and
that moving the commit into the endpoint's thread kept "nothing half-written"."""

import asyncio
import inspect
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, event, text
from sqlmodel import Session

from app.core.db import SessionDep
from app.core.errors import install_error_handlers
from app.core.middleware import ServerErrors
from app.core.routing import Router
from app.main import create_app
from tests.conftest import SERVICE_ROLE, as_owner

NOTE = "routing-test"


def _routes() -> list[Any]:
    """Every API route of the app; included routers are expanded (FastAPI keeps them as lazy
    entries whose ``effective_route_contexts`` carry the combined dependencies)."""
    found = []
    for route in create_app().routes:
        contexts = getattr(route, "effective_route_contexts", None)
        for item in contexts() if contexts else [route]:
            if getattr(item, "dependant", None) is not None and item.endpoint is not None:
                found.append(item)
    return found


def _sync_calls(route: Any) -> list[str]:
    """Every synchronous callable FastAPI would run in a worker thread for this route."""
    found: list[str] = []

    def walk(dependant: object) -> None:
        call = getattr(dependant, "call", None)
        runs = call if inspect.isroutine(call) else getattr(call, "__call__", None)  # noqa: B004
        in_loop = inspect.iscoroutinefunction(runs) or inspect.isasyncgenfunction(runs)
        if call is not None and not in_loop:
            name = getattr(call, "__qualname__", repr(call))
            if name not in found:  # FastAPI runs a dependency once per request
                found.append(name)
        for sub in getattr(dependant, "dependencies", []):
            walk(sub)

    walk(route.dependant)
    return found


def test_every_endpoint_of_the_service_is_one_hop() -> None:
    """A synchronous endpoint FastAPI would call in a thread, then validate in another: every
    router must be an ``app.core.routing.Router`` so none is left."""
    routes = _routes()
    assert len(routes) > 100
    sync = [
        f"{r.path} ({r.endpoint.__module__})"
        for r in routes
        if not inspect.iscoroutinefunction(r.endpoint)
    ]
    assert sync == [], f"make these routers app.core.routing.Router: {sync}"


@pytest.mark.parametrize(
    "path", ["/api/v1/candidates/{candidate_id}/suggestions", "/api/v1/candidates"]
)
def test_a_suggestion_or_list_request_hops_to_a_thread_only_to_authenticate_and_to_run(
    path: str,
) -> None:
    """Role checks, paging and opening the session run in the loop; what remains in a thread
    is authentication (a database read) and the endpoint itself."""
    (route,) = [r for r in _routes() if r.path == path and "GET" in r.methods]
    assert _sync_calls(route) == ["get_principal"]


def _app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    app.add_middleware(ServerErrors)
    router = Router()

    @router.post("/write")
    def write(session: SessionDep, fail_commit: bool = False) -> dict[str, bool]:
        session.execute(text("INSERT INTO routing_probe (note) VALUES (:n)"), {"n": NOTE})
        if fail_commit:

            def refuse(_: Session) -> None:
                raise RuntimeError("the database refused the commit")

            event.listen(session, "before_commit", refuse)
        return {"written": True}

    @router.post("/write-async")
    async def write_async(session: SessionDep) -> dict[str, bool]:
        # An async endpoint: its session is committed by the dependency, in a thread.
        await asyncio.to_thread(
            session.execute, text("INSERT INTO routing_probe (note) VALUES (:n)"), {"n": NOTE}
        )
        return {"written": True}

    app.include_router(router)
    return app


@pytest.fixture
def probe(engine: Engine) -> Iterator[Engine]:
    """A table of its own, made by the schema owner, that the service role may write."""
    with as_owner(engine).begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS routing_probe"))
        connection.execute(text("CREATE TABLE routing_probe (note TEXT)"))
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"GRANT SELECT, INSERT ON routing_probe TO {SERVICE_ROLE}"))
    yield engine
    with as_owner(engine).begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS routing_probe"))


def _rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM routing_probe")).scalar_one())


def _post(path: str) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=_app())
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.post(path)

    with ThreadPoolExecutor(max_workers=1) as pool:  # the browser tests keep a loop here
        return pool.submit(asyncio.run, go()).result()


def test_a_commit_that_fails_in_the_endpoints_thread_is_an_error_and_writes_nothing(
    probe: Engine,
) -> None:
    answer = _post("/write?fail_commit=true")
    assert answer.status_code == 500
    assert answer.json()["error"] == "internal"
    assert _rows(probe) == 0


def test_what_a_sync_or_async_endpoint_wrote_is_committed_before_the_answer(
    probe: Engine,
) -> None:
    assert _post("/write").status_code == 200
    assert _rows(probe) == 1
    assert _post("/write-async").status_code == 200
    assert _rows(probe) == 2
