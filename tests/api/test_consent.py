"""Consent per purpose over real HTTP: recording, validation, who may, and what withdrawal does
to suggestions, match runs, pseudonymous views and what an employer learns."""

import itertools
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from app.audit import service as audit
from app.core.timeutil import today
from app.core.vocab import Role
from tests.conftest import Api
from tests.factories import candidate_payload, employer_payload, workplace_payload

TOMORROW = (today() + timedelta(days=1)).isoformat()
TODAY = today().isoformat()


def _candidate(api: Api, **overrides: Any) -> dict[str, Any]:
    response = api.post("/api/v1/candidates", json=candidate_payload(**overrides))
    assert response.status_code == 201, response.text
    return dict(response.json())


def _employer_with_workplace(api: Api, kvk: str = "27123456") -> tuple[int, int]:
    employer = api.post("/api/v1/employers", json=employer_payload(kvk_number=kvk)).json()
    workplace = api.post("/api/v1/workplaces", json=workplace_payload(employer["id"])).json()
    return int(employer["id"]), int(workplace["id"])


def _give(api: Api, candidate_id: int, **body: Any) -> Any:
    return api.post(f"/api/v1/candidates/{candidate_id}/consents", json={"given_on": TODAY, **body})


def _withdraw(api: Api, candidate_id: int, consent_id: int) -> Any:
    return api.post(f"/api/v1/candidates/{candidate_id}/consents/{consent_id}/withdraw", json={})


def _active(api: Api, candidate_id: int, purpose: str) -> int:
    consents = api.get(f"/api/v1/candidates/{candidate_id}/consents").json()
    return next(c["id"] for c in consents if c["purpose"] == purpose and c["active"])


def _suggested(api: Api, workplace_id: int) -> list[str]:
    response = api.get(f"/api/v1/workplaces/{workplace_id}/suggestions")
    assert response.status_code == 200, response.text
    return [item["candidate"]["pseudonym"] for item in response.json()["items"]]


def _run(api: Api) -> dict[str, Any]:
    created = api.post("/api/v1/match-runs", json={})
    assert created.status_code == 202, created.text
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        run = api.get(f"/api/v1/match-runs/{created.json()['id']}").json()
        if run["status"] in ("succeeded", "failed"):
            assert run["status"] == "succeeded", run
            return dict(run)
        time.sleep(0.1)
    raise AssertionError("run did not finish")


def test_give_list_and_withdraw_are_recorded_and_logged(jobhunter: Api) -> None:
    candidate = _candidate(jobhunter, consents=[])
    url = f"/api/v1/candidates/{candidate['id']}/consents"
    assert jobhunter.get(url).json() == []

    given = _give(jobhunter, candidate["id"], purpose="matching", note="intake form signed")
    assert given.status_code == 201, given.text
    body = given.json()
    assert body["active"] is True and body["recorded_by"] == jobhunter.account_id
    assert body["given_on"] == TODAY and body["employer_id"] is None

    withdrawn = _withdraw(jobhunter, candidate["id"], body["id"])
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["active"] is False
    assert withdrawn.json()["withdrawn_on"] == TODAY
    assert withdrawn.json()["withdrawn_by"] == jobhunter.account_id
    again = _withdraw(jobhunter, candidate["id"], body["id"])
    assert again.status_code == 409 and "consent_id" in again.json()["fields"]

    # Consent can be given anew after a withdrawal; both records stay as history.
    assert _give(jobhunter, candidate["id"], purpose="matching").status_code == 201
    assert [c["active"] for c in jobhunter.get(url).json()] == [False, True]
    decisions = jobhunter.get("/api/v1/decisions", params={"candidate_id": candidate["id"]})
    actions = [d["action"] for d in decisions.json()["items"]]
    assert actions == ["consent:given", "consent:withdrawn", "consent:given"]


