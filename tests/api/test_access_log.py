"""The access log: every read is logged unsealed, the sealer chains it, tampering is caught.

Sealing is always explicit here (``seal_log``) or awaited with a deadline (the thread test);
the attacks of issue 12 live in ``test_access_log_attacks.py``.
"""

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, bindparam, exc, text
from sqlmodel import Session, col, select
from sqlmodel.sql.sqltypes import UTCDateTime

from app.audit import sealer, triggers
from app.audit.models import AccessLog
from app.core.config import PROJECT_ROOT
from app.core.vocab import Role
from tests.conftest import CHECKPOINT_DIR, Api, as_owner
from tests.factories import candidate_payload


def _flip(digest: str) -> str:
    return ("1" if digest[0] != "1" else "2") + digest[1:]


FORGE: dict[str, Callable[[Any], Any]] = {
    "at": lambda at: at + timedelta(microseconds=1),
    "account_id": lambda account_id: account_id + 1,
    "candidate_id": lambda candidate_id: candidate_id + 1,
    "role": lambda role: "admin" if role != "admin" else "jobhunter",
    "purpose": lambda purpose: purpose + "x",
    "action": lambda action: action[:-1] or "x",
    "prev_hash": _flip,
    "row_hash": _flip,
}
FIELDS = list(FORGE)


def make_candidates(api: Api, n: int) -> list[dict[str, Any]]:
    made = []
    for i in range(n):
        response = api.post("/api/v1/candidates", json=candidate_payload(last_name=f"Log{i}"))
        assert response.status_code == 201, response.text
        made.append(response.json())
    return made


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real command, in its own process, on the test database."""
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})},  # PASSEND_DATABASE_URL points at the test database
        capture_output=True,
        text=True,
        timeout=60,
    )


def rows(session: Session) -> list[AccessLog]:
    """The log as the database holds it now, in logging order (unsealed rows included).
    Ends the read transaction, which on PostgreSQL would otherwise keep a lock that the
    tamper helper's DROP TRIGGER waits for."""
    session.expire_all()
    found = list(session.exec(select(AccessLog).order_by(col(AccessLog.id))).all())
    session.expunge_all()
    session.rollback()
    return found


def seal_log(session: Session) -> int:
    """Seal now and write a checkpoint, as the sealer thread or `seal-access-log` would."""
    session.rollback()
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    sealed = sealer.seal(engine)
    sealer.write_checkpoint(engine)
    return sealed


def check(session: Session) -> sealer.Report:
    session.rollback()
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    return sealer.verify(engine)


def tamper(engine: Engine, sql: str, **params: object) -> None:
    """Change the log behind the application's back, triggers lifted as an attacker would."""
    statement = text(sql)
    if isinstance(params.get("value"), datetime):  # stored exactly as the model stores it
        statement = statement.bindparams(bindparam("value", type_=UTCDateTime()))
    with as_owner(engine).begin() as connection, triggers.suspended(connection):
        connection.execute(statement, params)


def reads_and_seal(jobhunter: Api, session: Session) -> list[AccessLog]:
    made = make_candidates(jobhunter, 3)
    assert jobhunter.get("/api/v1/candidates").status_code == 200
    for candidate in made:
        assert jobhunter.get(f"/api/v1/candidates/{candidate['id']}").status_code == 200
    seal_log(session)
    return rows(session)


def test_reads_are_logged_unsealed_and_the_sealer_chains_exactly_them(
    jobhunter: Api, session: Session
) -> None:
    make_candidates(jobhunter, 3)
    assert jobhunter.get("/api/v1/candidates").status_code == 200
    pending = rows(session)
    # 3 creations and the list (one row per candidate shown), none sealed by the request
    assert len(pending) == 6 and all(r.seq is None and r.row_hash is None for r in pending)
    result = cli("verify-access-log")
    assert result.returncode == 0, result.stderr
    assert "0 rows" in result.stdout and "6 rows not sealed yet" in result.stdout

    sealed = cli("verify-access-log", "--seal")
    assert sealed.returncode == 0, sealed.stderr
    assert "sealed 6 rows first" in sealed.stdout and "intact: 6 rows" in sealed.stdout
    logged = rows(session)
    assert [r.seq for r in logged] == list(range(1, 7))
    assert logged[-1].row_hash in sealed.stdout and "0 rows not sealed" in sealed.stdout


def test_seal_command_chains_pending_rows_and_writes_a_checkpoint(
    jobhunter: Api, session: Session
) -> None:
    logged = reads_and_seal(jobhunter, session)
    assert [r.seq for r in logged] == list(range(1, 10))
    assert jobhunter.get(f"/api/v1/candidates/{logged[0].candidate_id}").status_code == 200
    result = cli("seal-access-log")
    assert result.returncode == 0, result.stderr
    assert "sealed 1 rows; checkpoint at seq 10" in result.stdout
    verified = cli("verify-access-log")
    assert verified.returncode == 0, verified.stderr
    assert "intact: 10 rows" in verified.stdout and "2 checkpoints agree" in verified.stdout
    assert len(list(CHECKPOINT_DIR.glob("checkpoints-*.jsonl"))) == 1


