"""Profile builders for engine tests: readable defaults plus a seeded random data set."""

from __future__ import annotations

from typing import Any

import numpy as np

from matching import CandidateProfile, WorkplaceProfile

# Utrecht centre; 0.01 degree latitude is about 1.1 km.
LAT, LON = 52.09, 5.12
SECTORS = {
    "groenvoorziening": ("Medewerker groen", "schoffelen", "Onkruid wieden en gras maaien"),
    "horeca": ("Keukenhulp", "afwassen", "Afwas doen en groenten snijden in de keuken"),
    "logistiek": ("Magazijnmedewerker", "orderpicken", "Orders verzamelen en inpakken"),
    "dierenverzorging": ("Dierenverzorger", "dieren voeren", "Hokken schoonmaken en voeren"),
    "schoonmaak": ("Schoonmaker", "reiniging", "Kantoren schoonmaken"),
    "productie": ("Productiemedewerker", "montage", "Onderdelen monteren aan de lopende band"),
    "kantoor": ("Medewerker postkamer", "post rondbrengen", "Post sorteren en scannen"),
    "zorg": ("Gastvrouw verpleeghuis", "koffie rondbrengen", "Ouderen koffie brengen"),
    "detailhandel": ("Vakkenvuller", "vakkenvullen", "Vakken vullen in de supermarkt"),
}
INTERESTS = [
    "groen",
    "dieren",
    "koken",
    "techniek",
    "schoonmaak",
    "logistiek",
    "administratie",
    "zorg",
    "winkel",
    "muziek",
    "tuin",
    "magazijn",
    "fietsen",
]


def make_candidate(id: int = 1, **overrides: Any) -> CandidateProfile:
    """A ready-to-work candidate in Utrecht who cycles up to 30 minutes."""
    profile: dict[str, Any] = {
        "id": id,
        "lat": LAT,
        "lon": LON,
        "hours_per_week_min": 16,
        "hours_per_week_max": 24,
        "needs_gradual_buildup": False,
        "travel_modes": ["bicycle", "walk"],
        "travels_independently_pt": True,
        "has_driving_licence": False,
        "max_travel_minutes": 30,
        "stimulus_tolerance": 3,
        "structure_need": 3,
        "supervision_need": 3,
        "time_pressure_tolerance": 3,
        "customer_contact_tolerance": 3,
        "physical_capacity": 3,
        "skill_level": 3,
        "needs_challenge": False,
        "strict_needs": [],
        "interests": ["groen"],
        "preferred_sectors": [],
        "preferred_tasks": [],
        "certificates": [],
        "school_type": "pro",
        "startkwalificatie": False,
        "loonwaarde_pct": 45.0,
        "internship_employer_ids": [],
        "regime": "participatiewet",
        "benefit": "bijstand",
        "doelgroepregister": True,
        "beschut_indication": False,
    }
    profile.update(overrides)
    return profile  # type: ignore[return-value]


def make_task(**overrides: Any) -> dict[str, Any]:
    task: dict[str, Any] = {
        "name": "schoffelen",
        "description": "onkruid wieden",
        "hours_per_week": 10.0,
        "stimulus_level": 2,
        "structure_level": 3,
        "physical_load": 2,
        "skill_level": 3,
        "required_certificate": None,
    }
    task.update(overrides)
    return task


def make_workplace(id: int = 100, **overrides: Any) -> WorkplaceProfile:
    """An open, permanent, calm-ish green job 2 km from the default candidate."""
    profile: dict[str, Any] = {
        "id": id,
        "employer_id": id * 10,
        "lat": LAT + 0.018,
        "lon": LON,
        "title": "Medewerker groen",
        "description": "Onderhoud van plantsoenen",
        "sector": "groenvoorziening",
        "kind": "open",
        "is_carved": False,
        "place_type": "regular",
        "capacity": 1,
        "hours_per_week_min": 16,
        "hours_per_week_max": 24,
        "contract_type": "permanent",
        "contract_months": None,
        "agency_clause": False,
        "transport_arranged": False,
        "reachable_by_public_transport": True,
        "stimulus_level": 3,
        "structure_offered": 3,
        "supervision_offered": 3,
        "time_pressure_level": 3,
        "customer_contact_level": 3,
        "physical_demand": 3,
        "mentor_available": False,
        "jobcoach_welcome": False,
        "trained_colleague": False,
        "instruments_accepted": [],
        "required_certificates": [],
        "requires_driving_licence": False,
        "requires_startkwalificatie": False,
        "min_loonwaarde_pct": None,
        "tasks": [make_task(skill_level=3, physical_load=2)],
        "employer_willingness": 3,
        "employer_experience": False,
        "employer_contract_policy_max_months": None,
    }
    profile.update(overrides)
    return profile  # type: ignore[return-value]


