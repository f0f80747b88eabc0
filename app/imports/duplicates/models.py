"""The review queue of possible duplicates: one row per pair of candidate records, ever.

A pair is stored once (``candidate_low_id`` < ``candidate_high_id``, unique), whatever
happens to it: ``open`` waits for staff, ``merged`` and ``kept_apart`` are decisions, and a
pair that is decided is never flagged again (decision 175).
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.timeutil import utcnow


class DuplicatePair(SQLModel, table=True):
    __tablename__ = "duplicate_pair"
    __table_args__ = (
        UniqueConstraint("candidate_low_id", "candidate_high_id"),
        CheckConstraint("candidate_low_id < candidate_high_id", name="ck_duplicate_pair_order"),
    )

    id: int | None = Field(default=None, primary_key=True)
    candidate_low_id: int = Field(foreign_key="candidate.id", index=True)
    candidate_high_id: int = Field(foreign_key="candidate.id", index=True)
    status: str = Field(default="open", max_length=12, index=True)
    name_score: float
    date_match: str = Field(max_length=12)  # exact, swapped, one_digit, same_bsn
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    decided_at: datetime | None = None
    decided_by: int | None = None
    survivor_id: int | None = None
