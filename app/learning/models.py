"""Versions of weight profiles: learned proposals, and the ones a person approved."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.timeutil import utcnow


class WeightProfileVersion(SQLModel, table=True):
    """One version of a named weight profile. ``proposed`` until an admin approves or rejects
    it; the newest ``approved`` version of a name is what the next runs use."""

    __tablename__ = "weight_profile_version"
    __table_args__ = (UniqueConstraint("name", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=40, index=True)
    version: int
    status: str = Field(default="proposed", max_length=10, index=True)
    weights: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    based_on_version: int | None = None
    evidence: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    created_by: int | None = None
    decided_at: datetime | None = None
    decided_by: int | None = None
    decision_note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
