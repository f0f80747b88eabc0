"""Employer and WSP keys never learn a candidate's regime, benefit, doelgroepregister status or
loonwaarde through an explanation (DOMAIN §8); staff still get the instrument advice."""

import json
from collections.abc import Callable

import pytest

from app.core.vocab import Role
from tests.conftest import Api
from tests.factories import candidate_payload, employer_payload, workplace_payload

# Words that only appear when an explanation talks about the candidate's benefit status.
STATUS_WORDS = (
    "uitkering",
    "doelgroepregister",
    "Participatiewet",
    "Wajong",
    "loonwaarde",
    "Loonwaarde",
    "loondispensatie",
    "loonkostensubsidie",
    "no-riskpolis",
    "banenafspraak",
)
STATUS_INSTRUMENTS = {
    "jobcoach",
    "proefplaatsing",
    "loonkostensubsidie",
    "loondispensatie",
    "no_risk_polis",
    "banenafspraak",
    "beschut_werk",
}


@pytest.fixture
def place(jobhunter: Api) -> dict:
    """A trial place that offers every instrument, and two candidates whose benefit status
    shapes the advice: one without a benefit or measured loonwaarde, one Wajonger."""
    employer = jobhunter.post("/api/v1/employers", json=employer_payload()).json()
    payload = workplace_payload(
        employer["id"],
        title="Proefplek groen",
        postcode="2611",
        place_type="proefplaatsing",
        min_loonwaarde_pct=20,
        instruments_accepted=[
            "proefplaatsing", "loonkostensubsidie", "jobcoach", "werkplekaanpassing"
        ],
    )  # fmt: skip
    workplace = jobhunter.post("/api/v1/workplaces", json=payload)
    assert workplace.status_code == 201, workplace.text
    people = [
        candidate_payload(regime="none", benefit="none", loonwaarde=[]),
        candidate_payload(first_name="Daan", regime="wajong", benefit="wajong"),
    ]
    for person in people:
        assert jobhunter.post("/api/v1/candidates", json=person).status_code == 201
    return {"workplace": workplace.json(), "employer": employer}


def _suggestions(api: Api, workplace_id: int) -> dict:
    response = api.get(f"/api/v1/workplaces/{workplace_id}/suggestions")
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["items"]) == 2, body
    return body


def _assert_no_status(body: dict) -> None:
    text = json.dumps(body, ensure_ascii=False)
    for word in STATUS_WORDS:
        assert word not in text, word
    for item in body["items"]:
        why = item["explanation"]
        assert {i["instrument"] for i in why["instruments"]} <= {"werkplekaanpassing"}
        # the score breakdown and the plain reasons stay: employers need them
        assert why["breakdown"] and why["reasons_for"]
        assert abs(sum(p["contribution"] for p in why["breakdown"]) - why["score"]) < 1e-3
    reasons = {g["reason"] for g in body["excluded"]["groups"]}
    assert not reasons & {"loonwaarde_below_minimum", "beschut_indication_missing"}


def test_employer_key_gets_no_benefit_status_in_suggestions(
    place: dict, make_api: Callable[..., Api]
) -> None:
    employer = make_api(Role.employer, employer_id=place["employer"]["id"])
    _assert_no_status(_suggestions(employer, place["workplace"]["id"]))


def test_wsp_frontend_key_gets_no_benefit_status_in_suggestions(
    place: dict, make_api: Callable[..., Api]
) -> None:
    _assert_no_status(_suggestions(make_api(Role.wsp_frontend), place["workplace"]["id"]))


def test_staff_still_get_the_instrument_advice_and_risks(place: dict, jobhunter: Api) -> None:
    body = _suggestions(jobhunter, place["workplace"]["id"])
    text = json.dumps(body, ensure_ascii=False)
    assert "geen uitkering" in text
    assert "doelgroepregister" in text
    assert "Wajong" in text
    assert any("Loonwaarde nog niet gemeten" in g for i in body["items"] for g in i["profile_gaps"])
    for item in body["items"]:
        names = {i["instrument"] for i in item["explanation"]["instruments"]}
        assert names >= STATUS_INSTRUMENTS - {"beschut_werk"}


def test_staff_see_the_hard_reasons_about_loonwaarde_in_the_fit(jobhunter: Api) -> None:
    employer = jobhunter.post("/api/v1/employers", json=employer_payload()).json()
    payload = workplace_payload(employer["id"], postcode="2611", min_loonwaarde_pct=60)
    workplace = jobhunter.post("/api/v1/workplaces", json=payload).json()
    candidate = jobhunter.post("/api/v1/candidates", json=candidate_payload()).json()
    fit = jobhunter.get(f"/api/v1/candidates/{candidate['id']}/fit/{workplace['id']}")
    assert fit.status_code == 200, fit.text
    assert "loonwaarde_below_minimum" in {r["reason"] for r in fit.json()["hard_reasons"]}


def test_benefit_status_is_for_staff_only_in_the_matrix() -> None:
    from app.core.security import Principal
    from app.core.visibility import FieldGroup, allowed

    for role in Role:
        principal = Principal(account_id=1, name="x", role=role, employer_id=1)
        assert allowed(principal, FieldGroup.benefit_status) == principal.is_staff
