"""End to end on the demo region: run → review → consent → introduce → proefplaatsing →
placed → follow-ups and contract-end alert → outcome; pins and forbids honoured by the next
run. Plus the reviewers' race on one proposal."""

import threading
import time
from datetime import date, timedelta

import httpx
import pytest
from sqlmodel import Session

from seed.generate import generate_region
from seed.load import load_region
from tests.conftest import Api


def _run(api: Api, **params: object) -> dict:
    created = api.post("/api/v1/match-runs", json=params)
    assert created.status_code == 202, created.text
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run = api.get(f"/api/v1/match-runs/{created.json()['id']}").json()
        if run["status"] in ("succeeded", "failed"):
            assert run["status"] == "succeeded", run
            return run
        time.sleep(0.1)
    raise AssertionError("run did not finish")


def _proposals(api: Api, run: dict) -> list[dict]:
    page = api.get(f"/api/v1/match-runs/{run['id']}/proposals", params={"limit": 200})
    return page.json()["items"]


def _caseload(api: Api) -> set[int]:
    """The candidates the key's jobhunter decides about: the demo spreads the region over
    three jobhunters, and a review or pair rule for another one's candidate is 403."""
    ids: set[int] = set()
    while True:
        page = api.get("/api/v1/candidates", params={"limit": 200, "offset": len(ids)}).json()
        ids |= {c["id"] for c in page["items"]}
        if not page["items"] or len(ids) >= page["total"]:
            return ids


def _own_proposals(api: Api, run: dict) -> list[dict]:
    mine = _caseload(api)
    return [p for p in _proposals(api, run) if p["candidate_id"] in mine]


@pytest.fixture
def demo(session: Session, server: str) -> Api:
    keys = load_region(session, generate_region(300, 220, reference_day=date.today()))
    session.commit()
    return Api(server, keys["jobhunter"], 0)


def test_demo_region_from_run_to_outcome(demo: Api) -> None:
    run = _run(demo, max_per_employer=3)
    proposals = _proposals(demo, run)
    assert run["n_candidates"] > 50 and len(proposals) >= 50
    proposal = max(_own_proposals(demo, run), key=lambda p: p["score"])
    assert proposal["explanation"]["reasons_for"]

    accepted = demo.post(
        f"/api/v1/proposals/{proposal['id']}/review",
        json={"decision": "accept", "version": proposal["version"]},
    )
    assert accepted.status_code == 200, accepted.text
    placement = demo.get(f"/api/v1/placements/{accepted.json()['placement_id']}").json()
    assert placement["state"] == "accepted"

    start = date.today() + timedelta(days=14)
    end = start + timedelta(days=364)
    steps = [
        {
            "to": "consent_recorded",
            "consent_recorded_on": date.today().isoformat(),
            "guardian_consent": True,
        },
        {"to": "introduced", "introduced_on": date.today().isoformat()},
        {
            "to": "proefplaatsing",
            "proef_start": date.today().isoformat(),
            "proef_planned_end": (start - timedelta(days=1)).isoformat(),
        },
        {
            "to": "placed",
            "contract_type": "temporary",
            "hours_per_week": 20,
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
            "loonwaarde_pct": 40,
        },
    ]
    for body in steps:
        moved = demo.post(
            f"/api/v1/placements/{placement['id']}/transitions",
            json={**body, "version": placement["version"]},
        )
        assert moved.status_code == 200, moved.text
        placement = moved.json()
    assert placement["state"] == "placed"

    due = {
        f["kind"]: f["due_on"]
        for f in demo.get(f"/api/v1/placements/{placement['id']}/follow-ups").json()
    }
    assert due["first_day"] == (start + timedelta(days=1)).isoformat()
    assert due["one_month_employer"] == due["one_month_candidate"]
    alert = date.fromisoformat(due["contract_end_alert"])
    assert (end - alert).days in range(59, 63)  # two calendar months before the end
    soon = demo.get(
        "/api/v1/follow-ups",
        params={
            "due_before": (start + timedelta(days=2)).isoformat(),
            "jobhunter_id": placement["jobhunter_id"],
        },
    )
    assert "first_day" in [f["kind"] for f in soon.json()["items"]]
    later = demo.get(
        "/api/v1/follow-ups",
        params={"due_before": alert.isoformat(), "jobhunter_id": placement["jobhunter_id"]},
    )
    assert "contract_end_alert" in [f["kind"] for f in later.json()["items"]]

    outcome = next(
        f
        for f in demo.get(f"/api/v1/placements/{placement['id']}/follow-ups").json()
        if f["kind"] == "outcome_6m"
    )
    checked = demo.post(
        f"/api/v1/follow-ups/{outcome['id']}/check-in",
        json={"still_in_work": True, "same_job": True, "note": "gaat goed"},
    )
    assert checked.status_code == 200, checked.text
    placement = demo.get(f"/api/v1/placements/{placement['id']}").json()
    assert placement["in_work_at_6_months"] is True
    history = demo.get("/api/v1/decisions", params={"placement_id": placement["id"]}).json()
    assert len(history["items"]) >= 6


def test_demo_region_forbid_and_pin_carry_into_next_run(demo: Api) -> None:
    first = _own_proposals(demo, _run(demo))
    banned = first[0]
    rejected = demo.post(
        f"/api/v1/proposals/{banned['id']}/review",
        json={"decision": "reject", "reason": "travel", "forbid_pair": True},
    )
    assert rejected.status_code == 200
    target = next(
        p for p in first if p["alternatives"] and p["candidate_id"] != banned["candidate_id"]
    )
    # Alternatives' scores are given like the proposal's own: three decimals.
    assert all(a["score"] == round(a["score"], 3) for a in target["alternatives"])
    pinned_wp = target["alternatives"][-1]["workplace_id"]
    pin = {"candidate_id": target["candidate_id"], "workplace_id": pinned_wp, "kind": "pin"}
    assert demo.post("/api/v1/pair-rules", json=pin).status_code == 201

    second = _proposals(demo, _run(demo))
    pairs = {(p["candidate_id"], p["workplace_id"]) for p in second}
    assert (banned["candidate_id"], banned["workplace_id"]) not in pairs
    assert (target["candidate_id"], pinned_wp) in pairs
    assert [p["pinned"] for p in second if p["candidate_id"] == target["candidate_id"]] == [True]


def test_eight_reviewers_on_one_proposal_one_wins(demo: Api, database: str) -> None:
    if database != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers instead of racing them")
    proposal = _own_proposals(demo, _run(demo))[0]
    url = f"{demo.base_url}/api/v1/proposals/{proposal['id']}/review"
    barrier = threading.Barrier(8)
    codes: list[int] = []

    def review(i: int) -> None:
        body = {"decision": "accept"} if i % 2 else {"decision": "reject", "reason": "other"}
        with httpx.Client(headers={"X-API-Key": demo.key or ""}, timeout=30) as client:
            barrier.wait()
            codes.append(client.post(url, json={**body, "version": 1}).status_code)

    threads = [threading.Thread(target=review, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [200] + [409] * 7
    final = demo.get(f"/api/v1/proposals/{proposal['id']}").json()
    assert final["status"] in ("accepted", "rejected") and final["version"] == 2
    placements = demo.get("/api/v1/placements", params={"candidate_id": proposal["candidate_id"]})
    assert placements.json()["total"] == (1 if final["status"] == "accepted" else 0)
