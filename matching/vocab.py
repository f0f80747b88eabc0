"""The one vocabulary of profiles: allowed values, level columns and the words for each level.

Everything that names a value of a candidate or workplace profile lives here once: the engine
validates against these tuples, the app's API enums are these classes (``app/core/vocab.py``
re-exports them), the employer form asks its questions with :data:`SCALES` and explanations
describe a level with the same words, so "level 2" reads the same on the form and in a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Final


class TravelMode(StrEnum):
    """Ways a candidate can get to work."""

    walk = "walk"
    bicycle = "bicycle"
    ebike = "ebike"
    public_transport = "public_transport"
    car = "car"
    adapted_transport = "adapted_transport"


class NeedName(StrEnum):
    """Needs a candidate may mark as strict: over-demand becomes a hard limit; for
    ``challenge`` (wants to develop), work far below the candidate's skill level does."""

    # The order is part of the contract: bit i of a candidate's strict bits is member i.

    stimulus = "stimulus"
    structure = "structure"
    supervision = "supervision"
    time_pressure = "time_pressure"
    customer_contact = "customer_contact"
    challenge = "challenge"


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


class Regime(StrEnum):
    """Legal regime: Participatiewet (municipality) or Wajong (UWV); it decides who pays the
    wage gap (loonkostensubsidie or loondispensatie, DOMAIN §6)."""

    participatiewet = "participatiewet"
    wajong = "wajong"
    none = "none"


class Benefit(StrEnum):
    """Benefit received; `none` is a "nugger" (no benefit): an unpaid proefplaatsing means
    no income."""

    bijstand = "bijstand"
    ww = "ww"
    wajong = "wajong"
    none = "none"  # "nugger": no benefit


class Instrument(StrEnum):
    """Instruments an employer accepts."""

    loonkostensubsidie = "loonkostensubsidie"
    proefplaatsing = "proefplaatsing"
    jobcoach = "jobcoach"
    werkplekaanpassing = "werkplekaanpassing"


def _values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(str(member.value) for member in enum)


TRAVEL_MODES: Final = _values(TravelMode)
NEED_NAMES: Final = _values(NeedName)
SCHOOL_TYPES: Final = _values(SchoolType)
WORK_KINDS: Final = _values(WorkKind)
PLACE_TYPES: Final = _values(PlaceType)
CONTRACT_TYPES: Final = _values(ContractType)
INSTRUMENTS: Final = _values(Instrument)
REGIMES: Final = _values(Regime)
BENEFITS: Final = _values(Benefit)

# Level columns: factor -> profile key, in the column order of ``CandidateArrays.levels``.
CANDIDATE_LEVEL_KEYS: Final = MappingProxyType(
    {
        "stimulus": "stimulus_tolerance",
        "structure": "structure_need",
        "supervision": "supervision_need",
        "time_pressure": "time_pressure_tolerance",
        "customer_contact": "customer_contact_tolerance",
        "physical": "physical_capacity",
        "skill": "skill_level",
    }
)
LEVEL_COLUMN: Final = MappingProxyType({f: i for i, f in enumerate(CANDIDATE_LEVEL_KEYS)})
STRICT_BIT: Final = MappingProxyType({need: 1 << i for i, need in enumerate(NEED_NAMES)})
# The strict bits also carry the (not necessarily strict) wish for challenge, ``needs_challenge``
# ("wil zich ontwikkelen"): under-challenge in skill then costs as much as over-demand.
WANTS_CHALLENGE_BIT: Final = 1 << len(NEED_NAMES)
WORKPLACE_LEVEL_KEYS: Final = (
    "stimulus_level", "structure_offered", "supervision_offered", "time_pressure_level",
    "customer_contact_level", "physical_demand", "employer_willingness",
)  # fmt: skip
TASK_LEVEL_KEYS: Final = ("stimulus_level", "structure_level", "physical_load", "skill_level")


@dataclass(frozen=True)
class Scale:
    """A 1..5 workplace scale as the employer form asks it.

    ``answers`` are the form's options for levels 1..5; ``words`` their short form (the part
    before a colon), which explanations use to name a level.
    """

    question: str
    answers: tuple[str, str, str, str, str]
    words: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", tuple(a.split(":")[0] for a in self.answers))

    def word(self, level: int) -> str:
        """The form's short word for ``level`` (1..5)."""
        return self.words[level - 1]


SCALES: Final = MappingProxyType(
    {
        "stimulus": Scale(
            "Hoe druk is het op deze werkplek?",
            (
                "Heel rustig: weinig geluid, weinig mensen",
                "Rustig: soms wat geluid of drukte",
                "Gemiddeld: geluid en mensen om u heen",
                "Druk: veel geluid, veel mensen, vaak onderbrekingen",
                "Heel druk: de hele dag lawaai en drukte",
            ),
        ),
        "structure": Scale(
            "Hoe vast is het werk?",
            (
                "Elke dag anders, veel verrassingen",
                "Vaak anders",
                "Deels vast, deels anders",
                "Meestal dezelfde taken en tijden",
                "Altijd dezelfde taken, vaste tijden, vooraf bekend",
            ),
        ),
        "supervision": Scale(
            "Hoeveel begeleiding is er op de werkvloer?",
            (
                "De medewerker werkt alleen",
                "Er is iemand te bellen als het nodig is",
                "Een collega kijkt een paar keer per dag mee",
                "Een vaste collega is vaak in de buurt",
                "Er is altijd een begeleider dichtbij",
            ),
        ),
        "time_pressure": Scale(
            "Hoeveel tijdsdruk is er?",
            (
                "Geen: het werk is klaar als het klaar is",
                "Weinig: af en toe een deadline",
                "Gemiddeld: er zijn afspraken over hoeveel werk af moet",
                "Veel: vaak haast",
                "Heel veel: een strakke norm per uur",
            ),
        ),
        "customer_contact": Scale(
            "Hoeveel contact met klanten is er?",
            (
                "Geen klanten",
                "Heel soms een klant",
                "Een paar keer per dag",
                "Vaak klanten",
                "De hele dag klanten",
            ),
        ),
        "physical": Scale(
            "Hoe zwaar is het werk voor het lichaam?",
            (
                "Licht: vooral zitten",
                "Vrij licht: staan en lopen",
                "Gemiddeld: staan, lopen, soms tillen",
                "Zwaar: veel tillen of bukken",
                "Heel zwaar: de hele dag zwaar werk",
            ),
        ),
        "skill": Scale(
            "Hoe moeilijk is het werk?",
            ("Heel eenvoudig", "Eenvoudig", "Gemiddeld", "Moeilijk", "Heel moeilijk"),
        ),
    }
)
