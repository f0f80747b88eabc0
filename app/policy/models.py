"""Stored policy: one row per version of one scope's overrides (never updated, only added)."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.timeutil import utcnow


class PolicyVersion(SQLModel, table=True):
    """The overrides of one scope (the region-wide default, a labour-market region or a
    municipality) as an admin set them: version n replaces version n-1 of that scope."""

    __tablename__ = "policy_version"
    __table_args__ = (UniqueConstraint("scope", "name", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=12, index=True)  # default | region | municipality
    name: str = Field(max_length=80, index=True)  # "default", a region or a municipality
    version: int
    values: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    reason: str = Field(sa_column=Column(Text, nullable=False))
    created_by: int
    created_at: datetime = Field(default_factory=utcnow)
