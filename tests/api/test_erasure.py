"""Export (right of access), erasure (right to erasure) and retention, over real HTTP."""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, inspect, text

from app.core.timeutil import utcnow
from app.core.vocab import Role
from tests.api.test_access_log import check, cli
from tests.api.test_matching_flow import _wait
from tests.api.test_placements import make_workplace, open_placement, step
from tests.conftest import Api
from tests.factories import candidate_payload


@dataclass
class Planted:
    candidate: dict[str, Any]
    values: list[str]  # unique strings planted in every personal field

    @property
    def id(self) -> int:
        return int(self.candidate["id"])


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def plant(api: Api, *, run: bool = True) -> Planted:
    """A candidate with a unique value in every identity, contact, profile and free-text field,
    and a trail through consent, a match run, a review, a pair rule, a placement and after-care."""
    tag = secrets.token_hex(4)
    number = int(tag, 16)
    born = (date(2003, 1, 1) + timedelta(days=number % 700)).isoformat()
    phone = f"+31 6 {number % 10**8:08d}"
    # SA, SD and SS are never used in Dutch postcodes: the first letter is never S here.
    postcode = "2611 " + "".join(chr(65 + (number >> s) % 26) for s in (0, 5)).replace("S", "T", 1)
    v = {k: f"{k}{tag}" for k in ("Voornaam", "Achternaam", "Ambitie", "Stage", "Gemeente")}
    workplace = make_workplace(api, kvk_number=str(27000000 + int(tag, 16) % 999999))
    payload = candidate_payload(
        first_name=v["Voornaam"],
        last_name=v["Achternaam"],
        date_of_birth=born,
        email=f"mail{tag}@example.nl",
        phone=phone,
        postcode=postcode,
        municipality=v["Gemeente"],
        ambitions=v["Ambitie"],
        certificates=[f"Cert{tag}"],
        competences=[f"Comp{tag}"],
        internships=[{"organisation": v["Stage"], "year": 2022, "outcome": f"Afloop{tag}"}],
        loonwaarde=[
            {
                "measured_on": "2026-03-01",
                "loonwaarde_pct": 37,
                "method": f"Methode{tag}",
                "source": f"Bron{tag}",
            }
        ],
    )
    payload["consents"][0]["note"] = f"Toestemming{tag}"
    candidate = ok(api.post("/api/v1/candidates", json=payload), 201)
    cid = candidate["id"]
    sensitive = {k: f"{k}{tag}" for k in ("diagnosis", "medical_treatment", "notes")}
    sensitive["psychosocial_context"] = f"Schulden{tag}"
    ok(api.put(f"/api/v1/candidates/{cid}/sensitive", json=sensitive))
    values = [*v.values(), f"mail{tag}@example.nl", phone, candidate["postcode"]]
    values += [born, candidate["pseudonym"], *sensitive.values()]
    values += [f"Cert{tag}", f"Comp{tag}", f"Afloop{tag}", f"Methode{tag}", f"Bron{tag}"]
    values += [f"Toestemming{tag}"]

    if run:
        started = ok(api.post("/api/v1/match-runs", json={"candidate_ids": [cid]}), 202)
        assert _wait(api, started["id"])["status"] == "succeeded"
        proposals = ok(api.get(f"/api/v1/match-runs/{started['id']}/proposals"))["items"]
        assert proposals, "the run proposed nothing for the planted candidate"
        review = {"decision": "reject", "reason": "other", "note": f"Beoordeling{tag}"}
        ok(api.post(f"/api/v1/proposals/{proposals[0]['id']}/review", json=review))
        values.append(f"Beoordeling{tag}")
    rule = {"candidate_id": cid, "workplace_id": workplace["id"], "kind": "pin"}
    ok(api.post("/api/v1/pair-rules", json=rule | {"note": f"Regel{tag}"}), 201)
    placement = open_placement(api, candidate, workplace)
    placement = step(
        api,
        placement,
        "consent_recorded",
        consent_recorded_on="2025-12-01",
        consent_note=f"Plaatsingstoestemming{tag}",
    )
    placement = step(api, placement, "introduced", introduced_on="2025-12-10")
    placement = step(
        api,
        placement,
        "placed",
        contract_type="temporary",
        hours_per_week=24,
        start_date="2026-01-05",
        end_date="2026-12-31",
        loonwaarde_pct=45,
    )
    follow_ups = ok(api.get(f"/api/v1/placements/{placement['id']}/follow-ups"))
    check_in = {"signals": {"sick_reports": 2}, "note": f"Nazorg{tag}"}
    ok(api.post(f"/api/v1/follow-ups/{follow_ups[0]['id']}/check-in", json=check_in))
    step(
        api,
        placement,
        "ended",
        ended_on=utcnow().date().isoformat(),
        outcome="dropout",
        dropout_reason="poor_fit_over_demand",
        outcome_note=f"Uitval{tag}",
    )
    values += [f"Regel{tag}", f"Plaatsingstoestemming{tag}", f"Nazorg{tag}", f"Uitval{tag}"]
    return Planted(candidate, values)


