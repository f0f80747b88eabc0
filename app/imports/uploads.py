"""Imports over HTTP: accept an upload, queue the job, show its progress and its reports.

The API and the staff page call only these. An upload is streamed to the import's private
folder (``storage``), never held in memory whole; the job runs in the background
(``jobs.queue``, a task of app/jobs). A jobhunter sees their own imports, an admin
everyone's (decision 176).
"""

import csv
import secrets
from pathlib import Path
from typing import BinaryIO

from sqlmodel import Session, col, select

from app.audit import service as audit
from app.core.config import Settings, get_settings
from app.core.db import get_engine
from app.core.errors import Conflict, DomainError, Invalid, NotFound
from app.core.security import Principal
from app.core.vocab import Role
from app.imports import jobs, profiles, service, storage
from app.imports.models import DataImport, ImportKey
from app.imports.schemas import Entity, ImportPublic

API = "/api/v1/imports"
FINISHED = ("succeeded", "rejected", "failed")
REPORT_PURPOSE = "case_management"


def max_upload_bytes(settings: Settings | None = None) -> int:
    return (settings or get_settings()).import_max_mb * 1_000_000


def start(
    *,
    principal: Principal,
    upload: BinaryIO,
    file_name: str,
    entity: Entity,
    profile: str,
    source: str | None,
    dry_run: bool,
    valid_rows: bool,
    max_bytes: int | None = None,
) -> ImportPublic:
    """Check the choices, store the file, record the import and queue it (202)."""
    profiles.load(profile).for_entity(entity)  # 422 naming the profile before any byte is kept
    jobs.clean_files()
    incoming = f"incoming-{secrets.token_hex(8)}"
    try:
        storage.save_upload(upload, incoming, max_bytes or max_upload_bytes())
        try:
            record = service.open_import(
                get_engine(), actor=principal, entity=entity, profile=profile,
                file_name=Path(file_name or "upload").name, source=source or None,
                dry_run=dry_run, valid_rows=valid_rows,
            )  # fmt: skip
        except DomainError as exc:
            raise Invalid(exc.detail, fields=exc.fields) from exc
        assert record.id is not None
        storage.remove(record.id)  # a stale folder of a database emptied since (tests, restores)
        storage.folder(incoming).rename(storage.folder(record.id))
    finally:
        storage.remove(incoming)
    jobs.queue(record.id)
    return to_public(record)


def _get(session: Session, principal: Principal, import_id: int) -> DataImport:
    record = session.get(DataImport, import_id)
    if record is None or (principal.role != Role.admin and record.actor_id != principal.account_id):
        raise NotFound("No import with that id (or not yours).")
    return record


def read(session: Session, *, principal: Principal, import_id: int) -> ImportPublic:
    return to_public(_get(session, principal, import_id))


def list_recent(session: Session, *, principal: Principal, limit: int = 20) -> list[ImportPublic]:
    statement = select(DataImport)
    if principal.role != Role.admin:
        statement = statement.where(DataImport.actor_id == principal.account_id)
    rows = session.exec(statement.order_by(col(DataImport.id).desc()).limit(limit)).all()
    return [to_public(r) for r in rows]


def report_file(session: Session, *, principal: Principal, import_id: int, name: str) -> Path:
    """The error report or the rejected rows of a finished import. The download is a read of
    the candidates its rows name: logged like any other (decision 176)."""
    record = _get(session, principal, import_id)
    if record.status not in FINISHED:
        raise Conflict("The import is still running; the report follows when it is done.")
    path = storage.path_of(import_id, name)
    if not path.exists():
        what = "rejected rows" if name == storage.REJECTED else "problems"
        raise NotFound(f"This import has no {what} to download (or they expired).")
    action = "import_rejected" if name == storage.REJECTED else "import_problems"
    audit.record_reads(
        session, principal, _reported_candidates(session, record), purpose=REPORT_PURPOSE,
        action=action,
    )  # fmt: skip
    return path


