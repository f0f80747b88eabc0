"""The placement pipeline over real HTTP, on every database target."""

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlmodel import Session

from app.core.timeutil import today
from app.core.vocab import Role
from app.matches.models import MatchRun, Proposal
from tests.conftest import Api
from tests.factories import candidate_payload, employer_payload, workplace_payload

PLACED = {
    "contract_type": "temporary",
    "hours_per_week": 24,
    "start_date": "2026-01-05",
    "end_date": "2026-12-31",
    "loonwaarde_pct": 45,
}


def make_candidate(api: Api, **overrides: Any) -> dict[str, Any]:
    response = api.post("/api/v1/candidates", json=candidate_payload(**overrides))
    assert response.status_code == 201, response.text
    return response.json()


def make_workplace(api: Api, kvk_number: str = "27123456", **overrides: Any) -> dict[str, Any]:
    employer = api.post("/api/v1/employers", json=employer_payload(kvk_number=kvk_number)).json()
    body = workplace_payload(employer["id"], **overrides)
    response = api.post("/api/v1/workplaces", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def open_placement(api: Api, candidate: dict, workplace: dict) -> dict[str, Any]:
    body = {"candidate_id": candidate["id"], "workplace_id": workplace["id"]}
    response = api.post("/api/v1/placements", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def move(api: Api, placement: dict, to: str, **fields: Any) -> httpx.Response:
    body = {"to": to, "version": placement["version"], **fields}
    return api.post(f"/api/v1/placements/{placement['id']}/transitions", json=body)


def move_body(placement: dict, workplace: dict) -> dict[str, Any]:
    """A move to other work (``POST /placements/{id}/moves``): a permanent job elsewhere."""
    return {
        "version": placement["version"],
        "workplace_id": workplace["id"],
        "contract_type": "permanent",
        "hours_per_week": 32,
        "start_date": "2026-06-01",
        "loonwaarde_pct": 55,
    }


def step(api: Api, placement: dict, to: str, **fields: Any) -> dict[str, Any]:
    response = move(api, placement, to, **fields)
    assert response.status_code == 200, response.text
    return response.json()


def to_placed(api: Api, placement: dict, **placed: Any) -> dict[str, Any]:
    placement = step(api, placement, "consent_recorded", consent_recorded_on="2025-12-01")
    placement = step(api, placement, "introduced", introduced_on="2025-12-10")
    return step(api, placement, "placed", **(PLACED | placed))


def placed_placement(api: Api, **placed: Any) -> dict[str, Any]:
    placement = open_placement(api, make_candidate(api), make_workplace(api))
    return to_placed(api, placement, **placed)


def make_proposal(session: Session, owner: Api, candidate: dict, workplace: dict) -> int:
    """A proposal as a finished run leaves it, without waiting for the worker."""
    run = MatchRun(created_by=owner.account_id, request_hash="0" * 64, status="succeeded")
    session.add(run)
    session.flush()
    assert run.id is not None
    proposal = Proposal(
        run_id=run.id,
        candidate_id=candidate["id"],
        workplace_id=workplace["id"],
        employer_id=workplace["employer_id"],
        score=0.8,
    )
    session.add(proposal)
    session.commit()
    assert proposal.id is not None
    return proposal.id


def follow_ups_of(api: Api, placement: dict) -> list[dict[str, Any]]:
    return api.get(f"/api/v1/placements/{placement['id']}/follow-ups").json()


def test_pipeline_to_placed_schedules_follow_ups_on_the_right_dates(jobhunter: Api) -> None:
    placement = open_placement(jobhunter, make_candidate(jobhunter), make_workplace(jobhunter))
    assert placement["state"] == "accepted" and placement["jobhunter_id"] == jobhunter.account_id
    assert placement["allowed_next"] == ["consent_recorded", "ended"]
    placement = step(jobhunter, placement, "consent_recorded", consent_recorded_on="2025-12-01")
    placement = step(jobhunter, placement, "introduced", introduced_on="2025-12-10")
    placement = step(
        jobhunter,
        placement,
        "proefplaatsing",
        proef_start="2025-12-15",
        proef_planned_end="2026-02-15",
    )
    placed = step(jobhunter, placement, "placed", **PLACED)
    assert placed["state"] == "placed" and placed["version"] == 5
    assert placed["loonwaarde_pct"] == 45 and placed["end_date"] == "2026-12-31"
    assert placed["in_work_at_6_months"] is True  # placed and past 2026-07-05

    rows = follow_ups_of(jobhunter, placed)
    # The proefplaatsing's check-ins were planned and, not done by the contract, cancelled.
    proef = {f["kind"]: f["status"] for f in rows if f["kind"].startswith("proef_")}
    assert proef == dict.fromkeys(
        ("proef_first_week", "proef_four_weeks_employer", "proef_four_weeks_candidate"),
        "cancelled",
    ) | {"proef_end_alert": "cancelled"}
    due = {(f["kind"], f["with_whom"]): f["due_on"] for f in rows if f["status"] == "open"}
    assert due == {
        ("first_day", "both"): "2026-01-06",
        ("first_weeks", "both"): "2026-01-19",
        ("one_month_employer", "employer"): "2026-02-09",
        ("one_month_candidate", "candidate"): "2026-02-09",
        ("quarterly_3m", "both"): "2026-04-05",
        ("quarterly_6m", "both"): "2026-07-05",
        ("quarterly_9m", "both"): "2026-10-05",
        ("outcome_6m", "candidate"): "2026-07-05",
        ("outcome_12m", "candidate"): "2027-01-05",
        ("contract_end_alert", "both"): "2026-10-31",
    }


def test_transition_introduced_straight_to_placed_and_open_ended(admin: Api) -> None:
    placed = placed_placement(admin, end_date=None)
    kinds = [f["kind"] for f in follow_ups_of(admin, placed)]
    assert "quarterly_12m" in kinds and "contract_end_alert" not in kinds
    assert placed["proef_start"] is None


def test_transition_not_allowed_is_409_listing_allowed_states(admin: Api) -> None:
    placement = open_placement(admin, make_candidate(admin), make_workplace(admin))
    response = move(admin, placement, "placed", **PLACED)
    assert response.status_code == 409
    body = response.json()
    assert "accepted" in body["detail"]
    assert "consent_recorded" in body["fields"]["to"] and "ended" in body["fields"]["to"]
    assert admin.get(f"/api/v1/placements/{placement['id']}").json()["version"] == 1


def test_transition_with_stale_version_is_409(admin: Api) -> None:
    placement = open_placement(admin, make_candidate(admin), make_workplace(admin))
    step(admin, placement, "consent_recorded", consent_recorded_on="2025-12-01")
    response = move(admin, placement, "introduced", introduced_on="2025-12-10")
    assert response.status_code == 409 and "version" in response.json()["fields"]


def test_consent_for_minor_requires_guardian_consent(admin: Api) -> None:
    birth = today() - timedelta(days=17 * 365 + 100)
    candidate = make_candidate(admin, date_of_birth=birth.isoformat())
    placement = open_placement(admin, candidate, make_workplace(admin))
    consent = {"consent_recorded_on": today().isoformat()}
    refused = move(admin, placement, "consent_recorded", **consent)
    assert refused.status_code == 422 and "guardian_consent" in refused.json()["fields"]
    agreed = step(admin, placement, "consent_recorded", **consent, guardian_consent=True)
    assert agreed["guardian_consent"] is True


def test_end_as_dropout_requires_a_reason(admin: Api) -> None:
    placed = placed_placement(admin)
    ending = {"ended_on": "2026-03-02", "outcome": "dropout"}
    missing = move(admin, placed, "ended", **ending)
    assert missing.status_code == 422 and "dropout_reason" in missing.json()["fields"]
    ended = step(admin, placed, "ended", **ending, dropout_reason="too_little_support")
    assert ended["dropout_reason"] == "too_little_support" and ended["allowed_next"] == []
    assert ended["in_work_at_6_months"] is False


def test_end_moved_to_other_job_counts_as_still_in_work(admin: Api) -> None:
    placed = placed_placement(admin)
    ended = step(admin, placed, "ended", ended_on="2026-03-02", outcome="moved_to_other_job")
    assert ended["in_work_at_6_months"] is True and ended["in_work_at_12_months"] is True


def test_end_withdrawn_only_before_the_job_starts(admin: Api) -> None:
    start = (today() + timedelta(days=30)).isoformat()
    ahead = placed_placement(admin, start_date=start, end_date=None)
    withdrawn = {"ended_on": today().isoformat(), "outcome": "withdrawn_before_start"}
    assert step(admin, ahead, "ended", **withdrawn)["in_work_at_6_months"] is None
    started = open_placement(admin, make_candidate(admin), make_workplace(admin, "27000001"))
    started = to_placed(admin, started)
    refused = move(admin, started, "ended", **withdrawn)
    assert refused.status_code == 422 and "outcome" in refused.json()["fields"]


PROEF = {"proef_start": "2025-12-15", "proef_planned_end": "2026-02-15"}
WITHDRAWN = {"ended_on": "2025-12-20", "outcome": "withdrawn_before_start"}


@pytest.mark.parametrize(
    ("to", "fields", "bad"),
    [
        ("proefplaatsing", PROEF | {"proef_planned_end": "2026-07-01"}, "proef_planned_end"),
        ("proefplaatsing", {"proef_start": "2025-12-15"}, "proef_planned_end"),
        ("proefplaatsing", PROEF | {"proef_start": "2025-12-01"}, "proef_start"),
        ("placed", PLACED | {"end_date": "2026-01-05"}, "end_date"),
        ("placed", PLACED | {"loonwaarde_pct": 120}, "loonwaarde_pct"),
        ("placed", PLACED | {"contract_type": "forever"}, "contract_type"),
        ("placed", {k: v for k, v in PLACED.items() if k != "hours_per_week"}, "hours_per_week"),
        ("placed", PLACED | {"ended_on": "2026-02-01"}, "ended_on"),
        ("ended", WITHDRAWN | {"outcome": "completed"}, "outcome"),
        ("ended", WITHDRAWN | {"dropout_reason": "other"}, "dropout_reason"),
        ("ended", WITHDRAWN | {"ended_on": "2999-01-01"}, "ended_on"),
        ("wherever", {}, "to"),
    ],
)
def test_transition_with_bad_step_data_names_the_field(
    admin: Api, to: str, fields: dict, bad: str
) -> None:
    placement = open_placement(admin, make_candidate(admin), make_workplace(admin))
    placement = step(admin, placement, "consent_recorded", consent_recorded_on="2025-12-01")
    placement = step(admin, placement, "introduced", introduced_on="2025-12-10")
    response = move(admin, placement, to, **fields)
    assert response.status_code == 422, response.text
    assert bad in response.json()["fields"]


def test_open_placement_twice_for_the_same_pair_is_409(admin: Api) -> None:
    candidate, workplace = make_candidate(admin), make_workplace(admin)
    first = open_placement(admin, candidate, workplace)
    body = {"candidate_id": candidate["id"], "workplace_id": workplace["id"]}
    assert admin.post("/api/v1/placements", json=body).status_code == 409
    step(admin, first, "ended", ended_on="2025-12-01", outcome="withdrawn_before_start")
    assert admin.post("/api/v1/placements", json=body).status_code == 201


def test_open_placement_for_unknown_candidate_is_422(admin: Api) -> None:
    body = {"candidate_id": 99999, "workplace_id": make_workplace(admin)["id"]}
    response = admin.post("/api/v1/placements", json=body)
    assert response.status_code == 422 and "candidate_id" in response.json()["fields"]


def test_list_placements_filters_and_paginates(admin: Api, jobhunter: Api) -> None:
    workplace = make_workplace(admin)
    mine = open_placement(jobhunter, make_candidate(jobhunter), workplace)
    other = open_placement(admin, make_candidate(admin, last_name="Bakker"), workplace)
    step(admin, other, "consent_recorded", consent_recorded_on="2025-12-01")
    url = "/api/v1/placements"
    assert admin.get(url, params={"workplace_id": workplace["id"]}).json()["total"] == 2
    by_state = admin.get(url, params={"state": "consent_recorded"}).json()
    assert [p["id"] for p in by_state["items"]] == [other["id"]]
    own = admin.get(url, params={"jobhunter_id": jobhunter.account_id}).json()
    assert [p["id"] for p in own["items"]] == [mine["id"]]
    assert admin.get(url, params={"candidate_id": mine["candidate_id"]}).json()["total"] == 1
    assert len(admin.get(url, params={"limit": 1}).json()["items"]) == 1
    assert admin.get(url, params={"state": "lost"}).status_code == 422
    assert admin.get(f"{url}/99999").status_code == 404


def test_decisions_are_queryable_per_candidate_and_workplace(admin: Api) -> None:
    candidate, workplace = make_candidate(admin), make_workplace(admin)
    placement = to_placed(admin, open_placement(admin, candidate, workplace))
    open_placement(admin, make_candidate(admin, last_name="Jansen"), workplace)
    per_candidate = admin.get("/api/v1/decisions", params={"candidate_id": candidate["id"]})
    actions = [d["action"] for d in per_candidate.json()["items"]]
    assert actions == [
        "consent:given",  # matching, at intake
        "consent:given",  # share_pseudonymous, at intake
        "placement_opened",
        "consent:given",  # introduce_employer, recorded by the consent_recorded step
        "transition:consent_recorded",
        "transition:introduced",
        "transition:placed",
    ]
    placement_steps = [d for d in per_candidate.json()["items"] if d["placement_id"]]
    assert len(placement_steps) == 4
    assert {d["placement_id"] for d in placement_steps} == {placement["id"]}
    assert {d["actor_id"] for d in per_candidate.json()["items"]} == {admin.account_id}
    per_workplace = admin.get("/api/v1/decisions", params={"workplace_id": workplace["id"]})
    assert per_workplace.json()["total"] == 5


@pytest.mark.parametrize("role", [Role.employer, Role.wsp_frontend])
def test_placement_endpoints_forbid_employer_and_wsp_keys(
    admin: Api, make_api: Callable[..., Api], role: Role
) -> None:
    workplace = make_workplace(admin)
    placement = open_placement(admin, make_candidate(admin), workplace)
    outsider = make_api(role, employer_id=workplace["employer_id"] if role == "employer" else None)
    pid = placement["id"]
    calls = [
        outsider.get("/api/v1/placements"),
        outsider.get(f"/api/v1/placements/{pid}"),
        outsider.get(f"/api/v1/placements/{pid}/follow-ups"),
        outsider.post("/api/v1/placements", json={"candidate_id": 1, "workplace_id": 1}),
        outsider.post(f"/api/v1/placements/{pid}/transitions", json={"to": "ended"}),
        outsider.get("/api/v1/follow-ups"),
        outsider.post("/api/v1/follow-ups/1/check-in", json={}),
        outsider.get("/api/v1/decisions"),
    ]
    assert [c.status_code for c in calls] == [403] * len(calls)


def test_concurrent_transitions_let_exactly_one_win(admin: Api, database: str) -> None:
    if database != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers instead of racing them")
    placement = open_placement(admin, make_candidate(admin), make_workplace(admin))
    placement = step(admin, placement, "consent_recorded", consent_recorded_on="2025-12-01")
    placement = step(admin, placement, "introduced", introduced_on="2025-12-10")
    barrier = threading.Barrier(8)
    codes: list[int] = []

    def attempt() -> None:
        barrier.wait()
        codes.append(move(admin, placement, "placed", **PLACED).status_code)

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [200] + [409] * 7
    final = admin.get(f"/api/v1/placements/{placement['id']}").json()
    assert final["state"] == "placed" and final["version"] == placement["version"] + 1
    assert len(follow_ups_of(admin, final)) == 10
    decisions = admin.get("/api/v1/decisions", params={"placement_id": placement["id"]}).json()
    assert [d["action"] for d in decisions["items"]].count("transition:placed") == 1


def small_workplace(api: Api, capacity: int) -> dict[str, Any]:
    employer = api.post("/api/v1/employers", json=employer_payload(kvk_number="27111111")).json()
    body = workplace_payload(employer["id"], capacity=capacity)
    response = api.post("/api/v1/workplaces", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def conflict(response: httpx.Response, *words: str) -> None:
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["error"] == "conflict" and all(w in body["detail"] for w in words), body


def test_a_candidate_with_an_open_placement_is_not_placed_twice(admin: Api) -> None:
    candidate = make_candidate(admin)
    first = to_placed(admin, open_placement(admin, candidate, make_workplace(admin)))
    elsewhere = make_workplace(admin, kvk_number="27654321")
    body = {"candidate_id": candidate["id"], "workplace_id": elsewhere["id"]}
    conflict(
        admin.post("/api/v1/placements", json=body),
        f"already has an open placement {first['id']} at workplace {first['workplace_id']}",
    )
    listed = admin.get("/api/v1/placements", params={"candidate_id": candidate["id"]}).json()
    assert [p["id"] for p in listed["items"]] == [first["id"]]
    step(admin, first, "ended", ended_on="2026-06-30", outcome="completed")
    assert admin.post("/api/v1/placements", json=body).status_code == 201


def test_a_full_workplace_takes_no_one_else(admin: Api) -> None:
    workplace = small_workplace(admin, capacity=1)
    first = open_placement(admin, make_candidate(admin), workplace)
    second = make_candidate(admin, last_name="Jansen")
    body = {"candidate_id": second["id"], "workplace_id": workplace["id"]}
    conflict(
        admin.post("/api/v1/placements", json=body),
        "no place left",
        f"capacity 1, open placements {first['id']}",
    )
    assert admin.get("/api/v1/placements", params={"candidate_id": second["id"]}).json() == {
        "items": [],
        "total": 0,
        "limit": 50,
        "offset": 0,
    }
    step(admin, first, "ended", ended_on="2025-12-01", outcome="withdrawn_before_start")
    assert admin.post("/api/v1/placements", json=body).status_code == 201


def test_a_candidate_who_withdrew_matching_consent_is_not_placed(jobhunter: Api) -> None:
    candidate, workplace = make_candidate(jobhunter), make_workplace(jobhunter)
    url = f"/api/v1/candidates/{candidate['id']}/consents"
    matching = next(c for c in jobhunter.get(url).json() if c["purpose"] == "matching")
    withdrawn = jobhunter.post(f"{url}/{matching['id']}/withdraw", json={})
    assert withdrawn.status_code == 200, withdrawn.text
    body = {"candidate_id": candidate["id"], "workplace_id": workplace["id"]}
    conflict(jobhunter.post("/api/v1/placements", json=body), "withdrew consent for matching")
    assert jobhunter.get("/api/v1/placements", params=body).json()["total"] == 0


def test_accepting_a_proposal_follows_the_same_rules(admin: Api, session: Session) -> None:
    workplace = small_workplace(admin, capacity=1)
    first = open_placement(admin, make_candidate(admin), workplace)
    other = make_candidate(admin, last_name="Jansen")
    proposal_id = make_proposal(session, admin, other, workplace)
    accept = admin.post(f"/api/v1/proposals/{proposal_id}/review", json={"decision": "accept"})
    conflict(accept, f"capacity 1, open placements {first['id']}")
    # the refused accept left the proposal open, nothing half-done
    assert admin.get(f"/api/v1/proposals/{proposal_id}").json()["status"] == "proposed"
    assert (
        admin.get("/api/v1/placements", params={"candidate_id": other["id"]}).json()["total"] == 0
    )


def _race(admin: Api, bodies: list[dict[str, int]]) -> list[int]:
    barrier = threading.Barrier(len(bodies))
    codes: list[int] = []

    def attempt(body: dict[str, int]) -> None:
        barrier.wait()
        codes.append(admin.post("/api/v1/placements", json=body).status_code)

    threads = [threading.Thread(target=attempt, args=(b,)) for b in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(codes)


def test_concurrent_openings_never_overbook(admin: Api, database: str) -> None:
    if database != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers instead of racing them")
    workplace = small_workplace(admin, capacity=1)
    people = [make_candidate(admin, last_name=f"K{i}") for i in range(6)]
    bodies = [{"candidate_id": p["id"], "workplace_id": workplace["id"]} for p in people]
    assert _race(admin, bodies) == [201] + [409] * 5
    taken = admin.get("/api/v1/placements", params={"workplace_id": workplace["id"]})
    assert taken.json()["total"] == 1


def test_concurrent_openings_never_place_one_candidate_twice(admin: Api, database: str) -> None:
    if database != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers instead of racing them")
    candidate = make_candidate(admin)
    places = [make_workplace(admin, kvk_number=f"2712345{i}") for i in range(6)]
    bodies = [{"candidate_id": candidate["id"], "workplace_id": w["id"]} for w in places]
    assert _race(admin, bodies) == [201] + [409] * 5
    listed = admin.get("/api/v1/placements", params={"candidate_id": candidate["id"]})
    assert listed.json()["total"] == 1
