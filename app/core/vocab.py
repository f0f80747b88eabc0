"""Controlled vocabularies shared by candidates, employers and the matching bridge.

Values are stable identifiers stored in the database and passed to ``matching/`` as-is. The
values a profile carries into the engine are defined once, in ``matching/vocab.py``; this module
re-exports them beside the app-only vocabularies.
"""

from enum import StrEnum

from matching.vocab import (
    Benefit,
    ContractType,
    Instrument,
    NeedName,
    PlaceType,
    Regime,
    SchoolType,
    TravelMode,
    WorkKind,
)

__all__ = [
    "Benefit",
    "ContractType",
    "Instrument",
    "MboRoute",
    "Motive",
    "NeedName",
    "PlaceType",
    "Readiness",
    "Regime",
    "Role",
    "SchoolType",
    "SizeClass",
    "TravelMode",
    "Weekday",
    "WorkKind",
    "WorkplaceStatus",
]


class MboRoute(StrEnum):
    """mbo learning route: bol (school-based) or bbl (work-based)."""

    bol = "bol"  # school-based
    bbl = "bbl"  # work-based (leerwerkplek)
    none = "none"


class Readiness(StrEnum):
    """Readiness for work; `ready` means bemiddelbaar."""

    not_ready = "not_ready"
    preparing = "preparing"
    ready = "ready"  # bemiddelbaar
    placed = "placed"


class Weekday(StrEnum):
    """Day of the week."""

    mon = "mon"
    tue = "tue"
    wed = "wed"
    thu = "thu"
    fri = "fri"
    sat = "sat"
    sun = "sun"


class SizeClass(StrEnum):
    """Employer size by employees."""

    micro = "micro"  # 1-9 employees
    small = "small"  # 10-49
    medium = "medium"  # 50-249
    large = "large"  # 250+


class Motive(StrEnum):
    """Why the employer hires from the target group."""

    intrinsic = "intrinsic"
    mixed = "mixed"
    financial = "financial"


class WorkplaceStatus(StrEnum):
    """to_verify (employer submission waiting for WSP), active (in matching) or closed."""

    to_verify = "to_verify"  # submitted by an employer, waiting for a WSP check
    active = "active"  # takes part in matching
    closed = "closed"


class Role(StrEnum):
    """Role of an API key."""

    admin = "admin"
    jobhunter = "jobhunter"
    employer = "employer"
    wsp_frontend = "wsp_frontend"
