"""Candidate tables. Matching data are functional needs only; diagnoses and notes live apart
in ``CandidateSensitive``, which no scoring code reads and only the own jobhunter sees."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, Relationship, SQLModel

from app.core.timeutil import utcnow


class Candidate(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    pseudonym: str = Field(max_length=12, unique=True)
    jobhunter_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # Set when the candidate's data was erased; the row stays as an empty tombstone so that
    # placements and decisions keep a valid (now pseudonymous) id. See decision 041.
    erased_at: datetime | None = Field(default=None, index=True)

    # identity and contact
    first_name: str = Field(max_length=80)
    last_name: str = Field(max_length=120)
    date_of_birth: date
    email: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=30)
    postcode: str = Field(max_length=6)
    pc4: str = Field(max_length=4, index=True)
    municipality: str = Field(max_length=80, index=True)

    # administrative status
    school_type: str = Field(max_length=30)
    mbo_route: str = Field(default="none", max_length=10)
    startkwalificatie: bool = False
    certificates: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    has_driving_licence: bool = False
    regime: str = Field(max_length=20, index=True)
    benefit: str = Field(max_length=20)
    doelgroepregister: bool = False
    doelgroepregister_since: date | None = None
    # UWV indication for nieuw beschut werk; without it a beschut place is not an option.
    beschut_indication: bool = False
    readiness: str = Field(max_length=20, index=True)
    readiness_confirmed_on: date

    # availability and mobility
    hours_per_week_min: int
    hours_per_week_max: int
    hours_per_day_max: int
    days_available: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    needs_gradual_buildup: bool = False
    available_from: date | None = None
    travel_modes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    travels_independently_pt: bool = False
    max_travel_minutes: int
    cross_region_travel: bool = False

    # work-environment needs, 1..5 on the same scales as the workplace
    stimulus_tolerance: int
    structure_need: int
    supervision_need: int
    time_pressure_tolerance: int
    customer_contact_tolerance: int
    physical_capacity: int
    skill_level: int
    # Wants to develop ("wil zich ontwikkelen"): work far below the skill level then weighs
    # like over-demand; strict_needs may contain "challenge" to make it a hard limit.
    needs_challenge: bool = False
    strict_needs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))

    # preferences and qualities
    interests: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    preferred_sectors: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    preferred_tasks: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    competences: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    ambitions: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    internships: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )

    loonwaarde: list["LoonwaardeMeasurement"] = Relationship(
        back_populates="candidate",
        sa_relationship_kwargs={
            "lazy": "selectin",
            "cascade": "all, delete-orphan",
            "order_by": "LoonwaardeMeasurement.measured_on",
        },
    )


class LoonwaardeMeasurement(SQLModel, table=True):
    """One dated loonwaarde (wage value, % of WML); it changes, so it is a series."""

    __tablename__ = "loonwaarde_measurement"

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True, ondelete="CASCADE")
    measured_on: date
    loonwaarde_pct: float
    method: str = Field(max_length=80)
    source: str = Field(max_length=120)
    candidate: Candidate | None = Relationship(back_populates="loonwaarde")


class CandidateSensitive(SQLModel, table=True):
    """Special-category and private data: never scored, never shown outside the own team."""

    __tablename__ = "candidate_sensitive"

    candidate_id: int = Field(foreign_key="candidate.id", primary_key=True, ondelete="CASCADE")
    diagnosis: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    iq: int | None = None
    medical_treatment: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    psychosocial_context: str = Field(
        default="", sa_column=Column(Text, nullable=False, default="")
    )
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: int | None = Field(default=None, foreign_key="account.id")
