"""Synthetic task inventories for job carving: deterministic, for the demo, tests and bench.

Tasks come from the sector templates in ``vocab.SECTORS`` (each template job is a *current
role* whose tasks could be carved out), with hours, days and environment levels drawn around
the template. Candidates for small instances are plain engine-style dicts around one point.
"""

import random
from typing import Any

from seed import vocab

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TIMES = ("morning", "afternoon", "evening", "any")


def _level(rng: random.Random, around: int) -> int:
    return int(min(5, max(1, around + rng.choice((-1, 0, 0, 0, 1)))))


def site(key: str, employer_id: int, lat: float, lon: float, **overrides: Any) -> dict[str, Any]:
    """A site with moderate support and a 12-month contract for carved roles."""
    out: dict[str, Any] = {
        "key": key,
        "employer_id": employer_id,
        "lat": lat,
        "lon": lon,
        "sector": "facilitair",
        "place_type": "lks",
        "contract_type": "temporary",
        "contract_months": 12,
        "reachable_by_public_transport": True,
        "transport_arranged": False,
        "mentor_available": True,
        "jobcoach_welcome": True,
        "trained_colleague": False,
        "instruments_accepted": ["loonkostensubsidie", "jobcoach", "proefplaatsing"],
        "min_loonwaarde_pct": None,
        "employer_willingness": 4,
        "employer_experience": True,
        "employer_contract_policy_max_months": None,
    }
    return out | overrides


def inventory_tasks(
    n_tasks: int, seed: int, sites: list[str], start_id: int = 1
) -> list[dict[str, Any]]:
    """``n_tasks`` tasks drawn from the sector templates, spread over ``sites``."""
    rng = random.Random(seed)
    templates = [
        (title, env, spec)
        for sector in vocab.SECTORS.values()
        for title, _, env, specs in sector["jobs"]
        for spec in specs
    ]
    tasks = []
    for k in range(n_tasks):
        title, env, (name, _, stim, struct, phys, skill, cert) = rng.choice(templates)
        n_days = rng.choice((0, 1, 1, 2, 3, 5))
        days = sorted(rng.sample(WEEKDAYS[:5], n_days), key=WEEKDAYS.index)
        tasks.append(
            {
                "id": start_id + k,
                "site": sites[k % len(sites)],
                "name": f"{name} {k + 1}",
                "description": name.lower(),
                "hours_per_week": float(rng.choice((1, 1.5, 2, 3, 4, 4, 6, 8))),
                "days": days,
                "time_of_day": rng.choice(TIMES),
                "stimulus_level": _level(rng, stim),
                "structure_level": _level(rng, struct),
                "supervision_offered": _level(rng, env[2]),
                "time_pressure_level": _level(rng, env[3]),
                "customer_contact_level": _level(rng, env[4]),
                "physical_load": _level(rng, phys),
                "skill_level": _level(rng, skill),
                "required_certificate": cert if rng.random() < 0.3 else None,
                "current_role": title if rng.random() < 0.85 else "",
            }
        )
    return tasks


def small_candidates(n: int, seed: int, lat: float, lon: float) -> list[dict[str, Any]]:
    """``n`` varied candidates living within a few kilometres of (lat, lon)."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        low = rng.choice((2, 4, 6, 8, 12))
        out.append(
            {
                "id": k + 1,
                "lat": lat + rng.uniform(-0.03, 0.03),
                "lon": lon + rng.uniform(-0.03, 0.03),
                "hours_per_week_min": low,
                "hours_per_week_max": low + rng.choice((0, 4, 8)),
                "needs_gradual_buildup": False,
                "travel_modes": ["walk", "bicycle"],
                "travels_independently_pt": False,
                "has_driving_licence": False,
                "max_travel_minutes": 40,
                "stimulus_tolerance": rng.randint(1, 5),
                "structure_need": rng.randint(1, 5),
                "supervision_need": rng.randint(1, 4),
                "time_pressure_tolerance": rng.randint(1, 5),
                "customer_contact_tolerance": rng.randint(1, 5),
                "physical_capacity": rng.randint(2, 5),
                "skill_level": rng.randint(1, 4),
                "needs_challenge": False,
                "strict_needs": [],
                "interests": [rng.choice(vocab.INTERESTS)],
                "preferred_sectors": [],
                "preferred_tasks": [],
                "certificates": ["VCA"] if rng.random() < 0.3 else [],
                "school_type": "pro",
                "startkwalificatie": False,
                "loonwaarde_pct": 40.0,
                "internship_employer_ids": [],
                "regime": "participatiewet",
                "benefit": "bijstand",
                "doelgroepregister": True,
                "beschut_indication": False,
                "days_available": sorted(
                    rng.sample(WEEKDAYS[:5], rng.randint(2, 5)), key=WEEKDAYS.index
                ),
                "hours_per_day_max": rng.choice((4, 6, 8)),
            }
        )
    return out


def demo_inventory(n_tasks: int, seed: int, postcode: str) -> list[dict[str, Any]]:
    """Inventory tasks as the API takes them (``InventoryTaskIn``), all at one postcode."""
    keys = ("stimulus_level", "structure_level", "supervision_offered", "time_pressure_level",
            "customer_contact_level", "physical_load", "skill_level")  # fmt: skip
    seen: set[str] = set()
    unique: list[dict[str, Any]] = []
    for task in inventory_tasks(n_tasks * 3, seed, ["site"]):
        name = task["name"].rsplit(" ", 1)[0]
        if name not in seen and len(unique) < n_tasks:
            seen.add(name)
            unique.append({**task, "name": name})
    return [
        {
            "name": t["name"],
            "description": t["description"],
            "hours_per_week": t["hours_per_week"],
            "days": t["days"],
            "time_of_day": t["time_of_day"],
            "postcode": postcode,
            "current_role": t["current_role"],
            "required_certificate": t["required_certificate"],
            **{k: t[k] for k in keys},
        }
        for t in unique
    ]
