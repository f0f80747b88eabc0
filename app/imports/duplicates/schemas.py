"""What the duplicates queue shows and accepts: both records side by side, and a decision."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

# The decision log's note holds 2,000 characters.
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]


class PairStatus(StrEnum):
    """Open (waiting for staff), merged, or kept apart (never flagged again)."""

    open = "open"
    merged = "merged"
    kept_apart = "kept_apart"


class DuplicateRecord(BaseModel):
    """One side of a pair: who the record says this is, and what hangs on it."""

    id: int
    pseudonym: str
    first_name: str
    last_name: str
    date_of_birth: date
    postcode: str
    municipality: str
    email: str | None
    phone: str | None
    jobhunter_id: int | None
    created_at: datetime
    erased: bool = Field(description="Merged away (or erased) since the pair was flagged.")
    active_consents: list[str] | None = Field(
        description="Purposes with an active consent; null when you may not see consents."
    )
    loonwaarde_measurements: int
    placements: int


class DuplicatePairPublic(BaseModel):
    """A possible duplicate: both records side by side, how alike they are, the decision."""

    id: int
    status: PairStatus
    name_score: float = Field(description="Token-sort ratio of the names, 0–100.")
    date_match: str = Field(description="exact, swapped (day and month), one_digit.")
    version: int
    created_at: datetime
    decided_at: datetime | None
    decided_by: int | None
    survivor_id: int | None
    left: DuplicateRecord
    right: DuplicateRecord


class MergeIn(BaseModel):
    """Merge the pair: one record survives, the other's data moves to it and it is erased."""

    survivor_id: int = Field(description="The record that stays; the other is merged into it.")
    version: int = Field(description="The pair's version as read (a stale one is 409).")
    note: Note = ""


class KeepApartIn(BaseModel):
    """Two different people: the pair is never flagged again."""

    version: int = Field(description="The pair's version as read (a stale one is 409).")
    note: Note = ""


class MergeResult(BaseModel):
    """The merged pair, which record survived, and what moved to it."""

    pair: DuplicatePairPublic
    survivor_id: int
    merged_id: int
    moved: dict[str, Any]
