"""The job layer's rules on both databases: attempts, retries, cancellation, the stalled-job
bound, and (PostgreSQL) deferring as part of the caller's transaction."""

import asyncio

import croniter
import pytest
from procrastinate import JobContext
from procrastinate.jobs import Job
from sqlalchemy import Engine, text
from sqlmodel import Session

from app.core.config import Settings, get_settings
from app.jobs.app import jobs_app
from app.jobs.defer import defer
from app.jobs.retry import Stop, jobs_retry
from app.jobs.tasks import SCHEDULES
from app.matches import tasks
from app.matches.models import MatchRun
from tests.conftest import Api
from tests.jobs.helpers import proposal_pairs, region, run_row, wait_for


def _row(engine: Engine, api: Api, **parameters: object) -> int:
    """A queued run with no job behind it: only this test acts on it."""
    with Session(engine) as session:
        run = MatchRun(created_by=api.account_id, request_hash="t", parameters=parameters)
        session.add(run)
        session.commit()
        assert run.id is not None
        return run.id


def _job(run_id: int, attempts: int) -> JobContext:
    job = Job(
        id=1, queue="test", lock=None, queueing_lock=None, task_name="match_run",
        task_kwargs={"run_id": run_id}, attempts=attempts,
    )  # fmt: skip
    return JobContext(app=jobs_app, job=job, start_timestamp=0.0, abort_reason=lambda: None)


def test_production_defaults_put_a_dead_workers_run_back_within_60_s() -> None:
    defaults = Settings()
    worst_s = (
        defaults.jobs_stalled_after_seconds
        + defaults.jobs_stalled_check_seconds
        + defaults.jobs_retry_backoff_seconds
    )
    assert worst_s <= 60
    assert defaults.jobs_heartbeat_seconds * 2 <= defaults.jobs_stalled_after_seconds
    for cron in SCHEDULES.values():
        assert croniter.croniter.is_valid(cron), cron


def test_retries_back_off_and_stop_after_the_last_attempt() -> None:
    strategy = jobs_retry()
    error = RuntimeError("lost")
    waits = [strategy.get_retry_decision(exception=error, job=_job(1, n).job) for n in range(3)]
    assert [w is not None for w in waits] == [True, True, False]  # 3 attempts in all
    first, second = waits[0], waits[1]
    assert first and second and first.retry_at and second.retry_at
    assert second.retry_at > first.retry_at  # backoff, then twice that
    assert strategy.get_retry_decision(exception=Stop("cancelled"), job=_job(1, 0).job) is None


def test_a_failing_attempt_is_queued_again_then_failed_with_its_reason(
    engine: Engine, jobhunter: Api
) -> None:
    run_id = _row(engine, jobhunter, weight_profile="no-such-profile")
    with pytest.raises(Exception, match="weight profile"):
        tasks.run_match(_job(run_id, 0), run_id=run_id)
    run = run_row(engine, run_id)
    assert run.status == "queued" and run.attempts == 1 and run.heartbeat_at is not None
    backoff_s = get_settings().jobs_retry_backoff_seconds
    assert run.error and run.error.startswith("attempt 1: ")
    assert f"retried in {backoff_s:g} s" in run.error
    with pytest.raises(Exception, match="weight profile"):
        tasks.run_match(_job(run_id, get_settings().jobs_max_attempts - 1), run_id=run_id)
    shown = jobhunter.get(f"/api/v1/match-runs/{run_id}").json()
    assert shown["status"] == "failed" and shown["attempts"] == 2
    assert (
        shown["error"].startswith("attempt 2: ") and "no attempts left (3 in all)" in shown["error"]
    )
    assert shown["heartbeat_at"] is not None and shown["finished_at"] is not None


def test_cancel_a_queued_run_then_again_is_409(engine: Engine, jobhunter: Api) -> None:
    run_id = _row(engine, jobhunter)
    response = jobhunter.post(f"/api/v1/match-runs/{run_id}/cancel")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "cancelled" and "cancelled by account" in body["error"]
    assert tasks.claim(engine, run_id) is None  # its job, should it start, does nothing
    again = jobhunter.post(f"/api/v1/match-runs/{run_id}/cancel")
    assert again.status_code == 409 and again.json()["fields"] == {"status": "cancelled"}
    assert jobhunter.post("/api/v1/match-runs/999999/cancel").status_code == 404


