"""Controlled vocabularies shared by candidates, employers and the matching bridge.

Values are stable identifiers stored in the database and passed to ``matching/`` as-is.
"""

from enum import StrEnum


class SchoolType(StrEnum):
    """School type; pro = praktijkonderwijs, vso = voortgezet speciaal onderwijs (exit profile)."""

    pro = "pro"  # praktijkonderwijs
    vso_arbeid = "vso_arbeid"  # voortgezet speciaal onderwijs, exit profile arbeid
    vso_dagbesteding = "vso_dagbesteding"
    vso_vervolgonderwijs = "vso_vervolgonderwijs"
    vmbo = "vmbo"
    entree = "entree"
    mbo1 = "mbo1"
    mbo2 = "mbo2"
    mbo3 = "mbo3"
    mbo4 = "mbo4"
    havo_vwo = "havo_vwo"
    other = "other"


class MboRoute(StrEnum):
    """mbo learning route: bol (school-based) or bbl (work-based)."""

    bol = "bol"  # school-based
    bbl = "bbl"  # work-based (leerwerkplek)
    none = "none"


class Regime(StrEnum):
    """Legal regime: Participatiewet (municipality) or Wajong (UWV)."""

    participatiewet = "participatiewet"
    wajong = "wajong"
    none = "none"


class Benefit(StrEnum):
    """Benefit received; `none` is a "nugger" (no benefit)."""

    bijstand = "bijstand"
    ww = "ww"
    wajong = "wajong"
    none = "none"  # "nugger": no benefit


class Readiness(StrEnum):
    """Readiness for work; `ready` means bemiddelbaar."""

    not_ready = "not_ready"
    preparing = "preparing"
    ready = "ready"  # bemiddelbaar
    placed = "placed"


class TravelMode(StrEnum):
    """Ways a candidate can get to work."""

    walk = "walk"
    bicycle = "bicycle"
    ebike = "ebike"
    public_transport = "public_transport"
    car = "car"
    adapted_transport = "adapted_transport"


class NeedName(StrEnum):
    """Environment needs a candidate may mark as strict (over-demand becomes a hard limit)."""

    stimulus = "stimulus"
    structure = "structure"
    supervision = "supervision"
    time_pressure = "time_pressure"
    customer_contact = "customer_contact"


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


class WorkKind(StrEnum):
    """Open (advertised) or latent (needed but never advertised)."""

    open = "open"  # advertised vacancy
    latent = "latent"  # work the employer needs done but has not advertised


class PlaceType(StrEnum):
    """Kind of place, which decides the instruments and legal status."""

    regular = "regular"
    lks = "lks"  # job with loonkostensubsidie
    beschut = "beschut"
    participatieplek = "participatieplek"
    werkervaringsplek = "werkervaringsplek"
    leerwerkplek = "leerwerkplek"  # incl. bbl
    stage = "stage"
    proefplaatsing = "proefplaatsing"


class ContractType(StrEnum):
    """Contract offered."""

    permanent = "permanent"
    temporary = "temporary"
    agency = "agency"
    none = "none"  # e.g. stage or participatieplek


class Instrument(StrEnum):
    """Instruments an employer accepts."""

    loonkostensubsidie = "loonkostensubsidie"
    proefplaatsing = "proefplaatsing"
    jobcoach = "jobcoach"
    werkplekaanpassing = "werkplekaanpassing"


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
