"""Who may decide about a candidate: admin, or a jobhunter whose caseload holds the candidate
(own, team, shared municipality). Reading the decision history stays open to staff; acting on
another jobhunter's candidate is 403 and writes nothing. Recording consent through a placement
follows the consent rule: the own jobhunter or an admin."""

from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from app.core.vocab import Role
from tests.api.test_placements import (
    make_proposal,
    make_workplace,
    move,
    move_body,
    open_placement,
    step,
    to_placed,
)
from tests.conftest import Api
from tests.factories import candidate_payload

NOT_YOURS = "not in your caseload"


def make_candidate(owner: Api, **overrides: Any) -> dict[str, Any]:
    response = owner.post("/api/v1/candidates", json=candidate_payload(**overrides))
    assert response.status_code == 201, response.text
    return dict(response.json())


def refused(response: Any, words: str = NOT_YOURS) -> None:
    assert response.status_code == 403, response.text
    body = response.json()
    assert body["error"] == "forbidden" and words in body["detail"], body


def decisions_of(admin: Api, candidate: dict) -> list[str]:
    url = "/api/v1/decisions"
    items = admin.get(url, params={"candidate_id": candidate["id"], "limit": 100}).json()["items"]
    return [d["action"] for d in items]


def test_another_jobhunter_cannot_review_place_or_set_pair_rules(
    make_api: Callable[..., Api], jobhunter: Api, admin: Api, session: Session
) -> None:
    candidate, workplace = make_candidate(jobhunter), make_workplace(admin)
    proposal_id = make_proposal(session, jobhunter, candidate, workplace)
    other = make_api(Role.jobhunter)
    pair = {"candidate_id": candidate["id"], "workplace_id": workplace["id"]}
    before = decisions_of(admin, candidate)

    refused(other.post(f"/api/v1/proposals/{proposal_id}/review", json={"decision": "accept"}))
    reject = {"decision": "reject", "reason": "travel"}
    refused(other.post(f"/api/v1/proposals/{proposal_id}/review", json=reject))
    refused(other.post("/api/v1/placements", json=pair))
    refused(other.post("/api/v1/pair-rules", json=pair | {"kind": "forbid"}))

    # nothing was written, and reading the decision history still works for the other one
    assert admin.get(f"/api/v1/proposals/{proposal_id}").json()["status"] == "proposed"
    assert admin.get("/api/v1/placements", params=pair).json()["total"] == 0
    assert admin.get("/api/v1/pair-rules", params=pair).json()["total"] == 0
    assert decisions_of(admin, candidate) == before
    assert other.get("/api/v1/placements", params=pair).status_code == 200
    # the owner decides
    accepted = jobhunter.post(
        f"/api/v1/proposals/{proposal_id}/review", json={"decision": "accept"}
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["placement_id"] is not None


def test_another_jobhunter_cannot_delete_the_owners_pair_rule(
    make_api: Callable[..., Api], jobhunter: Api, admin: Api
) -> None:
    candidate, workplace = make_candidate(jobhunter), make_workplace(admin)
    body = {"candidate_id": candidate["id"], "workplace_id": workplace["id"], "kind": "pin"}
    rule = jobhunter.post("/api/v1/pair-rules", json=body)
    assert rule.status_code == 201, rule.text
    other = make_api(Role.jobhunter)
    refused(other.delete(f"/api/v1/pair-rules/{rule.json()['id']}"))
    assert (
        admin.get("/api/v1/pair-rules", params={"candidate_id": candidate["id"]}).json()["total"]
        == 1
    )


def test_transitions_moves_and_check_ins_need_the_caseload(
    make_api: Callable[..., Api], jobhunter: Api, admin: Api
) -> None:
    candidate, workplace = make_candidate(jobhunter), make_workplace(admin)
    placement = open_placement(jobhunter, candidate, workplace)
    other = make_api(Role.jobhunter)

    refused(move(other, placement, "consent_recorded", consent_recorded_on="2025-12-01"))
    refused(
        move(other, placement, "ended", ended_on="2025-12-01", outcome="withdrawn_before_start")
    )
    unchanged = admin.get(f"/api/v1/placements/{placement['id']}").json()
    assert unchanged["state"] == "accepted" and unchanged["version"] == placement["version"]
    consents = jobhunter.get(f"/api/v1/candidates/{candidate['id']}/consents").json()
    assert "introduce_employer" not in {c["purpose"] for c in consents}

    placement = to_placed(jobhunter, placement)
    follow_up = admin.get(f"/api/v1/placements/{placement['id']}/follow-ups").json()[0]
    refused(other.post(f"/api/v1/follow-ups/{follow_up['id']}/check-in", json={}))
    elsewhere = make_workplace(admin, kvk_number="27654321")
    body = move_body(placement, elsewhere)
    refused(other.post(f"/api/v1/placements/{placement['id']}/moves", json=body))
    after = admin.get(f"/api/v1/placements/{placement['id']}/follow-ups").json()[0]
    assert after["status"] == "open"
    assert admin.get(f"/api/v1/placements/{placement['id']}").json()["state"] == "placed"


def test_a_shared_caseload_decides_but_only_the_owner_records_consent(
    make_api: Callable[..., Api], jobhunter: Api, admin: Api
) -> None:
    candidate = make_candidate(jobhunter, municipality="Delft")
    colleague = make_api(Role.jobhunter)
    shared = admin.put(
        f"/api/v1/accounts/{colleague.account_id}/sharing", json={"municipalities": ["delft"]}
    )
    assert shared.status_code == 200, shared.text
    placement = open_placement(colleague, candidate, make_workplace(admin))
    consent = move(colleague, placement, "consent_recorded", consent_recorded_on="2025-12-01")
    refused(consent, "own jobhunter may see or record consent")
    assert admin.get(f"/api/v1/placements/{placement['id']}").json()["state"] == "accepted"
    placement = step(jobhunter, placement, "consent_recorded", consent_recorded_on="2025-12-01")
    placement = step(colleague, placement, "introduced", introduced_on="2025-12-10")
    assert placement["state"] == "introduced"


def test_admin_decides_about_any_candidate(jobhunter: Api, admin: Api) -> None:
    candidate, workplace = make_candidate(jobhunter), make_workplace(admin)
    placement = open_placement(admin, candidate, workplace)
    placement = step(admin, placement, "consent_recorded", consent_recorded_on="2025-12-01")
    assert placement["state"] == "consent_recorded"
