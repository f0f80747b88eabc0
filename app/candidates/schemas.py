"""Request and response schemas for candidates.

Three audiences: staff (``CandidatePublic``, identity + functional profile), WSP front-ends
(``CandidateFunctional``, pseudonymous) and the own jobhunter (``SensitivePublic``).
"""

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from app.consent.schemas import ConsentIn
from app.core.geo import normalise_postcode
from app.core.schemas import Hours, LongText, Name, Scale, ShortText, Tags, partial_model
from app.core.timeutil import today
from app.core.vocab import (
    Benefit,
    MboRoute,
    NeedName,
    Readiness,
    Regime,
    SchoolType,
    TravelMode,
    Weekday,
)


class Internship(BaseModel):
    """An earlier internship (stage); the same employer again is a strong signal."""

    organisation: Name
    employer_id: int | None = Field(default=None, description="Known employer, if registered.")
    year: int = Field(ge=1990, le=2100)
    outcome: Annotated[str, Field(max_length=200)] = ""


class LoonwaardeIn(BaseModel):
    """A loonwaarde measurement: wage value as % of the statutory minimum wage (WML)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "measured_on": "2026-03-01",
                    "loonwaarde_pct": 37,
                    "method": "Dariuz",
                    "source": "arbeidsdeskundige gemeente Delft",
                }
            ]
        }
    )
    measured_on: date
    loonwaarde_pct: float = Field(ge=0, le=100, description="% of WML, 0–100.")
    method: ShortText = Field(description="Measuring method, e.g. Dariuz, Ergatis, SCP.")
    source: Name = Field(description="Who measured it.")

    @field_validator("measured_on")
    @classmethod
    def _not_future(cls, value: date) -> date:
        if value > today():
            raise ValueError("cannot be in the future")
        return value


class LoonwaardePublic(LoonwaardeIn):
    """A stored loonwaarde measurement."""

    id: int


class CandidateFields(BaseModel):
    """Every non-sensitive candidate attribute (DOMAIN §4)."""

    # identity and contact
    first_name: Name
    last_name: Name
    date_of_birth: date = Field(description="Age bands 16–18–21–27 change the legal regime.")
    email: Annotated[str, Field(max_length=200, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = (
        None
    )
    phone: Annotated[str, Field(max_length=30, pattern=r"^[0-9+() -]{6,30}$")] | None = None
    postcode: str = Field(description="Home postcode, PC4 (2611) or PC6 (2611 AB).")
    municipality: Name = Field(description="Home municipality (gemeente).")
    # administrative status
    school_type: SchoolType
    mbo_route: MboRoute = MboRoute.none
    startkwalificatie: bool = False
    certificates: Tags = Field(default=[], description="e.g. VCA, HACCP, heftruck.")
    has_driving_licence: bool = False
    regime: Regime
    benefit: Benefit
    doelgroepregister: bool = False
    doelgroepregister_since: date | None = None
    beschut_indication: bool = Field(
        default=False,
        description="UWV indication for nieuw beschut werk; without it no beschut place is "
        "proposed.",
    )
    readiness: Readiness = Field(description="bemiddelbaar = `ready`.")
    readiness_confirmed_on: date = Field(description="When readiness was last confirmed.")
    # availability and mobility
    hours_per_week_min: Hours
    hours_per_week_max: Hours
    hours_per_day_max: int = Field(ge=1, le=12)
    days_available: list[Weekday] = Field(default=[], max_length=7)
    needs_gradual_buildup: bool = Field(default=False, description="Ingroeien: build up hours.")
    available_from: date | None = None
    travel_modes: list[TravelMode] = Field(min_length=1, max_length=6)
    travels_independently_pt: bool = Field(
        default=False, description="Can travel independently by public transport."
    )
    max_travel_minutes: int = Field(ge=5, le=180, description="One way, door to door.")
    cross_region_travel: bool = Field(
        default=False,
        description="Will travel to work in another labour-market region (within "
        "max_travel_minutes); a country-wide run only then proposes places across the border.",
    )
    # work-environment needs, same 1..5 scales as the workplace side
    stimulus_tolerance: Scale = Field(description="1 = needs a prikkelarm place, 5 = busy is fine.")
    structure_need: Scale = Field(description="5 = needs fixed tasks, schedule and instructions.")
    supervision_need: Scale = Field(description="5 = needs a mentor or jobcoach close by.")
    time_pressure_tolerance: Scale = Field(description="5 = production norms are fine.")
    customer_contact_tolerance: Scale = Field(description="5 = lots of customer contact is fine.")
    physical_capacity: Scale = Field(description="5 = heavy physical work is fine.")
    skill_level: Scale = Field(description="1 = simple repetitive tasks, 5 = complex, varied.")
    needs_challenge: bool = Field(
        default=False,
        description="Wants to develop (wil zich ontwikkelen): work far below skill_level costs "
        "as much as over-demand.",
    )
    strict_needs: list[NeedName] = Field(
        default=[],
        max_length=len(NeedName),
        description="Needs whose over-demand excludes a workplace; `challenge` excludes work "
        "more than one level below skill_level (and implies needs_challenge).",
    )
    # preferences and qualities
    interests: Tags = Field(default=[], description="e.g. groen, dieren, koken, techniek.")
    preferred_sectors: Tags = []
    preferred_tasks: Tags = []
    competences: Tags = Field(default=[], description="Employee skills, e.g. op tijd komen.")
    ambitions: LongText = ""
    internships: list[Internship] = Field(default=[], max_length=20)

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str) -> str:
        return normalise_postcode(value)

    @field_validator("date_of_birth")
    @classmethod
    def _plausible_birth(cls, value: date) -> date:
        age_years = (today() - value).days / 365.25
        if not 14 <= age_years <= 67:
            raise ValueError("age must be between 14 and 67 years")
        return value

    @field_validator("readiness_confirmed_on")
    @classmethod
    def _confirmed_not_future(cls, value: date) -> date:
        if value > today():
            raise ValueError("cannot be in the future")
        return value

    @field_validator("hours_per_week_max")
    @classmethod
    def _hours_order(cls, value: int, info: ValidationInfo) -> int:
        low = info.data.get("hours_per_week_min")
        if low is not None and value < low:
            raise ValueError(f"must be at least hours_per_week_min ({low})")
        return value


_CANDIDATE_EXAMPLE: dict[str, Any] = {
    "first_name": "Sanne",
    "last_name": "de Vries",
    "date_of_birth": "2006-05-14",
    "email": "sanne@example.nl",
    "postcode": "2611 AB",
    "municipality": "Delft",
    "school_type": "pro",
    "certificates": ["VCA"],
    "regime": "participatiewet",
    "benefit": "bijstand",
    "doelgroepregister": True,
    "readiness": "ready",
    "readiness_confirmed_on": "2026-11-01",
    "hours_per_week_min": 16,
    "hours_per_week_max": 24,
    "hours_per_day_max": 6,
    "days_available": ["mon", "tue", "wed", "thu"],
    "travel_modes": ["bicycle", "walk"],
    "max_travel_minutes": 30,
    "stimulus_tolerance": 2,
    "structure_need": 4,
    "supervision_need": 3,
    "time_pressure_tolerance": 2,
    "customer_contact_tolerance": 2,
    "physical_capacity": 4,
    "skill_level": 2,
    "strict_needs": ["stimulus"],
    "interests": ["groen", "dieren"],
    "internships": [{"organisation": "Hoveniersbedrijf Groen", "year": 2025}],
}


class CandidateCreate(CandidateFields):
    """A new candidate. The loonwaarde series may be given at once."""

    # An unknown field is refused, as on PATCH: silently dropping e.g. a diagnosis hides that
    # it was stored nowhere (sensitive data has its own record, PUT /candidates/{id}/sensitive).
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_CANDIDATE_EXAMPLE]})
    jobhunter_id: int | None = Field(
        default=None, description="Owning jobhunter account; defaults to the caller."
    )
    loonwaarde: list[LoonwaardeIn] = Field(default=[], max_length=50)
    consents: list[ConsentIn] = Field(
        default=[],
        max_length=20,
        description="Consents given at intake; recorded as if posted to /consents one by one.",
    )

    @field_validator("consents")
    @classmethod
    def _one_per_purpose(cls, value: list[ConsentIn]) -> list[ConsentIn]:
        keys = [(c.purpose, c.employer_id) for c in value]
        if len(set(keys)) != len(keys):
            raise ValueError("each purpose (and employer) at most once")
        return value


CandidateUpdate = partial_model(
    CandidateFields,
    "CandidateUpdate",
    examples=[{"readiness": "ready", "readiness_confirmed_on": "2026-11-20", "version": 1}],
)


class CandidatePublic(CandidateFields):
    """A candidate as staff see it: identity and functional profile, never sensitive data."""

    model_config = ConfigDict(json_schema_extra={"examples": [_CANDIDATE_EXAMPLE]})
    id: int
    pseudonym: str
    jobhunter_id: int | None
    version: int
    created_at: datetime
    updated_at: datetime
    pc4: str
    loonwaarde: list[LoonwaardePublic]
    loonwaarde_pct_latest: float | None


class CandidateFunctional(BaseModel):
    """Pseudonymous functional profile for WSP front-ends: no name, address, birth date."""

    id: int | None = Field(
        description="Internal id: only for staff who may see this candidate's identity."
    )
    pseudonym: str
    pc4: str
    age_band: str = Field(description="<18, 18-20, 21-26 or 27+ (legal regimes differ).")
    school_type: SchoolType
    startkwalificatie: bool
    certificates: list[str]
    readiness: Readiness
    hours_per_week_min: int
    hours_per_week_max: int
    travel_modes: list[TravelMode]
    max_travel_minutes: int
    stimulus_tolerance: int
    structure_need: int
    supervision_need: int
    time_pressure_tolerance: int
    customer_contact_tolerance: int
    physical_capacity: int
    skill_level: int
    needs_challenge: bool
    interests: list[str]
    preferred_sectors: list[str]


class SensitiveIn(BaseModel):
    """Special-category data. Never used for matching; visible to the own jobhunter only."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"diagnosis": "ASS", "notes": "Schulden in beeld."}]},
    )
    diagnosis: LongText = ""
    iq: int | None = Field(default=None, ge=30, le=160)
    medical_treatment: LongText = ""
    psychosocial_context: LongText = Field(default="", description="Debts, housing, family.")
    notes: LongText = ""


class SensitivePublic(SensitiveIn):
    """Stored sensitive data; returned only to the own jobhunter or an admin."""

    model_config = ConfigDict(extra="ignore")  # built from the stored row, which has more

    candidate_id: int
    updated_at: datetime
    updated_by: int | None
