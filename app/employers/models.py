"""Employers, their workplace profiles (werkplekprofielen) and the tasks inside them.

Tasks hang off a workplace today; the job-carving workbench will let an employer's task
inventory exist before tasks are bundled into a (carved) workplace, hence the own table.
"""

from datetime import date, datetime

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, Relationship, SQLModel

from app.core.timeutil import today, utcnow


class Employer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    name: str = Field(max_length=160, index=True)
    kvk_number: str = Field(max_length=8, unique=True)
    sector: str = Field(max_length=60, index=True)
    sbi_code: str = Field(max_length=5)
    size_class: str = Field(max_length=10)
    postcode: str = Field(max_length=6)
    pc4: str = Field(max_length=4, index=True)
    municipality: str = Field(max_length=80)
    # No FK: account.employer_id already points here and a cycle breaks table ordering;
    # the service checks that the id is a staff account.
    account_manager_id: int | None = Field(default=None, index=True)
    contact_name: str = Field(default="", max_length=120)
    contact_email: str | None = Field(default=None, max_length=200)
    contact_phone: str | None = Field(default=None, max_length=30)
    willingness: int  # aannamebereidheid 1..5
    experience_with_target_group: bool = False
    motive: str = Field(max_length=12)
    inclusive_network: bool = False
    sbb_recognised: bool = False
    contract_policy_max_months: int | None = None

    workplaces: list["Workplace"] = Relationship(back_populates="employer")


class Workplace(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    employer_id: int = Field(foreign_key="employer.id", index=True)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    status: str = Field(max_length=12, index=True)
    verified_by: int | None = Field(default=None, foreign_key="account.id")
    verified_at: datetime | None = None
    # Freshness (docs/decisions/143): the day the employer or an account manager last said the
    # place is still there (an edit counts too); older than the policy's limit = expired.
    confirmed_on: date = Field(default_factory=today, index=True)
    confirm_reminded_on: date | None = None  # the last reminder with a confirm link

    title: str = Field(max_length=120)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    sector: str = Field(max_length=60)
    kind: str = Field(max_length=8, index=True)
    is_carved: bool = False
    place_type: str = Field(max_length=20, index=True)
    capacity: int
    available_from: date | None = None  # None: available now
    hours_per_week_min: int
    hours_per_week_max: int
    hours_per_day_max: int
    schedule_predictable: bool = True
    schedule_notice_days: int = 7
    contract_type: str = Field(max_length=12)
    contract_months: int | None = None
    agency_clause: bool = False
    postcode: str = Field(max_length=6)
    pc4: str = Field(max_length=4, index=True)
    reachable_by_public_transport: bool = True
    transport_arranged: bool = False
    remote_possible: bool = False

    stimulus_level: int
    structure_offered: int
    supervision_offered: int
    time_pressure_level: int
    customer_contact_level: int
    physical_demand: int
    team_size: int

    mentor_available: bool = False
    jobcoach_welcome: bool = False
    trained_colleague: bool = False
    instruments_accepted: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    development_opportunities: bool = False
    required_certificates: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    requires_driving_licence: bool = False
    requires_startkwalificatie: bool = False
    min_loonwaarde_pct: float | None = None

    employer: Employer | None = Relationship(
        back_populates="workplaces", sa_relationship_kwargs={"lazy": "joined"}
    )
    tasks: list["Task"] = Relationship(
        back_populates="workplace",
        sa_relationship_kwargs={
            "lazy": "selectin",
            "cascade": "all, delete-orphan",
            "order_by": "Task.position",
        },
    )


class Task(SQLModel, table=True):
    """One task at task level: what a person would actually do, and what it asks of them."""

    id: int | None = Field(default=None, primary_key=True)
    workplace_id: int = Field(foreign_key="workplace.id", index=True, ondelete="CASCADE")
    position: int = 0
    name: str = Field(max_length=120)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    hours_per_week: float
    stimulus_level: int
    structure_level: int
    physical_load: int
    skill_level: int
    required_certificate: str | None = Field(default=None, max_length=60)

    workplace: Workplace | None = Relationship(back_populates="tasks")
