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
exists) are called with the ids created or changed: see ``_post_import_hooks``.
"""

import csv
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, update
from sqlmodel import Session

from app.candidates.models import Candidate
from app.core.config import get_settings
from app.core.errors import DomainError
from app.core.security import Principal
from app.core.timeutil import utcnow
from app.employers.models import Employer
from app.exports.formats import safe_text
from app.imports import bulk, profiles, readers
from app.imports import write_candidates as candidates_writer
from app.imports import write_places as places_writer
from app.imports.keys import load_bsn_key
from app.imports.models import DataImport, ImportKey
from app.imports.validate import Problem, RowParser, ValidRow

ENTITIES = ("candidates", "employers", "workplaces")
BATCH_ROWS = 1000
ERROR_COLUMN = "error"
IMPORT_KEY_TABLE: Any = ImportKey.__table__  # type: ignore[attr-defined]
IMPORT_TABLE: Any = DataImport.__table__  # type: ignore[attr-defined]
# Called after candidates are written, inside the import's transaction: (session, ids).
POST_IMPORT_HOOKS: list[Callable[[Session, list[int]], None]] = []


@dataclass(frozen=True)
class ImportProgress:
    rows_done: int
    bytes_done: int
    bytes_total: int
    rows_total: int | None = None

    @property
    def fraction(self) -> float:
        if self.rows_total:
            return min(self.rows_done / self.rows_total, 1.0)
        return min(self.bytes_done / max(self.bytes_total, 1), 1.0)


@dataclass
class ImportReport:
    import_id: int
    entity: str
    profile: str
    dry_run: bool
    valid_rows: bool
    status: str = "running"
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    message: str = ""
    rejected_csv: Path | None = None
    changed_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "succeeded"


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
    profile = profiles.load(record.profile)
    spec = profile.for_entity(record.entity)
    bytes_total = readers.check_size(path, settings.import_max_mb * 1_000_000)
    table = readers.open_table(
        path, max_bytes=settings.import_max_mb * 1_000_000, file_name=record.file_name
    )
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
    rejected_writer = _RejectedWriter(rejected_csv, binding) if record.valid_rows_only else None
    job = _Job(engine, record, actor, report, write=not record.dry_run, rejected=rejected_writer)
    parser = RowParser(
        record.entity,
        spec,
        binding,
        source=record.source,
        bsn_key=bsn_key,
        employer_lookup=job.employer_id,
    )
    seen: dict[str, int] = {}
    batch: list[ValidRow] = []
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


class _Job:
    """The data transaction: classifies each valid row (new, changed, unchanged) and writes."""

    def __init__(
        self,
        engine: Engine,
        record: DataImport,
        actor: Principal,
        report: ImportReport,
        *,
        write: bool,
        rejected: "_RejectedWriter | None",
    ) -> None:
        self.session = Session(engine, expire_on_commit=False)
        self.record = record
        self.actor = actor
        self.report = report
        self.write = write
        self.rejected = rejected
        self._employers: dict[tuple[str, str], int | None] = {}
        self._keys: dict[str, tuple[int, str]] | None = None

    def _known_keys(self) -> dict[str, tuple[int, str]]:
        """This source's keys, read once (~30 MB for 100,000): a lookup per batch made
        PostgreSQL scan a table it had no statistics for yet, slower with every batch."""
        if self._keys is None:
            statement = select(
                IMPORT_KEY_TABLE.c.external_id,
                IMPORT_KEY_TABLE.c.record_id,
                IMPORT_KEY_TABLE.c.row_hash,
            ).where(
                IMPORT_KEY_TABLE.c.entity == self.record.entity,
                IMPORT_KEY_TABLE.c.source == self.record.source,
            )
            self._keys = {
                external_id: (record_id, row_hash)
                for external_id, record_id, row_hash in self.session.execute(statement)
            }
        return self._keys

    def employer_id(self, external_id: str, kvk: str) -> int | None:
        """A workplace row's employer: by its id in this source, else by KvK number."""
        key = (external_id, kvk)
        if key not in self._employers:
            if external_id:
                statement: Any = select(IMPORT_KEY_TABLE.c.record_id).where(
                    IMPORT_KEY_TABLE.c.entity == "employers",
                    IMPORT_KEY_TABLE.c.source == self.record.source,
                    IMPORT_KEY_TABLE.c.external_id == external_id,
                )
            else:
                employer_table: Any = Employer.__table__  # type: ignore[attr-defined]
                statement = select(employer_table.c.id).where(employer_table.c.kvk_number == kvk)
            self._employers[key] = self.session.execute(statement).scalar()
        return self._employers[key]

    def _reject(self, row: ValidRow, problems: list[Problem]) -> None:
        """A row the service refused while writing (e.g. a KvK number already registered)."""
        self.report.problems.extend(problems)
        self.report.rejected += 1
        if self.rejected is not None:
            self.rejected.write(row.cells, problems)

    def _writing(self) -> bool:
        # All-or-nothing: after the first problem nothing more is written (rolled back later).
        return self.write and (self.record.valid_rows_only or not self.report.problems)

    def process(self, batch: list[ValidRow]) -> None:
        if not batch:
            return
        entity, source = self.record.entity, self.record.source
        keys = self._known_keys()
        new = [r for r in batch if r.external_id not in keys]
        changed = [
            r for r in batch if r.external_id in keys and keys[r.external_id][1] != r.row_hash
        ]
        self.report.unchanged += len(batch) - len(new) - len(changed)
        self.report.created += len(new)
        self.report.updated += len(changed)
        if not self._writing():
            return
        if entity == "candidates":
            ids = candidates_writer.create_many(
                self.session, actor=self.actor, rows=new, import_note=self.record.file_name
            )
        else:
            ids, written = [], []
            for row in new:
                result = places_writer.create_one(
                    self.session, entity=entity, actor=self.actor, row=row
                )
                if isinstance(result, list):
                    self.report.created -= 1
                    self._reject(row, result)
                else:
                    ids.append(result)
                    written.append(row)
            new = written
        now = utcnow()
        if new:
            bulk.insert_rows(
                self.session,
                IMPORT_KEY_TABLE,
                [
                    {
                        "entity": entity,
                        "source": source,
                        "external_id": row.external_id,
                        "record_id": cid,
                        "row_hash": row.row_hash,
                        "import_id": self.record.id,
                        "updated_at": now,
                        "bsn_hmac": row.bsn_hmac,
                    }
                    for row, cid in zip(new, ids, strict=True)
                ],
            )
        self.report.changed_ids.extend(ids)
        for row in changed:
            if entity == "candidates":
                self._update(row, keys[row.external_id][0])
            else:
                self._update_place(row, keys[row.external_id][0])

    def _update_place(self, row: ValidRow, record_id: int) -> None:
        result = places_writer.update_one(
            self.session,
            entity=self.record.entity,
            actor=self.actor,
            record_id=record_id,
            row=row,
            import_id=self.record.id or 0,
            file_name=self.record.file_name,
        )
        if isinstance(result, list):
            self.report.updated -= 1
            self._reject(row, result)
            return
        if not result:
            self.report.updated -= 1
            self.report.unchanged += 1
        self._remember(row)
        if result:
            self.report.changed_ids.append(record_id)

    def _remember(self, row: ValidRow) -> None:
        self.session.execute(
            update(IMPORT_KEY_TABLE)
            .where(
                IMPORT_KEY_TABLE.c.entity == self.record.entity,
                IMPORT_KEY_TABLE.c.source == self.record.source,
                IMPORT_KEY_TABLE.c.external_id == row.external_id,
            )
            .values(
                row_hash=row.row_hash,
                import_id=self.record.id,
                updated_at=utcnow(),
                bsn_hmac=row.bsn_hmac,
            )
        )

    def _update(self, row: ValidRow, record_id: int) -> None:
        candidate = self.session.get(Candidate, record_id)
        if candidate is None or candidate.erased_at is not None:
            # Erased in Passend (AVG or retention): an import must not bring the person back.
            self.report.updated -= 1
            self._reject(row, [
                Problem(row.row, "external_id", row.external_id, "this person was erased in "
                        "Passend; the row is not imported again")
            ])  # fmt: skip
            return
        changed = candidates_writer.update_one(
            self.session,
            actor=self.actor,
            candidate=candidate,
            row=row,
            import_id=self.record.id or 0,
            file_name=self.record.file_name,
        )
        if not changed:  # same values, written differently: just remember the new cells
            self.report.updated -= 1
            self.report.unchanged += 1
        self._remember(row)
        if changed:
            self.report.changed_ids.append(record_id)

    def finish(self) -> None:
        if not self._writing():
            self.session.rollback()
            return
        if self.report.changed_ids:
            _post_import_hooks(self.session, self.record.entity, self.report.changed_ids)
        self.session.commit()


