"""Access log: every read of identifiable candidate data, who, when, which candidate, why."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.core.timeutil import utcnow


class AccessLog(SQLModel, table=True):
    __tablename__ = "access_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    account_id: int = Field(index=True)
    role: str = Field(max_length=20)
    candidate_id: int = Field(index=True)
    purpose: str = Field(max_length=40)
    action: str = Field(max_length=80)
