"""Input contract of the engine: plain dicts for candidates and workplaces, plus the policy.

The app's bridge module and the seed generator build exactly these dicts. Candidates carry
functional needs only, never diagnoses (DOMAIN.md §4). ``check_candidate`` and
``check_workplace`` reject malformed input with a :class:`ProfileError` naming the field, so a
caller can answer with a clear message instead of a crash deep inside numpy.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, Literal, NoReturn, TypedDict

from matching.vocab import (
    BENEFITS,
    CANDIDATE_LEVEL_KEYS,
    CONTRACT_TYPES,
    INSTRUMENTS,
    NEED_NAMES,
    PLACE_TYPES,
    REGIMES,
    SCHOOL_TYPES,
    TASK_LEVEL_KEYS,
    TRAVEL_MODES,
    WORK_KINDS,
    WORKPLACE_LEVEL_KEYS,
)

# The allowed values are defined once, in matching/vocab.py; re-exported for older imports.
__all__ = [
    "BENEFITS",
    "CONTRACT_TYPES",
    "DEFAULT_POLICY",
    "INSTRUMENTS",
    "NEED_NAMES",
    "PLACE_TYPES",
    "REGIMES",
    "SCHOOL_TYPES",
    "TRAVEL_MODES",
    "CandidateProfile",
    "Policy",
    "ProfileError",
    "TaskProfile",
    "WorkplaceProfile",
    "check_candidate",
    "check_workplace",
]


class CandidateProfile(TypedDict):
    """Functional profile of a young person; every level is 1..5 on the workplace's scale."""

    id: int
    lat: float
    lon: float
    hours_per_week_min: int
    hours_per_week_max: int
    needs_gradual_buildup: bool
    travel_modes: list[str]
    travels_independently_pt: bool
    has_driving_licence: bool
    max_travel_minutes: int
    stimulus_tolerance: int
    structure_need: int
    supervision_need: int
    time_pressure_tolerance: int
    customer_contact_tolerance: int
    physical_capacity: int
    skill_level: int
    needs_challenge: bool
    strict_needs: list[str]
    interests: list[str]
    preferred_sectors: list[str]
    preferred_tasks: list[str]
    certificates: list[str]
    school_type: str
    startkwalificatie: bool
    loonwaarde_pct: float | None
    internship_employer_ids: list[int]
    regime: str
    benefit: str
    doelgroepregister: bool
    beschut_indication: bool


class TaskProfile(TypedDict):
    """One task of a workplace, described at task level (DOMAIN.md §5)."""

    name: str
    description: str
    hours_per_week: float
    stimulus_level: int
    structure_level: int
    physical_load: int
    skill_level: int
    required_certificate: str | None


class WorkplaceProfile(TypedDict):
    """A workplace profile (werkplekprofiel): an open or latent vacancy with its tasks."""

    id: int
    employer_id: int
    lat: float
    lon: float
    title: str
    description: str
    sector: str
    kind: Literal["open", "latent"]
    is_carved: bool
    place_type: str
    capacity: int
    hours_per_week_min: int
    hours_per_week_max: int
    contract_type: Literal["permanent", "temporary", "agency", "none"]
    contract_months: int | None
    agency_clause: bool
    transport_arranged: bool
    reachable_by_public_transport: bool
    stimulus_level: int
    structure_offered: int
    supervision_offered: int
    time_pressure_level: int
    customer_contact_level: int
    physical_demand: int
    mentor_available: bool
    jobcoach_welcome: bool
    trained_colleague: bool
    instruments_accepted: list[str]
    required_certificates: list[str]
    requires_driving_licence: bool
    requires_startkwalificatie: bool
    min_loonwaarde_pct: float | None
    tasks: list[TaskProfile]
    employer_willingness: int
    employer_experience: bool
    employer_contract_policy_max_months: int | None


