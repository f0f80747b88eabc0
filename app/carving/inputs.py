"""The bridge from stored rows to ``matching.carving`` inputs: sites, tasks and the pool.

Like ``app/matches/convert.py`` it passes only functional data. The pool is the suggestion
snapshot's: only candidates with an active matching consent, and of those only the ones who
are bemiddelbaar with a recent confirmation (``readiness_problems``).
"""

from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlmodel import Session, col, select

from app.candidates.models import Candidate
from app.carving.models import InventoryTask
from app.core.geo import coordinates
from app.core.timeutil import today
from app.employers.models import Employer, Workplace
from app.matches.refresher import cache, overlay
from app.matches.snapshot import Snapshot
from app.matches.suggestions import readiness_problems
from matching.carving import WEEKDAYS, CarvingCandidate, TaskSite
from matching.carving import InventoryTask as TaskDict

WEEKDAY_INDEX = {day: i for i, day in enumerate(WEEKDAYS)}

# Terms for a carved role when the employer has no workplace profile to take them from:
# nothing is promised that the employer did not say (no support, no instruments).
DEFAULT_TERMS: dict[str, Any] = {
    "place_type": "regular",
    "contract_type": "temporary",
    "contract_months": 12,
    "reachable_by_public_transport": True,
    "transport_arranged": False,
    "mentor_available": False,
    "jobcoach_welcome": False,
    "trained_colleague": False,
    "instruments_accepted": [],
    "min_loonwaarde_pct": None,
    "team_size": 5,
}


def employer_terms(session: Session, employer: Employer) -> dict[str, Any]:
    """The terms a carved role would get: those of the employer's latest workplace profile."""
    latest = session.exec(
        select(Workplace)
        .where(Workplace.employer_id == employer.id)
        .order_by(col(Workplace.updated_at).desc())
    ).first()
    if latest is None:
        return dict(DEFAULT_TERMS)
    return {name: getattr(latest, name) for name in DEFAULT_TERMS}


def site_key(task: InventoryTask) -> str:
    return f"{task.employer_id}:{task.postcode}"


def site_of(employer: Employer, postcode: str, terms: dict[str, Any]) -> TaskSite:
    lat, lon = coordinates(postcode)
    assert employer.id is not None
    return {
        "key": f"{employer.id}:{postcode}",
        "employer_id": employer.id,
        "lat": lat,
        "lon": lon,
        "sector": employer.sector,
        "place_type": terms["place_type"],
        "contract_type": terms["contract_type"],
        "contract_months": terms["contract_months"],
        "reachable_by_public_transport": bool(terms["reachable_by_public_transport"]),
        "transport_arranged": bool(terms["transport_arranged"]),
        "mentor_available": bool(terms["mentor_available"]),
        "jobcoach_welcome": bool(terms["jobcoach_welcome"]),
        "trained_colleague": bool(terms["trained_colleague"]),
        "instruments_accepted": list(terms["instruments_accepted"]),
        "min_loonwaarde_pct": terms["min_loonwaarde_pct"],
        "employer_willingness": employer.willingness,
        "employer_experience": employer.experience_with_target_group,
        "employer_contract_policy_max_months": employer.contract_policy_max_months,
    }


def task_dict(task: InventoryTask) -> TaskDict:
    assert task.id is not None
    return {
        "id": task.id,
        "site": site_key(task),
        "name": task.name,
        "description": task.description,
        "hours_per_week": float(task.hours_per_week),
        "days": list(task.days),
        "time_of_day": task.time_of_day,
        "stimulus_level": task.stimulus_level,
        "structure_level": task.structure_level,
        "supervision_offered": task.supervision_offered,
        "time_pressure_level": task.time_pressure_level,
        "customer_contact_level": task.customer_contact_level,
        "physical_load": task.physical_load,
        "skill_level": task.skill_level,
        "required_certificate": task.required_certificate,
        "current_role": task.current_role,
    }


def free_tasks(session: Session, employer_ids: Iterable[int]) -> list[InventoryTask]:
    """Inventory tasks not yet taken into a workplace, in a stable order."""
    statement = (
        select(InventoryTask)
        .where(col(InventoryTask.employer_id).in_(list(employer_ids)))
        .where(col(InventoryTask.carved_role_id).is_(None))
        .order_by(col(InventoryTask.employer_id), col(InventoryTask.id))
    )
    return list(session.exec(statement).all())


def sites_for(
    session: Session, tasks: Sequence[InventoryTask], employers: dict[int, Employer]
) -> dict[str, TaskSite]:
    terms = {eid: employer_terms(session, e) for eid, e in employers.items()}
    out: dict[str, TaskSite] = {}
    for task in tasks:
        key = site_key(task)
        if key not in out:
            out[key] = site_of(employers[task.employer_id], task.postcode, terms[task.employer_id])
    return out


def carving_candidate(snap: Snapshot, candidate: Candidate) -> CarvingCandidate:
    assert candidate.id is not None
    profile: dict[str, Any] = dict(snap.index.candidates.profiles[snap.candidate_pos[candidate.id]])
    # Unknown days (a profile gap the candidate page already shows) count as any weekday.
    profile["days_available"] = list(candidate.days_available) or list(WEEKDAYS[:5])
    profile["hours_per_day_max"] = max(1, min(24, candidate.hours_per_day_max))
    return cast(CarvingCandidate, profile)


def pool(
    session: Session, candidate_ids: Sequence[int] | None = None
) -> tuple[Snapshot, list[Candidate], list[CarvingCandidate]]:
    """Suggestible candidates with a matching consent (optionally only ``candidate_ids``)."""
    snap = cache.get(session)
    excluded = overlay(session, snap).excluded  # withdrawn or erased since the snapshot
    on = today()
    wanted = set(candidate_ids) if candidate_ids is not None else None
    rows = [
        c
        for cid, c in sorted(snap.candidates.items())
        if (wanted is None or cid in wanted)
        and cid not in excluded
        and not readiness_problems(c, on)
    ]
    return snap, rows, [carving_candidate(snap, c) for c in rows]
