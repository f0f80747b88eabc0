"""Valid request payloads with overrides, so each test states only what it is about."""

from datetime import date
from typing import Any

from app.core.timeutil import today


def employer_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "name": "Hoveniersbedrijf De Groene Vinger",
        "kvk_number": "27123456",
        "sector": "groenvoorziening",
        "sbi_code": "8130",
        "size_class": "small",
        "postcode": "2616 LS",
        "municipality": "Delft",
        "willingness": 4,
        "experience_with_target_group": True,
        "motive": "intrinsic",
    }
    return payload | overrides


def task_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "name": "Blad ruimen",
        "hours_per_week": 8,
        "stimulus_level": 1,
        "structure_level": 4,
        "physical_load": 3,
        "skill_level": 1,
    }
    return payload | overrides


def workplace_payload(employer_id: int, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "employer_id": employer_id,
        "title": "Medewerker groenonderhoud",
        "kind": "latent",
        "is_carved": True,
        "place_type": "lks",
        "capacity": 2,
        "hours_per_week_min": 16,
        "hours_per_week_max": 28,
        "hours_per_day_max": 7,
        "contract_type": "temporary",
        "contract_months": 12,
        "postcode": "2616",
        "stimulus_level": 2,
        "structure_offered": 4,
        "supervision_offered": 4,
        "time_pressure_level": 2,
        "customer_contact_level": 1,
        "physical_demand": 3,
        "team_size": 6,
        "mentor_available": True,
        "jobcoach_welcome": True,
        "instruments_accepted": ["loonkostensubsidie", "jobcoach"],
        "tasks": [task_payload(), task_payload(name="Schoffelen", hours_per_week=10)],
    }
    return payload | overrides


def candidate_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "first_name": "Sanne",
        "last_name": "de Vries",
        "date_of_birth": "2006-05-14",
        "email": "sanne@example.nl",
        "postcode": "2611 AB",
        "municipality": "Delft",
        "school_type": "pro",
        "regime": "participatiewet",
        "benefit": "bijstand",
        "doelgroepregister": True,
        "readiness": "ready",
        "readiness_confirmed_on": today().isoformat(),
        "hours_per_week_min": 16,
        "hours_per_week_max": 24,
        "hours_per_day_max": 6,
        "travel_modes": ["bicycle", "walk"],
        "max_travel_minutes": 30,
        "stimulus_tolerance": 2,
        "structure_need": 4,
        "supervision_need": 3,
        "time_pressure_tolerance": 2,
        "customer_contact_tolerance": 2,
        "physical_capacity": 4,
        "skill_level": 2,
        "interests": ["groen", "dieren"],
        "loonwaarde": [
            {
                "measured_on": "2026-03-01",
                "loonwaarde_pct": 37,
                "method": "Dariuz",
                "source": "arbeidsdeskundige",
            }
        ],
    }
    payload |= overrides
    if "consents" not in overrides:
        payload["consents"] = intake_consents(payload["date_of_birth"])
    return payload


def intake_consents(date_of_birth: str, *purposes: str) -> list[dict[str, Any]]:
    """Consents recorded at intake: by default matching and sharing a pseudonymous profile,
    so the candidate can be suggested; a guardian's too when the candidate is a minor."""
    day = today()
    born = date.fromisoformat(date_of_birth)
    minor = (day.year - born.year - ((day.month, day.day) < (born.month, born.day))) < 18
    return [
        {"purpose": purpose, "given_on": day.isoformat(), "guardian_consent": minor}
        for purpose in purposes or ("matching", "share_pseudonymous")
    ]
