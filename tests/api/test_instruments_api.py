"""Instruments by regime and register, as a jobhunter sees them in suggestions (DOMAIN §6)."""

from app.core.timeutil import today
from tests.conftest import Api
from tests.factories import candidate_payload, employer_payload, workplace_payload


def _candidate(api: Api, **overrides: object) -> dict:
    payload = candidate_payload(readiness_confirmed_on=today().isoformat(), **overrides)
    response = api.post("/api/v1/candidates", json=payload)
    assert response.status_code == 201, response.text
    return response.json()


def _instruments(api: Api, candidate_id: int, title: str) -> dict[str, dict]:
    response = api.get(f"/api/v1/candidates/{candidate_id}/suggestions")
    assert response.status_code == 200, response.text
    items = [i for i in response.json()["items"] if i["workplace"]["title"] == title]
    assert items, f"{title} not suggested"
    return {i["instrument"]: i for i in items[0]["explanation"]["instruments"]}


def test_wajong_suggestion_shows_loondispensatie_and_not_lks(jobhunter: Api) -> None:
    employer = jobhunter.post("/api/v1/employers", json=employer_payload()).json()
    place = workplace_payload(employer["id"], title="Groenwerk met LKS", postcode="2611")
    assert jobhunter.post("/api/v1/workplaces", json=place).status_code == 201
    wajonger = _candidate(jobhunter, regime="wajong", benefit="wajong")
    advice = _instruments(jobhunter, wajonger["id"], "Groenwerk met LKS")
    assert advice["loondispensatie"]["eligible"] is True
    assert "UWV" in advice["loondispensatie"]["reason"]
    assert advice["loonkostensubsidie"]["eligible"] is False
    assert advice["loonkostensubsidie"]["status"] == "not_eligible"

    bijstand = _candidate(jobhunter, first_name="Daan", regime="participatiewet")
    advice = _instruments(jobhunter, bijstand["id"], "Groenwerk met LKS")
    assert advice["loonkostensubsidie"]["eligible"] is True
    assert advice["loondispensatie"]["eligible"] is False


def test_beschut_place_needs_the_indication_stored_on_the_candidate(jobhunter: Api) -> None:
    employer = jobhunter.post("/api/v1/employers", json=employer_payload()).json()
    place = workplace_payload(
        employer["id"], title="Beschut inpakwerk", postcode="2611", place_type="beschut"
    )
    assert jobhunter.post("/api/v1/workplaces", json=place).status_code == 201
    candidate = _candidate(jobhunter)
    assert candidate["beschut_indication"] is False
    url = f"/api/v1/candidates/{candidate['id']}"
    titles = [i["workplace"]["title"] for i in jobhunter.get(f"{url}/suggestions").json()["items"]]
    assert "Beschut inpakwerk" not in titles

    patched = jobhunter.patch(url, json={"beschut_indication": True, "version": 1})
    assert patched.status_code == 200, patched.text
    assert jobhunter.get(url).json()["beschut_indication"] is True
    advice = _instruments(jobhunter, candidate["id"], "Beschut inpakwerk")
    assert advice["beschut_werk"]["eligible"] is True


def test_beschut_indication_must_be_a_boolean(jobhunter: Api) -> None:
    response = jobhunter.post(
        "/api/v1/candidates", json=candidate_payload(beschut_indication="misschien")
    )
    assert response.status_code == 422
    assert "beschut_indication" in response.text


def test_api_regimes_and_benefits_are_the_engines() -> None:
    from app.core.vocab import Benefit, Regime
    from matching.vocab import BENEFITS, REGIMES

    assert tuple(Regime) == REGIMES
    assert tuple(Benefit) == BENEFITS
