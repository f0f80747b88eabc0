"""The only bridge between the app and ``matching/``: stored records → engine profiles.

Works on plain mappings, so database rows (via ``model_dump``) and the seed generator's
dicts take the same path. Only functional fields cross; sensitive data never does.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from app.candidates.models import Candidate
from app.candidates.service import hours_possible_per_week, latest_loonwaarde_pct
from app.core.geo import coordinates
from app.employers.models import Workplace
from matching import CandidateProfile, TaskProfile, WorkplaceProfile

CANDIDATE_FIELDS = (
    "hours_per_week_min",
    "hours_per_week_max",
    "needs_gradual_buildup",
    "travel_modes",
    "travels_independently_pt",
    "has_driving_licence",
    "max_travel_minutes",
    "stimulus_tolerance",
    "structure_need",
    "supervision_need",
    "time_pressure_tolerance",
    "customer_contact_tolerance",
    "physical_capacity",
    "skill_level",
    "needs_challenge",
    "strict_needs",
    "interests",
    "preferred_sectors",
    "preferred_tasks",
    "certificates",
    "school_type",
    "startkwalificatie",
    "regime",
    "benefit",
    "doelgroepregister",
    "beschut_indication",
)
WORKPLACE_FIELDS = (
    "employer_id",
    "title",
    "description",
    "sector",
    "kind",
    "is_carved",
    "place_type",
    "capacity",
    "hours_per_week_min",
    "hours_per_week_max",
    "contract_type",
    "contract_months",
    "agency_clause",
    "transport_arranged",
    "reachable_by_public_transport",
    "stimulus_level",
    "structure_offered",
    "supervision_offered",
    "time_pressure_level",
    "customer_contact_level",
    "physical_demand",
    "mentor_available",
    "jobcoach_welcome",
    "trained_colleague",
    "instruments_accepted",
    "required_certificates",
    "requires_driving_licence",
    "requires_startkwalificatie",
    "min_loonwaarde_pct",
)
# Read to cap the weekly hours (``hours_possible_per_week``); not passed to the engine.
AVAILABILITY_FIELDS = ("hours_per_day_max", "days_available")
TASK_FIELDS = (
    "name",
    "description",
    "hours_per_week",
    "stimulus_level",
    "structure_level",
    "physical_load",
    "skill_level",
    "required_certificate",
)


def candidate_profile(
    values: Mapping[str, Any],
    *,
    candidate_id: int,
    loonwaarde_pct: float | None,
    internship_employer_ids: Iterable[int],
) -> CandidateProfile:
    lat, lon = coordinates(values["postcode"])
    profile: dict[str, Any] = {name: values[name] for name in CANDIDATE_FIELDS}
    # The engine matches the hours the candidate can really work: no more than the hours a
    # day times the days available, whatever the stated weekly range says.
    if values.get("hours_per_day_max") is not None:
        possible = hours_possible_per_week(
            values["hours_per_day_max"], values.get("days_available") or []
        )
        profile["hours_per_week_max"] = min(profile["hours_per_week_max"], possible)
        profile["hours_per_week_min"] = min(profile["hours_per_week_min"], possible)
    profile.update(
        id=candidate_id,
        lat=lat,
        lon=lon,
        loonwaarde_pct=loonwaarde_pct,
        internship_employer_ids=sorted(set(internship_employer_ids)),
    )
    return profile  # type: ignore[return-value]


def workplace_profile(
    values: Mapping[str, Any], *, workplace_id: int, employer: Mapping[str, Any]
) -> WorkplaceProfile:
    lat, lon = coordinates(values["postcode"])
    profile: dict[str, Any] = {name: values.get(name) for name in WORKPLACE_FIELDS}
    profile["description"] = profile["description"] or ""
    tasks: list[TaskProfile] = [
        {name: task.get(name) for name in TASK_FIELDS}  # type: ignore[misc]
        for task in values.get("tasks", [])
    ]
    for task in tasks:
        task["description"] = task["description"] or ""
    profile.update(
        id=workplace_id,
        lat=lat,
        lon=lon,
        tasks=tasks,
        employer_willingness=employer["willingness"],
        employer_experience=employer["experience_with_target_group"],
        employer_contract_policy_max_months=employer["contract_policy_max_months"],
    )
    return profile  # type: ignore[return-value]


def internship_employer_ids(internships: Iterable[Mapping[str, Any]]) -> list[int]:
    return [i["employer_id"] for i in internships if i.get("employer_id") is not None]


def candidate_from_row(candidate: Candidate) -> CandidateProfile:
    assert candidate.id is not None
    return candidate_profile(
        candidate.model_dump(),
        candidate_id=candidate.id,
        loonwaarde_pct=latest_loonwaarde_pct(candidate),
        internship_employer_ids=internship_employer_ids(candidate.internships),
    )


def workplace_from_row(workplace: Workplace) -> WorkplaceProfile:
    assert workplace.id is not None and workplace.employer is not None
    values = workplace.model_dump()
    values["tasks"] = [task.model_dump() for task in workplace.tasks]
    return workplace_profile(
        values, workplace_id=workplace.id, employer=workplace.employer.model_dump()
    )


def profiles_from_seed(
    region: Any,
) -> tuple[list[CandidateProfile], list[WorkplaceProfile]]:
    """Engine profiles straight from a generated region (benchmarks; no database)."""
    employers = {e["id"]: e for e in region.employers}
    candidates = [
        candidate_profile(
            c,
            candidate_id=c["id"],
            loonwaarde_pct=c["loonwaarde"][-1]["loonwaarde_pct"] if c["loonwaarde"] else None,
            internship_employer_ids=internship_employer_ids(c["internships"]),
        )
        for c in region.candidates
    ]
    workplaces = [
        workplace_profile(w, workplace_id=w["id"], employer=employers[w["employer_id"]])
        for w in region.workplaces
        if w["status"] == "active"
    ]
    return candidates, workplaces
