"""Job carving over real HTTP: the inventory, proposals, the bundle question, carved roles
becoming latent workplaces, privacy and bad input, on every database target."""

from typing import Any

import pytest
from sqlmodel import Session, select

from app.audit.models import AccessLog
from app.core.vocab import Role
from tests.conftest import Api
from tests.factories import candidate_payload, employer_payload, task_payload, workplace_payload

OFFICE = "2611"


def inventory_task(name: str, hours: float, current_role: str, **levels: Any) -> dict[str, Any]:
    task: dict[str, Any] = {
        "name": name,
        "hours_per_week": hours,
        "days": ["mon", "wed"],
        "time_of_day": "morning",
        "postcode": OFFICE,
        "stimulus_level": 2,
        "structure_level": 5,
        "supervision_offered": 3,
        "time_pressure_level": 2,
        "customer_contact_level": 1,
        "physical_load": 2,
        "skill_level": 1,
        "current_role": current_role,
    }
    return task | levels


OFFICE_TASKS = [
    inventory_task("Afvalbakken legen", 3, "schoonmaker"),
    inventory_task("Papier aanvullen bij printers", 2, "secretaresse"),
    inventory_task("Postronde door het gebouw", 4, "secretaresse"),
    inventory_task(
        "Bezoekers ontvangen aan de balie", 8, "secretaresse",
        customer_contact_level=5, structure_level=2, stimulus_level=4,
    ),
    inventory_task("Pallets lossen", 1, "magazijnmedewerker", physical_load=5),
]  # fmt: skip


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def office(api: Api) -> dict[str, Any]:
    """An office employer with a workplace profile (its terms) and the inventory above."""
    employer = ok(api.post("/api/v1/employers", json=employer_payload(postcode="2611 AB")), 201)
    ok(api.post("/api/v1/workplaces", json=workplace_payload(employer["id"])), 201)
    for task in OFFICE_TASKS:
        ok(api.post(f"/api/v1/employers/{employer['id']}/inventory", json=task), 201)
    return employer


def structured_candidate(api: Api, **overrides: Any) -> dict[str, Any]:
    """Needs structure and little customer contact; works 8–12 hours on Monday to Thursday."""
    payload = candidate_payload(
        hours_per_week_min=8, hours_per_week_max=12, days_available=["mon", "tue", "wed", "thu"],
        structure_need=5, customer_contact_tolerance=1, physical_capacity=2,
        strict_needs=["customer_contact"], interests=["post", "schoonmaak"],
    ) | overrides  # fmt: skip
    return ok(api.post("/api/v1/candidates", json=payload), 201)


def test_carving_takes_bins_paper_and_mail_off_two_plates_into_one_role(
    jobhunter: Api, session: Session
) -> None:
    employer = office(jobhunter)
    person = structured_candidate(jobhunter)
    body = ok(jobhunter.post(f"/api/v1/employers/{employer['id']}/carve", json={"max_roles": 3}))
    assert body["status"] == "OPTIMAL" and body["placed"] == 1
    (role,) = body["roles"]
    assert role["candidate"]["id"] == person["id"]
    names = sorted(t["name"] for t in role["tasks"])
    assert names == [
        "Afvalbakken legen",
        "Papier aanvullen bij printers",
        "Postronde door het gebouw",
    ]
    assert role["hours_per_week"] == 9
    assert "6 uur per week minder voor: secretaresse" in role["freed"]
    left = " ".join(role["left_out"])
    assert "Bezoekers ontvangen aan de balie: te veel klantcontact" in left
    assert "Pallets lossen: het werk is lichamelijk zwaarder" in left
    logged = session.exec(select(AccessLog).where(AccessLog.action == "carve")).all()
    assert [row.candidate_id for row in logged] == [person["id"]]


