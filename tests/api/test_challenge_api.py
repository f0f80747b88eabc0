"""Wants to develop ("wil zich ontwikkelen") over real HTTP: stored, strict-able, used."""

from app.core.timeutil import today
from tests.conftest import Api
from tests.factories import candidate_payload, employer_payload, task_payload, workplace_payload


def _places(api: Api) -> None:
    employer = api.post("/api/v1/employers", json=employer_payload()).json()
    routine = workplace_payload(
        employer["id"],
        title="Blad ruimen",
        postcode="2611",
        structure_offered=5,
        tasks=[task_payload(skill_level=1, structure_level=5)],
    )
    varied = workplace_payload(
        employer["id"],
        title="Voorman groenonderhoud",
        postcode="2611",
        structure_offered=3,
        tasks=[task_payload(name="Ploeg indelen", skill_level=4, structure_level=3)],
    )
    for place in (routine, varied):
        assert api.post("/api/v1/workplaces", json=place).status_code == 201


def _suggested(api: Api, **needs: object) -> tuple[dict, list[str]]:
    payload = candidate_payload(
        readiness_confirmed_on=today().isoformat(), skill_level=4, structure_need=2, **needs
    )
    created = api.post("/api/v1/candidates", json=payload)
    assert created.status_code == 201, created.text
    body = api.get(f"/api/v1/candidates/{created.json()['id']}/suggestions").json()
    return created.json(), [item["workplace"]["title"] for item in body["items"]]


def test_wish_to_develop_is_stored_and_puts_routine_work_last(jobhunter: Api) -> None:
    _places(jobhunter)
    candidate, titles = _suggested(jobhunter, needs_challenge=True)
    assert candidate["needs_challenge"] is True
    assert titles == ["Voorman groenonderhoud", "Blad ruimen"]
    url = f"/api/v1/candidates/{candidate['id']}"
    patched = jobhunter.patch(url, json={"needs_challenge": False, "version": 1})
    assert patched.status_code == 200, patched.text
    assert jobhunter.get(url).json()["needs_challenge"] is False


def test_strict_challenge_leaves_routine_work_out(jobhunter: Api) -> None:
    _places(jobhunter)
    candidate, titles = _suggested(jobhunter, strict_needs=["challenge"])
    assert candidate["strict_needs"] == ["challenge"]
    assert titles == ["Voorman groenonderhoud"]


def test_unknown_need_names_the_field(jobhunter: Api) -> None:
    payload = candidate_payload(strict_needs=["verveling"])
    response = jobhunter.post("/api/v1/candidates", json=payload)
    assert response.status_code == 422
    assert "strict_needs" in response.text
