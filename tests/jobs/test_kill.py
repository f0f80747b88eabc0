"""Workers die, connections drop, workers race: on PostgreSQL, with real `passend worker`
processes (short heartbeat and stalled-job intervals, see helpers.FAST). Each test is
bounded by its waits (60 s at most)."""

import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from app.core import db
from tests.conftest import POSTGRES_URL, Api, as_owner
from tests.jobs.helpers import (
    job_events,
    last_worker_id,
    proposal_pairs,
    queue_run,
    region,
    run_row,
    wait_for,
    wait_workers_registered,
    workers,
)

DONE = ("succeeded", "failed", "cancelled")


@pytest.fixture
def pg(engine: Engine) -> Engine:
    if engine.dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL: worker processes on other machines share its queue")
    return engine


def _one_set(engine: Engine, run_id: int) -> None:
    run = run_row(engine, run_id)
    total, distinct = proposal_pairs(engine, run_id)
    assert run.n_proposals and total == distinct == run.n_proposals


def test_killed_worker_its_run_completes_on_another_worker_once(
    pg: Engine, jobhunter: Api, tmp_path: Path
) -> None:
    region(jobhunter)
    before = last_worker_id(pg)
    with workers(1, tmp_path / "a") as (a,), as_owner(pg).connect() as blocker:
        wait_workers_registered(pg, before, 1)
        with blocker.begin():  # the run stops at reading pair rules: caught mid-run
            blocker.execute(text("LOCK TABLE pair_rule IN ACCESS EXCLUSIVE MODE"))
            run_id = queue_run(pg, jobhunter)
            running = wait_for(pg, run_id, ("running",), 30)
            assert running.worker_id and running.worker_id.endswith(f":{a.pid}")
            a.kill()  # SIGKILL: no goodbye, no cleanup
            a.wait(timeout=10)
        killed_at = time.monotonic()
        with workers(1, tmp_path / "b") as (b,):
            run = wait_for(pg, run_id, DONE, 60)
            recovered_s = time.monotonic() - killed_at
    assert run.status == "succeeded", run.error
    assert run.attempts == 2 and run.worker_id and run.worker_id.endswith(f":{b.pid}")
    _one_set(pg, run_id)
    assert recovered_s < 60


def test_worker_dying_on_the_last_attempt_fails_the_run_with_the_reason(
    pg: Engine, jobhunter: Api, tmp_path: Path
) -> None:
    region(jobhunter)
    before = last_worker_id(pg)
    one_attempt = {"PASSEND_JOBS_MAX_ATTEMPTS": "1"}
    with workers(1, tmp_path / "a", **one_attempt) as (a,), as_owner(pg).connect() as blocker:
        wait_workers_registered(pg, before, 1)
        with blocker.begin():
            blocker.execute(text("LOCK TABLE pair_rule IN ACCESS EXCLUSIVE MODE"))
            run_id = queue_run(pg, jobhunter)
            wait_for(pg, run_id, ("running",), 30)
            a.kill()
            a.wait(timeout=10)
        with workers(1, tmp_path / "b", **one_attempt):
            run = wait_for(pg, run_id, DONE, 60)
    assert run.status == "failed" and run.finished_at is not None
    assert "stopped sending heartbeats" in (run.error or "")
    assert "no attempts left (1 in all)" in (run.error or "")
    assert proposal_pairs(pg, run_id) == (0, 0)


def test_connection_killed_mid_write_writes_nothing_and_the_retry_writes_once(
    pg: Engine, jobhunter: Api, tmp_path: Path
) -> None:
    region(jobhunter)
    before = last_worker_id(pg)
    superuser = db.make_engine(POSTGRES_URL)
    try:
        with workers(1, tmp_path) as (a,), as_owner(pg).connect() as blocker:
            wait_workers_registered(pg, before, 1)
            with blocker.begin():
                # Inserting a proposal checks its candidate (FOR KEY SHARE): the write blocks
                # in the middle of its COPY (proposals are written with COPY on PostgreSQL).
                blocker.execute(text("SELECT id FROM candidate FOR UPDATE"))
                run_id = queue_run(pg, jobhunter)
                pid = _backend_waiting_in(superuser, 'COPY "proposal"', 30)
                with superuser.connect() as admin:
                    admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
                # The attempt's transaction is gone: nothing of it is visible.
                assert proposal_pairs(pg, run_id) == (0, 0)
            run = wait_for(pg, run_id, DONE, 60)
            assert a.poll() is None  # the worker lived on; only its connection died
    finally:
        superuser.dispose()
    assert run.status == "succeeded", run.error
    assert run.attempts == 2
    _one_set(pg, run_id)


def test_two_workers_racing_each_run_is_run_by_exactly_one(
    pg: Engine, jobhunter: Api, tmp_path: Path
) -> None:
    region(jobhunter)
    before = last_worker_id(pg)
    with workers(2, tmp_path) as procs:
        wait_workers_registered(pg, before, 2)
        run_ids = [queue_run(pg, jobhunter) for _ in range(6)]
        runs = [wait_for(pg, run_id, DONE, 60) for run_id in run_ids]
        pids = {p.pid for p in procs}
    for run in runs:
        assert run.status == "succeeded" and run.attempts == 1, run
        assert run.job_id is not None and job_events(pg, run.job_id).count("started") == 1
        assert run.worker_id and int(run.worker_id.rsplit(":", 1)[1]) in pids
        _one_set(pg, run.id or 0)


def test_cancelling_a_running_run_stops_it_before_it_writes(
    pg: Engine, jobhunter: Api, tmp_path: Path
) -> None:
    region(jobhunter)
    before = last_worker_id(pg)
    with workers(1, tmp_path), as_owner(pg).connect() as blocker:
        wait_workers_registered(pg, before, 1)
        with blocker.begin():
            blocker.execute(text("LOCK TABLE pair_rule IN ACCESS EXCLUSIVE MODE"))
            run_id = queue_run(pg, jobhunter)
            wait_for(pg, run_id, ("running",), 30)
            response = jobhunter.post(f"/api/v1/match-runs/{run_id}/cancel")
            assert response.status_code == 200, response.text
            assert response.json()["status"] == "cancelled"
        job_id = run_row(pg, run_id).job_id
        assert job_id is not None
        deadline = time.monotonic() + 30
        while "aborted" not in job_events(pg, job_id):  # the attempt ended by itself
            assert time.monotonic() < deadline, job_events(pg, job_id)
            time.sleep(0.1)
    run = run_row(pg, run_id)
    assert run.status == "cancelled" and proposal_pairs(pg, run_id) == (0, 0)
    again = jobhunter.post(f"/api/v1/match-runs/{run_id}/cancel")
    assert again.status_code == 409 and again.json()["fields"] == {"status": "cancelled"}


def _backend_waiting_in(superuser: Engine, query_start: str, timeout_s: float) -> int:
    deadline = time.monotonic() + timeout_s
    sql = text(
        "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        "AND query LIKE :start ORDER BY backend_start LIMIT 1"
    )
    while True:
        with superuser.connect() as connection:
            pid = connection.execute(sql, {"start": f"{query_start}%"}).scalar()
        if pid is not None:
            return int(pid)
        assert time.monotonic() < deadline, f"no backend blocked in {query_start}"
        time.sleep(0.05)
