"""Suggestions, match runs, reviews and pair rules over real HTTP on every database target."""

import time
from datetime import timedelta

from sqlmodel import Session, select

from app.candidates.models import Candidate
from app.core.timeutil import today
from app.core.vocab import Role
from app.employers.models import Workplace
from app.matches.convert import candidate_from_row, workplace_from_row
from app.matches.run_inputs import (
    candidate_profiles,
    candidate_select,
    workplace_profiles,
    workplace_select,
)
from tests.conftest import Api
from tests.factories import candidate_payload, employer_payload, workplace_payload

FRESH = today().isoformat()


def _setup(api: Api) -> tuple[dict, list[dict]]:
    employer = api.post("/api/v1/employers", json=employer_payload()).json()
    calm = workplace_payload(
        employer["id"], title="Rustig groenwerk", postcode="2611", stimulus_level=1
    )
    busy = workplace_payload(
        employer["id"],
        title="Drukke productielijn",
        postcode="2612",
        stimulus_level=5,
        time_pressure_level=5,
        kind="open",
    )
    far = workplace_payload(employer["id"], title="Kas in Westland", postcode="2671")
    places = [api.post("/api/v1/workplaces", json=p).json() for p in (calm, busy, far)]
    return employer, places


def _candidate(api: Api, **overrides: object) -> dict:
    payload = candidate_payload(readiness_confirmed_on=FRESH, **overrides)
    response = api.post("/api/v1/candidates", json=payload)
    assert response.status_code == 201, response.text
    return response.json()


def _wait(api: Api, run_id: int) -> dict:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        run = api.get(f"/api/v1/match-runs/{run_id}").json()
        if run["status"] in ("succeeded", "failed"):
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} did not finish: {run}")


def test_candidate_suggestions_are_ranked_and_explained(jobhunter: Api) -> None:
    _, (_calm, _busy, _far) = _setup(jobhunter)
    candidate = _candidate(jobhunter, stimulus_tolerance=1, strict_needs=["stimulus"])
    response = jobhunter.get(f"/api/v1/candidates/{candidate['id']}/suggestions")
    assert response.status_code == 200, response.text
    body = response.json()
    titles = [item["workplace"]["title"] for item in body["items"]]
    assert titles[0] == "Rustig groenwerk"
    assert "Drukke productielijn" not in titles  # strict prikkelarm need is a hard limit
    first = body["items"][0]["explanation"]
    parts = sum(part["contribution"] for part in first["breakdown"])
    assert abs(parts - first["score"]) < 1e-9
    assert first["reasons_for"] and all(isinstance(r, str) for r in first["reasons_for"])
    assert {i["instrument"] for i in first["instruments"]} >= {"jobcoach"}
    assert body["warnings"] == []


def test_suggestion_filters_apply(jobhunter: Api) -> None:
    _setup(jobhunter)
    candidate = _candidate(
        jobhunter,
        stimulus_tolerance=5,
        time_pressure_tolerance=5,
        max_travel_minutes=60,
        travel_modes=["bicycle", "ebike"],
    )
    url = f"/api/v1/candidates/{candidate['id']}/suggestions"
    kinds = {
        i["workplace"]["kind"] for i in jobhunter.get(url, params={"kind": "open"}).json()["items"]
    }
    assert kinds == {"open"}
    near = jobhunter.get(url, params={"max_travel_minutes": 10}).json()["items"]
    assert all(i["explanation"]["travel_minutes"] <= 10 for i in near)
    assert jobhunter.get(url, params={"place_type": "nope"}).status_code == 422


def test_stale_candidates_are_listed_apart_with_reason(jobhunter: Api, make_api) -> None:  # type: ignore[no-untyped-def]
    _, (calm, _, _) = _setup(jobhunter)
    fresh = _candidate(jobhunter, last_name="Vers")
    stale_day = (today() - timedelta(days=200)).isoformat()
    stale = jobhunter.post(
        "/api/v1/candidates",
        json=candidate_payload(last_name="Oud", readiness_confirmed_on=stale_day),
    ).json()
    body = jobhunter.get(f"/api/v1/workplaces/{calm['id']}/suggestions").json()
    assert [i["candidate"]["id"] for i in body["items"]] == [fresh["id"]]
    assert body["not_suggested_count"] == 1
    assert body["not_suggested"][0]["candidate_id"] == stale["id"]
    assert "niet recent bevestigd" in body["not_suggested"][0]["reasons"][0]
    own = jobhunter.get(f"/api/v1/candidates/{stale['id']}/suggestions").json()
    assert own["warnings"]


