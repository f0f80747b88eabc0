"""Accounts (people or systems) and their API keys. Keys are stored only as SHA-256 hashes."""

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from app.core.timeutil import utcnow


class Account(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    role: str = Field(max_length=20, index=True)
    # Only for role=employer: the organisation this account acts for.
    employer_id: int | None = Field(default=None, foreign_key="employer.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    # Need-to-know for jobhunters (set by admins, docs/decisions/040): besides their own
    # caseload they see the identity of the candidates of their team's jobhunters and of the
    # candidates living in these municipalities.
    team: str | None = Field(default=None, max_length=80, index=True)
    municipalities: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )


class ApiKey(SQLModel, table=True):
    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    # The public part of the key, used to find the row without scanning hashes.
    prefix: str = Field(max_length=16, unique=True)
    key_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    # Set on rotation: the old key keeps working until then (a grace period), then 401.
    expires_at: datetime | None = None
    replaced_by_id: int | None = Field(default=None, foreign_key="api_key.id")
    # "secret" (server to server) or "publishable" (the widget key in a public page: valid on
    # the widget endpoints from its registered origins only, cannot rotate or revoke).
    kind: str = Field(
        default="secret", max_length=12, sa_column_kwargs={"server_default": "secret"}
    )