def _reported_candidates(session: Session, record: DataImport) -> list[int]:
    """Our ids of the candidates the reports' rows name, by the source's ids: those this
    source imported before (a changed row refused, a person erased since). A row of someone
    Passend does not hold has no candidate id to log against."""
    listed = storage.path_of(record.id or 0, storage.REPORTED_IDS)
    if record.entity != "candidates" or not listed.exists():
        return []
    external = sorted({line for line in listed.read_text(encoding="utf-8").splitlines() if line})
    found: set[int] = set()
    for start in range(0, len(external), 1000):
        statement = select(ImportKey.record_id).where(
            ImportKey.entity == "candidates",
            ImportKey.source == record.source,
            col(ImportKey.external_id).in_(external[start : start + 1000]),
        )
        found.update(session.exec(statement).all())
    return sorted(found)


def first_problems(import_id: int, limit: int) -> list[list[str]]:
    """The first lines of the error report (row, column, value, message), for the page."""
    path = storage.path_of(import_id, storage.PROBLEMS)
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader, None)
        return [line for _, line in zip(range(limit), reader, strict=False)]


def confirm(
    session: Session, *, principal: Principal, import_id: int, valid_rows: bool
) -> ImportPublic:
    """Run a finished dry run for real, on the file it checked."""
    checked = _get(session, principal, import_id)
    if not checked.dry_run:
        raise Conflict("Only a dry run can be confirmed; this import was real.")
    if checked.status not in ("succeeded", "rejected"):
        raise Conflict(f"The dry run is {checked.status}; confirm it once it has finished.")
    if not _has_valid_rows(checked):
        raise Conflict(
            "The dry run refused the whole file: nothing would be imported. Fix the file and "
            "upload it again.",
            fields={"file": "no valid rows"},
        )
    if checked.problems and not valid_rows:
        raise Conflict(
            "The dry run found problems: fix the file, or import only the valid rows.",
            fields={"valid_rows": "required: the file has rows that would be refused"},
        )
    if not storage.path_of(import_id, storage.UPLOAD).exists():
        raise Conflict("The checked file is no longer kept; upload it again.")
    record = service.open_import(
        get_engine(), actor=principal, entity=checked.entity, profile=checked.profile,
        file_name=checked.file_name, source=checked.source, dry_run=False, valid_rows=valid_rows,
    )  # fmt: skip
    assert record.id is not None
    storage.copy_upload(import_id, record.id)
    storage.drop_upload(import_id)  # confirmed once: a second click finds no file
    jobs.queue(record.id)
    return to_public(record)


def to_public(record: DataImport) -> ImportPublic:
    assert record.id is not None
    base = f"{API}/{record.id}"
    finished = record.status in FINISHED
    progress = 100.0 if finished else max(record.progress_pct, jobs.PROGRESS.get(record.id, 0))
    kept = storage.path_of(record.id, storage.UPLOAD).exists()
    return ImportPublic(
        id=record.id, status=record.status, entity=record.entity, profile=record.profile,
        source=record.source, file_name=record.file_name, dry_run=record.dry_run,
        valid_rows=record.valid_rows_only, created_at=record.created_at,
        finished_at=record.finished_at, progress_pct=progress, rows_total=record.rows_total,
        rows_done=record.rows_done, created=record.created, updated=record.updated,
        unchanged=record.unchanged, rejected=record.rejected, problems=record.problems,
        message=record.message, notes=record.notes,
        problems_url=f"{base}/problems.csv" if finished and record.problems else None,
        rejected_url=f"{base}/rejected.csv" if finished and record.rejected else None,
        confirm_url=f"{base}/confirm"
        if record.dry_run and record.status in ("succeeded", "rejected") and kept
        and _has_valid_rows(record)
        else None,
    )  # fmt: skip


def _has_valid_rows(record: DataImport) -> bool:
    """A checked file with something to import: not refused as a whole (a picture, the wrong
    columns) and not every row refused. A file of only unchanged rows may still be confirmed."""
    return record.status == "succeeded" or record.created + record.updated + record.unchanged > 0
