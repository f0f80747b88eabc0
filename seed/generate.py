"""Deterministic synthetic region: employers, workplaces with tasks, candidates.

Distributions follow DOMAIN.md §1, §4 and §9: mostly pro/vso school leavers aged 16-27,
loonwaarde mostly 20-60% of WML, 8-40 hours, about a third of workplaces latent, readiness
confirmations of varying age (so some profiles are stale). Same seed, same data.

    python -m seed.generate --candidates 300 --workplaces 220 --out region.json
"""

import argparse
import json
import random
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from seed import vocab
from seed.pc4 import region_pc4s

REFERENCE_DAY = date(2026, 11, 1)  # default; `make run` passes the load day so data stays fresh
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Functional archetypes (not stored): developmental ~65%, psychiatric ~20%, somatic ~15%.
# Per need: (low, high) inclusive bounds for stimulus, structure, supervision, time pressure,
# customer contact, physical capacity, skill level.
ARCHETYPES = (
    (0.65, ((1, 3), (3, 5), (3, 5), (1, 3), (1, 3), (2, 5), (1, 3))),
    (0.20, ((2, 4), (2, 4), (2, 4), (1, 2), (1, 3), (3, 5), (2, 4))),
    (0.15, ((3, 5), (1, 3), (1, 3), (2, 4), (2, 5), (1, 2), (3, 5))),
)
NEEDS = ("stimulus", "structure", "supervision", "time_pressure", "customer_contact")


@dataclass
class Region:
    employers: list[dict[str, Any]] = field(default_factory=list)
    workplaces: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    sensitive: list[dict[str, Any]] = field(default_factory=list)


def _pick(rng: random.Random, options: tuple | list, p: list[float] | None = None) -> Any:
    # Scalar draws from random.Random are ~50x cheaper than numpy's per call.
    roll = rng.random()
    if p is None:
        return options[int(roll * len(options))]
    cumulative = 0.0
    for option, weight in zip(options, p, strict=True):
        cumulative += weight
        if roll < cumulative:
            return option
    return options[-1]


def _scale(rng: random.Random, low: int, high: int) -> int:
    return low + int(rng.random() * (high - low + 1))


def _index(rng: random.Random, n: int) -> int:
    return int(rng.random() * n)


def _clip(value: float) -> int:
    return int(min(5, max(1, round(value))))


def _employer(rng: random.Random, index: int, pc4s: list[tuple[str, str]]) -> dict:
    sector = _pick(rng, list(vocab.SECTORS))
    pc4, municipality = pc4s[_index(rng, len(pc4s))]
    word = _pick(rng, vocab.EMPLOYER_WORDS[sector])
    return {
        "id": index + 1,
        "name": f"{word} {_pick(rng, vocab.PLACE_NAMES)} {index + 1}",
        "kvk_number": f"{27000000 + index * 7919 % 72999999:08d}",
        "sector": sector,
        "sbi_code": vocab.SECTORS[sector]["sbi"],
        "size_class": _pick(rng, ("micro", "small", "medium", "large"), [0.3, 0.4, 0.2, 0.1]),
        "postcode": pc4,
        "municipality": municipality,
        "contact_name": f"{_pick(rng, vocab.FIRST_NAMES)} {_pick(rng, vocab.LAST_NAMES)}",
        "willingness": _scale(rng, 2, 5),
        "experience_with_target_group": bool(rng.random() < 0.4),
        "motive": _pick(rng, ("intrinsic", "mixed", "financial"), [0.4, 0.4, 0.2]),
        "inclusive_network": bool(rng.random() < 0.3),
        "sbb_recognised": bool(rng.random() < 0.5),
        "contract_policy_max_months": 24 if rng.random() < 0.2 else None,
    }


