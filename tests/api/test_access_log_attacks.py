"""The access-log attacks of issue 12, each tried as the report did, each caught by verify.

The attacker here can write to the database (triggers lifted as the table owner, or
``session_replication_role = replica``), but holds neither the HMAC key nor the shipped
checkpoints. The one insider case (re-chaining *with* the key) is caught by the checkpoints.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, text
from sqlmodel import Session

from app.audit import chain, triggers
from app.audit.keys import load_key
from app.core.config import get_settings
from app.core.db import make_engine
from tests.api.test_access_log import check, cli, make_candidates, rows, seal_log
from tests.conftest import CHECKPOINT_DIR, POSTGRES_URL, Api, as_owner

WRONG_KEY = b"the attacker's guess at the key"


@contextmanager
def as_attacker(engine: Engine, *, superuser: bool = False) -> Iterator[Connection]:
    """A transaction with the append-only protection out of the way: as the table owner
    (triggers dropped), or on PostgreSQL as a superuser (``session_replication_role``)."""
    if superuser and engine.dialect.name == "postgresql":
        with make_engine(POSTGRES_URL).begin() as connection:
            connection.execute(text("SET LOCAL session_replication_role = replica"))
            yield connection
        return
    with as_owner(engine).begin() as connection, triggers.suspended(connection):
        yield connection


def logged_and_checkpointed(jobhunter: Api, session: Session, lists: int = 2) -> list[Any]:
    made = make_candidates(jobhunter, 3)
    for _ in range(lists):
        assert jobhunter.get("/api/v1/candidates").status_code == 200
    seal_log(session)
    assert check(session).ok
    return made


def failed(*args: str) -> str:
    result = cli("verify-access-log", *args)
    assert result.returncode == 2, result.stdout
    return result.stderr


def rechain(connection: Connection, key: bytes) -> None:
    """Renumber and re-hash the sealed rows from the first gap on, as the application's own
    code would; the rows before it are left as they were."""
    prev, updates = "0" * 64, []
    for seq, row in enumerate(list(chain.sealed_rows(connection)), start=1):
        if row["seq"] == seq and row["prev_hash"] == prev and not updates:
            prev = row["row_hash"]
            continue
        entry = {**row, "seq": seq, "prev_hash": prev}
        prev = chain.compute_hash(entry, key)
        updates.append({"id": row["id"], "seq": -seq, "prev": entry["prev_hash"], "hash": prev})
    # two steps, so the unique seq never collides halfway
    update = "UPDATE access_log SET seq = :seq, prev_hash = :prev, row_hash = :hash WHERE id = :id"
    connection.execute(text(update), updates)
    connection.execute(text("UPDATE access_log SET seq = -seq WHERE seq < 0"))


def test_truncating_the_table_is_reported(jobhunter: Api, engine: Engine, session: Session) -> None:
    logged_and_checkpointed(jobhunter, session)
    with as_attacker(engine) as connection:
        statement = "TRUNCATE access_log" if engine.dialect.name == "postgresql" else "DELETE"
        connection.execute(text(statement if statement != "DELETE" else "DELETE FROM access_log"))
    assert rows(session) == []
    error = failed()
    assert "records 9 sealed rows" in error and "the log has 0" in error
    assert "truncation or tail deletion" in error


def test_deleting_the_last_rows_is_reported(
    jobhunter: Api, engine: Engine, session: Session
) -> None:
    logged_and_checkpointed(jobhunter, session, lists=20)  # 3 + 60 rows
    with as_attacker(engine, superuser=True) as connection:
        connection.execute(text("DELETE FROM access_log WHERE seq > 13"))
    error = failed()
    assert "records 63 sealed rows" in error and "the log has 13" in error


def test_rechaining_with_the_applications_hash_function_is_reported(
    jobhunter: Api, engine: Engine, session: Session
) -> None:
    made = logged_and_checkpointed(jobhunter, session)
    victim = made[1]["id"]
    first_changed = min(r.seq for r in rows(session) if r.candidate_id == victim)
    with as_attacker(engine) as connection:
        connection.execute(text("DELETE FROM access_log WHERE candidate_id = :c"), {"c": victim})
        rechain(connection, WRONG_KEY)  # the key is not in the database
    error = failed()
    assert f"(seq {first_changed})" in error and "changed or forged" in error


def test_rechaining_by_an_insider_with_the_key_is_caught_by_the_checkpoints(
    jobhunter: Api, engine: Engine, session: Session
) -> None:
    made = logged_and_checkpointed(jobhunter, session)
    key = load_key(get_settings())
    with as_attacker(engine) as connection:
        connection.execute(
            text("DELETE FROM access_log WHERE candidate_id = :c"), {"c": made[0]["id"]}
        )
        rechain(connection, key)
    report = check(session)
    assert report.chain.ok and not report.ok  # the chain alone looks fine now
    error = failed()
    assert "disagrees with checkpoint" in error
    assert "records 9 sealed rows" in error  # the shortened log no longer reaches seq 9


def test_a_forged_row_appended_with_a_plausible_hash_is_reported(
    jobhunter: Api, engine: Engine, session: Session
) -> None:
    logged_and_checkpointed(jobhunter, session)
    head = rows(session)[-1]
    forged = {
        "seq": head.seq + 1,
        "at": head.at,
        "account_id": 1,
        "role": "admin",
        "candidate_id": head.candidate_id,
        "purpose": "export",
        "action": "read",
        "prev_hash": head.row_hash,
    }
    forged["row_hash"] = chain.compute_hash(forged, WRONG_KEY)
    insert = (
        "INSERT INTO access_log (seq, at, account_id, role, candidate_id, purpose, action,"
        " prev_hash, row_hash) VALUES (:seq, :at, :account_id, :role, :candidate_id, :purpose,"
        " :action, :prev_hash, :row_hash)"
    )
    # Without lifting the triggers the database refuses a row that claims to be sealed.
    refused = f"{triggers.MESSAGE}|permission denied"
    with pytest.raises(Exception, match=refused), as_owner(engine).begin() as connection:
        connection.execute(text(insert), forged)
    from tests.api.test_access_log import tamper

    tamper(engine, insert, **forged)
    error = failed()
    assert f"(seq {head.seq + 1})" in error and "changed or forged" in error


def test_a_forged_or_edited_checkpoint_is_reported(jobhunter: Api, session: Session) -> None:
    logged_and_checkpointed(jobhunter, session)
    path = next(CHECKPOINT_DIR.glob("checkpoints-*.jsonl"))
    line = json.loads(path.read_text().splitlines()[-1])
    line["seq"] = 3  # pretend the log was shorter then
    with path.open("a") as handle:
        handle.write(json.dumps(line) + "\n")
    error = failed()
    assert f"{path.name}:2" in error and "signature does not match" in error
