"""Engine and the per-request session: one transaction per request.

Services only ``flush``; the session dependency commits when the request succeeds and rolls
back on any error, so nothing is ever half-written.
"""

import time
from collections.abc import AsyncIterator
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError
from sqlmodel import Session, create_engine
from starlette.concurrency import run_in_threadpool

from app.core.capacity import pool_size
from app.core.config import get_settings

# A pooled connection idle at least this long is pinged before use (see _ping_after_idle).
IDLE_PING_SECONDS = 5.0


def make_engine(url: str, *, concurrency: int | None = None) -> Engine:
    kwargs: dict[str, Any] = {}
    if concurrency is not None and url != "sqlite://":
        # Sized with the thread pool and admission from one setting (app/core/capacity.py):
        # an admitted request never waits here, so the timeout only guards against a bug.
        kwargs |= {"pool_size": pool_size(concurrency), "max_overflow": 0, "pool_timeout": 10}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        event.listen(engine, "checkin", _mark_idle)
        event.listen(engine, "checkout", _ping_after_idle)
    return engine


def _mark_idle(_dbapi_connection: Any, record: Any) -> None:
    record.info["idle_since_s"] = time.monotonic()


def _ping_after_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Find a server connection that died while it sat in the pool, without a ping per use.

    SQLAlchemy's ``pool_pre_ping`` pings on every checkout: two extra round trips per
    authenticated request (its own session, then the request's), about a tenth of a
    suggestion's database time under load. A connection back in the pool less than
    ``IDLE_PING_SECONDS`` ago was just working; an older one is pinged, and one that fails is
    replaced (``DisconnectionError`` makes the pool retry with a new connection). If the
    server goes away mid-burst, the requests that hit a dead connection answer 503 with
    Retry-After (app/core/errors.py) and the pool is invalidated for the rest.
    """
    idle_since_s = record.info.get("idle_since_s")
    if idle_since_s is None or time.monotonic() - idle_since_s < IDLE_PING_SECONDS:
        return
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi_connection.rollback()  # the ping must not leave a transaction open
    except Exception as exc:
        raise DisconnectionError("connection lost while idle in the pool") from exc


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL keeps the file consistent on power loss but skips an fsync per
    # commit (the last commits may be lost); every request commits at least its access-log
    # rows, so FULL cost several ms per read. PostgreSQL is the production database.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


@lru_cache
def get_engine() -> Engine:
    settings = get_settings()
    return make_engine(settings.database_url, concurrency=settings.concurrency)


def autocommit_engine() -> Engine:
    """The service's engine for short reads that need no transaction (authentication).

    Every request authenticates in a session of its own before its real work. In a
    transaction that costs two more round trips, ``BEGIN`` and the ``ROLLBACK`` when the
    connection returns to the pool; in autocommit mode the one ``SELECT`` is all (in process
    on PostgreSQL: 0.93 → 0.56 ms p50). Each round trip is also a wait to get the GIL back
    while other requests compute. Same pool, same connections.
    """
    return _autocommit(get_engine())


@lru_cache(maxsize=4)
def _autocommit(engine: Engine) -> Engine:
    return engine.execution_options(isolation_level="AUTOCOMMIT")


async def get_session() -> AsyncIterator[Session]:
    """The request's session, opened in the event loop (no I/O until first use).

    A synchronous endpoint commits in its own worker thread (app/core/routing.py), so here the
    session is usually done and closes without a further thread hop; an async endpoint's
    commit, and any rollback, run in a worker thread.
    """
    session = Session(get_engine(), expire_on_commit=False)
    try:
        yield session
        if session.in_transaction():
            await run_in_threadpool(session.commit)
    except BaseException:
        await run_in_threadpool(_rollback_and_close, session)
        raise
    session.close()  # nothing open any more: no I/O


def _rollback_and_close(session: Session) -> None:
    try:
        session.rollback()
    finally:
        session.close()


# scope="function": commit before the response is sent, so a failing commit is reported to the
# client instead of happening silently after a 2xx went out.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