def dump(engine: Engine) -> str:
    """Every row of every table (also ones the models do not know), every column, as text."""
    parts: list[str] = []
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            if engine.dialect.name == "postgresql":
                rows = connection.execute(text(f'SELECT t::text FROM "{table}" t'))
            else:
                rows = connection.execute(text(f'SELECT * FROM "{table}"'))
            parts += [f"{table}: {' | '.join(str(v) for v in row)}" for row in rows]
    return "\n".join(parts).lower()


def test_export_contains_everything_held_and_is_logged(jobhunter: Api) -> None:
    planted = plant(jobhunter)
    response = jobhunter.get(f"/api/v1/candidates/{planted.id}/export")
    document = ok(response)
    for value in planted.values:
        assert value in response.text, value
    assert document["sensitive"]["diagnosis"].startswith("diagnosis")
    assert {c["purpose"] for c in document["consents"]} >= {"matching"}
    assert len(document["placements"]) == 1 and document["follow_ups"]
    assert document["proposals"] and document["pair_rules"]
    assert {"transition:placed", "pair:pin"} <= {d["action"] for d in document["decisions"]}
    log = document["access_log"]
    assert log[-1]["purpose"] == "export" and log[-1]["account_id"] == jobhunter.account_id
    assert {entry["candidate_id"] for entry in log} == {planted.id}


def test_erasure_leaves_no_personal_value_in_the_database(
    jobhunter: Api, engine: Engine, session: Any
) -> None:
    other = plant(jobhunter, run=False)
    # A birth date or a PC4 letter pair has only hundreds of possible values: one that someone
    # in the database already had before this candidate came says nothing about erasure.
    text_earlier = dump(engine)
    planted = plant(jobhunter)
    text_before = dump(engine)
    assert all(value.lower() in text_before for value in planted.values)
    own = [value for value in planted.values if value.lower() not in text_earlier]
    assert len(own) >= len(planted.values) - 2

    erased = ok(jobhunter.post(f"/api/v1/candidates/{planted.id}/erase"))
    assert erased["candidate_id"] == planted.id and erased["already_erased"] is False

    text_after = dump(engine)
    left = [value for value in own if value.lower() in text_after]
    assert left == [], f"still in the database after erasure: {left}"
    # the other candidate is untouched
    assert all(value.lower() in text_after for value in other.values)
    for path in ("", "/export", "/sensitive", "/loonwaarde", "/suggestions", "/consents"):
        assert jobhunter.get(f"/api/v1/candidates/{planted.id}{path}").status_code == 404, path
    listed = ok(jobhunter.get("/api/v1/candidates"))["items"]
    assert [c["id"] for c in listed] == [other.id]

    # decisions keep the pseudonymous id; erasure itself is recorded in both logs
    decisions = ok(jobhunter.get("/api/v1/decisions", params={"candidate_id": planted.id}))
    actions = [d["action"] for d in decisions["items"]]
    assert actions[-1] == "candidate:erased" and "transition:placed" in actions
    assert all(d["note"] == "" and d["detail"] == {} for d in decisions["items"])
    result = cli("verify-access-log")
    assert result.returncode == 0, result.stderr
    log = session.exec(
        text("SELECT purpose, action FROM access_log WHERE candidate_id = :c ORDER BY seq"),
        params={"c": planted.id},
    ).all()
    assert ("erasure", "erase:request") in [tuple(row) for row in log]
    assert check(session).ok

    again = ok(jobhunter.post(f"/api/v1/candidates/{planted.id}/erase"))
    assert again == erased | {"already_erased": True}
    assert dump(engine).count("candidate:erased") == 1