def _workplace(rng: random.Random, index: int, employer: dict, pc4s: list | dict) -> dict:
    title, description, env, task_specs = _pick(rng, vocab.SECTORS[employer["sector"]]["jobs"])
    jitter = [(_index(rng, 3) - 1) if rng.random() < 0.35 else 0 for _ in env]
    stim, struct, sup, press, cust, phys = (_clip(v + j) for v, j in zip(env, jitter, strict=True))
    hours_min = int(_pick(rng, (8, 12, 16, 20, 24), [0.15, 0.2, 0.3, 0.2, 0.15]))
    hours_max = min(40, hours_min + int(_pick(rng, (0, 4, 8, 12, 16))))
    latent = rng.random() < 0.35
    place_type = _pick(
        rng,
        (
            "regular",
            "lks",
            "participatieplek",
            "werkervaringsplek",
            "leerwerkplek",
            "stage",
            "beschut",
            "proefplaatsing",
        ),
        [0.3, 0.3, 0.08, 0.08, 0.08, 0.08, 0.05, 0.03],
    )
    contract_type = _pick(rng, ("permanent", "temporary", "agency"), [0.25, 0.6, 0.15])
    if place_type in ("stage", "participatieplek", "werkervaringsplek"):
        contract_type = "none"
    months = None if contract_type in ("permanent", "none") else int(_pick(rng, (3, 6, 12, 24)))
    tasks = []
    for name, share, t_stim, t_struct, t_phys, t_skill, cert in task_specs:
        tasks.append(
            {
                "name": name,
                "hours_per_week": round(max(1.0, share * hours_max), 1),
                "stimulus_level": t_stim,
                "structure_level": t_struct,
                "physical_load": t_phys,
                "skill_level": t_skill,
                "required_certificate": cert,
            }
        )
    # Usually near the employer; sometimes a second location elsewhere in the region.
    # Most places are at the employer's address, the rest elsewhere in its labour-market region
    # (country-wide data: in the employer's own region, not anywhere in the country).
    local = pc4s if isinstance(pc4s, list) else pc4s[employer["municipality"]]
    postcode = employer["postcode"] if rng.random() < 0.7 else local[_index(rng, len(local))][0]
    roll = rng.random()
    return {
        "id": index + 1,
        "employer_id": employer["id"],
        "status": "active" if roll < 0.9 else ("to_verify" if roll < 0.95 else "closed"),
        "title": title,
        "description": description,
        "sector": employer["sector"],
        "kind": "latent" if latent else "open",
        "is_carved": bool(latent and rng.random() < 0.4),
        "place_type": place_type,
        "capacity": int(_pick(rng, (1, 2, 3), [0.7, 0.2, 0.1])),
        "hours_per_week_min": hours_min,
        "hours_per_week_max": hours_max,
        "hours_per_day_max": int(_pick(rng, (4, 6, 8), [0.3, 0.4, 0.3])),
        "schedule_predictable": bool(rng.random() < 0.75),
        "contract_type": contract_type,
        "contract_months": months,
        "agency_clause": contract_type == "agency" and bool(rng.random() < 0.5),
        "postcode": postcode,
        "reachable_by_public_transport": bool(rng.random() < 0.85),
        "transport_arranged": bool(rng.random() < 0.05),
        "stimulus_level": stim,
        "structure_offered": struct,
        "supervision_offered": sup,
        "time_pressure_level": press,
        "customer_contact_level": cust,
        "physical_demand": phys,
        "team_size": int(_pick(rng, (3, 6, 12, 25, 60))),
        "mentor_available": bool(rng.random() < 0.5),
        "jobcoach_welcome": bool(rng.random() < 0.7),
        "trained_colleague": bool(rng.random() < 0.3),
        "instruments_accepted": [
            i
            for i, p in (
                ("loonkostensubsidie", 0.7),
                ("proefplaatsing", 0.6),
                ("jobcoach", 0.7),
                ("werkplekaanpassing", 0.3),
            )
            if rng.random() < p
        ],
        "development_opportunities": bool(rng.random() < 0.4),
        "required_certificates": sorted(
            {
                t["required_certificate"]
                for t in tasks
                if t["required_certificate"] and rng.random() < 0.5
            }
        ),
        "requires_driving_licence": bool(rng.random() < 0.03),
        "requires_startkwalificatie": place_type == "regular" and bool(rng.random() < 0.1),
        "min_loonwaarde_pct": float(_pick(rng, (30.0, 50.0))) if rng.random() < 0.15 else None,
        "tasks": tasks,
    }


def _loonwaarde_series(rng: random.Random, day: date) -> list[dict]:
    # Mostly 20-60% at the first measurement; it tends to grow in a good placement.
    value = min(95.0, max(10.0, rng.betavariate(2.2, 3.0) * 90 + 10))
    series = []
    for step in range(int(_pick(rng, (0, 1, 2, 3), [0.25, 0.4, 0.25, 0.1]))):
        measured = day - timedelta(days=400 - step * 120 - _index(rng, 60))
        series.append(
            {
                "measured_on": measured.isoformat(),
                "loonwaarde_pct": round(min(100.0, value), 1),
                "method": _pick(rng, ("Dariuz", "Ergatis", "SCP-methode")),
                "source": "arbeidsdeskundige gemeente",
            }
        )
        value += float(rng.uniform(0, 12))
    return series