def test_consents_given_at_intake_are_recorded(jobhunter: Api) -> None:
    candidate = _candidate(jobhunter)  # the factory records matching + share_pseudonymous
    consents = jobhunter.get(f"/api/v1/candidates/{candidate['id']}/consents").json()
    assert sorted(c["purpose"] for c in consents) == ["matching", "share_pseudonymous"]
    assert all(c["active"] and c["recorded_by"] == jobhunter.account_id for c in consents)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"purpose": "matching", "given_on": TOMORROW}, "given_on"),
        ({"purpose": "introduce_employer"}, "employer_id"),
        ({"purpose": "matching", "employer_id": 1}, "employer_id"),
        ({"purpose": "introduce_employer", "employer_id": 987654}, "employer_id"),
        ({"purpose": "marketing"}, "purpose"),
        ({"purpose": "matching", "given_on": "2026-13-01"}, "given_on"),
        ({"purpose": "matching", "given_on": "2001-01-01"}, "given_on"),  # before birth
        ({"purpose": "matching", "note": "x" * 4001}, "note"),
    ],
)
def test_invalid_consent_is_422_naming_the_field(
    jobhunter: Api, body: dict[str, Any], field: str
) -> None:
    candidate = _candidate(jobhunter, consents=[])
    response = _give(jobhunter, candidate["id"], **body)
    assert response.status_code == 422, response.text
    assert field in response.json()["fields"], response.json()
    assert jobhunter.get(f"/api/v1/candidates/{candidate['id']}/consents").json() == []


def test_minor_needs_guardian_consent_also_at_intake(jobhunter: Api) -> None:
    born = today().replace(year=today().year - 16) - timedelta(days=30)
    minor = _candidate(jobhunter, date_of_birth=born.isoformat(), consents=[])
    refused = _give(jobhunter, minor["id"], purpose="matching")
    assert refused.status_code == 422 and "guardian_consent" in refused.json()["fields"]
    agreed = _give(jobhunter, minor["id"], purpose="matching", guardian_consent=True)
    assert agreed.status_code == 201, agreed.text

    at_intake = jobhunter.post(
        "/api/v1/candidates",
        json=candidate_payload(
            date_of_birth=born.isoformat(), consents=[{"purpose": "matching", "given_on": TODAY}]
        ),
    )
    assert at_intake.status_code == 422
    assert "consents.0.guardian_consent" in at_intake.json()["fields"]


def test_same_active_purpose_twice_is_409_but_other_employers_are_separate(admin: Api) -> None:
    first, _ = _employer_with_workplace(admin)
    second, _ = _employer_with_workplace(admin, kvk="27999999")
    candidate = _candidate(admin)
    duplicate = _give(admin, candidate["id"], purpose="matching")
    assert duplicate.status_code == 409 and "purpose" in duplicate.json()["fields"]
    intro = {"purpose": "introduce_employer"}
    assert _give(admin, candidate["id"], **intro, employer_id=first).status_code == 201
    assert _give(admin, candidate["id"], **intro, employer_id=second).status_code == 201
    assert _give(admin, candidate["id"], **intro, employer_id=first).status_code == 409
    twice = candidate_payload(
        consents=[{"purpose": "matching", "given_on": TODAY}] * 2, last_name="Dubbel"
    )
    response = admin.post("/api/v1/candidates", json=twice)
    assert response.status_code == 422 and "consents" in response.json()["fields"]


def test_only_admin_and_own_jobhunter_reach_consents(
    jobhunter: Api, admin: Api, make_api: Callable[..., Api]
) -> None:
    employer_id, _ = _employer_with_workplace(admin)
    candidate = _candidate(jobhunter)
    consent_id = _active(jobhunter, candidate["id"], "matching")
    others = [
        (make_api(Role.jobhunter, name="collega"), 403),
        (make_api(Role.employer, employer_id=employer_id), 403),
        (make_api(Role.wsp_frontend), 403),
    ]
    for api, expected in others:
        assert api.get(f"/api/v1/candidates/{candidate['id']}/consents").status_code == expected
        assert _give(api, candidate["id"], purpose="matching").status_code == expected
        assert _withdraw(api, candidate["id"], consent_id).status_code == expected
    assert _active(jobhunter, candidate["id"], "matching") == consent_id  # nothing changed
    assert admin.get(f"/api/v1/candidates/{candidate['id']}/consents").status_code == 200
    assert admin.get("/api/v1/candidates/987654/consents").status_code == 404
    other = _candidate(jobhunter, last_name="Ander")
    assert _withdraw(jobhunter, other["id"], consent_id).status_code == 404


