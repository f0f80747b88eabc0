"""Consent per candidate and purpose (DOMAIN §8). A row is given once and may be withdrawn;
it is never edited otherwise, so the table is also the history of what was agreed when."""

from datetime import date, datetime

from sqlalchemy import Column, Index, Text, text
from sqlmodel import Field, SQLModel

from app.core.timeutil import utcnow

_WITHDRAWN = text("withdrawn_on IS NOT NULL")


class Consent(SQLModel, table=True):
    # Every suggestion asks which consents were withdrawn since its snapshot was read
    # (app/matches/refresher.overlay): a partial index keeps that a lookup of the few
    # withdrawn rows, also after an import touched every consent of the region.
    __table_args__ = (
        Index(
            "ix_consent_withdrawn_updated_at",
            "updated_at",
            sqlite_where=_WITHDRAWN,
            postgresql_where=_WITHDRAWN,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True, ondelete="CASCADE")
    purpose: str = Field(max_length=30, index=True)
    # Only for (and always for) introduce_employer: the one employer identity may reach.
    employer_id: int | None = Field(
        default=None, foreign_key="employer.id", index=True, ondelete="CASCADE"
    )
    given_on: date
    recorded_by: int
    guardian_consent: bool = False
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    withdrawn_on: date | None = None
    withdrawn_by: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    # Set on give and on withdrawal: the suggestion cache's fingerprint reads max(updated_at).
    updated_at: datetime = Field(default_factory=utcnow, index=True)
