"""Request and response schemas for employers, workplace profiles and tasks."""

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from app.core.geo import normalise_postcode
from app.core.schemas import Hours, LongText, Name, Scale, ShortTags, ShortText, partial_model
from app.core.vocab import (
    ContractType,
    Instrument,
    Motive,
    PlaceType,
    SizeClass,
    WorkKind,
    WorkplaceStatus,
)

Email = Annotated[str, Field(max_length=200, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]


def _postcode(value: str) -> str:
    return normalise_postcode(value)


class EmployerFields(BaseModel):
    """An employer (werkgever) as the WSP knows it."""

    name: Name
    kvk_number: str = Field(description="Chamber of Commerce number: 8 digits.")
    sector: ShortText = Field(description="Sector in plain Dutch, e.g. groenvoorziening, horeca.")
    sbi_code: str = Field(pattern=r"^[0-9]{2,5}$", description="SBI activity code, 2–5 digits.")
    size_class: SizeClass = Field(description="micro 1–9, small 10–49, medium 50–249, large 250+.")
    postcode: str = Field(description="PC4 or PC6 of the main location.")
    municipality: Name
    account_manager_id: int | None = Field(default=None, description="WSP account manager.")
    contact_name: Annotated[str, Field(max_length=120)] = ""
    contact_email: Email | None = None
    contact_phone: Annotated[str, Field(pattern=r"^[0-9+() -]{6,30}$")] | None = None
    willingness: Scale = Field(description="Aannamebereidheid: willingness to hire, 1–5.")
    experience_with_target_group: bool = False
    motive: Motive = Field(description="intrinsic, mixed or mainly financial.")
    inclusive_network: bool = False
    sbb_recognised: bool = Field(default=False, description="Needed for stage and bbl places.")
    contract_policy_max_months: int | None = Field(
        default=None, ge=1, le=120, description="Never longer than N months (a risk when short)."
    )

    @field_validator("kvk_number")
    @classmethod
    def _kvk(cls, value: str) -> str:
        digits = value.strip().replace(" ", "")
        if len(digits) != 8 or not digits.isdigit() or digits == "00000000":
            raise ValueError("a KvK number has exactly 8 digits")
        return digits

    _pc = field_validator("postcode")(_postcode)


_EMPLOYER_EXAMPLE: dict[str, Any] = {
    "name": "Hoveniersbedrijf De Groene Vinger",
    "kvk_number": "27123456",
    "sector": "groenvoorziening",
    "sbi_code": "8130",
    "size_class": "small",
    "postcode": "2616 LS",
    "municipality": "Delft",
    "willingness": 4,
    "experience_with_target_group": True,
    "motive": "intrinsic",
    "contract_policy_max_months": 24,
}


class EmployerCreate(EmployerFields):
    """A new employer."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_EMPLOYER_EXAMPLE]})


EmployerUpdate = partial_model(
    EmployerFields, "EmployerUpdate", examples=[{"willingness": 5, "version": 1}]
)


class EmployerPublic(EmployerFields):
    """An employer as stored."""

    model_config = ConfigDict(json_schema_extra={"examples": [_EMPLOYER_EXAMPLE]})
    id: int
    version: int
    pc4: str
    created_at: datetime
    updated_at: datetime


class TaskIn(BaseModel):
    """A task at task level, with what it asks of a person (1–5 scales)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Blad ruimen",
                    "hours_per_week": 8,
                    "stimulus_level": 1,
                    "structure_level": 4,
                    "physical_load": 3,
                    "skill_level": 1,
                }
            ]
        }
    )
    name: Name
    description: LongText = ""
    hours_per_week: float = Field(gt=0, le=60)
    stimulus_level: Scale = Field(description="How busy/noisy: 1 calm … 5 very busy.")
    structure_level: Scale = Field(description="How fixed: 1 varies daily … 5 always the same.")
    physical_load: Scale = Field(description="1 light … 5 heavy.")
    skill_level: Scale = Field(description="1 simple, repetitive … 5 complex.")
    required_certificate: ShortText | None = None


class TaskPublic(TaskIn):
    """A stored task of a workplace."""

    id: int
    workplace_id: int
    position: int


TaskUpdate = partial_model(TaskIn, "TaskUpdate", examples=[{"hours_per_week": 6}])


