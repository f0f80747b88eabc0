"""An employer's task inventory and the roles carved from it (job carving, IHW 2.0).

Inventory tasks exist without a workplace. A carved role is a proposal sent to the employer:
which tasks, for whom (an internal candidate id; the employer only ever sees a pseudonymous
summary, worked out when read), and — once the employer agrees — the latent workplace it
became. The tasks it was made of are kept as sent (``tasks_sent``), with where they came from
(``current_role``), so the workplace's provenance survives later edits to the inventory.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from app.core.timeutil import utcnow


class InventoryTask(SQLModel, table=True):
    __tablename__ = "inventory_task"

    id: int | None = Field(default=None, primary_key=True)
    employer_id: int = Field(foreign_key="employer.id", index=True, ondelete="CASCADE")
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    source: str = Field(max_length=10)  # "employer" (the form or an employer key) or "staff"

    name: str = Field(max_length=120)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    hours_per_week: float
    days: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    time_of_day: str = Field(max_length=10)
    site_name: str = Field(default="", max_length=80)
    postcode: str = Field(max_length=6)
    pc4: str = Field(max_length=4)
    stimulus_level: int
    structure_level: int
    supervision_offered: int
    time_pressure_level: int
    customer_contact_level: int
    physical_load: int
    skill_level: int
    required_certificate: str | None = Field(default=None, max_length=60)
    current_role: str = Field(default="", max_length=80)
    # Set when an agreed carved role took this task into a workplace: it is no longer free.
    carved_role_id: int | None = Field(
        default=None, foreign_key="carved_role.id", index=True, ondelete="SET NULL"
    )


class CarvedRole(SQLModel, table=True):
    __tablename__ = "carved_role"

    id: int | None = Field(default=None, primary_key=True)
    employer_id: int = Field(foreign_key="employer.id", index=True, ondelete="CASCADE")
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    created_by: int = Field(foreign_key="account.id")
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    status: str = Field(max_length=10, index=True)  # sent, agreed, declined
    title: str = Field(max_length=120)
    hours_per_week: float
    # Employer-side facts only: the tasks and terms as sent (no candidate data is stored here).
    tasks_sent: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    terms: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    workplace_id: int | None = Field(
        default=None, foreign_key="workplace.id", index=True, ondelete="SET NULL"
    )
    decided_at: datetime | None = None
    decided_by: int | None = Field(default=None, foreign_key="account.id")
    decision_note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