def test_withdrawn_matching_consent_leaves_next_suggestions_and_next_run(
    jobhunter: Api, admin: Api
) -> None:
    _, workplace_id = _employer_with_workplace(admin)
    stays = _candidate(jobhunter, last_name="Blijft")
    leaves = _candidate(jobhunter, last_name="Trekt")
    assert set(_suggested(jobhunter, workplace_id)) == {stays["pseudonym"], leaves["pseudonym"]}
    assert _run(jobhunter)["n_candidates"] == 2

    response = _withdraw(jobhunter, leaves["id"], _active(jobhunter, leaves["id"], "matching"))
    assert response.status_code == 200

    assert _suggested(jobhunter, workplace_id) == [stays["pseudonym"]]
    own = jobhunter.get(f"/api/v1/candidates/{leaves['id']}/suggestions").json()
    assert own["items"] == [] and "toestemming" in own["warnings"][0]
    run = _run(jobhunter)
    assert run["n_candidates"] == 1
    proposals = jobhunter.get(f"/api/v1/match-runs/{run['id']}/proposals").json()["items"]
    assert proposals and {p["candidate_id"] for p in proposals} == {stays["id"]}

    # Consent given again: back at once.
    assert _give(jobhunter, leaves["id"], purpose="matching").status_code == 201
    assert leaves["pseudonym"] in _suggested(jobhunter, workplace_id)


def test_without_share_consent_absent_from_wsp_views_but_matched_for_staff(
    jobhunter: Api, admin: Api, make_api: Callable[..., Api]
) -> None:
    _, workplace_id = _employer_with_workplace(admin)
    shared = _candidate(jobhunter, last_name="Gedeeld")
    private = _candidate(jobhunter, last_name="Prive")
    wsp = make_api(Role.wsp_frontend)
    assert set(_suggested(wsp, workplace_id)) == {shared["pseudonym"], private["pseudonym"]}

    consent_id = _active(jobhunter, private["id"], "share_pseudonymous")
    assert _withdraw(jobhunter, private["id"], consent_id).status_code == 200

    assert _suggested(wsp, workplace_id) == [shared["pseudonym"]]
    profiles = wsp.get("/api/v1/profiles").json()
    assert [p["pseudonym"] for p in profiles["items"]] == [shared["pseudonym"]]
    assert profiles["total"] == 1
    assert wsp.get(f"/api/v1/profiles/{private['pseudonym']}").status_code == 404
    assert wsp.get(f"/api/v1/profiles/{shared['pseudonym']}").status_code == 200
    body = wsp.get(f"/api/v1/workplaces/{workplace_id}/suggestions").json()
    assert body["n_feasible"] == 1
    # Staff still match and see the candidate: matching consent stands.
    assert private["pseudonym"] in _suggested(jobhunter, workplace_id)
    assert jobhunter.get("/api/v1/profiles").json()["total"] == 2


def test_employer_sees_identity_only_with_introduction_consent_for_that_employer(
    jobhunter: Api, admin: Api, make_api: Callable[..., Api], session: Session
) -> None:
    first_id, first_place = _employer_with_workplace(admin)
    second_id, second_place = _employer_with_workplace(admin, kvk="27999999")
    candidate = _candidate(jobhunter, first_name="Zichtbaar", last_name="Pas-Na-Toestemming")
    first = make_api(Role.employer, employer_id=first_id)
    second = make_api(Role.employer, employer_id=second_id)

    def names(api: Api, workplace_id: int) -> list[tuple[Any, Any]]:
        items = api.get(f"/api/v1/workplaces/{workplace_id}/suggestions").json()["items"]
        return [(i["candidate"]["first_name"], i["candidate"]["last_name"]) for i in items]

    assert names(first, first_place) == [(None, None)]
    given = _give(jobhunter, candidate["id"], purpose="introduce_employer", employer_id=first_id)
    assert given.status_code == 201, given.text
    assert names(first, first_place) == [("Zichtbaar", "Pas-Na-Toestemming")]
    assert names(second, second_place) == [(None, None)]
    assert "Zichtbaar" not in second.get(f"/api/v1/workplaces/{second_place}/suggestions").text
    # The employer's view of the name is logged as a read of identifiable data.
    reads = audit.reads_of(session, candidate["id"])
    assert any(r.account_id == first.account_id for r in reads)
    assert not any(r.account_id == second.account_id for r in reads)
    assert _withdraw(jobhunter, candidate["id"], given.json()["id"]).status_code == 200
    assert names(first, first_place) == [(None, None)]