def test_verify_without_the_key_refuses_clearly(jobhunter: Api, session: Session) -> None:
    reads_and_seal(jobhunter, session)
    result = cli(
        "verify-access-log",
        env={"PASSEND_ACCESS_LOG_KEY": "", "PASSEND_ACCESS_LOG_KEY_FILE": "/nonexistent/key"},
    )
    assert result.returncode == 2
    assert "No access-log key" in result.stderr


def test_list_endpoints_log_one_row_per_candidate_shown(jobhunter: Api, session: Session) -> None:
    made = make_candidates(jobhunter, 3)
    before = len(rows(session))
    page = jobhunter.get("/api/v1/candidates", params={"limit": 2}).json()
    listed = rows(session)[before:]
    assert [r.candidate_id for r in listed] == [c["id"] for c in page["items"]]
    assert {r.action for r in listed} == {"list"} and len(listed) == 2
    assert {r.candidate_id for r in rows(session)} == {c["id"] for c in made}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_tampering_with_any_field_of_any_row_is_named(
    jobhunter: Api, engine: Engine, session: Session, data: st.DataObject
) -> None:
    logged = rows(session) or reads_and_seal(jobhunter, session)
    target = data.draw(st.sampled_from(logged), label="row")
    field = data.draw(st.sampled_from(FIELDS), label="field")
    original = getattr(target, field)
    forged = FORGE[field](original)
    update = f"UPDATE access_log SET {field} = :value WHERE id = :id"
    tamper(engine, update, value=forged, id=target.id)
    try:
        result = check(session).chain
        assert not result.ok
        assert (result.broken_id, result.broken_seq) == (target.id, target.seq)
    finally:
        tamper(engine, update, value=original, id=target.id)
    assert check(session).ok


def test_verify_command_fails_naming_a_changed_row(
    jobhunter: Api, engine: Engine, session: Session
) -> None:
    target = reads_and_seal(jobhunter, session)[4]
    tamper(engine, "UPDATE access_log SET purpose = 'export' WHERE id = :id", id=target.id)
    result = cli("verify-access-log")
    assert result.returncode != 0
    assert f"row id={target.id} (seq {target.seq})" in result.stderr


def test_update_delete_and_sealed_inserts_are_rejected_by_the_database(
    jobhunter: Api, engine: Engine, session: Session
) -> None:
    target = reads_and_seal(jobhunter, session)[0]
    for statement in (
        "UPDATE access_log SET purpose = 'x' WHERE id = :id",
        "UPDATE access_log SET seq = NULL, prev_hash = NULL, row_hash = NULL WHERE id = :id",
        "DELETE FROM access_log WHERE id = :id",
        "INSERT INTO access_log (seq, at, account_id, role, candidate_id, purpose, action,"
        " prev_hash, row_hash) SELECT 999, at, account_id, role, candidate_id, purpose, action,"
        " prev_hash, row_hash FROM access_log WHERE id = :id",
    ):
        # the service role (PostgreSQL) lacks the rights; the triggers stop everyone else
        with (
            pytest.raises(exc.DBAPIError, match=f"{triggers.MESSAGE}|permission denied"),
            engine.begin() as connection,
        ):
            connection.execute(text(statement), {"id": target.id})
    assert len(rows(session)) == 9 and rows(session)[0].purpose == target.purpose
    assert check(session).ok


@pytest.mark.postgres
def test_service_role_cannot_truncate_alter_or_lift_the_triggers(
    database: str, engine: Engine, jobhunter: Api, session: Session
) -> None:
    if database != "postgresql":
        pytest.skip("roles exist on PostgreSQL only")
    reads_and_seal(jobhunter, session)
    for statement in (
        "TRUNCATE access_log",
        "ALTER TABLE access_log DISABLE TRIGGER access_log_append_only",
        "DROP TRIGGER access_log_append_only ON access_log",
        "SET session_replication_role = replica",
        "ALTER TABLE access_log DROP COLUMN row_hash",
        "DELETE FROM access_log",
        "UPDATE access_log SET candidate_id = candidate_id + 1",
    ):
        with (
            pytest.raises(exc.DBAPIError, match=r"permission denied|must be owner"),
            engine.begin() as connection,
        ):
            connection.execute(text(statement))
    assert len(rows(session)) == 9 and check(session).ok


