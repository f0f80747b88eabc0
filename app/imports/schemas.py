"""What ``/api/v1/imports`` shows: an import's status, progress, counts and its reports."""

from datetime import datetime
from enum import StrEnum

from fastapi import UploadFile
from pydantic import BaseModel, Field


class Entity(StrEnum):
    """What a file holds: one entity per file."""

    candidates = "candidates"
    employers = "employers"
    workplaces = "workplaces"
    placements = "placements"


class ImportUpload(BaseModel):
    """An import file (multipart/form-data) and how to import it."""

    file: UploadFile = Field(description="CSV (comma or semicolon) or XLSX.")
    entity: Entity
    profile: str = Field(max_length=60, description="generic, gemeente_klantvolg, wsp_crm, …")
    dry_run: bool = Field(default=False, description="Check every row, write nothing.")
    valid_rows: bool = Field(
        default=False, description="Import the valid rows; the rejected ones come back as CSV."
    )
    source: str | None = Field(
        default=None, max_length=60, description="Source system (default: the profile)."
    )


class ImportPublic(BaseModel):
    """One import: status, progress, counts and where its reports are."""

    id: int
    status: str = Field(
        description="queued, running, succeeded, rejected (nothing written) or failed."
    )
    entity: str
    profile: str
    source: str
    file_name: str
    dry_run: bool
    valid_rows: bool = Field(description="Import the valid rows; rejected rows come back as CSV.")
    created_at: datetime
    finished_at: datetime | None
    progress_pct: float = Field(description="0–100.")
    rows_total: int | None
    rows_done: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    problems: int
    message: str
    notes: list[str]
    problems_url: str | None = Field(description="The error report: (row, column, value, message).")
    rejected_url: str | None = Field(description="The rejected rows with an error column, to fix.")
    confirm_url: str | None = Field(
        description="For a finished dry run whose file is still kept: run it for real."
    )


class ConfirmIn(BaseModel):
    """Run a checked dry run for real."""

    valid_rows: bool = Field(
        default=False, description="Import the valid rows and return the rejected ones as CSV."
    )