def test_bundle_question_names_the_heavy_task_that_keeps_a_job_out_of_reach(
    jobhunter: Api,
) -> None:
    employer = office(jobhunter)
    heavy_job = workplace_payload(
        employer["id"], title="Magazijnhulp", postcode=OFFICE, hours_per_week_min=8,
        hours_per_week_max=12, physical_demand=2, kind="open",
        tasks=[task_payload(name="Producten sorteren", hours_per_week=8, physical_load=2),
               task_payload(name="Pallets lossen", hours_per_week=1, physical_load=5)],
    )  # fmt: skip
    ok(jobhunter.post("/api/v1/workplaces", json=heavy_job), 201)
    person = structured_candidate(jobhunter)
    body = ok(
        jobhunter.get(
            f"/api/v1/candidates/{person['id']}/carving", params={"employer_id": employer["id"]}
        )
    )
    assert sorted(t["name"] for t in body["role"]["tasks"])[0] == "Afvalbakken legen"
    job = next(j for j in body["existing_jobs"] if j["title"] == "Magazijnhulp")
    assert not job["fits_as_is"] and job["possible"]
    assert job["drop"] == ["Pallets lossen"]


def test_agreed_role_becomes_a_latent_carved_workplace_in_the_verify_queue(
    jobhunter: Api, make_api: Any
) -> None:
    employer = office(jobhunter)
    person = structured_candidate(jobhunter)
    inventory = ok(jobhunter.get(f"/api/v1/employers/{employer['id']}/inventory"))
    ids = [t["id"] for t in inventory[:3]]
    sent = ok(
        jobhunter.post(
            "/api/v1/carved-roles",
            json={"employer_id": employer["id"], "candidate_id": person["id"],
                  "task_ids": ids, "title": "Medewerker facilitair"},
        ),
        201,
    )  # fmt: skip
    assert sent["status"] == "sent" and sent["candidate"]["id"] == person["id"]

    boss = make_api(Role.employer, employer_id=employer["id"])
    (seen,) = ok(boss.get("/api/v1/carved-roles"))
    assert seen["candidate"]["pseudonym"] == person["pseudonym"]
    assert seen["candidate"]["id"] is None
    text = str(seen)
    for private in (person["first_name"], person["last_name"], person["postcode"]):
        assert private not in text
    assert seen["role"]["instruments"] and seen["role"]["reasons_for"]

    agreed = ok(
        boss.post(f"/api/v1/carved-roles/{sent['id']}/decision", json={"decision": "agree"})
    )
    workplace = ok(jobhunter.get(f"/api/v1/workplaces/{agreed['workplace_id']}"))
    assert (workplace["kind"], workplace["is_carved"], workplace["status"]) == (
        "latent", True, "to_verify",
    )  # fmt: skip
    assert [t["name"] for t in workplace["tasks"]] == [t["name"] for t in inventory[:3]]
    assert "schoonmaker, secretaresse" in workplace["description"]
    after = ok(jobhunter.get(f"/api/v1/employers/{employer['id']}/inventory"))
    assert [t["carved_role_id"] for t in after[:3]] == [sent["id"]] * 3
    again = boss.post(f"/api/v1/carved-roles/{sent['id']}/decision", json={"decision": "agree"})
    assert again.status_code == 409

    ok(jobhunter.put(f"/api/v1/workplaces/{workplace['id']}/status", json={"status": "active"}))
    found = ok(jobhunter.get(f"/api/v1/workplaces/{workplace['id']}/suggestions"))
    assert person["pseudonym"] in [i["candidate"]["pseudonym"] for i in found["items"]]


def test_employer_keys_keep_to_their_own_inventory_and_cannot_carve(
    jobhunter: Api, make_api: Any
) -> None:
    employer = office(jobhunter)
    other = ok(
        jobhunter.post("/api/v1/employers", json=employer_payload(kvk_number="12345678")), 201
    )
    boss = make_api(Role.employer, employer_id=other["id"])
    assert boss.get(f"/api/v1/employers/{employer['id']}/inventory").status_code == 404
    own = boss.post(f"/api/v1/employers/{other['id']}/inventory", json=OFFICE_TASKS[0])
    assert ok(own, 201)["source"] == "employer"
    assert boss.post(f"/api/v1/employers/{other['id']}/carve", json={}).status_code == 403