def test_employer_and_wsp_see_only_pseudonymous_suggestions(jobhunter: Api, make_api) -> None:  # type: ignore[no-untyped-def]
    employer, (calm, _, _) = _setup(jobhunter)
    candidate = _candidate(jobhunter, first_name="Geheimvoornaam", last_name="Geheimachternaam")
    other = jobhunter.post("/api/v1/employers", json=employer_payload(kvk_number="27999999")).json()
    for api in (make_api(Role.employer, employer_id=employer["id"]), make_api(Role.wsp_frontend)):
        response = api.get(f"/api/v1/workplaces/{calm['id']}/suggestions")
        assert response.status_code == 200, response.text
        assert "Geheim" not in response.text
        item = response.json()["items"][0]["candidate"]
        assert item["pseudonym"] == candidate["pseudonym"] and item["id"] is None
        assert response.json()["not_suggested"] == []
        assert api.get(f"/api/v1/candidates/{candidate['id']}/suggestions").status_code == 403
    outsider = make_api(Role.employer, employer_id=other["id"])
    assert outsider.get(f"/api/v1/workplaces/{calm['id']}/suggestions").status_code == 404


def test_run_proposes_and_audit_record_is_complete(jobhunter: Api) -> None:
    _setup(jobhunter)
    for i in range(3):
        _candidate(jobhunter, last_name=f"K{i}")
    response = jobhunter.post("/api/v1/match-runs", json={"max_per_employer": 2})
    assert response.status_code == 202, response.text
    run = _wait(jobhunter, response.json()["id"])
    assert run["status"] == "succeeded", run
    # The region policy's hard-to-place floor (1 proposal each, where feasible) is recorded
    # in the parameters; a floor of one is part of the flow's objective (no CP-SAT needed).
    assert run["parameters"]["min_proposals_per_candidate"] == 1
    assert run["solver_status"] == "OPTIMAL" and run["method"] == "min_cost_flow"
    assert run["n_candidates"] == 3 and run["n_proposals"] == 2  # employer cap of 2
    assert run["engine_version"] and run["input_hash"] and run["weights"]["name"] == "default"
    assert run["created_by"] == jobhunter.account_id and run["timings_ms"]["solve_ms"] >= 0
    proposals = jobhunter.get(f"/api/v1/match-runs/{run['id']}/proposals").json()["items"]
    assert len(proposals) == 2
    assert abs(sum(p["score"] for p in proposals) - run["objective"]) < 1e-3


def test_same_inputs_give_same_proposals_and_input_hash(jobhunter: Api) -> None:
    _setup(jobhunter)
    for i in range(4):
        _candidate(jobhunter, last_name=f"K{i}", skill_level=1 + i)
    runs = [
        _wait(jobhunter, jobhunter.post("/api/v1/match-runs", json={}).json()["id"])
        for _ in range(2)
    ]
    assert runs[0]["input_hash"] == runs[1]["input_hash"]
    pairs = [
        sorted(
            (p["candidate_id"], p["workplace_id"])
            for p in jobhunter.get(f"/api/v1/match-runs/{r['id']}/proposals").json()["items"]
        )
        for r in runs
    ]
    assert pairs[0] == pairs[1] and pairs[0]


def test_idempotency_key_returns_the_same_run(jobhunter: Api) -> None:
    headers = {"Idempotency-Key": "run-2026-11-23-delft"}
    first = jobhunter.post("/api/v1/match-runs", json={"municipality": "Delft"}, headers=headers)
    again = jobhunter.post("/api/v1/match-runs", json={"municipality": "Delft"}, headers=headers)
    assert first.status_code == 202 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    other = jobhunter.post("/api/v1/match-runs", json={"municipality": "Rijswijk"}, headers=headers)
    assert other.status_code == 409
    assert jobhunter.get("/api/v1/match-runs").json()["total"] == 1
    _wait(jobhunter, first.json()["id"])  # emptying the tables must not race the worker


def test_bad_run_parameters_name_the_field(jobhunter: Api) -> None:
    bad = jobhunter.post("/api/v1/match-runs", json={"weight_profile": "unknown"})
    assert bad.status_code == 422 and "weight_profile" in bad.json()["fields"]
    bad = jobhunter.post("/api/v1/match-runs", json={"min_proposals_per_candidate": 2})
    assert bad.status_code == 422 and "min_proposals_per_candidate" in bad.json()["fields"]
    bad = jobhunter.post("/api/v1/match-runs", json={"time_limit_s": 0})
    assert bad.status_code == 422 and "time_limit_s" in bad.json()["fields"]


def test_forbidden_pair_never_reappears_and_pinned_pair_does(jobhunter: Api) -> None:
    _, (calm, busy, far) = _setup(jobhunter)
    candidate = _candidate(
        jobhunter,
        stimulus_tolerance=4,
        time_pressure_tolerance=4,
        max_travel_minutes=60,
        travel_modes=["bicycle", "ebike"],
    )
    first = _wait(jobhunter, jobhunter.post("/api/v1/match-runs", json={}).json()["id"])
    proposal = jobhunter.get(f"/api/v1/match-runs/{first['id']}/proposals").json()["items"][0]
    rejected = jobhunter.post(
        f"/api/v1/proposals/{proposal['id']}/review",
        json={
            "decision": "reject",
            "reason": "environment",
            "note": "past niet",
            "forbid_pair": True,
        },
    )
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    others = [w for w in (calm, busy, far) if w["id"] != proposal["workplace_id"]]
    pin = {"candidate_id": candidate["id"], "workplace_id": others[-1]["id"], "kind": "pin"}
    assert jobhunter.post("/api/v1/pair-rules", json=pin).status_code == 201

    second = _wait(jobhunter, jobhunter.post("/api/v1/match-runs", json={}).json()["id"])
    pairs = {
        (p["candidate_id"], p["workplace_id"])
        for p in jobhunter.get(f"/api/v1/match-runs/{second['id']}/proposals").json()["items"]
    }
    assert (candidate["id"], proposal["workplace_id"]) not in pairs
    assert (candidate["id"], others[-1]["id"]) in pairs
    suggested = jobhunter.get(f"/api/v1/candidates/{candidate['id']}/suggestions").json()
    assert proposal["workplace_id"] not in [i["workplace"]["id"] for i in suggested["items"]]
    decisions = jobhunter.get("/api/v1/decisions", params={"candidate_id": candidate["id"]})
    actions = [d["action"] for d in decisions.json()["items"]]
    assert "review:rejected" in actions and "pair:forbid" in actions and "pair:pin" in actions


