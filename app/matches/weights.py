"""Named weight profiles. Weights are data: built-in defaults, and versions an admin approved.

:func:`active_profile` reads the approved version of a name from the database (match runs use
it, and record its version). :func:`weight_profile` answers the same for the suggestion
endpoints without a query per request: each process re-reads it at most every
``PASSEND_WEIGHTS_REFRESH_SECONDS`` (decision 162).
"""

import threading
import time
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.core.config import get_settings
from app.core.db import get_engine
from app.core.errors import Invalid
from app.learning.models import WeightProfileVersion
from matching import DEFAULT_WEIGHTS, WeightProfile

PROFILES: dict[str, WeightProfile] = {DEFAULT_WEIGHTS.name: DEFAULT_WEIGHTS}
APPROVED = "approved"


@dataclass(frozen=True)
class _Known:
    profile: WeightProfile
    version: int
    read_at: float


_KNOWN: dict[str, _Known] = {}
_LOCK = threading.Lock()


def builtin(name: str, field: str = "weight_profile") -> WeightProfile:
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise Invalid(
            f"Unknown weight profile '{name}'.", fields={field: f"use one of: {known}"}
        ) from None


def active_profile(session: Session, name: str) -> tuple[WeightProfile, int]:
    """The approved version of ``name`` and its number, else the built-in profile (0)."""
    base = builtin(name)
    row = session.exec(
        select(WeightProfileVersion)
        .where(WeightProfileVersion.name == name, WeightProfileVersion.status == APPROVED)
        .order_by(col(WeightProfileVersion.decided_at).desc(), col(WeightProfileVersion.id).desc())
    ).first()
    profile, version = (base, 0) if row is None else (_profile(base.name, row.weights), row.version)
    with _LOCK:
        _KNOWN[name] = _Known(profile, version, time.monotonic())
    return profile, version


def weight_profile(name: str, field: str = "weight_profile") -> WeightProfile:
    """The active profile of ``name``, re-read from the database at most every few seconds."""
    builtin(name, field)
    known = _KNOWN.get(name)
    max_age = get_settings().weights_refresh_seconds
    if known is not None and time.monotonic() - known.read_at < max_age:
        return known.profile
    with Session(get_engine()) as session:
        return active_profile(session, name)[0]


def _profile(name: str, weights: dict[str, float]) -> WeightProfile:
    return WeightProfile(name=name, weights=weights)