def test_a_job_acts_only_on_the_run_that_names_it(engine: Engine, jobhunter: Api) -> None:
    run_id = _row(engine, jobhunter)
    with Session(engine) as session:
        run = session.get(MatchRun, run_id)
        assert run is not None
        run.job_id = 123
        session.add(run)
        session.commit()
    # A job left from another run with the same id (ids reused, a restored backup) is inert.
    assert tasks.claim(engine, run_id, job_id=999) is None
    tasks._stalled(999, {"run_id": run_id}, "its worker died", True)
    assert run_row(engine, run_id).status == "queued"
    assert tasks.claim(engine, run_id, job_id=123) == 1


def test_a_running_attempt_stops_at_its_next_phase_once_cancelled(
    engine: Engine, jobhunter: Api
) -> None:
    region(jobhunter)
    run_id = _row(engine, jobhunter)
    attempt = tasks.claim(engine, run_id)
    assert attempt == 1
    with tasks.Heartbeat(engine, run_id, attempt) as beat:
        beat.progress(30)  # still ours
        assert jobhunter.post(f"/api/v1/match-runs/{run_id}/cancel").status_code == 200
        with pytest.raises(Stop):
            beat.progress(50)
    assert run_row(engine, run_id).status == "cancelled"
    assert proposal_pairs(engine, run_id) == (0, 0)


def test_an_attempt_that_was_superseded_writes_nothing(engine: Engine, jobhunter: Api) -> None:
    region(jobhunter)
    run_id = _row(engine, jobhunter)
    old = tasks.claim(engine, run_id)
    new = tasks.claim(engine, run_id)  # the worker of `old` was presumed dead
    assert (old, new) == (1, 2)
    with Session(engine) as session:
        run = session.get(MatchRun, run_id)
        assert run is not None
        with pytest.raises(Stop, match="before attempt 1 wrote"):
            tasks.execute(session, run, lambda pct: None, attempt=1)
        session.rollback()
    assert proposal_pairs(engine, run_id) == (0, 0)
    assert tasks.run_match(_job(run_id, 1), run_id=run_id).endswith("proposals")
    run = run_row(engine, run_id)
    assert run.status == "succeeded" and run.attempts == 3
    total, distinct = proposal_pairs(engine, run_id)
    assert total == distinct == run.n_proposals


def test_in_process_runs_a_dead_process_left_are_queued_again_at_start(
    engine: Engine, jobhunter: Api, server: str
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("in process only: on PostgreSQL the job rows outlive the process")
    region(jobhunter)
    run_id = _row(engine, jobhunter)
    assert tasks.claim(engine, run_id) == 1  # then its process died: the memory queue is gone
    assert asyncio.run(tasks.requeue_in_process(engine)) == 1  # the test server's worker
    run = wait_for(engine, run_id, ("succeeded", "failed"), 30)
    assert run.status == "succeeded" and run.attempts == 2
    total, distinct = proposal_pairs(engine, run_id)
    assert total == distinct == run.n_proposals


def test_a_deferred_job_exists_exactly_when_the_transaction_commits(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL: in process, jobs are queued in memory after the commit")
    count = text("SELECT count(*) FROM procrastinate_jobs WHERE queue_name = 'match_runs'")
    with Session(engine) as session:
        before = session.connection().execute(count).scalar_one()
        job_id = defer(session, tasks.run_match, run_id=10**9)
        assert job_id is not None
        session.rollback()
    with Session(engine) as session:
        assert session.connection().execute(count).scalar_one() == before
        job_id = defer(session, tasks.run_match, run_id=10**9)
        session.commit()
    with Session(engine) as session:
        row = session.connection().execute(
            text("SELECT task_name, args FROM procrastinate_jobs WHERE id = :id"), {"id": job_id}
        )
        assert tuple(row.one()) == ("match_run", {"run_id": 10**9})
