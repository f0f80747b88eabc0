"""Fairness and exposure report: per group, suppressed counts, shares and ratios."""

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class ReportScope(BaseModel):
    """Which candidates and which period a report covers."""

    municipality: str | None = Field(description="Candidates living here; empty: everyone.")
    since: date | None = Field(description="Activity (runs, suggestions, placements) from.")
    until: date | None = Field(description="… up to and including this day.")


class GroupRowOut(BaseModel):
    """One group; every count under 10 is null (suppressed), and so is what it would show."""

    dimension: str = Field(description="age_band, school_type, regime, municipality, kenmerk:…")
    group: str
    counts: dict[str, int | None]
    shares: dict[str, float | None] = Field(description="Against the group's candidates.")
    ratios: dict[str, float | None] = Field(description="Group share ÷ region share.")


class NeverProposedReason(BaseModel):
    """How many candidates were never proposed for this reason."""

    reason: str
    count: int | None = Field(description="Null when under 10.")


class NeverProposedCandidate(BaseModel):
    """Available for matching, yet in no run's proposals: someone to look at by hand."""

    candidate_id: int
    pseudonym: str
    municipality: str
    age_band: str
    times_suggested: int


class NeverProposed(BaseModel):
    """Who is never proposed in a run, and why."""

    reasons: list[NeverProposedReason]
    attention_total: int
    attention: list[NeverProposedCandidate] = Field(description="At most 50, longest waiting.")


class FairnessReportPublic(BaseModel):
    """Who the system serves, per group: suggested, proposed, accepted, placed, still working."""

    generated_on: date
    scope: ReportScope
    min_cell: int
    hard_to_place_min_proposals: int = Field(description="The region policy's exposure floor.")
    region: GroupRowOut
    rows: list[GroupRowOut]
    never_proposed: NeverProposed


class CharacteristicsIn(BaseModel):
    """Characteristics for equality monitoring; only names the region records, only with
    the candidate's consent for this purpose. Never used for matching."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"characteristics": {"migratieachtergrond": "ja"}}]},
    )
    characteristics: dict[
        Annotated[str, StringConstraints(min_length=1, max_length=40)],
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)],
    ] = Field(max_length=10)


class CharacteristicsPublic(BaseModel):
    """Characteristics recorded for equality monitoring of one candidate."""

    candidate_id: int
    characteristics: dict[str, str]
