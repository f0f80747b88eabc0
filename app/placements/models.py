"""Placements (one match on its way to and through a job) and their after-care follow-ups.

Vocabulary values are stored as plain strings; ``app/placements/vocab.py`` validates them.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, text
from sqlmodel import Field, SQLModel

from app.core.timeutil import utcnow

_NOT_ENDED = text("state <> 'ended'")


class Placement(SQLModel, table=True):
    # At most one placement per candidate and workplace that has not ended, even when two
    # requests open one at the same moment (the service checks first for a clear message).
    __table_args__ = (
        Index(
            "uq_placement_open_pair",
            "candidate_id",
            "workplace_id",
            unique=True,
            sqlite_where=_NOT_ENDED,
            postgresql_where=_NOT_ENDED,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    workplace_id: int = Field(foreign_key="workplace.id", index=True)
    employer_id: int = Field(index=True)
    # No FK: proposals belong to app/matches and may be pruned independently.
    proposal_id: int | None = None
    jobhunter_id: int | None = Field(default=None, index=True)
    state: str = Field(max_length=20, index=True)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    consent_recorded_on: date | None = None
    consent_note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    guardian_consent: bool = False
    introduced_on: date | None = None
    proef_start: date | None = None
    proef_planned_end: date | None = None

    contract_type: str | None = Field(default=None, max_length=12)
    hours_per_week: int | None = None
    start_date: date | None = None
    end_date: date | None = None  # None: open-ended contract
    loonwaarde_pct: float | None = None
    # A jobcoach supports on the work floor: plans the half-yearly jobcoach reports.
    with_jobcoach: bool = False
    # A move from work to work: the placement this one continues (issue 16).
    previous_placement_id: int | None = Field(default=None, index=True)

    ended_on: date | None = None
    outcome: str | None = Field(default=None, max_length=30)
    dropout_reason: str | None = Field(default=None, max_length=40)
    outcome_note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class FollowUp(SQLModel, table=True):
    """One after-care contact, outcome check or contract-end alert, and what it found."""

    __tablename__ = "follow_up"

    id: int | None = Field(default=None, primary_key=True)
    placement_id: int = Field(foreign_key="placement.id", index=True, ondelete="CASCADE")
    candidate_id: int = Field(index=True)
    jobhunter_id: int | None = Field(default=None, index=True)
    kind: str = Field(max_length=30)
    month: int | None = None  # months after the start, for periodic contacts and reports
    with_whom: str = Field(max_length=10)
    due_on: date = Field(index=True)
    status: str = Field(default="open", max_length=10, index=True)
    done_at: datetime | None = None
    done_by: int | None = None
    signals: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    warnings: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    still_in_work: bool | None = None
    same_job: bool | None = None


class PlacementContract(SQLModel, table=True):
    """One contract period of a placement, kept when a renewal replaces it (history)."""

    __tablename__ = "placement_contract"

    id: int | None = Field(default=None, primary_key=True)
    placement_id: int = Field(foreign_key="placement.id", index=True, ondelete="CASCADE")
    contract_type: str | None = Field(default=None, max_length=12)
    hours_per_week: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    replaced_on: date
    replaced_by: int | None = None
    recorded_at: datetime = Field(default_factory=utcnow)
