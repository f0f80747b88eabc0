"""Outcomes per municipality and period: still in work at 6 and 12 months, and dropout."""

from datetime import date

from pydantic import BaseModel, Field

from app.fairness.schemas import ReportScope


class OutcomeRowOut(BaseModel):
    """Placements that started in the period; every count under 10 is null (suppressed)."""

    municipality: str = Field(description="The candidate's municipality, or 'totaal'.")
    counts: dict[str, int | None]
    shares: dict[str, float | None]


class DropoutReasonOut(BaseModel):
    """How many placements ended in dropout for this reason (null under 10)."""

    reason: str
    label: str
    count: int | None


class OutcomesReportPublic(BaseModel):
    """Did the jobs last? Per municipality, with the dropout reasons."""

    generated_on: date
    scope: ReportScope
    min_cell: int
    total: OutcomeRowOut
    rows: list[OutcomeRowOut]
    dropout_reasons: list[DropoutReasonOut]
