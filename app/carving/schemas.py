"""Request and response schemas for the task inventory, carving proposals and carved roles."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.core.geo import normalise_postcode
from app.core.schemas import LongText, Name, Scale, ShortText, partial_model
from app.core.vocab import Weekday
from app.matches.schemas import InstrumentOut


class TimeOfDay(StrEnum):
    """When in the day a task happens."""

    morning = "morning"
    afternoon = "afternoon"
    evening = "evening"
    any = "any"


_TASK_EXAMPLE: dict[str, Any] = {
    "name": "Postronde door het gebouw",
    "hours_per_week": 4,
    "days": ["mon", "wed"],
    "time_of_day": "morning",
    "postcode": "2611",
    "stimulus_level": 2,
    "structure_level": 5,
    "supervision_offered": 3,
    "time_pressure_level": 2,
    "customer_contact_level": 1,
    "physical_load": 2,
    "skill_level": 1,
    "current_role": "secretaresse",
}


class InventoryTaskIn(BaseModel):
    """A task from the employer's work, on the same 1–5 scales as a workplace."""

    model_config = ConfigDict(json_schema_extra={"examples": [_TASK_EXAMPLE]})
    name: Name
    description: LongText = ""
    hours_per_week: float = Field(gt=0, le=60, description="More than 0, at most 60.")
    days: list[Weekday] = Field(
        default=[], max_length=7, description="Days it happens; empty: any day."
    )
    time_of_day: TimeOfDay = TimeOfDay.any
    site_name: Annotated[str, Field(max_length=80)] = ""
    postcode: str = Field(description="PC4 or PC6 where the task is done.")
    stimulus_level: Scale = Field(description="How busy/noisy: 1 calm … 5 very busy.")
    structure_level: Scale = Field(description="How fixed: 1 varies daily … 5 always the same.")
    supervision_offered: Scale = Field(description="1 works alone … 5 a mentor always close.")
    time_pressure_level: Scale = Field(description="1 no deadlines … 5 strict production norm.")
    customer_contact_level: Scale = Field(description="1 none … 5 all day.")
    physical_load: Scale = Field(description="1 light … 5 heavy.")
    skill_level: Scale = Field(description="1 simple, repetitive … 5 complex.")
    required_certificate: ShortText | None = None
    current_role: Annotated[str, Field(max_length=80)] = Field(
        default="", description="Who does it now (a role, never a name); empty: nobody."
    )

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str) -> str:
        return normalise_postcode(value)

    @field_validator("days")
    @classmethod
    def _unique_days(cls, value: list[Weekday]) -> list[Weekday]:
        return sorted(set(value), key=list(Weekday).index)


InventoryTaskUpdate = partial_model(
    InventoryTaskIn, "InventoryTaskUpdate", examples=[{"hours_per_week": 3, "version": 1}]
)


class InventoryTaskPublic(InventoryTaskIn):
    """A stored inventory task."""

    id: int
    employer_id: int
    version: int
    source: str
    pc4: str
    carved_role_id: int | None = Field(description="Set once the task went into a workplace.")
    created_at: datetime
    updated_at: datetime


class CarveIn(BaseModel):
    """Ask for up to K roles carved from an employer's free inventory tasks."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"max_roles": 5}, {"max_roles": 3, "share_with": [7]}]}
    )
    max_roles: int = Field(default=5, ge=1, le=20, description="K: the most roles to propose.")
    share_with: list[int] = Field(
        default=[], max_length=10, description="Nearby employers whose tasks may join a role."
    )
    max_sites_per_role: int = Field(default=1, ge=1, le=3)
    candidate_ids: list[int] | None = Field(
        default=None, max_length=5000, description="Limit the pool (default: everyone suggestible)."
    )


class CandidateBrief(BaseModel):
    """A pseudonymous candidate summary; ``id`` only for staff."""

    pseudonym: str
    age_band: str
    hours_per_week_min: int
    hours_per_week_max: int
    id: int | None = None


class TaskRef(BaseModel):
    """An inventory task as part of a role or a matrix: what, how long, when, from whom."""

    id: int
    name: str
    hours_per_week: float
    days: list[str]
    current_role: str
    employer_id: int


class RoleOut(BaseModel):
    """One carved role: its tasks, its holder (pseudonymous) and why, in plain Dutch."""

    candidate: CandidateBrief
    tasks: list[TaskRef]
    hours_per_week: float
    fit: float = Field(description="Hours-weighted mean of the tasks' scores (0–1).")
    freed_hours_per_week: float
    summary: str
    task_lines: list[str]
    reasons_for: list[str]
    reasons_against: list[str]
    left_out: list[str]
    freed: list[str]
    instruments: list[InstrumentOut]


class CarvingOut(BaseModel):
    """Proposed roles for one employer, best fit first."""

    employer_id: int
    status: str = Field(description="OPTIMAL, FEASIBLE (reduced or time limit) or NO_ROLE.")
    placed: int
    freed_hours_per_week: float
    pool_size: int
    roles: list[RoleOut]
    notes: list[str]


class DropOut(BaseModel):
    """For one existing job of the employer: does it fit, or which tasks would have to go."""

    workplace_id: int
    title: str
    fits_as_is: bool
    possible: bool
    drop: list[str]
    hours_dropped: float
    score_after: float | None
    sentences: list[str]


class BundleOut(BaseModel):
    """The jobhunter's question for one candidate and one employer."""

    employer_id: int
    candidate_id: int
    status: str
    role: RoleOut | None
    why_no_role: list[str]
    existing_jobs: list[DropOut]


class FitCell(BaseModel):
    """One candidate × task pair: feasible or not (with reason codes), and the engine's score."""

    task_id: int
    feasible: bool
    score: float
    reasons: list[str] = Field(description="Reason codes when not feasible.")


class FitRow(BaseModel):
    """One candidate's fit with every task."""

    candidate: CandidateBrief
    cells: list[FitCell]


class FitMatrixOut(BaseModel):
    """Candidate × task fit: who could do which task, scored by the engine."""

    employer_id: int
    tasks: list[TaskRef]
    rows: list[FitRow]


class CarvedRoleIn(BaseModel):
    """Send a carved role to the employer."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"employer_id": 1, "candidate_id": 3, "task_ids": [4, 5, 6], "title": "Facilitair"}
            ]
        }
    )
    employer_id: int
    candidate_id: int
    task_ids: list[int] = Field(min_length=1, max_length=40)
    title: Name


class RoleDecision(StrEnum):
    """The employer's answer to a carved role."""

    agree = "agree"
    decline = "decline"


class DecisionIn(BaseModel):
    """The employer's answer (or staff recording it for them)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"decision": "agree"}]})
    decision: RoleDecision
    note: LongText = ""


class CarvedRolePublic(BaseModel):
    """A carved role as sent; employers see the candidate only as a pseudonymous summary."""

    id: int
    employer_id: int
    status: str
    title: str
    hours_per_week: float
    candidate: CandidateBrief | None = Field(description="None when no longer shareable.")
    role: RoleOut | None
    workplace_id: int | None
    decided_at: datetime | None
    decision_note: str
    created_at: datetime
    updated_at: datetime