class WorkplaceFields(BaseModel):
    """A workplace profile (werkplekprofiel): open or latent work, down to task level."""

    title: Name
    description: LongText = ""
    sector: ShortText | None = Field(default=None, description="Defaults to the employer's.")
    kind: WorkKind = Field(description="open (advertised) or latent (not advertised).")
    is_carved: bool = Field(default=False, description="Created by job carving.")
    place_type: PlaceType
    capacity: int = Field(ge=1, le=100, description="Number of places.")
    available_from: date | None = Field(
        default=None, description="First day a person can start; empty: now. Suggested from then."
    )
    hours_per_week_min: Hours
    hours_per_week_max: Hours
    hours_per_day_max: int = Field(ge=1, le=12)
    schedule_predictable: bool = True
    schedule_notice_days: int = Field(default=7, ge=0, le=90)
    contract_type: ContractType
    contract_months: int | None = Field(default=None, ge=1, le=120, description="None = open.")
    agency_clause: bool = Field(default=False, description="Uitzendbeding.")
    postcode: str = Field(description="PC4 or PC6 of the workplace.")
    reachable_by_public_transport: bool = True
    transport_arranged: bool = False
    remote_possible: bool = False
    stimulus_level: Scale = Field(description="Hoe druk is het? 1 rustig … 5 heel druk.")
    structure_offered: Scale = Field(description="1 every day different … 5 fixed tasks/times.")
    supervision_offered: Scale = Field(description="1 works alone … 5 a mentor always close.")
    time_pressure_level: Scale = Field(description="1 no deadlines … 5 strict production norm.")
    customer_contact_level: Scale = Field(description="1 none … 5 all day.")
    physical_demand: Scale = Field(description="1 light … 5 heavy.")
    team_size: int = Field(ge=1, le=5000)
    mentor_available: bool = False
    jobcoach_welcome: bool = False
    trained_colleague: bool = False
    instruments_accepted: list[Instrument] = Field(default=[], max_length=4)
    development_opportunities: bool = False
    required_certificates: ShortTags = []
    requires_driving_licence: bool = False
    requires_startkwalificatie: bool = False
    min_loonwaarde_pct: float | None = Field(default=None, ge=0, le=100)
    tasks: list[TaskIn] = Field(default=[], max_length=40)

    _pc = field_validator("postcode")(_postcode)

    @field_validator("hours_per_week_max")
    @classmethod
    def _hours_order(cls, value: int, info: ValidationInfo) -> int:
        low = info.data.get("hours_per_week_min")
        if low is not None and value < low:
            raise ValueError(f"must be at least hours_per_week_min ({low})")
        return value

    @field_validator("contract_months")
    @classmethod
    def _months_for_temporary(cls, value: int | None, info: ValidationInfo) -> int | None:
        kind = info.data.get("contract_type")
        if value is None and kind in (ContractType.temporary, ContractType.agency):
            raise ValueError("give the contract length in months for a temporary contract")
        return value


_WORKPLACE_EXAMPLE: dict[str, Any] = {
    "employer_id": 1,
    "title": "Medewerker groenonderhoud",
    "kind": "latent",
    "is_carved": True,
    "place_type": "lks",
    "capacity": 2,
    "hours_per_week_min": 16,
    "hours_per_week_max": 28,
    "hours_per_day_max": 7,
    "contract_type": "temporary",
    "contract_months": 12,
    "postcode": "2616",
    "stimulus_level": 2,
    "structure_offered": 4,
    "supervision_offered": 4,
    "time_pressure_level": 2,
    "customer_contact_level": 1,
    "physical_demand": 3,
    "team_size": 6,
    "mentor_available": True,
    "jobcoach_welcome": True,
    "instruments_accepted": ["loonkostensubsidie", "proefplaatsing", "jobcoach"],
    "tasks": [
        {
            "name": "Blad ruimen",
            "hours_per_week": 8,
            "stimulus_level": 1,
            "structure_level": 4,
            "physical_load": 3,
            "skill_level": 1,
        },
        {
            "name": "Plantsoen schoffelen",
            "hours_per_week": 10,
            "stimulus_level": 1,
            "structure_level": 4,
            "physical_load": 3,
            "skill_level": 2,
        },
    ],
}


class WorkplaceCreate(WorkplaceFields):
    """A new workplace profile with its tasks."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_WORKPLACE_EXAMPLE]})
    employer_id: int = Field(description="For employer keys: must be the own organisation.")
    status: WorkplaceStatus | None = Field(
        default=None,
        description="Staff may set it; employer submissions always start as to_verify.",
    )


WorkplaceUpdate = partial_model(
    WorkplaceFields,
    "WorkplaceUpdate",
    examples=[{"capacity": 3, "version": 2}],
    exclude=frozenset({"tasks"}),
)


class WorkplacePublic(WorkplaceFields):
    """A workplace profile as stored, with its tasks and verification state."""

    model_config = ConfigDict(json_schema_extra={"examples": [_WORKPLACE_EXAMPLE]})
    id: int
    employer_id: int
    employer_name: str
    version: int
    status: WorkplaceStatus
    sector: str
    pc4: str
    tasks: list[TaskPublic]  # type: ignore[assignment]
    verified_by: int | None
    verified_at: datetime | None
    confirmed_on: date = Field(description="Last confirmed as still there (an edit counts).")
    expires_on: date = Field(description="Leaves suggestions and runs after this day.")
    created_at: datetime
    updated_at: datetime


class WorkplaceStatusIn(BaseModel):
    """Change a workplace's status, e.g. approve an employer submission (to_verify → active)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "active"}]})
    status: WorkplaceStatus
