"""Employers, workplace profiles and tasks over real HTTP, on every database target."""

import pytest

from app.core.vocab import Role
from tests.conftest import Api
from tests.factories import employer_payload, task_payload, workplace_payload


def _employer(api: Api, **overrides: object) -> dict:
    response = api.post("/api/v1/employers", json=employer_payload(**overrides))
    assert response.status_code == 201, response.text
    return response.json()


def test_employer_crud_roundtrip(admin: Api) -> None:
    employer = _employer(admin)
    assert employer["kvk_number"] == "27123456" and employer["pc4"] == "2616"
    url = f"/api/v1/employers/{employer['id']}"
    patched = admin.patch(url, json={"willingness": 5, "contract_policy_max_months": 24})
    assert patched.status_code == 200 and patched.json()["willingness"] == 5
    listed = admin.get("/api/v1/employers", params={"q": "groene"}).json()
    assert listed["total"] == 1
    assert admin.delete(url).status_code == 204
    assert admin.get(url).status_code == 404


def test_duplicate_kvk_is_conflict_naming_field(admin: Api) -> None:
    _employer(admin)
    response = admin.post("/api/v1/employers", json=employer_payload(name="Ander bedrijf"))
    assert response.status_code == 409
    assert "kvk_number" in response.json()["fields"]


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"kvk_number": "1234"}, "kvk_number"),
        ({"kvk_number": "abcdefgh"}, "kvk_number"),
        ({"postcode": "12"}, "postcode"),
        ({"willingness": 9}, "willingness"),
        ({"size_class": "huge"}, "size_class"),
        ({"sbi_code": "x1"}, "sbi_code"),
    ],
)
def test_create_employer_with_bad_field_names_it(admin: Api, override: dict, field: str) -> None:
    response = admin.post("/api/v1/employers", json=employer_payload(**override))
    assert response.status_code == 422
    assert field in response.json()["fields"]


def test_workplace_with_tasks_roundtrip(admin: Api) -> None:
    employer = _employer(admin)
    response = admin.post("/api/v1/workplaces", json=workplace_payload(employer["id"]))
    assert response.status_code == 201, response.text
    workplace = response.json()
    assert workplace["status"] == "active"
    assert workplace["sector"] == "groenvoorziening"  # inherited from the employer
    assert [t["name"] for t in workplace["tasks"]] == ["Blad ruimen", "Schoffelen"]
    url = f"/api/v1/workplaces/{workplace['id']}"

    added = admin.post(f"{url}/tasks", json=task_payload(name="Vegen", hours_per_week=4))
    assert added.status_code == 201
    task_url = f"{url}/tasks/{added.json()['id']}"
    assert admin.patch(task_url, json={"physical_load": 2}).json()["physical_load"] == 2
    assert admin.patch(task_url, json={"physical_load": 7}).status_code == 422
    assert len(admin.get(f"{url}/tasks").json()) == 3
    assert admin.delete(task_url).status_code == 204
    assert len(admin.get(url).json()["tasks"]) == 2

    patched = admin.patch(url, json={"capacity": 3, "version": admin.get(url).json()["version"]})
    assert patched.status_code == 200 and patched.json()["capacity"] == 3
    assert admin.delete(url).status_code == 204
    assert admin.get(url).status_code == 404


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"postcode": "0000"}, "postcode"),
        ({"hours_per_week_min": 30, "hours_per_week_max": 10}, "hours_per_week_max"),
        ({"stimulus_level": 6}, "stimulus_level"),
        ({"physical_demand": 0}, "physical_demand"),
        ({"kind": "hidden"}, "kind"),
        ({"place_type": "freelance"}, "place_type"),
        ({"contract_type": "temporary", "contract_months": None}, "contract_months"),
        ({"capacity": 0}, "capacity"),
        ({"tasks": [task_payload(structure_level=9)]}, "tasks.0.structure_level"),
        ({"instruments_accepted": ["geld"]}, "instruments_accepted.0"),
    ],
)
def test_create_workplace_with_bad_field_names_it(admin: Api, override: dict, field: str) -> None:
    employer = _employer(admin)
    response = admin.post("/api/v1/workplaces", json=workplace_payload(employer["id"], **override))
    assert response.status_code == 422, response.text
    assert field in response.json()["fields"]
    assert admin.get("/api/v1/workplaces").json()["total"] == 0


def test_workplace_for_unknown_employer_is_422(admin: Api) -> None:
    response = admin.post("/api/v1/workplaces", json=workplace_payload(12345))
    assert response.status_code == 422
    assert "employer_id" in response.json()["fields"]


def test_list_workplaces_filters(admin: Api) -> None:
    employer = _employer(admin)
    admin.post("/api/v1/workplaces", json=workplace_payload(employer["id"], kind="open"))
    admin.post("/api/v1/workplaces", json=workplace_payload(employer["id"]))
    assert admin.get("/api/v1/workplaces", params={"kind": "latent"}).json()["total"] == 1
    assert admin.get("/api/v1/workplaces", params={"pc4": "2616"}).json()["total"] == 2
    bad = admin.get("/api/v1/workplaces", params={"kind": "secret"})
    assert bad.status_code == 422 and "kind" in bad.json()["fields"]


