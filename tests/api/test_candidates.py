"""Candidate CRUD, validation and pagination over real HTTP, on every database target."""

import pytest

from tests.conftest import Api
from tests.factories import candidate_payload, employer_payload, workplace_payload


def test_create_candidate_returns_profile_with_pc4_and_latest_loonwaarde(jobhunter: Api) -> None:
    response = jobhunter.post("/api/v1/candidates", json=candidate_payload())
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["postcode"] == "2611AB"
    assert body["pc4"] == "2611"
    assert body["loonwaarde_pct_latest"] == 37
    assert body["jobhunter_id"] == jobhunter.account_id
    assert body["pseudonym"].startswith("K-")
    assert body["version"] == 1


def test_get_update_delete_candidate_roundtrip(jobhunter: Api) -> None:
    created = jobhunter.post("/api/v1/candidates", json=candidate_payload()).json()
    url = f"/api/v1/candidates/{created['id']}"
    assert jobhunter.get(url).json()["last_name"] == "de Vries"

    patched = jobhunter.patch(url, json={"max_travel_minutes": 45, "version": 1})
    assert patched.status_code == 200, patched.text
    assert patched.json()["max_travel_minutes"] == 45
    assert patched.json()["version"] == 2

    assert jobhunter.delete(url).status_code == 204
    assert jobhunter.get(url).status_code == 404


def test_update_candidate_with_stale_version_is_conflict(jobhunter: Api) -> None:
    created = jobhunter.post("/api/v1/candidates", json=candidate_payload()).json()
    url = f"/api/v1/candidates/{created['id']}"
    assert jobhunter.patch(url, json={"skill_level": 3, "version": 1}).status_code == 200
    stale = jobhunter.patch(url, json={"skill_level": 4, "version": 1})
    assert stale.status_code == 409
    assert stale.json()["fields"] == {"version": "expected 2"}
    assert jobhunter.get(url).json()["skill_level"] == 3


def test_patch_that_breaks_hours_order_is_rejected_and_nothing_changes(jobhunter: Api) -> None:
    created = jobhunter.post("/api/v1/candidates", json=candidate_payload()).json()
    url = f"/api/v1/candidates/{created['id']}"
    response = jobhunter.patch(url, json={"hours_per_week_min": 30})
    assert response.status_code == 422
    assert "hours_per_week_max" in response.json()["fields"]
    assert jobhunter.get(url).json()["hours_per_week_min"] == 16


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"postcode": "0123"}, "postcode"),
        ({"postcode": "1000 AA"}, "postcode"),
        ({"postcode": "2611 SS"}, "postcode"),
        ({"postcode": "Delft"}, "postcode"),
        ({"hours_per_week_min": 30, "hours_per_week_max": 20}, "hours_per_week_max"),
        ({"stimulus_tolerance": 6}, "stimulus_tolerance"),
        ({"structure_need": 0}, "structure_need"),
        ({"regime": "bijstand"}, "regime"),
        ({"travel_modes": ["hoverboard"]}, "travel_modes.0"),
        ({"travel_modes": []}, "travel_modes"),
        ({"strict_needs": ["noise"]}, "strict_needs.0"),
        ({"date_of_birth": "2024-01-01"}, "date_of_birth"),
        ({"readiness_confirmed_on": "2999-01-01"}, "readiness_confirmed_on"),
        ({"interests": ["x" * 61]}, "interests.0"),
        ({"interests": [f"tag{i}" for i in range(31)]}, "interests"),
        ({"email": "not-an-email"}, "email"),
    ],
)
def test_create_candidate_with_bad_field_names_it(
    jobhunter: Api, override: dict, field: str
) -> None:
    response = jobhunter.post("/api/v1/candidates", json=candidate_payload(**override))
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "invalid"
    assert field in body["fields"], body
    assert jobhunter.get("/api/v1/candidates").json()["total"] == 0


def test_missing_required_field_is_named(jobhunter: Api) -> None:
    payload = candidate_payload()
    del payload["max_travel_minutes"]
    response = jobhunter.post("/api/v1/candidates", json=payload)
    assert response.status_code == 422
    assert "max_travel_minutes" in response.json()["fields"]


def test_internship_with_unknown_employer_is_rejected(jobhunter: Api) -> None:
    internship = {"organisation": "Onbekend", "year": 2025, "employer_id": 999}
    response = jobhunter.post(
        "/api/v1/candidates", json=candidate_payload(internships=[internship])
    )
    assert response.status_code == 422
    assert "internships.0.employer_id" in response.json()["fields"]