def random_candidates(n: int, seed: int = 0, spread_deg: float = 0.3) -> list[CandidateProfile]:
    """Seeded random candidates around Utrecht (about ±33 km)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        lo = int(rng.integers(4, 30))
        modes = list(
            rng.choice(
                ["walk", "bicycle", "ebike", "public_transport", "car", "adapted_transport"],
                size=int(rng.integers(1, 4)),
                replace=False,
            )
        )
        out.append(
            make_candidate(
                id=i + 1,
                lat=LAT + float(rng.uniform(-spread_deg, spread_deg)),
                lon=LON + float(rng.uniform(-spread_deg, spread_deg)) * 1.6,
                hours_per_week_min=lo,
                hours_per_week_max=lo + int(rng.integers(0, 16)),
                needs_gradual_buildup=bool(rng.random() < 0.3),
                travel_modes=modes,
                travels_independently_pt=bool(rng.random() < 0.6),
                has_driving_licence=bool(rng.random() < 0.3),
                max_travel_minutes=int(rng.integers(15, 75)),
                **{
                    k: int(rng.integers(1, 6))
                    for k in (
                        "stimulus_tolerance",
                        "structure_need",
                        "supervision_need",
                        "time_pressure_tolerance",
                        "customer_contact_tolerance",
                        "physical_capacity",
                        "skill_level",
                    )
                },
                strict_needs=[
                    s for s in ("stimulus", "structure", "supervision") if rng.random() < 0.15
                ]
                + (["challenge"] if i % 10 == 1 else []),
                # by position, so the random stream (and older expectations) stay the same
                needs_challenge=i % 5 == 1,
                interests=list(rng.choice(INTERESTS, size=int(rng.integers(1, 4)), replace=False)),
                certificates=["VCA"] if rng.random() < 0.2 else [],
                startkwalificatie=bool(rng.random() < 0.3),
                loonwaarde_pct=None if rng.random() < 0.2 else float(rng.uniform(15, 90)),
                internship_employer_ids=[int(rng.integers(1, 1 + max(n // 5, 1))) * 10]
                if rng.random() < 0.3
                else [],
            )
        )
    return out


def random_workplaces(
    n: int, seed: int = 1, spread_deg: float = 0.3, per_employer: int = 5
) -> list[WorkplaceProfile]:
    """Seeded random workplaces; ``per_employer`` consecutive workplaces share an employer."""
    rng = np.random.default_rng(seed)
    sectors = list(SECTORS)
    out = []
    for i in range(n):
        sector = sectors[int(rng.integers(len(sectors)))]
        title, task_name, description = SECTORS[sector]
        lo = int(rng.integers(4, 32))
        contract = str(rng.choice(["permanent", "temporary", "agency", "none"]))
        tasks = [
            make_task(
                name=task_name,
                description=description,
                hours_per_week=float(rng.integers(2, 20)),
                stimulus_level=int(rng.integers(1, 6)),
                structure_level=int(rng.integers(1, 6)),
                physical_load=int(rng.integers(1, 5)),
                skill_level=int(rng.integers(1, 6)),
                required_certificate="VCA" if rng.random() < 0.05 else None,
            )
            for _ in range(int(rng.integers(0, 3)))
        ]
        out.append(
            make_workplace(
                id=i + 1,
                employer_id=(i // per_employer + 1) * 10,
                lat=LAT + float(rng.uniform(-spread_deg, spread_deg)),
                lon=LON + float(rng.uniform(-spread_deg, spread_deg)) * 1.6,
                title=title,
                description=description,
                sector=sector,
                kind="latent" if rng.random() < 0.3 else "open",
                is_carved=bool(rng.random() < 0.2),
                capacity=int(rng.integers(1, 4)),
                hours_per_week_min=lo,
                hours_per_week_max=lo + int(rng.integers(0, 12)),
                contract_type=contract,
                contract_months=None
                if contract in ("permanent", "none")
                else int(rng.integers(3, 25)),
                agency_clause=contract == "agency" and bool(rng.random() < 0.5),
                transport_arranged=bool(rng.random() < 0.05),
                reachable_by_public_transport=bool(rng.random() < 0.8),
                **{
                    k: int(rng.integers(1, 6))
                    for k in (
                        "stimulus_level",
                        "structure_offered",
                        "supervision_offered",
                        "time_pressure_level",
                        "customer_contact_level",
                        "physical_demand",
                    )
                },
                mentor_available=bool(rng.random() < 0.4),
                jobcoach_welcome=bool(rng.random() < 0.5),
                trained_colleague=bool(rng.random() < 0.3),
                instruments_accepted=[
                    s
                    for s in ("loonkostensubsidie", "proefplaatsing", "jobcoach")
                    if rng.random() < 0.5
                ],
                required_certificates=["VCA"] if rng.random() < 0.05 else [],
                requires_driving_licence=bool(rng.random() < 0.05),
                requires_startkwalificatie=bool(rng.random() < 0.05),
                min_loonwaarde_pct=float(rng.uniform(20, 50)) if rng.random() < 0.1 else None,
                tasks=tasks,
                employer_willingness=int(rng.integers(1, 6)),
                employer_experience=bool(rng.random() < 0.4),
                employer_contract_policy_max_months=24 if rng.random() < 0.1 else None,
            )
        )
    return out