def test_employer_key_sees_only_own_organisation(admin: Api, make_api) -> None:  # type: ignore[no-untyped-def]
    own = _employer(admin)
    other = _employer(admin, name="Ander", kvk_number="27999999")
    own_wp = admin.post("/api/v1/workplaces", json=workplace_payload(own["id"])).json()
    other_wp = admin.post("/api/v1/workplaces", json=workplace_payload(other["id"])).json()
    employer_api = make_api(Role.employer, employer_id=own["id"])

    listed = employer_api.get("/api/v1/workplaces").json()
    assert [w["id"] for w in listed["items"]] == [own_wp["id"]]
    assert employer_api.get(f"/api/v1/workplaces/{own_wp['id']}").status_code == 200
    assert employer_api.get(f"/api/v1/workplaces/{other_wp['id']}").status_code == 404
    assert employer_api.get(f"/api/v1/workplaces/{other_wp['id']}/tasks").status_code == 404
    assert (
        employer_api.patch(f"/api/v1/workplaces/{other_wp['id']}", json={"capacity": 9}).status_code
        == 404
    )
    assert employer_api.get(f"/api/v1/employers/{other['id']}").status_code == 404
    assert [e["id"] for e in employer_api.get("/api/v1/employers").json()["items"]] == [own["id"]]
    assert admin.get(f"/api/v1/workplaces/{other_wp['id']}").json()["capacity"] == 2


def test_employer_submission_waits_for_verification(admin: Api, make_api) -> None:  # type: ignore[no-untyped-def]
    own = _employer(admin)
    other = _employer(admin, name="Ander", kvk_number="27999999")
    employer_api = make_api(Role.employer, employer_id=own["id"])
    payload = workplace_payload(own["id"], status="active")
    created = employer_api.post("/api/v1/workplaces", json=payload)
    assert created.status_code == 201
    assert created.json()["status"] == "to_verify"
    foreign = employer_api.post("/api/v1/workplaces", json=workplace_payload(other["id"]))
    assert foreign.status_code == 422 and "employer_id" in foreign.json()["fields"]
    url = f"/api/v1/workplaces/{created.json()['id']}/status"
    assert employer_api.put(url, json={"status": "active"}).status_code == 403
    approved = admin.put(url, json={"status": "active"}).json()
    assert approved["status"] == "active" and approved["verified_by"] == admin.account_id


def test_employer_api_edit_of_a_verified_workplace_goes_back_to_verification(  # type: ignore[no-untyped-def]
    admin: Api, make_api
) -> None:
    own = _employer(admin)
    place = admin.post("/api/v1/workplaces", json=workplace_payload(own["id"])).json()
    assert place["status"] == "active"
    url = f"/api/v1/workplaces/{place['id']}"
    # staff edits (they verify) keep the place active
    staff_edit = admin.patch(url, json={"capacity": 3})
    assert staff_edit.status_code == 200 and staff_edit.json()["status"] == "active"

    employer_api = make_api(Role.employer, employer_id=own["id"])
    edited = employer_api.patch(url, json={"stimulus_level": 5, "title": "Drukke plek"})
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert body["status"] == "to_verify"
    assert body["verified_at"] is None and body["verified_by"] is None


def test_employer_api_change_of_a_verified_workplaces_tasks_goes_back_to_verification(  # type: ignore[no-untyped-def]
    admin: Api, make_api
) -> None:
    own = _employer(admin)
    place = admin.post("/api/v1/workplaces", json=workplace_payload(own["id"])).json()
    url = f"/api/v1/workplaces/{place['id']}"
    task = admin.get(f"{url}/tasks").json()[0]
    staff = admin.patch(f"{url}/tasks/{task['id']}", json={"stimulus_level": 2})
    assert staff.status_code == 200 and admin.get(url).json()["status"] == "active"

    employer_api = make_api(Role.employer, employer_id=own["id"])
    same = employer_api.patch(f"{url}/tasks/{task['id']}", json={"name": task["name"]})
    assert same.status_code == 200 and admin.get(url).json()["status"] == "active"
    louder = employer_api.patch(f"{url}/tasks/{task['id']}", json={"stimulus_level": 5})
    assert louder.status_code == 200, louder.text
    assert admin.get(url).json()["status"] == "to_verify"

    admin.put(f"{url}/status", json={"status": "active"})
    assert admin.get(url).json()["status"] == "active"
    added = employer_api.post(f"{url}/tasks", json=task_payload(name="Kassa"))
    assert added.status_code == 201, added.text
    assert admin.get(url).json()["status"] == "to_verify"


def test_employer_key_may_not_reassign_its_account_manager(admin: Api, make_api) -> None:  # type: ignore[no-untyped-def]
    own = _employer(admin)
    employer_api = make_api(Role.employer, employer_id=own["id"])
    url = f"/api/v1/employers/{own['id']}"
    refused = employer_api.patch(url, json={"account_manager_id": 1})
    assert refused.status_code == 403
    assert "account_manager_id" in refused.json()["fields"]
    assert admin.get(url).json()["account_manager_id"] == own["account_manager_id"]
    # the rest of its own profile it still keeps
    assert employer_api.patch(url, json={"name": "Nieuwe naam"}).status_code == 200
