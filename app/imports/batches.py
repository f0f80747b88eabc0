"""The data transaction of an import: classifies each valid row (new, changed, unchanged
against the source's import keys) and writes it, then runs the post-import hooks."""

import importlib
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, select, update
from sqlmodel import Session

from app.candidates.models import Candidate
from app.core.security import Principal
from app.core.timeutil import utcnow
from app.employers.models import Employer
from app.imports import bulk, placements
from app.imports import write_candidates as candidates_writer
from app.imports import write_places as places_writer
from app.imports.models import DataImport, ImportKey
from app.imports.report import ImportReport, RejectedWriter
from app.imports.validate import Problem, ValidRow

IMPORT_KEY_TABLE: Any = ImportKey.__table__  # type: ignore[attr-defined]
# Called after candidates are written, inside the import's transaction: (session, ids).
POST_IMPORT_HOOKS: list[Callable[[Session, list[int]], None]] = []


class Batches:
    """The data transaction: classifies each valid row (new, changed, unchanged) and writes."""

    def __init__(
        self,
        engine: Engine,
        record: DataImport,
        actor: Principal,
        report: ImportReport,
        *,
        write: bool,
        rejected: RejectedWriter | None,
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

    def record_id(self, entity: str, external_id: str) -> int | None:
        """Our id of a record this source imported before (a placement's candidate)."""
        if not external_id:
            return None
        statement = select(IMPORT_KEY_TABLE.c.record_id).where(
            IMPORT_KEY_TABLE.c.entity == entity,
            IMPORT_KEY_TABLE.c.source == self.record.source,
            IMPORT_KEY_TABLE.c.external_id == external_id,
        )
        return self.session.execute(statement).scalar()

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
        self.report.reported_ids.append(row.external_id)
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
                result: int | list[Problem]
                if entity == "placements":
                    result = placements.create_one(self.session, actor=self.actor, row=row)
                else:
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
        result: bool | list[Problem]
        if self.record.entity == "placements":
            result = placements.update_one(
                self.session, actor=self.actor, record_id=record_id, row=row
            )
        else:
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
            started = time.perf_counter()
            post_import_hooks(self.session, self.record.entity, self.report.changed_ids)
            self.report.post_import_s = round(time.perf_counter() - started, 2)
        self.session.commit()


def post_import_hooks(session: Session, entity: str, ids: list[int]) -> None:
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