@dataclass(frozen=True)
class Policy:
    """Municipal rules for instruments (DOMAIN.md §6); configuration, never code.

    ``buildup_margin_hours_per_week`` is the engine's own rule for *ingroeien*: a candidate who
    needs a gradual build-up may match a workplace whose minimum hours lie at most this many
    hours above the candidate's maximum.
    """

    jobcoach_min_contract_months: int = 6
    jobcoach_min_hours_per_week: float = 12
    jobcoach_min_hours_per_week_with_growth: float = 8
    jobcoach_min_loonwaarde_pct: float = 35
    jobcoach_min_loonwaarde_pct_exception: float = 20
    lks_min_loonwaarde_pct: float | None = None
    proefplaatsing_max_months: int = 6
    contract_end_alert_months: int = 2
    buildup_margin_hours_per_week: float = 8
    # Forfaitaire LKS (praktijkroute): while the loonwaarde is not measured yet, a fixed share
    # of the WML for at most the first months. ``forfaitaire_lks_offered`` False: not here.
    forfaitaire_lks_offered: bool = True
    forfaitaire_lks_pct_wml: float = 50
    forfaitaire_lks_max_months: int = 6
    # Nieuw beschut werk: not every municipality offers it (DOMAIN §6).
    beschut_werk_offered: bool = True
    # After-care cadence (DOMAIN §7; issue 16). Contacts every ``aftercare_interval_months``
    # while the job lasts, up to ``aftercare_horizon_months`` after the start; a jobcoach
    # reports every ``jobcoach_report_months``; a proefplaatsing gets an alert this many days
    # before its planned end.
    aftercare_interval_months: int = 3
    aftercare_horizon_months: int = 36
    jobcoach_report_months: int = 6
    proef_end_alert_days: int = 14
    # Exposure floor for hard-to-place people: every candidate gets at least this many
    # proposals in a run where anything feasible exists (``min_proposals_per_candidate``).
    hard_to_place_min_proposals: int = 1
    # Protected characteristics the region records for equality monitoring (with consent),
    # e.g. ("migratieachtergrond",); empty: none. Never read by matching.
    monitoring_characteristics: tuple[str, ...] = ()
    # Freshness (issue 14, docs/decisions/143): a workplace whose employer (or account manager)
    # has not confirmed it for this many days is expired and leaves suggestions and runs until
    # it is confirmed again. A reminder with a one-click confirm link is due this many days
    # before it expires (``python -m app.cli confirm-reminders``).
    workplace_confirmation_max_days: int = 180
    workplace_confirm_reminder_days: int = 14
    # Which weight profile suggestions and runs of this region use (``matching.weights``).
    weight_profile: str = "default"
    # Segmentation by loonwaarde (DOMAIN §6): band edges in % WML, e.g. (30, 80) gives
    # 0–30 / 30–80 / ≥ 80; empty: this municipality does not segment.
    loonwaarde_segment_bands: tuple[float, ...] = (30.0, 80.0)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Policy:
        """Build a policy from a mapping, rejecting unknown keys.

        Parameters
        ----------
        values : Mapping[str, Any]
            Field name to value; missing fields keep their default.

        Returns
        -------
        Policy
        """
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ProfileError("policy", f"unknown policy fields: {', '.join(unknown)}")
        return cls(**dict(values))


DEFAULT_POLICY = Policy()


