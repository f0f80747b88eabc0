"""Fast yes-answers for profile validation, so ``build_index`` skips the full checks.

``candidate_ok`` / ``workplace_ok`` return True only when ``check_candidate`` /
``check_workplace`` would accept the profile (they test the same rules, more strictly typed and
without building error texts). Anything else — including a profile that makes them raise —
returns False, and the caller runs the full check, which raises the documented error. So the
outcome of validation never depends on this module.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from matching.profiles import (
    _CANDIDATE_LEVELS,
    _TASK_LEVELS,
    _WORKPLACE_LEVELS,
    CONTRACT_TYPES,
    INSTRUMENTS,
    NEED_NAMES,
    PLACE_TYPES,
    SCHOOL_TYPES,
    TRAVEL_MODES,
    CandidateProfile,
    WorkplaceProfile,
)

_CANDIDATE_KEYS = frozenset(CandidateProfile.__annotations__)
_WORKPLACE_KEYS = frozenset(WorkplaceProfile.__annotations__)
_MODES, _NEEDS, _INSTRUMENTS = (
    frozenset(TRAVEL_MODES),
    frozenset(NEED_NAMES),
    frozenset(INSTRUMENTS),
)


def _levels(profile: Mapping[str, Any], keys: tuple[str, ...]) -> bool:
    for key in keys:
        value = profile.get(key)
        if type(value) is not int or not 1 <= value <= 5:
            return False
    return True


def _common(profile: Mapping[str, Any], keys: frozenset[str]) -> bool:
    if not keys.issubset(profile):
        return False
    for key in ("lat", "lon"):
        value = profile[key]
        if type(value) not in (int, float) or not math.isfinite(value):
            return False
    low, high = profile["hours_per_week_min"], profile["hours_per_week_max"]
    if type(low) not in (int, float) or type(high) not in (int, float):
        return False
    return bool(0 <= low <= high <= 80)


def _strings_in(values: Any, allowed: frozenset[str]) -> bool:
    return type(values) in (list, tuple) and all(type(v) is str and v in allowed for v in values)


def candidate_ok(profile: Mapping[str, Any]) -> bool:
    """True when ``check_candidate(profile)`` certainly passes."""
    try:
        loonwaarde = profile.get("loonwaarde_pct")
        return (
            _common(profile, _CANDIDATE_KEYS)
            and _levels(profile, _CANDIDATE_LEVELS)
            and _strings_in(profile["travel_modes"], _MODES)
            and _strings_in(profile["strict_needs"], _NEEDS)
            and type(profile["school_type"]) is str
            and profile["school_type"] in SCHOOL_TYPES
            and type(profile["max_travel_minutes"]) in (int, float)
            and profile["max_travel_minutes"] >= 0
            and (
                loonwaarde is None or (type(loonwaarde) in (int, float) and 0 <= loonwaarde <= 200)
            )
        )
    except Exception:  # the full check reports it
        return False


def workplace_ok(profile: Mapping[str, Any]) -> bool:
    """True when ``check_workplace(profile)`` certainly passes."""
    try:
        if not (
            _common(profile, _WORKPLACE_KEYS)
            and _levels(profile, _WORKPLACE_LEVELS)
            and _strings_in(profile["instruments_accepted"], _INSTRUMENTS)
            and type(profile["kind"]) is str
            and profile["kind"] in ("open", "latent")
            and type(profile["place_type"]) is str
            and profile["place_type"] in PLACE_TYPES
            and type(profile["contract_type"]) is str
            and profile["contract_type"] in CONTRACT_TYPES
            and type(profile["capacity"]) is int
            and profile["capacity"] >= 1
            and type(profile["tasks"]) in (list, tuple)
        ):
            return False
        for task in profile["tasks"]:
            hours = task.get("hours_per_week", 0)
            if not _levels(task, _TASK_LEVELS) or type(hours) not in (int, float) or hours < 0:
                return False
        return True
    except Exception:  # the full check reports it
        return False
