"""Match runs (jobs with an audit record), their proposals, and pinned/forbidden pairs."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.timeutil import utcnow


class MatchRun(SQLModel, table=True):
    """A region-wide assignment job. Queued by the API, executed by a worker."""

    __tablename__ = "match_run"
    __table_args__ = (UniqueConstraint("created_by", "idempotency_key"),)

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    created_by: int = Field(index=True)
    idempotency_key: str | None = Field(default=None, max_length=100)
    request_hash: str = Field(max_length=64)
    status: str = Field(default="queued", max_length=12, index=True)
    progress_pct: int = 0
    attempts: int = 0
    worker_id: str | None = Field(default=None, max_length=80)
    job_id: int | None = Field(default=None, sa_type=BigInteger)  # Procrastinate's job (PostgreSQL)
    heartbeat_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    parameters: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # Country-wide runs (docs/decisions/186): the parent records its children; a child names
    # its labour-market region, or CROSS_BORDER for the pass after the regional children.
    parent_id: int | None = Field(default=None, foreign_key="match_run.id", index=True)
    region: str | None = Field(default=None, max_length=80)
    # audit record
    engine_version: str | None = Field(default=None, max_length=20)
    weights: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    input_hash: str | None = Field(default=None, max_length=64)
    n_candidates: int | None = None
    n_workplaces: int | None = None
    solver_status: str | None = Field(default=None, max_length=30)
    method: str | None = Field(default=None, max_length=30)
    objective: float | None = None
    n_proposals: int | None = None
    timings_ms: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class Proposal(SQLModel, table=True):
    """One proposed pair. A jobhunter accepts or rejects it; the software never decides."""

    __table_args__ = (UniqueConstraint("run_id", "candidate_id", "workplace_id"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="match_run.id", index=True, ondelete="CASCADE")
    candidate_id: int = Field(foreign_key="candidate.id", index=True, ondelete="CASCADE")
    workplace_id: int = Field(foreign_key="workplace.id", index=True, ondelete="CASCADE")
    employer_id: int
    rank: int = 0
    score: float
    pinned: bool = False
    explanation: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    alternatives: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    status: str = Field(default="proposed", max_length=12, index=True)
    version: int = 1
    reviewed_by: int | None = None
    reviewed_at: datetime | None = None
    reason: str | None = Field(default=None, max_length=40)
    note: str = Field(default="", max_length=2000)
    placement_id: int | None = None


class PairRule(SQLModel, table=True):
    """A jobhunter's standing decision about one pair: always propose (pin) or never (forbid)."""

    __tablename__ = "pair_rule"
    __table_args__ = (UniqueConstraint("candidate_id", "workplace_id"),)

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True, ondelete="CASCADE")
    workplace_id: int = Field(foreign_key="workplace.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=8)
    note: str = Field(default="", max_length=2000)
    created_by: int
    created_at: datetime = Field(default_factory=utcnow)
