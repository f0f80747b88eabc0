"""Shared fixtures: a real database per target, migrated by Alembic, and a real HTTP server.

Targets: a SQLite file always; PostgreSQL when PASSEND_TEST_POSTGRES_URL is set (CI sets it,
and under CI=true a missing URL is an error, so CI always covers both databases).
Each test starts with empty tables.
"""

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.accounts.service import create_account_with_key
from app.audit import triggers as append_only
from app.core import config, db
from app.core.vocab import Role
from app.models import metadata

POSTGRES_URL = os.environ.get("PASSEND_TEST_POSTGRES_URL", "")
if os.environ.get("CI") == "true" and not POSTGRES_URL:
    raise RuntimeError("CI must test PostgreSQL too: set PASSEND_TEST_POSTGRES_URL.")
TARGETS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
# Each test empties the database: a process must not keep an approved weight profile from
# an earlier test (issue 16).
os.environ.setdefault("PASSEND_WEIGHTS_REFRESH_SECONDS", "0")
# The shared test server must never rate-limit a test (every test comes from 127.0.0.1);
# tests/api/test_hardening.py starts a server of its own with low limits.
for _limit in ("ADMIN", "JOBHUNTER", "EMPLOYER", "WSP_FRONTEND", "ANONYMOUS", "AUTH_FAILURES"):
    os.environ.setdefault(f"PASSEND_RATE_LIMIT_{_limit}_PER_MINUTE", "1000000")
# Tests write and read back at once; the background refresh that production relies on is
# tested on its own in tests/api/test_load.py.
os.environ.setdefault("PASSEND_SNAPSHOT_READ_YOUR_WRITES", "true")
# The access log: a fixed test key, checkpoints in a directory of this run (emptied with the
# tables), and no sealer thread in the shared server: tests seal explicitly (``seal_log``).
# tests/api/test_access_log.py starts a server with the thread to test it.
CHECKPOINT_DIR = Path(tempfile.mkdtemp(prefix="passend-checkpoints-"))
os.environ["PASSEND_ACCESS_LOG_KEY"] = "test-access-log-key-" + "k" * 40
os.environ["PASSEND_ACCESS_LOG_CHECKPOINT_DIR"] = str(CHECKPOINT_DIR)
os.environ["PASSEND_ACCESS_LOG_SEAL_INTERVAL_SECONDS"] = "0"
# Uploaded import files, error reports and rejected rows of this run (issue 13).
os.environ["PASSEND_IMPORT_DIR"] = tempfile.mkdtemp(prefix="passend-imports-")
os.environ["PASSEND_JOBS_PERIODIC"] = "false"  # tests seal and remind when they choose
# Every worker of a deployment shares these (tests/jobs start worker processes with them):
# short, so a killed worker's run is back in seconds. The test server's own worker serves match
# runs and uploaded imports only; periodic jobs (the stalled-job check) run in the workers a
# test starts.
os.environ.update(
    {
        # Silent for 5 s = dead: 2 s declared workers dead under a load average of 9 on 2
        # cores (their heartbeat task starved), and a healthy run was failed.
        "PASSEND_JOBS_HEARTBEAT_SECONDS": "1",
        "PASSEND_JOBS_STALLED_AFTER_SECONDS": "5",
        "PASSEND_JOBS_STALLED_CHECK_SECONDS": "1",
        "PASSEND_JOBS_RETRY_BACKOFF_SECONDS": "0.5",
        "PASSEND_JOBS_POLL_SECONDS": "0.5",
        "PASSEND_JOBS_QUEUES": "match_runs,imports",
    }
)
os.environ.pop("PASSEND_REDIS_URL", None)  # tests that want Redis say so
# The key that turns an imported BSN into a keyed hash (issue 13): fixed for the tests.
os.environ["PASSEND_IMPORT_BSN_KEY"] = "test-import-bsn-key-" + "b" * 40


def _use_database(url: str) -> Engine:
    os.environ["PASSEND_DATABASE_URL"] = url
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    return db.get_engine()


def role_url(role: str) -> str:
    """PASSEND_TEST_POSTGRES_URL as another login role (trust authentication, no password)."""
    return make_url(POSTGRES_URL).set(username=role).render_as_string(hide_password=False)


# Roles named after the test database, so parallel runs on other databases never collide.
_PG_DB = make_url(POSTGRES_URL).database if POSTGRES_URL else ""
OWNER_ROLE, SERVICE_ROLE = f"{_PG_DB}_owner", f"{_PG_DB}_service"


def reset_schema(engine: Engine) -> None:
    """Drop everything, so the migrations are tested from an empty database."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            for role in (OWNER_ROLE, SERVICE_ROLE):
                connection.execute(
                    text(
                        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
                        f"'{role}') THEN CREATE ROLE {role} LOGIN; END IF; END $$"
                    )
                )
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text(f"CREATE SCHEMA public AUTHORIZATION {OWNER_ROLE}"))
        else:
            metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(scope="session", params=TARGETS)
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The schema migrated; on PostgreSQL by the owner role, and the service (the app, the
    CLI) connects as a role without TRUNCATE, ALTER or trigger rights (decision 121)."""
    from app.cli import migrate
    from app.core.db_roles import grant_service_role

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        reset_schema(_use_database(url))
        migrate()
        return request.param
    superuser = db.make_engine(POSTGRES_URL)
    reset_schema(superuser)
    superuser.dispose()
    owner = _use_database(role_url(OWNER_ROLE))
    migrate()
    with owner.begin() as connection:
        grant_service_role(connection, SERVICE_ROLE)
    _use_database(role_url(SERVICE_ROLE))
    return request.param


