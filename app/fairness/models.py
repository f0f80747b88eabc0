"""Exposure counts (how often each candidate was suggested) and monitoring characteristics.

Exposure is kept as one row per candidate per day with a counter, never a row per request:
the suggestion service counts in memory and a background flush adds the counts (decision 163).

Monitoring characteristics are recorded only where the region does so with the candidate's
consent for this purpose (``equality_monitoring``); they feed the fairness report as groups
and are never read by matching (decision 164).
"""

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from app.core.timeutil import utcnow


class ExposureCount(SQLModel, table=True):
    __tablename__ = "exposure_count"

    candidate_id: int = Field(primary_key=True)
    day: date = Field(primary_key=True, index=True)
    times_suggested: int = 0


class CandidateCharacteristic(SQLModel, table=True):
    """A protected characteristic for equality monitoring only; never a matching feature."""

    __tablename__ = "candidate_characteristic"

    candidate_id: int = Field(foreign_key="candidate.id", primary_key=True, ondelete="CASCADE")
    name: str = Field(primary_key=True, max_length=40)
    value: str = Field(max_length=80)
    recorded_at: datetime = Field(default_factory=utcnow)