def test_role_is_not_sent_without_consent_to_share_a_pseudonymous_profile(jobhunter: Api) -> None:
    employer = office(jobhunter)
    person = structured_candidate(
        jobhunter, consents=[{"purpose": "matching", "given_on": "2026-01-05"}]
    )
    inventory = ok(jobhunter.get(f"/api/v1/employers/{employer['id']}/inventory"))
    response = jobhunter.post(
        "/api/v1/carved-roles",
        json={"employer_id": employer["id"], "candidate_id": person["id"],
              "task_ids": [inventory[0]["id"]], "title": "Afval"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "candidate_id" in response.json()["fields"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hours_per_week": 0}, "hours_per_week"),
        ({"hours_per_week": 200}, "hours_per_week"),
        ({"days": ["mon", "funday"]}, "days.1"),
        ({"stimulus_level": 9}, "stimulus_level"),
        ({"postcode": "0000"}, "postcode"),
    ],
)
def test_bad_inventory_tasks_get_a_4xx_naming_the_field(
    jobhunter: Api, change: dict[str, Any], field: str
) -> None:
    employer = ok(jobhunter.post("/api/v1/employers", json=employer_payload()), 201)
    response = jobhunter.post(
        f"/api/v1/employers/{employer['id']}/inventory", json=OFFICE_TASKS[0] | change
    )
    assert response.status_code == 422
    assert field in response.json()["fields"]


def test_bundle_or_carving_for_an_employer_without_tasks_is_a_4xx_naming_the_employer(
    jobhunter: Api,
) -> None:
    employer = ok(jobhunter.post("/api/v1/employers", json=employer_payload()), 201)
    person = structured_candidate(jobhunter)
    asked = jobhunter.get(
        f"/api/v1/candidates/{person['id']}/carving", params={"employer_id": employer["id"]}
    )
    assert asked.status_code == 422
    assert asked.json()["fields"] == {"employer_id": "no tasks in the inventory"}
    carved = jobhunter.post(f"/api/v1/employers/{employer['id']}/carve", json={})
    assert carved.status_code == 422 and "employer_id" in carved.json()["fields"]


def test_nearby_employers_can_share_one_role_across_their_sites(jobhunter: Api) -> None:
    bakery = ok(jobhunter.post("/api/v1/employers", json=employer_payload()), 201)
    shop = ok(
        jobhunter.post(
            "/api/v1/employers", json=employer_payload(kvk_number="12345678", postcode="2612")
        ),
        201,
    )
    morning = inventory_task("Broodkratten spoelen", 6, "bakker", days=["mon", "tue"])
    afternoon = inventory_task(
        "Lege dozen wegbrengen", 4, "verkoper", days=["wed"], postcode="2612"
    )
    ok(jobhunter.post(f"/api/v1/employers/{bakery['id']}/inventory", json=morning), 201)
    ok(jobhunter.post(f"/api/v1/employers/{shop['id']}/inventory", json=afternoon), 201)
    structured_candidate(jobhunter, hours_per_week_min=10, hours_per_week_max=10)
    alone = ok(jobhunter.post(f"/api/v1/employers/{bakery['id']}/carve", json={}))
    assert alone["placed"] == 0  # six hours alone are too few for this candidate
    shared = ok(
        jobhunter.post(
            f"/api/v1/employers/{bakery['id']}/carve",
            json={"share_with": [shop["id"]], "max_sites_per_role": 2},
        )
    )
    (role,) = shared["roles"]
    assert sorted(t["employer_id"] for t in role["tasks"]) == sorted([bakery["id"], shop["id"]])
    assert role["hours_per_week"] == 10
