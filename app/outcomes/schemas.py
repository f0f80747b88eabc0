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


class RegionRowOut(BaseModel):
    """One group of placements that started in the period (counts under 10 are null)."""

    group: str
    label: str
    counts: dict[str, int | None]
    share_working_6m: float | None = Field(description="Still in work at 6 months, of known.")
    share_working_12m: float | None
    median_months: float | None = Field(
        description="Median months in work so far (ended or today); only for 10 or more."
    )


class RegionSectionOut(BaseModel):
    """One breakdown of the region report."""

    dimension: str = Field(description="month, place_type or instrument.")
    title: str
    rows: list[RegionRowOut]


class RegionReportPublic(BaseModel):
    """Placements per month, durations and still in work, by place type and instrument."""

    generated_on: date
    scope: ReportScope
    min_cell: int
    total: RegionRowOut
    sections: list[RegionSectionOut]
