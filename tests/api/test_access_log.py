"""The access log: every read is logged, the hash chain verifies, tampering is caught."""

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, bindparam, exc, text
from sqlmodel import Session, col, select
from sqlmodel.sql.sqltypes import UTCDateTime

from app.audit import triggers
from app.audit.chain import Verification, verify
from app.audit.models import AccessLog
from app.core.config import PROJECT_ROOT
from app.core.vocab import Role
from tests.conftest import Api
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


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command, in its own process, on the test database."""
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=PROJECT_ROOT,
        env=os.environ.copy(),  # PASSEND_DATABASE_URL points at the test database
        capture_output=True,
        text=True,
        timeout=60,
    )


def rows(session: Session) -> list[AccessLog]:
    """The log as the database holds it now. Ends the read transaction, which on PostgreSQL
    would otherwise keep a lock that the tamper helper's DROP TRIGGER waits for."""
    session.expire_all()
    found = list(session.exec(select(AccessLog).order_by(col(AccessLog.seq))).all())
    session.expunge_all()
    session.rollback()
    return found


def check(session: Session) -> Verification:
    result = verify(session)
    session.rollback()
    return result


def tamper(engine: Engine, sql: str, **params: object) -> None:
    """Change the log behind the application's back, triggers lifted as an attacker would."""
    statement = text(sql)
    if isinstance(params.get("value"), datetime):  # stored exactly as the model stores it
        statement = statement.bindparams(bindparam("value", type_=UTCDateTime()))
    with engine.begin() as connection, triggers.suspended(connection):
        connection.execute(statement, params)


def reads_and_verify(jobhunter: Api, session: Session) -> list[AccessLog]:
    made = make_candidates(jobhunter, 3)
    assert jobhunter.get("/api/v1/candidates").status_code == 200
    for candidate in made:
        assert jobhunter.get(f"/api/v1/candidates/{candidate['id']}").status_code == 200
    return rows(session)


def test_chain_verifies_after_a_series_of_reads(jobhunter: Api, session: Session) -> None:
    logged = reads_and_verify(jobhunter, session)
    # 3 creations, the list (one row per candidate shown), 3 single reads
    assert len(logged) == 9
    assert [r.seq for r in logged] == list(range(1, 10))
    result = cli("verify-access-log")
    assert result.returncode == 0, result.stderr
    assert "9 rows" in result.stdout
    assert logged[-1].row_hash in result.stdout


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
    logged = rows(session) or reads_and_verify(jobhunter, session)
    target = data.draw(st.sampled_from(logged), label="row")
    field = data.draw(st.sampled_from(FIELDS), label="field")
    original = getattr(target, field)
    forged = FORGE[field](original)
    update = f"UPDATE access_log SET {field} = :value WHERE id = :id"
    tamper(engine, update, value=forged, id=target.id)
    try:
        result = check(session)
        assert not result.ok
        assert (result.broken_id, result.broken_seq) == (target.id, target.seq)
    finally:
        tamper(engine, update, value=original, id=target.id)
    assert check(session).ok


def test_verify_command_fails_naming_a_changed_row(
    jobhunter: Api, engine: Engine, session: Session
) -> None:
    target = reads_and_verify(jobhunter, session)[4]
    tamper(engine, "UPDATE access_log SET purpose = 'export' WHERE id = :id", id=target.id)
    result = cli("verify-access-log")
    assert result.returncode != 0
    assert f"row id={target.id} (seq {target.seq})" in result.stderr


def test_forged_or_removed_rows_are_detected(
    jobhunter: Api, engine: Engine, session: Session
) -> None:
    logged = reads_and_verify(jobhunter, session)
    head = logged[-1]
    forged_hash = "f" * 64
    insert = (
        "INSERT INTO access_log (seq, at, account_id, role, candidate_id, purpose, action,"
        " prev_hash, row_hash) VALUES (:seq, :at, 1, 'admin', :cid, 'export', 'read',"
        " :prev, :hash)"
    )
    tamper(
        engine,
        insert,
        seq=head.seq + 1,
        at=head.at,
        cid=head.candidate_id,
        prev=head.row_hash,
        hash=forged_hash,
    )
    result = cli("verify-access-log")
    assert result.returncode != 0
    assert f"(seq {head.seq + 1})" in result.stderr and "changed" in result.stderr

    # a row removed from the middle: the next one no longer fits
    tamper(engine, "DELETE FROM access_log WHERE seq > :seq", seq=head.seq)
    tamper(engine, "DELETE FROM access_log WHERE id = :id", id=logged[3].id)
    result = cli("verify-access-log")
    assert result.returncode != 0
    assert f"row id={logged[4].id} (seq {logged[4].seq})" in result.stderr


def test_update_and_delete_are_rejected_by_the_database(
    jobhunter: Api, engine: Engine, session: Session
) -> None:
    target = reads_and_verify(jobhunter, session)[0]
    for statement in (
        "UPDATE access_log SET purpose = 'x' WHERE id = :id",
        "DELETE FROM access_log WHERE id = :id",
    ):
        with (
            pytest.raises(exc.DBAPIError, match=triggers.MESSAGE),
            engine.begin() as connection,
        ):
            connection.execute(text(statement), {"id": target.id})
    assert len(rows(session)) == 9 and rows(session)[0].purpose == target.purpose
    assert check(session).ok


def test_concurrent_reads_keep_one_unbroken_chain(
    make_api: Callable[..., Api], session: Session
) -> None:
    apis = [make_api(Role.jobhunter) for _ in range(4)]
    make_candidates(apis[0], 3)
    before = len(rows(session))
    statuses: list[int] = []

    def reader(api: Api) -> None:
        for _ in range(5):
            statuses.append(api.get("/api/v1/candidates").status_code)

    threads = [threading.Thread(target=reader, args=(api,)) for api in apis for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 40
    result = check(session)
    assert result.ok, result.problem
    assert result.count == before + 40 * 3


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
    assert check(session).ok