def test_concurrent_reads_and_sealers_keep_one_exact_unbroken_chain(
    make_api: Callable[..., Api], engine: Engine, session: Session
) -> None:
    apis = [make_api(Role.admin) for _ in range(4)]  # admins: every reader sees all three
    make_candidates(apis[0], 3)
    before = len(rows(session))
    statuses: list[int] = []
    done = threading.Event()

    def reader(api: Api) -> None:
        for _ in range(5):
            statuses.append(api.get("/api/v1/candidates").status_code)

    def sealing() -> None:  # several sealers at once, as several processes would run them
        while not done.is_set():
            sealer.seal(engine)

    readers = [threading.Thread(target=reader, args=(api,)) for api in apis for _ in range(2)]
    sealers = [threading.Thread(target=sealing) for _ in range(3)]
    for thread in readers + sealers:
        thread.start()
    for thread in readers:
        thread.join()
    done.set()
    for thread in sealers:
        thread.join()
    assert statuses == [200] * 40
    seal_log(session)
    report = check(session)
    assert report.ok, report.chain.problem or report.checkpoint_problem
    # exactly one row per candidate per list read: nothing lost, nothing twice
    assert report.chain.count == before + 40 * 3 and report.chain.unsealed == 0


def test_sealer_thread_of_the_web_process_seals_and_checkpoints(
    database: str, make_api: Callable[..., Api], session: Session, tmp_path: Any
) -> None:
    from tests.api.test_hardening import own_server

    settings_env = {
        "PASSEND_ACCESS_LOG_SEAL_INTERVAL_SECONDS": "0.2",
        "PASSEND_ACCESS_LOG_CHECKPOINT_INTERVAL_SECONDS": "0",
    }
    with own_server(**settings_env) as base_url:
        api = make_api(Role.jobhunter)
        own = Api(base_url, api.key, api.account_id)
        made = make_candidates(own, 2)
        assert own.get(f"/api/v1/candidates/{made[0]['id']}").status_code == 200
        deadline = time.monotonic() + 20
        while any(r.seq is None for r in rows(session)):
            assert time.monotonic() < deadline, "the sealer thread did not seal within 20 s"
            time.sleep(0.05)
    report = check(session)
    assert report.ok and report.chain.count == 3 and report.checkpoints_checked >= 1


def test_staff_pages_log_every_candidate_shown(
    server: str, jobhunter: Api, session: Session
) -> None:
    from tests.web.test_staff_http import _signed_in

    made = make_candidates(jobhunter, 2)
    before = len(rows(session))
    assert jobhunter.key is not None
    with _signed_in(server, jobhunter.key, "127.0.0.81") as (http, _):
        assert http.get("/app/kandidaten").status_code == 200
        assert http.get(f"/app/kandidaten/{made[0]['id']}").status_code == 200
    logged = rows(session)[before:]
    assert sorted(r.candidate_id for r in logged if r.action == "web_list") == sorted(
        c["id"] for c in made
    )
    assert [r.candidate_id for r in logged if r.action == "web_suggest"] == [made[0]["id"]]
    assert {r.account_id for r in logged} == {jobhunter.account_id}
    seal_log(session)
    assert check(session).ok


def test_reads_of_placements_consents_and_decisions_are_logged(
    jobhunter: Api, session: Session
) -> None:
    from tests.api.test_placements import make_workplace, open_placement

    candidate = make_candidates(jobhunter, 1)[0]
    placement = open_placement(jobhunter, candidate, make_workplace(jobhunter))
    before = len(rows(session))
    cid, pid = candidate["id"], placement["id"]
    for path in (
        f"/api/v1/placements/{pid}",
        "/api/v1/placements",
        f"/api/v1/placements/{pid}/follow-ups",
        f"/api/v1/candidates/{cid}/consents",
        f"/api/v1/decisions?candidate_id={cid}",
    ):
        assert jobhunter.get(path).status_code == 200, path
    logged = rows(session)[before:]
    assert [(r.candidate_id, r.action) for r in logged] == [
        (cid, "placement"),
        (cid, "placements"),
        (cid, "follow_ups"),
        (cid, "consents"),
        (cid, "decisions"),
    ]
    seal_log(session)
    assert check(session).ok


def test_routes_and_pages_leave_the_access_log_to_the_services() -> None:
    """Every module that defines a route or page (found through ``app.routes``, so a new one is
    covered) is an adapter: it never writes the access log itself. Logging lives with the
    service that builds the answer, so no adapter can forget it (decision 100, point 7)."""
    import inspect
    import sys

    from app.main import create_app

    modules = set()
    for route in create_app().routes:
        contexts = getattr(route, "effective_route_contexts", None)
        for item in contexts() if contexts else [route]:
            endpoint = getattr(item, "endpoint", None)
            if endpoint is not None:
                modules.add(endpoint.__module__)
    assert {"app.candidates.router", "app.web.staff_pages", "app.web.staff_work"} <= modules
    writers = [m for m in sorted(modules) if "record_reads" in inspect.getsource(sys.modules[m])]
    assert writers == []
