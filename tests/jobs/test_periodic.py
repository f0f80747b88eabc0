"""What the periodic jobs do (called as the worker calls them), and which are scheduled."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session

from app.audit import sealer
from app.core.config import get_settings
from app.core.timeutil import today
from app.employers.models import Workplace
from app.jobs import periodic
from tests.api.test_access_log import make_candidates, rows
from tests.api.test_placements import placed_placement
from tests.conftest import Api
from tests.factories import employer_payload, workplace_payload


def _outbox(directory: Path, kind: str) -> list[dict[str, object]]:
    path = directory / f"{kind}-{today().isoformat()}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_every_periodic_job_is_scheduled_unless_turned_off() -> None:
    code = (
        "from app.jobs.app import jobs_app; import app.jobs.tasks; "
        "print(sorted(k[1] for k in jobs_app.periodic_registry.periodic_tasks))"
    )

    def scheduled(periodic_on: str) -> str:
        env = {**os.environ, "PASSEND_JOBS_PERIODIC": periodic_on}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        return out.stdout.strip()

    assert scheduled("true") == str(
        sorted(
            [
                "confirm_reminders",
                "delete_old_jobs",
                "follow_up_digest",
                "retention",
                "retry_stalled_jobs",
                "seal_access_log",
                "settle_country_runs",
            ]
        )
    )
    assert scheduled("false") == "['retry_stalled_jobs', 'settle_country_runs']"


def test_seal_job_seals_pending_reads_and_checkpoints_the_head(
    jobhunter: Api, session: Session, engine: Engine
) -> None:
    make_candidates(jobhunter, 2)
    assert jobhunter.get("/api/v1/candidates").status_code == 200
    pending = len(rows(session))
    assert pending == 4
    assert periodic.seal_access_log(engine) == f"sealed {pending} rows, checkpoint at seq {pending}"
    assert periodic.seal_access_log(engine) == "sealed 0 rows"  # nothing new: no checkpoint
    report = sealer.verify(engine)
    assert report.ok and report.chain.count == pending and report.checkpoints_checked == 1


def test_seal_job_on_a_worker_without_the_key_seals_nothing(
    jobhunter: Api,
    session: Session,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    make_candidates(jobhunter, 1)
    monkeypatch.setenv("PASSEND_ACCESS_LOG_KEY", "")
    monkeypatch.setenv("PASSEND_ACCESS_LOG_KEY_FILE", str(tmp_path / "absent.key"))
    get_settings.cache_clear()
    try:
        assert periodic.seal_access_log(engine) == "no access-log key here: not sealed"
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert not (tmp_path / "absent.key").exists()  # no key of its own: the chain stays one
    assert all(r.seq is None for r in rows(session))


def test_confirm_reminders_job_hands_each_link_to_the_outbox_once(
    jobhunter: Api, engine: Engine, tmp_path: Path
) -> None:
    employer = jobhunter.post(
        "/api/v1/employers", json=employer_payload(contact_email="info@example.nl")
    ).json()
    body = workplace_payload(employer["id"], title="Bijna verlopen")
    soon = jobhunter.post("/api/v1/workplaces", json=body).json()
    with Session(engine) as session:
        session.exec(
            update(Workplace)  # type: ignore[call-overload]
            .where(Workplace.id == soon["id"])  # type: ignore[arg-type]
            .values(confirmed_on=today() - timedelta(days=175))
        )
        session.commit()
    with Session(engine, expire_on_commit=False) as session:
        assert periodic.confirm_reminders(session, tmp_path) == "reminded 1 workplaces"
    with Session(engine, expire_on_commit=False) as session:
        assert periodic.confirm_reminders(session, tmp_path) == "reminded 0 workplaces"
    (sent,) = _outbox(tmp_path, "confirm-reminders")
    assert sent["workplace_id"] == soon["id"] and sent["to"] == "info@example.nl"
    assert "/werkgevers/bevestigen/" in str(sent["url"])


def test_follow_up_digest_counts_what_is_due_per_jobhunter(
    jobhunter: Api, engine: Engine, tmp_path: Path
) -> None:
    placed_placement(jobhunter)  # started a year ago: contacts and the contract-end alert due
    due = jobhunter.get(
        "/api/v1/follow-ups", params={"due_before": today().isoformat(), "limit": 200}
    ).json()["items"]
    alerts = sum(f["kind"] == "contract_end_alert" for f in due)
    with Session(engine) as session:
        assert periodic.follow_up_digest(session, tmp_path) == "1 jobhunters have follow-ups due"
    (digest,) = _outbox(tmp_path, "follow-up-digest")
    assert digest["jobhunter_id"] == jobhunter.account_id
    assert digest.get("contract_end_alerts", 0) == alerts
    assert digest["follow_ups"] == len(due) - alerts > 0
    assert not any(key in json.dumps(digest) for key in ("candidate", "name"))


def test_retention_job_erases_nobody_still_active(jobhunter: Api, engine: Engine) -> None:
    make_candidates(jobhunter, 1)
    with Session(engine) as session:
        assert periodic.retention(session, 24).startswith("erased 0 candidates")