def test_placement_consent_step_records_the_introduction_consent(
    jobhunter: Api, admin: Api
) -> None:
    employer_id, workplace_id = _employer_with_workplace(admin)
    candidate = _candidate(jobhunter)
    placement = jobhunter.post(
        "/api/v1/placements", json={"candidate_id": candidate["id"], "workplace_id": workplace_id}
    ).json()
    step = jobhunter.post(
        f"/api/v1/placements/{placement['id']}/transitions",
        json={
            "to": "consent_recorded",
            "version": placement["version"],
            "consent_recorded_on": TODAY,
            "consent_note": "Mondeling, met ouder erbij",
        },
    )
    assert step.status_code == 200, step.text
    consents = jobhunter.get(f"/api/v1/candidates/{candidate['id']}/consents").json()
    intro = [c for c in consents if c["purpose"] == "introduce_employer"]
    assert len(intro) == 1 and intro[0]["active"]
    assert intro[0]["employer_id"] == employer_id and intro[0]["given_on"] == TODAY
    assert intro[0]["note"] == "Mondeling, met ouder erbij"
    # Recording it again by hand is a duplicate of the same consent.
    again = _give(jobhunter, candidate["id"], purpose="introduce_employer", employer_id=employer_id)
    assert again.status_code == 409


def test_long_notes_are_kept_whole_and_never_break_the_decision_log(
    jobhunter: Api, admin: Api
) -> None:
    _, workplace_id = _employer_with_workplace(admin)
    candidate = _candidate(jobhunter, consents=[])
    note = "Toelichting " + "x" * 3900
    given = _give(jobhunter, candidate["id"], purpose="share_pseudonymous", note=note)
    assert given.status_code == 201, given.text
    assert given.json()["note"] == note
    withdrawn = jobhunter.post(
        f"/api/v1/candidates/{candidate['id']}/consents/{given.json()['id']}/withdraw",
        json={"note": note},
    )
    assert withdrawn.status_code == 200, withdrawn.text
    placement = jobhunter.post(
        "/api/v1/placements", json={"candidate_id": candidate["id"], "workplace_id": workplace_id}
    ).json()
    step = jobhunter.post(
        f"/api/v1/placements/{placement['id']}/transitions",
        json={
            "to": "consent_recorded",
            "version": placement["version"],
            "consent_recorded_on": TODAY,
            "consent_note": note,
        },
    )
    assert step.status_code == 200, step.text
    decisions = jobhunter.get("/api/v1/decisions", params={"candidate_id": candidate["id"]})
    assert all(len(d["note"]) <= 2000 for d in decisions.json()["items"])


KVK = itertools.count(1)  # hypothesis reruns the test body: every example its own employer
OPERATIONS = st.lists(
    st.tuples(st.sampled_from(["give", "withdraw"]), st.sampled_from(["matching", "share"])),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=OPERATIONS)
def test_views_follow_the_current_consent_after_any_sequence(
    jobhunter: Api, admin: Api, make_api: Callable[..., Api], operations: list[tuple[str, str]]
) -> None:
    """Whatever was given and withdrawn before, the very next request reflects the state now:
    staff suggestions need matching; WSP suggestions and profiles need matching and sharing."""
    _, workplace_id = _employer_with_workplace(admin, kvk=f"28{next(KVK):06d}")
    wsp = make_api(Role.wsp_frontend)
    candidate = _candidate(jobhunter, consents=[])
    purposes = {"matching": "matching", "share": "share_pseudonymous"}
    active: dict[str, int] = {}
    for action, short in operations:
        purpose = purposes[short]
        if action == "give":
            response = _give(jobhunter, candidate["id"], purpose=purpose)
            assert response.status_code == (409 if purpose in active else 201), response.text
            active.setdefault(purpose, response.json().get("id", 0))
        else:
            consent_id = active.pop(purpose, None)
            if consent_id is None:
                continue
            assert _withdraw(jobhunter, candidate["id"], consent_id).status_code == 200
        matched = "matching" in active
        shared = matched and "share_pseudonymous" in active
        assert (candidate["pseudonym"] in _suggested(jobhunter, workplace_id)) == matched
        assert (candidate["pseudonym"] in _suggested(wsp, workplace_id)) == shared
        profile = wsp.get(f"/api/v1/profiles/{candidate['pseudonym']}")
        assert profile.status_code == (200 if "share_pseudonymous" in active else 404)
