"""Input contract of the engine: plain dicts for candidates and workplaces, plus the policy.

The app's bridge module and the seed generator build exactly these dicts. Candidates carry
functional needs only, never diagnoses (DOMAIN.md §4). ``check_candidate`` and
``check_workplace`` reject malformed input with a :class:`ProfileError` naming the field, so a
caller can answer with a clear message instead of a crash deep inside numpy.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal, TypedDict

TRAVEL_MODES = ("walk", "bicycle", "ebike", "public_transport", "car", "adapted_transport")
NEED_NAMES = ("stimulus", "structure", "supervision", "time_pressure", "customer_contact")
SCHOOL_TYPES = (
    "pro", "vso_arbeid", "vso_dagbesteding", "vso_vervolgonderwijs", "vmbo", "entree",
    "mbo1", "mbo2", "mbo3", "mbo4", "havo_vwo", "other",
)  # fmt: skip
PLACE_TYPES = (
    "regular", "lks", "beschut", "participatieplek", "werkervaringsplek", "leerwerkplek",
    "stage", "proefplaatsing",
)  # fmt: skip
CONTRACT_TYPES = ("permanent", "temporary", "agency", "none")
INSTRUMENTS = ("loonkostensubsidie", "proefplaatsing", "jobcoach", "werkplekaanpassing")

_CANDIDATE_LEVELS = (
    "stimulus_tolerance", "structure_need", "supervision_need", "time_pressure_tolerance",
    "customer_contact_tolerance", "physical_capacity", "skill_level",
)  # fmt: skip
_WORKPLACE_LEVELS = (
    "stimulus_level", "structure_offered", "supervision_offered", "time_pressure_level",
    "customer_contact_level", "physical_demand", "employer_willingness",
)  # fmt: skip
_TASK_LEVELS = ("stimulus_level", "structure_level", "physical_load", "skill_level")


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
    strict_needs: list[str]
    interests: list[str]
    preferred_sectors: list[str]
    preferred_tasks: list[str]
    certificates: list[str]
    school_type: str
    startkwalificatie: bool
    loonwaarde_pct: float | None
    internship_employer_ids: list[int]


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


def _level(profile: Mapping[str, Any], key: str, where: str) -> None:
    value = profile.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ProfileError(f"{where}.{key}", f"must be an integer 1..5, got {value!r}")


def _subset(profile: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str) -> None:
    values = profile.get(key)
    if not isinstance(values, list | tuple):
        raise ProfileError(f"{where}.{key}", "must be a list")
    bad = sorted({str(v) for v in values} - set(allowed))
    if bad:
        raise ProfileError(f"{where}.{key}", f"unknown values {bad}; allowed: {list(allowed)}")


def _hours(profile: Mapping[str, Any], where: str) -> None:
    low, high = profile.get("hours_per_week_min"), profile.get("hours_per_week_max")
    if not isinstance(low, int | float) or not isinstance(high, int | float):
        raise ProfileError(f"{where}.hours_per_week_min", "hours must be numbers")
    if low < 0 or high < low or high > 80:
        raise ProfileError(f"{where}.hours_per_week_min", f"invalid hour range {low}..{high}")


def _coordinates(profile: Mapping[str, Any], where: str) -> None:
    for key in ("lat", "lon"):
        value = profile.get(key)
        if not isinstance(value, int | float) or not math.isfinite(value):
            raise ProfileError(f"{where}.{key}", f"must be a finite number, got {value!r}")


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
    where = f"candidate[{profile.get('id')!r}]"
    missing = sorted(set(CandidateProfile.__annotations__) - set(profile))
    if missing:
        raise ProfileError(where, f"missing keys {missing}")
    _coordinates(profile, where)
    _hours(profile, where)
    for key in _CANDIDATE_LEVELS:
        _level(profile, key, where)
    _subset(profile, "travel_modes", TRAVEL_MODES, where)
    _subset(profile, "strict_needs", NEED_NAMES, where)
    if profile["school_type"] not in SCHOOL_TYPES:
        raise ProfileError(
            f"{where}.school_type", f"unknown school type {profile['school_type']!r}"
        )
    if profile["max_travel_minutes"] < 0:
        raise ProfileError(f"{where}.max_travel_minutes", "must be zero or more")
    loonwaarde = profile["loonwaarde_pct"]
    if loonwaarde is not None and not 0 <= loonwaarde <= 200:
        raise ProfileError(f"{where}.loonwaarde_pct", f"must be 0..200, got {loonwaarde!r}")


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
    where = f"workplace[{profile.get('id')!r}]"
    missing = sorted(set(WorkplaceProfile.__annotations__) - set(profile))
    if missing:
        raise ProfileError(where, f"missing keys {missing}")
    _coordinates(profile, where)
    _hours(profile, where)
    for key in _WORKPLACE_LEVELS:
        _level(profile, key, where)
    _subset(profile, "instruments_accepted", INSTRUMENTS, where)
    if profile["kind"] not in ("open", "latent"):
        raise ProfileError(f"{where}.kind", f"must be 'open' or 'latent', got {profile['kind']!r}")
    if profile["place_type"] not in PLACE_TYPES:
        raise ProfileError(f"{where}.place_type", f"unknown place type {profile['place_type']!r}")
    if profile["contract_type"] not in CONTRACT_TYPES:
        raise ProfileError(f"{where}.contract_type", f"unknown {profile['contract_type']!r}")
    if not isinstance(profile["capacity"], int) or profile["capacity"] < 1:
        raise ProfileError(f"{where}.capacity", "must be an integer of at least 1")
    for position, task in enumerate(profile["tasks"]):
        for key in _TASK_LEVELS:
            _level(task, key, f"{where}.tasks[{position}]")
        if task.get("hours_per_week", 0) < 0:
            raise ProfileError(f"{where}.tasks[{position}].hours_per_week", "must be >= 0")