def test_list_candidates_filters_sorts_and_pages(jobhunter: Api) -> None:
    for i, (town, pc) in enumerate([("Delft", "2611"), ("Delft", "2612"), ("Rijswijk", "2281")]):
        payload = candidate_payload(last_name=f"Naam{i}", municipality=town, postcode=pc)
        assert jobhunter.post("/api/v1/candidates", json=payload).status_code == 201
    page = jobhunter.get("/api/v1/candidates", params={"municipality": "Delft"}).json()
    assert page["total"] == 2
    ordered = jobhunter.get("/api/v1/candidates", params={"sort": "-last_name", "limit": 2}).json()
    assert [c["last_name"] for c in ordered["items"]] == ["Naam2", "Naam1"]
    assert ordered["total"] == 3
    second = jobhunter.get("/api/v1/candidates", params={"sort": "last_name", "offset": 2}).json()
    assert [c["last_name"] for c in second["items"]] == ["Naam2"]


def test_sort_on_unknown_field_is_422_naming_sort(jobhunter: Api) -> None:
    response = jobhunter.get("/api/v1/candidates", params={"sort": "diagnosis"})
    assert response.status_code == 422
    assert "sort" in response.json()["fields"]


def test_page_size_is_bounded(jobhunter: Api) -> None:
    response = jobhunter.get("/api/v1/candidates", params={"limit": 5000})
    assert response.status_code == 422
    assert "limit" in response.json()["fields"]


def test_loonwaarde_series_grows_and_latest_follows_date(jobhunter: Api) -> None:
    created = jobhunter.post("/api/v1/candidates", json=candidate_payload()).json()
    url = f"/api/v1/candidates/{created['id']}/loonwaarde"
    newer = {
        "measured_on": "2026-09-01",
        "loonwaarde_pct": 50,
        "method": "Dariuz",
        "source": "arbeidsdeskundige",
    }
    assert jobhunter.post(url, json=newer).status_code == 201
    series = jobhunter.get(url).json()
    assert [m["loonwaarde_pct"] for m in series] == [37, 50]
    candidate = jobhunter.get(f"/api/v1/candidates/{created['id']}").json()
    assert candidate["loonwaarde_pct_latest"] == 50
    bad = jobhunter.post(url, json=newer | {"loonwaarde_pct": 140})
    assert bad.status_code == 422 and "loonwaarde_pct" in bad.json()["fields"]


def test_reads_of_candidates_are_logged(jobhunter: Api, session) -> None:  # type: ignore[no-untyped-def]
    from app.audit.service import reads_of

    created = jobhunter.post("/api/v1/candidates", json=candidate_payload()).json()
    jobhunter.get(f"/api/v1/candidates/{created['id']}")
    jobhunter.get("/api/v1/candidates")
    actions = [row.action for row in reads_of(session, created["id"])]
    assert actions == ["create", "read", "list"]  # creating shows the record back too
    assert {row.account_id for row in reads_of(session, created["id"])} == {jobhunter.account_id}


def test_unknown_fields_are_refused_on_create_as_on_update(jobhunter: Api) -> None:
    created = jobhunter.post("/api/v1/candidates", json=candidate_payload(diagnosis="autisme"))
    assert created.status_code == 422, created.text
    assert "diagnosis" in created.json()["fields"]
    assert "diagnosis" in created.json()["detail"]


def test_unknown_fields_are_refused_on_employer_and_workplace_create(admin: Api) -> None:
    employer = admin.post("/api/v1/employers", json=employer_payload(foo=1))
    assert employer.status_code == 422 and "foo" in employer.json()["fields"]
    employer_id = admin.post("/api/v1/employers", json=employer_payload()).json()["id"]
    place = admin.post("/api/v1/workplaces", json=workplace_payload(employer_id, foo=1))
    assert place.status_code == 422 and "foo" in place.json()["fields"]


def test_sensitive_record_refuses_unknown_keys(jobhunter: Api) -> None:
    candidate = jobhunter.post("/api/v1/candidates", json=candidate_payload()).json()
    url = f"/api/v1/candidates/{candidate['id']}/sensitive"
    refused = jobhunter.put(url, json={"diagnosis": "ASS", "foo": 1})
    assert refused.status_code == 422 and "foo" in refused.json()["fields"]
    stored = jobhunter.put(url, json={"diagnosis": "ASS"})
    assert stored.status_code == 200 and stored.json()["diagnosis"] == "ASS"