def test_export_and_erasure_are_for_admin_and_the_own_jobhunter_only(
    jobhunter: Api, admin: Api, make_api: Callable[..., Api]
) -> None:
    planted = plant(jobhunter, run=False)
    employer_id = ok(jobhunter.get(f"/api/v1/placements?candidate_id={planted.id}"))["items"][0][
        "employer_id"
    ]
    outsiders = [
        make_api(Role.jobhunter, name="Andere jobhunter"),
        make_api(Role.employer, employer_id=employer_id),
        make_api(Role.wsp_frontend),
    ]
    for outsider in outsiders:
        assert outsider.get(f"/api/v1/candidates/{planted.id}/export").status_code == 403
        assert outsider.post(f"/api/v1/candidates/{planted.id}/erase").status_code == 403
    assert jobhunter.get("/api/v1/candidates/999999/export").status_code == 404
    assert admin.post("/api/v1/candidates/999999/erase").status_code == 404
    assert ok(admin.get(f"/api/v1/candidates/{planted.id}/export"))["candidate"]["id"] == planted.id
    assert ok(admin.post(f"/api/v1/candidates/{planted.id}/erase"))["already_erased"] is False


def _age(engine: Engine, candidate_id: int, days: int) -> None:
    """Move every trace of activity of one candidate ``days`` into the past."""
    then = utcnow() - timedelta(days=days)
    with engine.begin() as connection:
        for table, column in (
            ("candidate", "updated_at"),
            ("candidate", "created_at"),
            ("consent", "updated_at"),
            ("placement", "updated_at"),
            ("decision", "at"),
        ):
            key = "id" if table == "candidate" else "candidate_id"
            connection.execute(
                text(f"UPDATE {table} SET {column} = :then WHERE {key} = :c"),
                {
                    "then": then.isoformat() if engine.dialect.name == "sqlite" else then,
                    "c": candidate_id,
                },
            )


def test_retention_erases_only_the_inactive_candidate(jobhunter: Api, engine: Engine) -> None:
    old = ok(jobhunter.post("/api/v1/candidates", json=candidate_payload(last_name="Oud")), 201)
    recent = ok(
        jobhunter.post("/api/v1/candidates", json=candidate_payload(last_name="Nieuw")), 201
    )
    placed = plant(jobhunter, run=False)
    _age(engine, old["id"], days=25 * 31)
    _age(engine, recent["id"], days=23 * 30)
    # profile untouched for years, but a placement event last month keeps it
    _age(engine, placed.id, days=25 * 31)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE placement SET updated_at = :t WHERE candidate_id = :c"),
            {"t": utcnow() - timedelta(days=30), "c": placed.id},
        )

    dry = cli("retention", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "would erase 1 candidates" in dry.stdout
    assert jobhunter.get(f"/api/v1/candidates/{old['id']}").status_code == 200

    result = cli("retention")
    assert result.returncode == 0, result.stderr
    assert "erased 1 candidates inactive for 24 months" in result.stdout
    assert jobhunter.get(f"/api/v1/candidates/{old['id']}").status_code == 404
    for kept in (recent["id"], placed.id):
        assert jobhunter.get(f"/api/v1/candidates/{kept}").status_code == 200
    assert "would erase 0 candidates" in cli("retention", "--dry-run").stdout
    assert cli("verify-access-log").returncode == 0
