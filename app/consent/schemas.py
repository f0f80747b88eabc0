"""Request and response schemas for consent.

Glossary: *purpose* is what the young person agreed to (AVG purpose limitation); one consent
never covers another purpose.
"""

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from app.core.schemas import LongText
from app.core.timeutil import today


class ConsentPurpose(StrEnum):
    """What the candidate agreed to."""

    matching = "matching"  # suggestions and match runs may use the profile
    share_pseudonymous = "share_pseudonymous"  # employers / WSP front-ends see a pseudonym
    introduce_employer = "introduce_employer"  # identity may reach one named employer
    # Recorded characteristics may be counted in the fairness report, never matched on.
    equality_monitoring = "equality_monitoring"


def _not_future(value: date) -> date:
    if value > today():
        raise ValueError("cannot be in the future")
    return value


class ConsentIn(BaseModel):
    """Consent the candidate gave for one purpose."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"purpose": "matching", "given_on": "2026-11-02", "note": "Intakegesprek"},
                {"purpose": "introduce_employer", "employer_id": 7, "given_on": "2026-11-20"},
            ]
        },
    )
    purpose: ConsentPurpose
    employer_id: int | None = Field(
        default=None,
        validate_default=True,
        description="Required for, and only for, introduce_employer.",
    )
    given_on: date = Field(description="When the consent was given; not in the future.")
    guardian_consent: bool = Field(
        default=False, description="A guardian also consented; required under 18 (AVG)."
    )
    note: LongText = Field(default="", description="How it was given, e.g. signed form.")
    _day = field_validator("given_on")(_not_future)

    @field_validator("employer_id")
    @classmethod
    def _employer(cls, value: int | None, info: ValidationInfo) -> int | None:
        purpose = info.data.get("purpose")
        if purpose == ConsentPurpose.introduce_employer and value is None:
            raise ValueError("required for purpose introduce_employer")
        if purpose not in (None, ConsentPurpose.introduce_employer) and value is not None:
            raise ValueError("only for purpose introduce_employer")
        return value


class ConsentWithdraw(BaseModel):
    """Withdrawal takes effect at once; the note goes to the decision log."""

    model_config = ConfigDict(extra="forbid")
    note: LongText = Field(default="", description="How the withdrawal was made known.")


class ConsentPublic(BaseModel):
    """A recorded consent; active while ``withdrawn_on`` is empty."""

    id: int
    candidate_id: int
    purpose: ConsentPurpose
    employer_id: int | None
    given_on: date
    recorded_by: int
    guardian_consent: bool
    note: str
    withdrawn_on: date | None
    withdrawn_by: int | None
    active: bool
    created_at: datetime
    updated_at: datetime