def test_reject_without_reason_is_422_and_second_review_is_409(jobhunter: Api) -> None:
    _setup(jobhunter)
    _candidate(jobhunter)
    run = _wait(jobhunter, jobhunter.post("/api/v1/match-runs", json={}).json()["id"])
    proposal = jobhunter.get(f"/api/v1/match-runs/{run['id']}/proposals").json()["items"][0]
    url = f"/api/v1/proposals/{proposal['id']}/review"
    missing = jobhunter.post(url, json={"decision": "reject"})
    assert missing.status_code == 422 and "reason" in missing.json()["fields"]
    accepted = jobhunter.post(url, json={"decision": "accept", "version": 1})
    assert accepted.status_code == 200 and accepted.json()["placement_id"]
    again = jobhunter.post(url, json={"decision": "reject", "reason": "other"})
    assert again.status_code == 409
    assert jobhunter.get(f"/api/v1/proposals/{proposal['id']}").json()["status"] == "accepted"


def test_suggestions_with_nobody_on_the_other_side_are_empty_not_an_error(
    jobhunter: Api,
) -> None:
    """A new region starts with workplaces and no candidates (or the reverse): an empty list."""
    _, (calm, _, _) = _setup(jobhunter)
    response = jobhunter.get(f"/api/v1/workplaces/{calm['id']}/suggestions")
    assert response.status_code == 200, response.text
    assert response.json()["items"] == []
    run = jobhunter.post("/api/v1/match-runs", json={})
    assert run.status_code == 202, run.text
    finished = _wait(jobhunter, run.json()["id"])
    assert finished["status"] == "succeeded" and finished["n_proposals"] == 0


def test_run_inputs_read_as_rows_equal_the_orm_profiles(jobhunter: Api, session: Session) -> None:
    """A run reads plain rows (``run_inputs``); the profiles must be exactly those the ORM
    path (``candidate_from_row`` / ``workplace_from_row``) builds: same loonwaarde (the
    newest), internships, tasks in order and employer fields."""
    employer, _ = _setup(jobhunter)
    _candidate(jobhunter, last_name="A")
    _candidate(
        jobhunter,
        last_name="B",
        loonwaarde=[
            {"measured_on": "2025-01-01", "loonwaarde_pct": 24, "method": "m", "source": "s"},
            {"measured_on": "2025-06-01", "loonwaarde_pct": 50, "method": "m", "source": "s"},
        ],
        internships=[{"organisation": "Groen", "employer_id": employer["id"], "year": 2025}],
    )
    _candidate(jobhunter, last_name="C", loonwaarde=[])
    rows_c = session.connection().execute(candidate_select().order_by(Candidate.id)).all()
    rows_w = session.connection().execute(workplace_select().order_by(Workplace.id)).all()
    orm_c = session.exec(select(Candidate).order_by(Candidate.id)).all()
    orm_w = session.exec(select(Workplace).order_by(Workplace.id)).all()
    assert len(rows_c) == 3 and len(rows_w) == 3
    assert candidate_profiles(session, rows_c) == [candidate_from_row(c) for c in orm_c]
    assert workplace_profiles(session, rows_w) == [workplace_from_row(w) for w in orm_w]
    assert {c["loonwaarde_pct"] for c in candidate_profiles(session, rows_c)} >= {50}


def test_stored_explanation_is_the_explanation_of_the_pair(jobhunter: Api) -> None:
    """Proposals are written with their explanation serialised by pydantic (``JSONText``):
    what the API serves is exactly the explanation the suggestions give for the pair."""
    _setup(jobhunter)
    cand = _candidate(jobhunter, last_name="Uitleg")
    run = _wait(jobhunter, jobhunter.post("/api/v1/match-runs", json={}).json()["id"])
    assert run["status"] == "succeeded", run
    items = jobhunter.get(f"/api/v1/match-runs/{run['id']}/proposals").json()["items"]
    assert items and isinstance(items[0]["explanation"], dict)
    stored = items[0]["explanation"]
    suggested = jobhunter.get(f"/api/v1/candidates/{cand['id']}/suggestions").json()["items"]
    same = [s for s in suggested if s["workplace"]["id"] == items[0]["workplace_id"]]
    assert same and same[0]["explanation"] == stored
