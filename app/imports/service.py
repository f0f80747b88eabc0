"""Bulk import of a region's data from CSV/XLSX exports (issue 13; docs/decisions/170-174).

Entry points (the CLI and the web layer call only these; the signatures stay stable):

    imp = open_import(engine, actor=p, entity="candidates", profile="generic",
                      file_name="clients.csv", source=None, dry_run=False, valid_rows=False)
        -> DataImport, committed with status "queued" (its id is the job's handle)
    report = run_import(engine, import_id=imp.id, path=Path("/tmp/upload"), actor=p,
                        progress=None, rejected_csv=None)
        -> ImportReport; never raises for bad input: status "rejected" and the problems
    report = import_file(engine, actor=p, entity=..., path=..., profile=..., ...)
        -> both in one call (the CLI)
    write_problems_csv(report, path)        -> the error report (row, column, value, message)

``run_import`` is a job, not a request: it commits itself (the data in one transaction, the
import row's progress in short ones of its own), so call it with the engine, outside a request
session. ``progress(p)`` is called per batch with an ``ImportProgress``; on PostgreSQL the
import row's ``rows_done``/``progress_pct`` are written per batch too (SQLite has one writer:
there the row shows progress at the end, use the callback).
Modes: a dry run checks every row and writes nothing; a real run is all-or-nothing per file
unless ``valid_rows``: then the valid rows are written and the rejected ones go to
``rejected_csv`` (original columns + ``error``) to fix and upload again.
After candidates are written, in the same transaction, every hook in ``POST_IMPORT_HOOKS``
and ``app.imports.duplicates.find_duplicates(session, candidate_ids)`` (when that module
exists) are called with the ids created or changed: see ``batches.post_import_hooks``.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, update
from sqlmodel import Session

from app.core.config import get_settings
from app.core.errors import DomainError
from app.core.security import Principal
from app.core.timeutil import utcnow
from app.imports import profiles, readers
from app.imports.batches import POST_IMPORT_HOOKS, Batches
from app.imports.keys import load_bsn_key
from app.imports.models import DataImport
from app.imports.report import ImportProgress, ImportReport, RejectedWriter, write_problems_csv
from app.imports.validate import Problem, RowParser, ValidRow

__all__ = [
    "ENTITIES",
    "POST_IMPORT_HOOKS",
    "ImportProgress",
    "ImportReport",
    "import_file",
    "open_import",
    "run_import",
    "write_problems_csv",
]
ENTITIES = ("candidates", "employers", "workplaces", "placements")
BATCH_ROWS = 1000
IMPORT_TABLE: Any = DataImport.__table__  # type: ignore[attr-defined]


def open_import(
    engine: Engine,
    *,
    actor: Principal,
    entity: str,
    profile: str,
    file_name: str,
    source: str | None = None,
    dry_run: bool = False,
    valid_rows: bool = False,
) -> DataImport:
    """Record an import (status queued); a bad entity or profile name is refused here."""
    if entity not in ENTITIES:
        raise DomainError(
            f"Unknown entity '{entity}'; imports take: {', '.join(ENTITIES)}.",
            fields={"entity": entity},
        )
    profiles.load(profile).for_entity(entity)
    name = (source or profile).strip()
    if not name or len(name) > 60:
        raise DomainError("The source name must be 1-60 characters.", fields={"source": name})
    record = DataImport(
        actor_id=actor.account_id,
        file_name=file_name[:255],
        profile=profile,
        entity=entity,
        source=name,
        dry_run=dry_run,
        valid_rows_only=valid_rows,
    )
    with Session(engine, expire_on_commit=False) as session:
        session.add(record)
        session.commit()
    return record


def import_file(
    engine: Engine,
    *,
    actor: Principal,
    entity: str,
    path: Path,
    profile: str,
    file_name: str | None = None,
    source: str | None = None,
    dry_run: bool = False,
    valid_rows: bool = False,
    progress: Callable[[ImportProgress], None] | None = None,
    rejected_csv: Path | None = None,
) -> ImportReport:
    record = open_import(
        engine,
        actor=actor,
        entity=entity,
        profile=profile,
        file_name=file_name or path.name,
        source=source,
        dry_run=dry_run,
        valid_rows=valid_rows,
    )
    assert record.id is not None
    return run_import(
        engine,
        import_id=record.id,
        path=path,
        actor=actor,
        progress=progress,
        rejected_csv=rejected_csv,
    )


def _set(engine: Engine, import_id: int, **values: Any) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(IMPORT_TABLE).where(IMPORT_TABLE.c.id == import_id).values(**values)
        )


def run_import(
    engine: Engine,
    *,
    import_id: int,
    path: Path,
    actor: Principal,
    progress: Callable[[ImportProgress], None] | None = None,
    rejected_csv: Path | None = None,
) -> ImportReport:
    """Run a queued import on the file at ``path`` (see the module docstring)."""
    with Session(engine) as session:
        record = session.get(DataImport, import_id)
        if record is None:
            raise DomainError(f"No import with id {import_id}.")
        session.expunge(record)
    report = ImportReport(
        import_id=import_id,
        entity=record.entity,
        profile=record.profile,
        dry_run=record.dry_run,
        valid_rows=record.valid_rows_only,
    )
    _set(engine, import_id, status="running")
    try:
        _run(engine, record, path, actor, report, progress, rejected_csv)
    except DomainError as exc:
        report.status = "rejected"
        report.message = exc.detail
        fields = exc.fields or {"file": exc.detail}
        report.problems = [Problem(0, name, "", problem) for name, problem in fields.items()]
    except Exception as exc:
        _finish(engine, report, status="failed", message=f"{type(exc).__name__}: {exc}")
        raise
    _finish(engine, report, status=report.status, message=report.message)
    return report


def _finish(engine: Engine, report: ImportReport, *, status: str, message: str) -> None:
    report.status = status
    _set(
        engine,
        report.import_id,
        status=status,
        message=message,
        finished_at=utcnow(),
        rows_total=report.rows,
        rows_done=report.rows,
        progress_pct=100.0,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        rejected=report.rejected,
        problems=len(report.problems),
        notes=report.notes,
    )


def _run(
    engine: Engine,
    record: DataImport,
    path: Path,
    actor: Principal,
    report: ImportReport,
    progress: Callable[[ImportProgress], None] | None,
    rejected_csv: Path | None,
) -> None:
    settings = get_settings()
    profiles.load(record.profile).for_entity(record.entity)
    bytes_total = readers.check_size(path, settings.import_max_mb * 1_000_000)
    table = readers.open_table(
        path, max_bytes=settings.import_max_mb * 1_000_000, file_name=record.file_name
    )
    try:
        _rows(engine, record, actor, report, progress, rejected_csv, table, bytes_total)
    finally:
        table.close()


def _rows(
    engine: Engine,
    record: DataImport,
    actor: Principal,
    report: ImportReport,
    progress: Callable[[ImportProgress], None] | None,
    rejected_csv: Path | None,
    table: readers.Table,
    bytes_total: int,
) -> None:
    settings = get_settings()
    profile = profiles.load(record.profile)
    spec = profile.for_entity(record.entity)
    report.notes.extend(table.notes)
    if table.encoding:
        _set(engine, record.id or 0, encoding=table.encoding)
    binding = profiles.bind(profile, record.entity, table.header)
    if binding.bsn_index is not None:
        report.notes.append(
            f"column '{binding.header[binding.bsn_index]}' (BSN) kept only as a keyed hash "
            "for duplicate matching"
        )
    bsn_key = load_bsn_key(settings) if binding.bsn_index is not None else None
    rejected_writer = RejectedWriter(rejected_csv, binding) if record.valid_rows_only else None
    job = Batches(engine, record, actor, report, write=not record.dry_run, rejected=rejected_writer)
    parser = RowParser(
        record.entity,
        spec,
        binding,
        source=record.source,
        bsn_key=bsn_key,
        employer_lookup=job.employer_id,
        record_lookup=job.record_id,
    )
    seen: dict[str, int] = {}
    batch: list[ValidRow] = []
    id_index = binding.targets.index("external_id") if "external_id" in binding.targets else None
    is_pg = engine.dialect.name == "postgresql"
    try:
        for index, cells in enumerate(table.rows):
            number = index + 2  # the header is row 1, as a spreadsheet numbers them
            if readers.is_blank(cells):
                continue
            report.rows += 1
            parsed = parser.parse(number, cells)
            if isinstance(parsed, ValidRow):
                first = seen.setdefault(parsed.external_id, number)
                if first != number:
                    column = binding.column("external_id")
                    parsed = [Problem(number, column, parsed.external_id, f"also in row {first}")]
            if isinstance(parsed, list):
                report.problems.extend(parsed)
                report.rejected += 1
                if id_index is not None and id_index < len(cells) and cells[id_index]:
                    report.reported_ids.append(str(cells[id_index]).strip())
                if rejected_writer is not None:
                    rejected_writer.write(cells, parsed)
                continue
            batch.append(parsed)
            if len(batch) >= BATCH_ROWS:
                job.process(batch)
                batch = []
                _progress(engine, record, report, progress, bytes_total, table, is_pg)
        job.process(batch)
        job.finish()
    finally:
        job.session.close()
        if rejected_writer is not None:
            report.rejected_csv = rejected_writer.close()
    if report.rows == 0:
        raise readers.FileRefused(
            "The file has a header but no rows.", fields={"file": "no data rows"}
        )
    if report.problems and not record.valid_rows_only:
        report.status = "rejected"
        what = "a real run would write nothing" if record.dry_run else "nothing was written"
        if not record.dry_run:  # rolled back: nothing was created or updated after all
            report.created = report.updated = report.unchanged = 0
        report.message = (
            f"{len(report.problems)} problem(s) in {report.rejected} of {report.rows} rows; "
            f"{what}. Fix them, or choose to import the valid rows."
        )
    else:
        report.status = "succeeded"
        verb = "would be" if record.dry_run else "were"
        report.message = (
            f"{report.rows} rows: {report.created} {verb} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.rejected} rejected."
        )


def _progress(
    engine: Engine,
    record: DataImport,
    report: ImportReport,
    progress: Callable[[ImportProgress], None] | None,
    bytes_total: int,
    table: readers.Table,
    is_pg: bool,
) -> None:
    state = ImportProgress(report.rows, table.position(), bytes_total, table.rows_total)
    if is_pg:  # SQLite has one writer: the import's own transaction holds it
        _set(
            engine,
            record.id or 0,
            rows_done=report.rows,
            progress_pct=round(100 * state.fraction, 1),
        )
    if progress is not None:
        progress(state)
