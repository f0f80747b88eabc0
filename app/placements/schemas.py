"""Request and response schemas for placements, transitions and after-care follow-ups.

A transition body is one flat object (``to``, ``version`` and the fields of that step); the
service validates the fields against the step's own schema below, so errors name the field.
"""

from datetime import date, datetime
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, create_model, field_validator

from app.core.schemas import LongText
from app.core.timeutil import today
from app.core.vocab import ContractType
from app.placements.schedule import PROEF_MAX_MONTHS, add_months
from app.placements.vocab import (
    DropoutReason,
    FollowUpKind,
    FollowUpStatus,
    Outcome,
    PlacementState,
    WithWhom,
)

_STEP = ConfigDict(extra="forbid")


def _not_future(value: date) -> date:
    if value > today():
        raise ValueError("cannot be in the future")
    return value


class ConsentStep(BaseModel):
    """→ consent_recorded: the young person agreed to be introduced to this employer."""

    model_config = _STEP
    consent_recorded_on: date = Field(description="When consent was given.")
    consent_note: LongText = Field(default="", description="How and for what it was given.")
    guardian_consent: bool = Field(
        default=False, description="A guardian also consented; required under 18 (AVG)."
    )
    _day = field_validator("consent_recorded_on")(_not_future)


class IntroductionStep(BaseModel):
    """→ introduced: the personal introduction (kennismaking) with the employer took place."""

    model_config = _STEP
    introduced_on: date
    _day = field_validator("introduced_on")(_not_future)