class ProfileError(ValueError):
    """A profile does not follow the input contract; ``field`` names the offending key."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


# Validation: one set of rules per profile. A rule returns None when the profile passes and
# (key, message) when it does not; messages are only built on failure, so checking the whole
# input of a region (tens of thousands of profiles) stays cheap.
Problem = tuple[str, str] | None


def _is_number(value: Any) -> bool:
    kind = type(value)
    return kind is int or kind is float or (isinstance(value, (int, float)) and kind is not bool)


def _is_level(value: Any) -> bool:
    kind = type(value)
    if kind is not int and (kind is bool or not isinstance(value, int)):
        return False
    return bool(1 <= value <= 5)


def _levels(profile: Mapping[str, Any], keys: Sequence[str]) -> Problem:
    for key in keys:
        value = profile.get(key)
        if not _is_level(value):
            return key, f"must be an integer 1..5, got {value!r}"
    return None


def _subset(profile: Mapping[str, Any], key: str, allowed: tuple[str, ...]) -> Problem:
    values = profile.get(key)
    if not isinstance(values, (list, tuple)):
        return key, "must be a list"
    for value in values:
        if not isinstance(value, str) or value not in allowed:
            break
    else:
        return None
    bad = sorted({str(v) for v in values} - set(allowed))
    return key, f"unknown values {bad}; allowed: {list(allowed)}"


def _one_of(profile: Mapping[str, Any], key: str, allowed: tuple[str, ...], what: str) -> Problem:
    value = profile.get(key)
    if isinstance(value, str) and value in allowed:
        return None
    return key, f"unknown {what} {value!r}; allowed: {list(allowed)}"


def _common(profile: Mapping[str, Any], keys: frozenset[str]) -> Problem:
    if not keys.issubset(profile):
        return "", f"missing keys {sorted(keys - set(profile))}"
    for key in ("lat", "lon"):
        value = profile[key]
        if not _is_number(value) or not math.isfinite(value):
            return key, f"must be a finite number, got {value!r}"
    low, high = profile["hours_per_week_min"], profile["hours_per_week_max"]
    if not (_is_number(low) and _is_number(high) and math.isfinite(low) and math.isfinite(high)):
        return "hours_per_week_min", "hours must be finite numbers"
    if low < 0 or high < low or high > 80:
        return "hours_per_week_min", f"invalid hour range {low}..{high}"
    return None


_CANDIDATE_KEYS = frozenset(CandidateProfile.__annotations__)
_WORKPLACE_KEYS = frozenset(WorkplaceProfile.__annotations__)
_CANDIDATE_LEVELS = tuple(CANDIDATE_LEVEL_KEYS.values())


def _candidate_problem(profile: Mapping[str, Any]) -> Problem:
    problem = (
        _common(profile, _CANDIDATE_KEYS)
        or _levels(profile, _CANDIDATE_LEVELS)
        or _subset(profile, "travel_modes", TRAVEL_MODES)
        or _subset(profile, "strict_needs", NEED_NAMES)
        or _one_of(profile, "school_type", SCHOOL_TYPES, "school type")
        or _one_of(profile, "regime", REGIMES, "regime")
        or _one_of(profile, "benefit", BENEFITS, "benefit")
    )
    if problem:
        return problem
    minutes = profile["max_travel_minutes"]
    if not _is_number(minutes) or not math.isfinite(minutes) or minutes < 0:
        return "max_travel_minutes", "must be zero or more"
    loonwaarde = profile["loonwaarde_pct"]
    if loonwaarde is not None and not (_is_number(loonwaarde) and 0 <= loonwaarde <= 200):
        return "loonwaarde_pct", f"must be 0..200, got {loonwaarde!r}"
    return None


def _workplace_problem(profile: Mapping[str, Any]) -> Problem:
    problem = (
        _common(profile, _WORKPLACE_KEYS)
        or _levels(profile, WORKPLACE_LEVEL_KEYS)
        or _subset(profile, "instruments_accepted", INSTRUMENTS)
        or _one_of(profile, "kind", WORK_KINDS, "kind")
        or _one_of(profile, "place_type", PLACE_TYPES, "place type")
        or _one_of(profile, "contract_type", CONTRACT_TYPES, "contract type")
    )
    if problem:
        return problem
    capacity = profile["capacity"]
    if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
        return "capacity", "must be an integer of at least 1"
    tasks = profile["tasks"]
    if not isinstance(tasks, list | tuple):
        return "tasks", "must be a list"
    for position, task in enumerate(tasks):
        if not isinstance(task, Mapping):
            return f"tasks[{position}]", "must be an object"
        problem = _levels(task, TASK_LEVEL_KEYS)
        if problem:
            return f"tasks[{position}].{problem[0]}", problem[1]
        hours = task.get("hours_per_week", 0)
        if not _is_number(hours) or not math.isfinite(hours) or hours < 0:
            return f"tasks[{position}].hours_per_week", "must be a finite number >= 0"
    return None


def _raise(kind: str, profile: Mapping[str, Any], problem: tuple[str, str]) -> NoReturn:
    where = f"{kind}[{profile.get('id')!r}]"
    key, message = problem
    raise ProfileError(f"{where}.{key}" if key else where, message)


def check_candidate(profile: Mapping[str, Any]) -> None:
    """Validate one candidate profile against the input contract.

    Parameters
    ----------
    profile : Mapping[str, Any]
        A :class:`CandidateProfile` dict.

    Raises
    ------
    ProfileError
        When a key is missing or a value is out of range.
    """
    problem = _candidate_problem(profile)
    if problem:
        _raise("candidate", profile, problem)


def check_workplace(profile: Mapping[str, Any]) -> None:
    """Validate one workplace profile against the input contract.

    Parameters
    ----------
    profile : Mapping[str, Any]
        A :class:`WorkplaceProfile` dict.

    Raises
    ------
    ProfileError
        When a key is missing or a value is out of range.
    """
    problem = _workplace_problem(profile)
    if problem:
        _raise("workplace", profile, problem)