@lru_cache
def owner_engine(url: str) -> Engine:
    """The schema owner's engine (PostgreSQL), for what the service role may not do."""
    return db.make_engine(url)


def as_owner(engine: Engine) -> Engine:
    """The owner's engine for the database ``engine`` serves; SQLite has no roles."""
    if engine.dialect.name != "postgresql":
        return engine
    return owner_engine(role_url(OWNER_ROLE))


@pytest.fixture(scope="session")
def server(database: str) -> Iterator[str]:
    """A real uvicorn server on a free local port, serving the app on the current database."""
    from app.main import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Links the service sends out point here (PASSEND_PUBLIC_URL, never the Host header).
    os.environ["PASSEND_PUBLIC_URL"] = f"http://127.0.0.1:{port}"
    config.get_settings.cache_clear()
    server = uvicorn.Server(
        # Keep-alive longer than any pause between a test's requests (a slow CI machine waits
        # on runs and jobs): at uvicorn's 5 s a reused connection can be closed as a request
        # goes out, and the client sees "Server disconnected without sending a response".
        uvicorn.Config(
            create_app(), host="127.0.0.1", port=port, log_level="warning", timeout_keep_alive=120
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture
def engine(database: str) -> Iterator[Engine]:
    engine = db.get_engine()
    yield engine
    _empty_tables(engine)


def _empty_tables(engine: Engine) -> None:
    from app.fairness import exposure

    exposure.COUNTER.reset()  # counted suggestions belong to the data being emptied
    shutil.rmtree(CHECKPOINT_DIR, ignore_errors=True)  # they describe the log emptied here
    names = [t.name for t in reversed(metadata.sorted_tables)]
    for attempt in range(3):
        try:
            with as_owner(engine).begin() as connection:
                if engine.dialect.name == "postgresql":
                    connection.execute(
                        text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE")
                    )
                    # A queued job, or one a killed worker held, names a run id the restarted
                    # identity hands out again.
                    connection.execute(
                        text(
                            "DELETE FROM procrastinate_jobs WHERE status = 'todo' OR "
                            "(status = 'doing' AND (worker_id IS NULL OR worker_id NOT IN "
                            "(SELECT id FROM procrastinate_workers WHERE last_heartbeat > "
                            "now() - interval '5 seconds')))"
                        )
                    )
                else:  # the append-only triggers fire on DELETE
                    with append_only.suspended(connection):
                        for name in names:
                            connection.execute(text(f"DELETE FROM {name}"))
            return
        except DBAPIError as exc:
            # A match run a test queued may still be writing: TRUNCATE can lose a deadlock
            # against it. Try again once it is through.
            if "deadlock" not in str(exc) or attempt == 2:
                raise
            time.sleep(0.5)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


_CLIENTS: dict[str, httpx.Client] = {}
_CLIENTS_LOCK = threading.Lock()


def _shared_client(base_url: str) -> httpx.Client:
    """One keep-alive client per server: a new httpx.Client per request costs ~0.3 s (TLS setup).

    httpx clients are thread-safe, so the concurrency tests share it too. Cookies are never
    kept after a response (each request stands alone, as with a fresh client).
    """
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(base_url)
        if client is None:
            client = httpx.Client(
                base_url=base_url,
                timeout=30,
                limits=httpx.Limits(max_connections=64, max_keepalive_connections=16),
            )
            client.event_hooks["response"] = [lambda _response: client.cookies.clear()]
            _CLIENTS[base_url] = client
        return client


@pytest.fixture(scope="session", autouse=True)
def _close_shared_clients() -> Iterator[None]:
    yield
    for client in _CLIENTS.values():
        client.close()


@dataclass
class Api:
    """An HTTP client bound to one API key."""

    base_url: str
    key: str | None
    account_id: int

    def request(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        headers = dict(kwargs.pop("headers", None) or {})  # type: ignore[call-overload]
        if self.key:
            headers["X-API-Key"] = self.key
        client = _shared_client(self.base_url)
        return client.request(method, path, headers=headers, **kwargs)  # type: ignore[arg-type]

    def get(self, path: str, **kwargs: object) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: object) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: object) -> httpx.Response:
        return self.request("PATCH", path, **kwargs)

    def put(self, path: str, **kwargs: object) -> httpx.Response:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: object) -> httpx.Response:
        return self.request("DELETE", path, **kwargs)


@pytest.fixture
def make_api(server: str, engine: Engine) -> Callable[..., Api]:
    def _make(role: Role, *, employer_id: int | None = None, name: str = "") -> Api:
        with Session(engine) as session:
            account, key = create_account_with_key(
                session, name or f"test {role}", role, employer_id=employer_id
            )
            session.commit()
            assert account.id is not None
            return Api(server, key, account.id)

    return _make


@pytest.fixture
def admin(make_api: Callable[..., Api]) -> Api:
    return make_api(Role.admin)


@pytest.fixture
def jobhunter(make_api: Callable[..., Api]) -> Api:
    return make_api(Role.jobhunter)


@pytest.fixture
def anonymous(server: str, engine: Engine) -> Api:
    return Api(server, None, 0)


@pytest.fixture
def project_root() -> Path:
    return Path(__file__).resolve().parents[1]