def _post_import_hooks(session: Session, entity: str, ids: list[int]) -> None:
    """The one call site for what runs after an import (duplicates review, issue 13)."""
    if entity != "candidates":
        return
    hooks = list(POST_IMPORT_HOOKS)
    try:
        duplicates = importlib.import_module("app.imports.duplicates")
    except ModuleNotFoundError as exc:
        if exc.name != "app.imports.duplicates":
            raise
    else:
        hooks.append(duplicates.find_duplicates)
    for hook in hooks:
        hook(session, ids)


class _RejectedWriter:
    """Rejected rows as CSV: the original columns plus ``error``; BSN cells left empty."""

    def __init__(self, path: Path | None, binding: profiles.Binding) -> None:
        import tempfile

        if path is None:
            fd, name = tempfile.mkstemp(suffix="-rejected.csv")
            os.close(fd)
            path = Path(name)
        self.path = path
        self.handle = path.open("w", encoding="utf-8-sig", newline="")
        self.bsn_index = binding.bsn_index
        self.writer = csv.writer(self.handle, delimiter=";")
        self.writer.writerow([*binding.header, ERROR_COLUMN])
        self.count = 0

    def write(self, cells: list[Any], problems: list[Problem]) -> None:
        out = ["" if c is None else safe_text(str(c)) for c in cells]
        if self.bsn_index is not None and self.bsn_index < len(out):
            out[self.bsn_index] = ""
        error = "; ".join(f"{p.column}: {p.message}" if p.column else p.message for p in problems)
        self.writer.writerow([*out, safe_text(error)])
        self.count += 1

    def close(self) -> Path | None:
        self.handle.close()
        return self.path if self.count else None


def write_problems_csv(report: ImportReport, path: Path) -> Path:
    """The error report: one line per problem (row, column, value, message)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["row", "column", "value", "message"])
        for p in report.problems:
            writer.writerow([p.row, safe_text(p.column), safe_text(p.value), safe_text(p.message)])
    return path
