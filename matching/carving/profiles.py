"""Input contract of job carving: an employer's task inventory, its sites, and the candidates.

A task exists on its own, before any workplace (DOMAIN.md §5, IHW 2.0): what is done, how
many hours a week, on which days, where, what it asks of a person on the workplace's own
1..5 scales, and who does it now (``current_role``), so the hours freed for skilled staff can
be shown. A *site* carries what the employer offers around the tasks at one location (support,
instruments, the contract a carved role would get) and the employer facts the sustainability
factor reads. Candidates are engine :class:`~matching.CandidateProfile` dicts plus the days
they can work and their maximum hours per day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypedDict

from matching.profiles import CandidateProfile, ProfileError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TIMES_OF_DAY = ("morning", "afternoon", "evening", "any")
MAX_HOURS_PER_WEEK = 60.0  # no single task or role is longer than a working week plus overtime
_TASK_LEVELS = (
    "stimulus_level", "structure_level", "supervision_offered", "time_pressure_level",
    "customer_contact_level", "physical_load", "skill_level",
)  # fmt: skip


class CarvingCandidate(CandidateProfile):
    """A candidate as the engine sees them, plus the days and hours per day they can work."""

    days_available: list[str]
    hours_per_day_max: int


class TaskSite(TypedDict):
    """One location of an employer and what is offered there around the tasks."""

    key: str
    employer_id: int
    lat: float
    lon: float
    sector: str
    place_type: str
    contract_type: str
    contract_months: int | None
    reachable_by_public_transport: bool
    transport_arranged: bool
    mentor_available: bool
    jobcoach_welcome: bool
    trained_colleague: bool
    instruments_accepted: list[str]
    min_loonwaarde_pct: float | None
    employer_willingness: int
    employer_experience: bool
    employer_contract_policy_max_months: int | None


class InventoryTask(TypedDict):
    """One task of an employer's inventory, described at task level."""

    id: int
    site: str
    name: str
    description: str
    hours_per_week: float
    days: list[str]  # empty: any day the holder works
    time_of_day: str
    stimulus_level: int
    structure_level: int
    supervision_offered: int
    time_pressure_level: int
    customer_contact_level: int
    physical_load: int
    skill_level: int
    required_certificate: str | None
    current_role: str  # who does it now ("" when nobody does: a staffing gap)


def check_task(task: Mapping[str, Any], sites: Mapping[str, Any]) -> None:
    """Validate one inventory task; the :class:`ProfileError` names the offending field.

    Parameters
    ----------
    task : InventoryTask
    sites : mapping of site key to TaskSite

    Raises
    ------
    ProfileError
    """
    where = f"task[{task.get('id')!r}]"
    missing = sorted(set(InventoryTask.__annotations__) - set(task))
    if missing:
        raise ProfileError(where, f"missing keys {missing}")
    hours = task["hours_per_week"]
    if isinstance(hours, bool) or not isinstance(hours, int | float):
        raise ProfileError(f"{where}.hours_per_week", "must be a number")
    if not 0 < hours <= MAX_HOURS_PER_WEEK:
        raise ProfileError(
            f"{where}.hours_per_week", f"must be more than 0 and at most {MAX_HOURS_PER_WEEK:g}"
        )
    bad_days = sorted(set(task["days"]) - set(WEEKDAYS))
    if bad_days:
        raise ProfileError(f"{where}.days", f"unknown days {bad_days}; allowed: {list(WEEKDAYS)}")
    if task["time_of_day"] not in TIMES_OF_DAY:
        raise ProfileError(f"{where}.time_of_day", f"one of {list(TIMES_OF_DAY)}")
    for key in _TASK_LEVELS:
        value = task[key]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ProfileError(f"{where}.{key}", f"must be an integer 1..5, got {value!r}")
    if task["site"] not in sites:
        raise ProfileError(f"{where}.site", f"unknown site {task['site']!r}")


def check_candidate_availability(candidate: Mapping[str, Any]) -> None:
    """Validate the carving-only keys of a candidate (the engine checks the rest)."""
    where = f"candidate[{candidate.get('id')!r}]"
    days = candidate.get("days_available")
    if not isinstance(days, list | tuple):
        raise ProfileError(f"{where}.days_available", "must be a list")
    bad = sorted(set(days) - set(WEEKDAYS))
    if bad:
        raise ProfileError(f"{where}.days_available", f"unknown days {bad}")
    per_day = candidate.get("hours_per_day_max")
    if isinstance(per_day, bool) or not isinstance(per_day, int) or not 1 <= per_day <= 24:
        raise ProfileError(f"{where}.hours_per_day_max", "must be an integer 1..24")


def check_inventory(tasks: Sequence[Mapping[str, Any]], sites: Mapping[str, Any]) -> None:
    """Validate every task; task ids must be unique."""
    ids = [t.get("id") for t in tasks]
    if len(set(ids)) != len(ids):
        raise ProfileError("tasks", "task ids must be unique")
    for task in tasks:
        check_task(task, sites)
