"""One thread hand-off per request: every router of the service is a ``Router``.

FastAPI runs each synchronous dependency, the generator dependency's start and end, the
synchronous endpoint and then the validation of its answer in anyio's thread pool: six hops
between the event loop and a worker thread for a suggestion. Every hop is a GIL hand-off,
and with several requests in flight each hand-off wakes a sleeping thread: `perf` showed a
third of a worker's CPU in those wake-ups (docs/decisions/100, point 8).

``Router`` runs a synchronous endpoint and the commit of its session in one hop
(``in_one_thread``); the pure dependencies (role checks, paging) are ``async`` and run in the
loop, the session is opened in the loop (no I/O) and closed there when the endpoint already
committed (app/core/db.py). What stays: authentication's own hop, and the endpoint's.
"""

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool


def _call_and_commit(endpoint: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
    """The endpoint, then (same thread) the commit of the request's session: a failing commit
    raises here, before any answer is sent, and the session dependency rolls back."""
    result = endpoint(**kwargs)
    for value in kwargs.values():
        if isinstance(value, Session) and value.in_transaction():
            value.commit()
    return result


def in_one_thread(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """An async endpoint that runs ``endpoint`` and its commit in one worker thread; FastAPI
    then validates the answer in the loop instead of in a further hop. The signature (and so
    every parameter and dependency) is the endpoint's own, through ``__wrapped__``."""

    @functools.wraps(endpoint)
    async def run(**kwargs: Any) -> Any:
        return await run_in_threadpool(_call_and_commit, endpoint, kwargs)

    return run


class Router(APIRouter):
    """An ``APIRouter`` whose synchronous endpoints run in one thread hop (see above)."""

    def add_api_route(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint) and inspect.isfunction(endpoint):
            endpoint = in_one_thread(endpoint)
        super().add_api_route(path, endpoint, **kwargs)
