"""Municipalities are the table's (app/policy/regions.csv): any case or a known alias finds
the same candidates, runs and policy; a name the table does not know is refused where it
would silently select nobody or the default policy."""

from tests.conftest import Api
from tests.factories import candidate_payload


def _create(api: Api, municipality: str) -> dict:
    response = api.post("/api/v1/candidates", json=candidate_payload(municipality=municipality))
    assert response.status_code == 201, response.text
    return response.json()


def test_a_candidate_is_stored_under_the_tables_spelling_and_found_in_any_case(
    jobhunter: Api,
) -> None:
    assert _create(jobhunter, "delft")["municipality"] == "Delft"
    assert _create(jobhunter, " Den  Haag ")["municipality"] == "'s-Gravenhage"
    for typed, total in (("DELFT", 1), ("delft", 1), ("Den Haag", 1), ("Gouda", 0)):
        listed = jobhunter.get("/api/v1/candidates", params={"municipality": typed}).json()
        assert listed["total"] == total, typed


def test_a_match_run_for_an_unknown_municipality_is_refused_with_the_closest_names(
    jobhunter: Api,
) -> None:
    response = jobhunter.post("/api/v1/match-runs", json={"municipality": "Rotterdm"})
    assert response.status_code == 422, response.text
    said = response.json()["fields"]["municipality"]
    assert "unknown municipality 'Rotterdm'" in said and "Rotterdam" in said
    nothing_like = jobhunter.post("/api/v1/match-runs", json={"municipality": "Atlantis"})
    assert nothing_like.status_code == 422
    assert jobhunter.get("/api/v1/match-runs").json()["total"] == 0
    queued = jobhunter.post("/api/v1/match-runs", json={"municipality": "delft"})
    assert queued.status_code == 202, queued.text
    assert queued.json()["parameters"]["municipality"] == "Delft"


def test_a_match_run_naming_ids_that_do_not_exist_is_refused(jobhunter: Api) -> None:
    candidate = _create(jobhunter, "Delft")
    response = jobhunter.post(
        "/api/v1/match-runs", json={"candidate_ids": [candidate["id"], 999_999]}
    )
    assert response.status_code == 422, response.text
    assert response.json()["fields"] == {"candidate_ids": "no such id: 999999"}
    workplaces = jobhunter.post("/api/v1/match-runs", json={"workplace_ids": [424_242]})
    assert workplaces.status_code == 422
    assert "424242" in workplaces.json()["fields"]["workplace_ids"]


def test_the_effective_policy_of_an_unknown_municipality_is_a_422_not_the_default(
    jobhunter: Api,
) -> None:
    found = jobhunter.get("/api/v1/policies/effective", params={"municipality": "delft"})
    assert found.status_code == 200, found.text
    assert found.json()["municipality"] == "Delft" and found.json()["region"] == "Haaglanden"
    unknown = jobhunter.get("/api/v1/policies/effective", params={"municipality": "Atlantis"})
    assert unknown.status_code == 422
    assert "municipality" in unknown.json()["fields"]
