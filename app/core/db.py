"""Engine and the per-request session: one transaction per request.

Services only ``flush``; the session dependency commits when the request succeeds and rolls
back on any error, so nothing is ever half-written.
"""

from collections.abc import Iterator
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine

from app.core.capacity import pool_size
from app.core.config import get_settings


def make_engine(url: str, *, concurrency: int | None = None) -> Engine:
    # A pre-ping finds server connections that died; a SQLite file has none, and the ping is
    # a round trip on every checkout (two per authenticated request).
    kwargs: dict[str, Any] = {"pool_pre_ping": not url.startswith("sqlite")}
    if concurrency is not None and url != "sqlite://":
        # Sized with the thread pool and admission from one setting (app/core/capacity.py):
        # an admitted request never waits here, so the timeout only guards against a bug.
        kwargs |= {"pool_size": pool_size(concurrency), "max_overflow": 0, "pool_timeout": 10}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


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


def get_session() -> Iterator[Session]:
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


# scope="function": commit before the response is sent, so a failing commit is reported to the
# client instead of happening silently after a 2xx went out.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
