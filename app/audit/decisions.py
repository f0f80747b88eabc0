"""Decision log: every review, transition and check-in — who, when, what and why.

Queryable per candidate and per workplace. Rows are only ever inserted.
"""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, Column
from sqlmodel import Field, Session, SQLModel, col, select

from app.core.security import Principal
from app.core.timeutil import utcnow


class Decision(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int = Field(index=True)
    actor_role: str = Field(max_length=20)
    action: str = Field(max_length=60)
    candidate_id: int | None = Field(default=None, index=True)
    workplace_id: int | None = Field(default=None, index=True)
    proposal_id: int | None = None
    placement_id: int | None = Field(default=None, index=True)
    reason: str | None = Field(default=None, max_length=60)
    note: str = Field(default="", max_length=2000)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class DecisionPublic(BaseModel):
    """One logged decision."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    at: datetime
    actor_id: int
    actor_role: str
    action: str
    candidate_id: int | None
    workplace_id: int | None
    proposal_id: int | None
    placement_id: int | None
    reason: str | None
    note: str
    detail: dict[str, Any]


def record(
    session: Session,
    actor: Principal,
    action: str,
    *,
    candidate_id: int | None = None,
    workplace_id: int | None = None,
    proposal_id: int | None = None,
    placement_id: int | None = None,
    reason: str | None = None,
    note: str = "",
    detail: dict[str, Any] | None = None,
) -> Decision:
    decision = Decision(
        actor_id=actor.account_id,
        actor_role=actor.role,
        action=action,
        candidate_id=candidate_id,
        workplace_id=workplace_id,
        proposal_id=proposal_id,
        placement_id=placement_id,
        reason=reason,
        note=note,
        detail=detail or {},
    )
    session.add(decision)
    session.flush()
    return decision


def list_decisions(
    session: Session,
    *,
    candidate_id: int | None = None,
    workplace_id: int | None = None,
    placement_id: int | None = None,
    limit: int = 200,
) -> list[Decision]:
    statement = select(Decision)
    if candidate_id is not None:
        statement = statement.where(Decision.candidate_id == candidate_id)
    if workplace_id is not None:
        statement = statement.where(Decision.workplace_id == workplace_id)
    if placement_id is not None:
        statement = statement.where(Decision.placement_id == placement_id)
    return list(session.exec(statement.order_by(col(Decision.id)).limit(limit)).all())