def _availability(hours_max: int, per_day: int, days: list[str]) -> dict[str, Any]:
    """Days and hours a day that hold the candidate's weekly maximum (the service refuses a
    weekly minimum that does not fit, and matching caps the week at days × hours a day): the
    drawn days are filled up to the whole working week first, then the hours a day raised."""
    days = list(days)
    for day in WEEKDAYS[:5]:
        if per_day * len(days) >= hours_max:
            break
        if day not in days:
            days.append(day)
    days.sort(key=WEEKDAYS.index)
    per_day = max(per_day, -(-hours_max // len(days)))
    return {"hours_per_day_max": per_day, "days_available": days}


def _candidate(rng: random.Random, index: int, pc4s: list, n_employers: int, day: date) -> dict:
    weights = [a[0] for a in ARCHETYPES]
    bounds = _pick(rng, ARCHETYPES, weights)[1]
    stim, struct, sup, press, cust, phys, skill = (_scale(rng, lo, hi) for lo, hi in bounds)
    school = _pick(
        rng,
        (
            "pro",
            "vso_arbeid",
            "vso_dagbesteding",
            "vso_vervolgonderwijs",
            "entree",
            "mbo1",
            "mbo2",
            "vmbo",
            "other",
        ),
        [0.35, 0.25, 0.05, 0.05, 0.1, 0.05, 0.08, 0.05, 0.02],
    )
    regime = _pick(rng, ("participatiewet", "wajong", "none"), [0.6, 0.35, 0.05])
    benefit = {
        "participatiewet": _pick(rng, ("bijstand", "none"), [0.7, 0.3]),
        "wajong": "wajong",
        "none": _pick(rng, ("ww", "none")),
    }[regime]
    age_days = _scale(rng, 16 * 365 + 30, 27 * 365 - 1)
    pc4, municipality = pc4s[_index(rng, len(pc4s))]
    hours_min = int(_pick(rng, (8, 12, 16, 20, 24, 32), [0.15, 0.2, 0.25, 0.2, 0.15, 0.05]))
    hours_max = min(40, hours_min + int(_pick(rng, (0, 4, 8, 12, 16))))
    modes = ["walk"] + [
        m
        for m, p in (("bicycle", 0.7), ("ebike", 0.15), ("public_transport", 0.5))
        if rng.random() < p
    ]
    licence = rng.random() < 0.1
    if licence and rng.random() < 0.7:
        modes.append("car")
    if rng.random() < 0.05:
        modes.append("adapted_transport")
    readiness = _pick(rng, ("ready", "preparing", "not_ready", "placed"), [0.6, 0.2, 0.1, 0.1])
    first = _pick(rng, vocab.FIRST_NAMES)
    internships = []
    if n_employers and rng.random() < 0.3:
        internships.append(
            {
                "organisation": "stagebedrijf",
                "year": 2025,
                "employer_id": 1 + _index(rng, n_employers),
            }
        )
    record = {
        "id": index + 1,
        "first_name": first,
        "last_name": _pick(rng, vocab.LAST_NAMES),
        "date_of_birth": (day - timedelta(days=age_days)).isoformat(),
        "email": f"{first.lower()}.{index + 1}@example.nl",
        "postcode": pc4,
        "municipality": municipality,
        "school_type": school,
        "mbo_route": "bbl" if school.startswith("mbo") and rng.random() < 0.3 else "none",
        "startkwalificatie": school in ("mbo2",) and bool(rng.random() < 0.7),
        "certificates": [c for c in vocab.CERTIFICATES if rng.random() < 0.06],
        "has_driving_licence": bool(licence),
        "regime": regime,
        "benefit": benefit,
        "doelgroepregister": bool(rng.random() < 0.8),
        "readiness": readiness,
        "readiness_confirmed_on": (day - timedelta(days=_index(rng, 200))).isoformat(),
        "hours_per_week_min": hours_min,
        "hours_per_week_max": hours_max,
        **_availability(
            hours_max,
            int(_pick(rng, (4, 6, 8), [0.3, 0.4, 0.3])),
            [d for d in WEEKDAYS[:5] if rng.random() < 0.85] or ["mon"],
        ),
        "needs_gradual_buildup": bool(rng.random() < 0.3),
        "travel_modes": modes,
        "travels_independently_pt": "public_transport" in modes and bool(rng.random() < 0.7),
        "max_travel_minutes": int(_pick(rng, (15, 20, 30, 45, 60), [0.1, 0.2, 0.35, 0.25, 0.1])),
        "stimulus_tolerance": stim,
        "structure_need": struct,
        "supervision_need": sup,
        "time_pressure_tolerance": press,
        "customer_contact_tolerance": cust,
        "physical_capacity": phys,
        "skill_level": skill,
        "strict_needs": [_pick(rng, NEEDS)] if rng.random() < 0.2 else [],
        "interests": sorted({_pick(rng, vocab.INTERESTS) for _ in range(_scale(rng, 1, 3))}),
        "preferred_sectors": [_pick(rng, list(vocab.SECTORS))] if rng.random() < 0.5 else [],
        "preferred_tasks": [],
        "competences": sorted({_pick(rng, vocab.COMPETENCES) for _ in range(_scale(rng, 1, 3))}),
        "internships": internships,
        "loonwaarde": _loonwaarde_series(rng, day),
    }
    record["consents"] = _consents(index, record)
    record["beschut_indication"] = _beschut_indication(index, record)
    record["needs_challenge"] = _needs_challenge(index, record)
    # About one in five will travel across the labour-market region's border (issue 11).
    record["cross_region_travel"] = index % 5 == 3
    if record["needs_challenge"] and index % 5 == 0 and "challenge" not in record["strict_needs"]:
        record["strict_needs"] = [*record["strict_needs"], "challenge"]
    return record


def _needs_challenge(index: int, record: dict) -> bool:
    """Wants to develop ("wil zich ontwikkelen"): about a quarter of those at skill level 3 or
    more, e.g. someone who dropped out of routine work out of boredom; a fifth of them make it a
    strict need. By position, not by the random stream, so the rest of the region stays."""
    return record["skill_level"] >= 3 and index % 4 == 2


def _beschut_indication(index: int, record: dict) -> bool:
    """A UWV indication for nieuw beschut werk: a few percent, among people with a low
    measured loonwaarde. Chosen by position, not by the random stream, so the rest of the
    region does not change."""
    series = record["loonwaarde"]
    low = bool(series) and series[-1]["loonwaarde_pct"] < 35
    return low and index % 3 == 1


def _consents(index: int, record: dict) -> list[dict]:
    """Consents given at intake. Most agree to matching and to a pseudonymous profile; some
    (about 1 in 12) gave none yet, some (about 1 in 9) only matching. Chosen by position, not
    by the random stream, so the rest of the region does not change."""
    if index % 12 == 5:
        return []
    purposes = ["matching"] if index % 9 == 4 else ["matching", "share_pseudonymous"]
    given_on = date.fromisoformat(record["readiness_confirmed_on"])
    born = date.fromisoformat(record["date_of_birth"])
    age = given_on.year - born.year - ((given_on.month, given_on.day) < (born.month, born.day))
    return [
        {"purpose": p, "given_on": given_on.isoformat(), "guardian_consent": age < 18}
        for p in purposes
    ]


def _sensitive(rng: random.Random, candidate_id: int) -> dict:
    return {
        "candidate_id": candidate_id,
        "diagnosis": _pick(rng, vocab.SENSITIVE_DIAGNOSES),
        "psychosocial_context": _pick(
            rng, ("", "schulden", "zoekt woonruimte", "mantelzorg thuis")
        ),
        "notes": "",
    }


def _same_region(pc4s: list[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """Municipality → the (pc4, municipality) pairs of its labour-market region."""
    from app.policy.regions import municipality_region

    by_region: dict[str | None, list[tuple[str, str]]] = {}
    for pair in pc4s:
        by_region.setdefault(municipality_region(pair[1]), []).append(pair)
    return {m: by_region[municipality_region(m)] for _, m in pc4s}


def generate_region(
    candidates: int = 300,
    workplaces: int = 220,
    seed: int = 2015,
    region: str = "haaglanden",
    reference_day: date = REFERENCE_DAY,
    workplaces_per_employer: float = 2.5,
) -> Region:
    """Build a region. Ids are 1-based positions, stable for the same arguments.

    Dates (birth, readiness confirmation, loonwaarde) are relative to ``reference_day``.
    """
    rng = random.Random(seed)
    pc4s = region_pc4s(region)
    n_employers = max(1, round(workplaces / workplaces_per_employer))
    out = Region()
    out.employers = [_employer(rng, i, pc4s) for i in range(n_employers)]
    local: list | dict[str, list] = pc4s if region != "nl" else _same_region(pc4s)
    out.workplaces = [
        _workplace(rng, i, out.employers[_index(rng, n_employers)], local)
        for i in range(workplaces)
    ]
    out.candidates = [
        _candidate(rng, i, pc4s, n_employers, reference_day) for i in range(candidates)
    ]
    out.sensitive = [_sensitive(rng, c["id"]) for c in out.candidates if rng.random() < 0.6]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=300)
    parser.add_argument("--workplaces", type=int, default=220)
    parser.add_argument("--seed", type=int, default=2015)
    parser.add_argument("--region", default="haaglanden", choices=("haaglanden", "nl"))
    parser.add_argument("--out", default="-", help="JSON file, or - for a summary on stdout")
    args = parser.parse_args()
    region = generate_region(args.candidates, args.workplaces, args.seed, args.region)
    if args.out == "-":
        print({name: len(getattr(region, name)) for name in region.__dataclass_fields__})
    else:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump(asdict(region), fh, ensure_ascii=False)


if __name__ == "__main__":
    main()