class ProefplaatsingStep(BaseModel):
    """→ proefplaatsing: an unpaid trial placement of at most six months."""

    model_config = _STEP
    proef_start: date
    proef_planned_end: date = Field(description=f"At most {PROEF_MAX_MONTHS} months after start.")

    @field_validator("proef_planned_end")
    @classmethod
    def _period(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("proef_start")
        if start is None:
            return value
        if value <= start:
            raise ValueError("must be after proef_start")
        if value > add_months(start, PROEF_MAX_MONTHS):
            raise ValueError(f"a proefplaatsing lasts at most {PROEF_MAX_MONTHS} months")
        return value


class PlacedStep(BaseModel):
    """→ placed: the contract or agreement; entering this state schedules the after-care."""

    model_config = _STEP
    contract_type: ContractType
    hours_per_week: int = Field(ge=1, le=60)
    start_date: date
    end_date: date | None = Field(default=None, description="Empty for an open-ended contract.")
    loonwaarde_pct: float = Field(ge=0, le=100, description="Loonwaarde, % of WML, 0–100.")
    with_jobcoach: bool = Field(
        default=False, description="A jobcoach supports on the work floor: plans their reports."
    )

    @field_validator("end_date")
    @classmethod
    def _period(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start_date")
        if value is not None and start is not None and value <= start:
            raise ValueError("must be after start_date")
        return value


class RenewalStep(BaseModel):
    """placed → placed: the contract is renewed; the end date moves, the alert re-arms."""

    model_config = _STEP
    renewed_on: date = Field(description="When the renewal was agreed.")
    end_date: date | None = Field(description="The new end date; empty: now open-ended.")
    contract_type: ContractType | None = Field(default=None, description="If it changes.")
    hours_per_week: int | None = Field(default=None, ge=1, le=60, description="If it changes.")
    with_jobcoach: bool | None = Field(default=None, description="If it changes.")
    _day = field_validator("renewed_on")(_not_future)


class EndStep(BaseModel):
    """→ ended: how it ended; a dropout needs a reason from the taxonomy."""

    model_config = _STEP
    ended_on: date
    outcome: Outcome
    dropout_reason: DropoutReason | None = Field(
        default=None, validate_default=True, description="Required for, and only for, dropout."
    )
    outcome_note: LongText = ""
    _day = field_validator("ended_on")(_not_future)

    @field_validator("dropout_reason")
    @classmethod
    def _reason(cls, value: DropoutReason | None, info: ValidationInfo) -> DropoutReason | None:
        outcome = info.data.get("outcome")
        if outcome == Outcome.dropout and value is None:
            raise ValueError("required when the outcome is dropout")
        if outcome not in (None, Outcome.dropout) and value is not None:
            raise ValueError("only for outcome dropout")
        return value


STEPS: dict[PlacementState, type[BaseModel]] = {
    PlacementState.consent_recorded: ConsentStep,
    PlacementState.introduced: IntroductionStep,
    PlacementState.proefplaatsing: ProefplaatsingStep,
    PlacementState.placed: PlacedStep,
    PlacementState.ended: EndStep,
}


def _step_fields() -> dict[str, Any]:
    fields: dict[str, Any] = {}
    steps: list[type[BaseModel]] = [RenewalStep, *STEPS.values()]  # later ones describe
    for step in steps:
        for name, info in step.model_fields.items():
            fields[name] = (
                Optional[info.annotation],  # noqa: UP045 - a runtime type expression
                Field(default=None, description=info.description),
            )
    return fields


_TRANSITION_EXAMPLES: list[dict[str, Any]] = [
    {
        "to": "placed",
        "version": 4,
        "contract_type": "temporary",
        "hours_per_week": 24,
        "start_date": "2026-01-05",
        "end_date": "2026-12-31",
        "loonwaarde_pct": 45,
    },
    {
        "to": "ended",
        "version": 5,
        "ended_on": "2026-06-30",
        "outcome": "dropout",
        "dropout_reason": "poor_fit_over_demand",
    },
]
TransitionIn: Any = create_model(
    "TransitionIn",
    __config__=ConfigDict(extra="forbid", json_schema_extra={"examples": [*_TRANSITION_EXAMPLES]}),
    __doc__="Move a placement to the next state; send only the fields of that step.",
    to=(PlacementState, Field(description="The next state.")),
    version=(int, Field(description="The version you last read; a stale one gives 409.")),
    **_step_fields(),
)


class MoveIn(BaseModel):
    """A move from work to work: this placement ends as ``moved_to_other_job`` and a new one
    starts, already placed, at the other workplace; the two stay linked."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "version": 6,
                    "workplace_id": 9,
                    "contract_type": "temporary",
                    "hours_per_week": 24,
                    "start_date": "2026-07-01",
                    "end_date": "2027-06-30",
                    "loonwaarde_pct": 50,
                }
            ]
        },
    )
    version: int = Field(description="The version of the placement you last read.")
    workplace_id: int = Field(description="The new workplace.")
    contract_type: ContractType
    hours_per_week: int = Field(ge=1, le=60)
    start_date: date = Field(
        description="First day in the new job; the old one ends the day before."
    )
    end_date: date | None = None
    loonwaarde_pct: float = Field(ge=0, le=100)
    with_jobcoach: bool = False
    note: LongText = ""

    @field_validator("end_date")
    @classmethod
    def _period(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start_date")
        if value is not None and start is not None and value <= start:
            raise ValueError("must be after start_date")
        return value


class ContractPeriodPublic(BaseModel):
    """An earlier contract period of this placement (replaced by a renewal)."""

    contract_type: ContractType | None
    hours_per_week: int | None
    start_date: date | None
    end_date: date | None
    replaced_on: date


class PlacementCreate(BaseModel):
    """Open a placement by hand, e.g. for a match a jobhunter found outside the engine."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"candidate_id": 12, "workplace_id": 7}]}
    )
    candidate_id: int
    workplace_id: int
    proposal_id: int | None = Field(default=None, description="The engine's proposal, if any.")


class PlacementPublic(BaseModel):
    """A placement with its pipeline state, the data of every step so far and its outcome."""

    id: int
    candidate_id: int
    workplace_id: int
    employer_id: int
    proposal_id: int | None
    jobhunter_id: int | None
    state: PlacementState
    allowed_next: list[PlacementState]
    version: int
    created_at: datetime
    updated_at: datetime
    consent_recorded_on: date | None
    consent_note: str
    guardian_consent: bool
    introduced_on: date | None
    proef_start: date | None
    proef_planned_end: date | None
    contract_type: ContractType | None
    hours_per_week: int | None
    start_date: date | None
    end_date: date | None
    loonwaarde_pct: float | None
    with_jobcoach: bool
    previous_placement_id: int | None = Field(description="The job this one continues.")
    contract_history: list[ContractPeriodPublic] = Field(
        description="Earlier contract periods, oldest first."
    )
    ended_on: date | None
    outcome: Outcome | None
    dropout_reason: DropoutReason | None
    outcome_note: str
    in_work_at_6_months: bool | None = Field(
        description="Still in work (this or another job) 6 months after start; null = unknown."
    )
    in_work_at_12_months: bool | None


class Signals(BaseModel):
    """Signals noticed since the previous check-in; more sick reports, lateness or not
    feeling valued are early warnings of dropout (DOMAIN §7)."""

    model_config = ConfigDict(extra="forbid")
    sick_reports: int | None = Field(default=None, ge=0, le=100)
    late_arrivals: int | None = Field(default=None, ge=0, le=100)
    satisfaction_candidate: int | None = Field(default=None, ge=1, le=5)
    satisfaction_employer: int | None = Field(default=None, ge=1, le=5)
    feels_valued: bool | None = None


class CheckInIn(BaseModel):
    """What a follow-up found; outcome checks (6 and 12 months) also say whether in work."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "signals": {"sick_reports": 2, "late_arrivals": 0, "feels_valued": False},
                    "note": "Voelt zich niet gezien door de nieuwe leidinggevende.",
                },
                {"still_in_work": True, "same_job": True},
            ]
        },
    )
    signals: Signals = Field(default_factory=Signals)
    note: LongText = ""
    still_in_work: bool | None = Field(default=None, description="Outcome checks only.")
    same_job: bool | None = Field(default=None, description="Outcome checks only.")


class EarlyWarning(BaseModel):
    """A signal that the placement may be at risk."""

    signal: str = Field(description="The signal that triggered it, e.g. `sick_reports`.")
    message: str


class FollowUpPublic(BaseModel):
    """A scheduled after-care contact and, once done, what it found."""

    id: int
    placement_id: int
    candidate_id: int
    jobhunter_id: int | None
    kind: FollowUpKind
    label: str = Field(description="What to do, in Dutch, for the screens.")
    month: int | None = Field(description="Months after the start (periodic kinds).")
    with_whom: WithWhom
    due_on: date
    status: FollowUpStatus
    done_at: datetime | None
    done_by: int | None
    signals: Signals
    warnings: list[EarlyWarning]
    note: str
    still_in_work: bool | None
    same_job: bool | None
