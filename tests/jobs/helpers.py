"""Data and runs for the job tests: a small region through the API, runs queued through the
service (as `POST /match-runs` queues them) on a queue only the test's own workers serve."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlmodel import Session, func, select

from app.core import db
from app.core.security import Principal
from app.core.timeutil import today
from app.core.vocab import Role
from app.matches import service
from app.matches.models import MatchRun, Proposal
from app.matches.schemas import MatchRunCreate
from tests.conftest import Api
from tests.factories import candidate_payload, employer_payload, workplace_payload

QUEUE = "test_isolated"  # served by no web process: only the workers a test starts


def region(api: Api, candidates: int = 6, workplaces: int = 4) -> None:
    employer = api.post("/api/v1/employers", json=employer_payload()).json()
    for i in range(workplaces):
        body = workplace_payload(employer["id"], title=f"Plek {i}", postcode="2611")
        assert api.post("/api/v1/workplaces", json=body).status_code == 201
    for i in range(candidates):
        body = candidate_payload(readiness_confirmed_on=today().isoformat(), last_name=f"K{i}")
        assert api.post("/api/v1/candidates", json=body).status_code == 201


def queue_run(engine: Engine, api: Api, *, queue: str = QUEUE, **params: Any) -> int:
    """Queue a run as the API does, its job moved (in the same transaction) to ``queue``."""
    principal = Principal(api.account_id, "test", Role.jobhunter, None)
    with Session(engine) as session:
        run, _ = service.create_run(
            session,
            principal=principal,
            run_in=MatchRunCreate.model_validate(params),
            idempotency_key=None,
        )
        if run.job_id is not None:
            session.connection().execute(
                text("UPDATE procrastinate_jobs SET queue_name = :q WHERE id = :id"),
                {"q": queue, "id": run.job_id},
            )
        session.commit()
        assert run.id is not None
        return run.id


def run_row(engine: Engine, run_id: int) -> MatchRun:
    with Session(engine, expire_on_commit=False) as session:
        run = session.get(MatchRun, run_id)
        assert run is not None
        return run


def wait_for(engine: Engine, run_id: int, statuses: tuple[str, ...], timeout_s: float) -> MatchRun:
    deadline = time.monotonic() + timeout_s
    while True:
        run = run_row(engine, run_id)
        if run.status in statuses:
            return run
        assert time.monotonic() < deadline, f"run {run_id} not {statuses}: {run}"
        time.sleep(0.05)


def proposal_pairs(engine: Engine, run_id: int) -> tuple[int, int]:
    """(proposals, distinct candidate-workplace pairs) of a run."""
    with Session(engine) as session:
        rows = session.exec(
            select(Proposal.candidate_id, Proposal.workplace_id).where(Proposal.run_id == run_id)
        ).all()
        return len(rows), len(set(rows))


def count_runs(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(MatchRun)).one())


@contextmanager
def workers(n: int, log_dir: Path, **env: str) -> Iterator[list[subprocess.Popen[bytes]]]:
    """``n`` real `passend worker` processes on the test queue (and the periodic one, where
    the stalled-job check runs), killed at the end. They inherit the suite's short intervals
    (tests/conftest.py; the production defaults are checked in test_jobs)."""
    url = db.get_engine().url.render_as_string(hide_password=False)
    environment = {**os.environ, "PASSEND_DATABASE_URL": url, **env}
    procs = []
    log_dir.mkdir(parents=True, exist_ok=True)
    try:
        for i in range(n):
            out = (log_dir / f"worker-{i}.log").open("wb")
            procs.append(start_worker(environment, out))
        yield procs
    finally:  # as an operator stops them: a job being finished is recorded first
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def start_worker(environment: dict[str, str], out: Any) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "app.cli", "worker", "--queue", QUEUE, "--queue", "periodic"]
    return subprocess.Popen(command, env=environment, stdout=out, stderr=subprocess.STDOUT)


def last_worker_id(engine: Engine) -> int:
    with engine.connect() as connection:
        query = text("SELECT coalesce(max(id), 0) FROM procrastinate_workers")
        return int(connection.execute(query).scalar_one())


def wait_workers_registered(engine: Engine, after_id: int, n: int, timeout_s: float = 30) -> None:
    """Until ``n`` workers registered after worker ``after_id`` (the test's own)."""
    deadline = time.monotonic() + timeout_s
    query = text("SELECT count(*) FROM procrastinate_workers WHERE id > :after")
    while True:
        with engine.connect() as connection:
            if int(connection.execute(query, {"after": after_id}).scalar_one()) >= n:
                return
        assert time.monotonic() < deadline, "the test workers did not start"
        time.sleep(0.1)


def job_events(engine: Engine, job_id: int) -> list[str]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT type FROM procrastinate_events WHERE job_id = :id ORDER BY id"),
            {"id": job_id},
        )
        return [str(r[0]) for r in rows]
