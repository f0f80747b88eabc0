"""Imports: one row per file imported (who, when, what, how far, how it ended) and the keys
that tie a source system's record to ours, so a re-import updates instead of duplicating.

No BSN is stored anywhere: ``ImportKey.bsn_hmac`` is a keyed hash whose key is not in the
database (docs/decisions/173), used only to find the same person from two sources.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.timeutil import utcnow


class DataImport(SQLModel, table=True):
    """One import of one file. ``rows_done`` is the progress, written per batch."""

    __tablename__ = "data_import"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    finished_at: datetime | None = None
    actor_id: int = Field(index=True)
    file_name: str = Field(max_length=255)
    profile: str = Field(max_length=60)
    entity: str = Field(max_length=20)
    source: str = Field(max_length=60, index=True)
    dry_run: bool = False
    valid_rows_only: bool = False  # "import the valid rows": rejected rows come back as CSV
    # queued → running → succeeded | rejected (problems, nothing written) | failed (a bug)
    status: str = Field(default="queued", max_length=12, index=True)
    encoding: str | None = Field(default=None, max_length=20)
    rows_total: int | None = None  # known once the file has been read to the end
    rows_done: int = 0
    progress_pct: float = 0.0  # 0-100, per batch (by bytes read, or rows of a workbook)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: int = 0
    message: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    notes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class ImportKey(SQLModel, table=True):
    """(entity, source, external id) → our record, with the hash of the row last imported."""

    __tablename__ = "import_key"
    __table_args__ = (UniqueConstraint("entity", "source", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=20)
    source: str = Field(max_length=60)
    external_id: str = Field(max_length=80)
    record_id: int = Field(index=True)
    row_hash: str = Field(max_length=64)
    import_id: int = Field(foreign_key="data_import.id", index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    # HMAC-SHA256 of the BSN under a key kept outside the database; only for duplicates.
    bsn_hmac: str | None = Field(default=None, max_length=64, index=True)


def import_key_row(**values: Any) -> dict[str, Any]:
    return {"updated_at": utcnow(), "bsn_hmac": None, **values}
