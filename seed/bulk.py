"""Bulk load of a generated region, for benchmarks at region and country size.

`passend seed` loads through the services, one flush per row: right for the demo, but a
20,000 × 10,000 region would take many minutes, and the national benchmark (100,000 × 50,000
across the 35 labour-market regions) far longer. This loader validates every row with the same
schemas and maps it with the same helpers, creates the same demo accounts and keys, and writes
what the services would write (candidates with loonwaarde, consents with their decision rows,
sensitive data, employers, workplaces with tasks). On PostgreSQL every large table goes in with
COPY (psycopg 3 ``cursor.copy``), with ids drawn from each table's sequence in one query;
on SQLite the same objects are flushed a batch at a time. It skips the per-row checks that
only matter for input from outside (unique KvK number, known account manager, consent
conflicts): the generator's data passes them by construction. Load into an empty database.
"""

import enum
import secrets
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Engine, func, insert, text
from sqlmodel import Session, SQLModel, select

from app.audit.decisions import Decision
from app.candidates.models import Candidate, CandidateSensitive, LoonwaardeMeasurement
from app.candidates.schemas import CandidateCreate, SensitiveIn
from app.candidates.service import _row_values
from app.consent.models import Consent
from app.consent.schemas import ConsentIn
from app.core.geo import pc4_of
from app.core.timeutil import utcnow
from app.employers.models import Employer, Task, Workplace
from app.employers.schemas import EmployerCreate, WorkplaceCreate, WorkplaceStatus
from seed.generate import Region
from seed.load import add_employer_key, api_fields, create_demo_accounts

T = TypeVar("T")


@dataclass
class BulkReport:
    keys: dict[str, str]
    rows: int
    seconds: float
    method: str = "copy"

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


Row = dict[str, Any]


class _Writer:
    """Writes rows (column → value) of one table at a time, with ids it hands out: COPY on
    PostgreSQL, a multi-row INSERT elsewhere. Rows are plain dicts, not ORM objects: building
    a million SQLModel objects took most of the time of the load."""

    def __init__(self, session: Session, batch_rows: int) -> None:
        self.session, self.batch_rows, self.rows = session, batch_rows, 0
        self.copy = session.get_bind().dialect.name == "postgresql"
        self._next: dict[type[SQLModel], int] = {}

    def number(self, model: type[SQLModel], rows: list[Row]) -> None:
        """Give each row an id of its table: drawn from its sequence on PostgreSQL (one
        query per batch; the app's role may draw, not set, a sequence), else counted on."""
        if not rows:
            return
        if self.copy:
            draw = text(
                f"SELECT nextval(pg_get_serial_sequence('{model.__tablename__}', 'id')) "
                "FROM generate_series(1, :n)"
            )
            ids = [i for (i,) in self.session.connection().execute(draw, {"n": len(rows)})]
        else:
            if model not in self._next:
                top = self.session.exec(select(func.max(model.id))).one()  # type: ignore[attr-defined]
                self._next[model] = (top or 0) + 1
            ids = list(range(self._next[model], self._next[model] + len(rows)))
            self._next[model] += len(rows)
        for row, new_id in zip(rows, ids, strict=True):
            row["id"] = new_id

    def write(self, model: type[SQLModel], rows: list[Row]) -> None:
        if not rows:
            return
        table = model.__table__  # type: ignore[attr-defined]
        columns = list(table.columns)
        defaults = _defaults(model, columns)
        full = [{**defaults, **row} for row in rows]
        if self.copy:
            _copy(self.session, table, columns, full)
        else:
            self.session.connection().execute(insert(table), full)
        self.rows += len(rows)


def _defaults(model: type[SQLModel], columns: list[Any]) -> Row:
    """What the model fills in when a value is not given (timestamps: one per batch)."""
    out: Row = {}
    for column in columns:
        field = model.model_fields.get(column.key)
        value = field.get_default(call_default_factory=True) if field is not None else None
        if value is None and column.default is not None and column.default.is_scalar:
            value = column.default.arg
        out[column.key] = value
    return out


def _copy(session: Session, table: Any, columns: list[Any], rows: list[Row]) -> None:
    """COPY the rows, each value converted as the ORM would bind it (JSON, UTC timestamps)."""
    dialect = session.get_bind().dialect
    binds = [c.type._cached_bind_processor(dialect) for c in columns]
    keys = [c.key for c in columns]
    names = ", ".join(f'"{c.name}"' for c in columns)
    raw = session.connection().connection.driver_connection
    statement = f'COPY "{table.name}" ({names}) FROM STDIN'
    with raw.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
        for row in rows:
            out = []
            for key, bind in zip(keys, binds, strict=True):
                value = row[key]
                if isinstance(value, enum.Enum):
                    value = value.value
                out.append(bind(value) if bind is not None and value is not None else value)
            copy.write_row(out)


def bulk_load_region(engine: Engine, region: Region, *, batch_rows: int = 5000) -> BulkReport:
    """Load ``region`` into a database without it; returns the demo keys and rows per second."""
    started = time.perf_counter()
    with Session(engine, expire_on_commit=False) as session:
        keys, acting, hunters = create_demo_accounts(session)
        session.commit()
        writer = _Writer(session, batch_rows)
        employer_ids = _employers(writer, region, [h.id or 0 for h in hunters])
        _workplaces(writer, region, employer_ids)
        candidate_ids = _candidates(writer, region, employer_ids, [h.id or 0 for h in hunters])
        _consents(writer, region, candidate_ids, acting.account_id, str(acting.role))
        _sensitive(writer, region, candidate_ids, acting.account_id)
        session.commit()
        add_employer_key(session, keys, employer_ids[region.employers[0]["id"]])
        session.commit()
        if writer.copy:  # fresh planner statistics: without them a run's queries took 5x longer
            loaded = ("employer", "workplace", "task", "candidate", "loonwaarde_measurement",
                      "consent", "decision", "candidate_sensitive")  # fmt: skip
            for table in loaded:
                session.exec(text(f'ANALYZE "{table}"'))  # type: ignore[call-overload]
            session.commit()
        rows = writer.rows
    method = "copy" if writer.copy else "insert"
    return BulkReport(keys=keys, rows=rows, seconds=time.perf_counter() - started, method=method)


def _employers(writer: _Writer, region: Region, hunters: list[int]) -> dict[int, int]:
    ids: dict[int, int] = {}
    indexed = list(enumerate(region.employers))
    for batch in _batches(indexed, writer.batch_rows):
        rows = []
        for index, data in batch:
            employer_in = EmployerCreate.model_validate(
                {**api_fields(data), "account_manager_id": hunters[index % len(hunters)]}
            )
            rows.append({**employer_in.model_dump(), "pc4": pc4_of(employer_in.postcode)})
        writer.number(Employer, rows)
        writer.write(Employer, rows)
        ids.update({data["id"]: row["id"] for (_, data), row in zip(batch, rows, strict=True)})
    return ids


def _workplaces(writer: _Writer, region: Region, employer_ids: dict[int, int]) -> None:
    sectors = {e["id"]: e["sector"] for e in region.employers}
    for batch in _batches(region.workplaces, writer.batch_rows):
        rows, tasks = [], []
        for data in batch:
            workplace_in = WorkplaceCreate.model_validate(
                {**api_fields(data), "employer_id": employer_ids[data["employer_id"]]}
            )
            values = workplace_in.model_dump(exclude={"tasks", "status"})
            values["sector"] = workplace_in.sector or sectors[data["employer_id"]]
            values["status"] = workplace_in.status or WorkplaceStatus.active
            values["pc4"] = pc4_of(workplace_in.postcode)
            rows.append(values)
            tasks.append(
                [{**t.model_dump(), "position": i} for i, t in enumerate(workplace_in.tasks)]
            )
        writer.number(Workplace, rows)
        for workplace, own in zip(rows, tasks, strict=True):
            for task in own:
                task["workplace_id"] = workplace["id"]
        flat = [t for own in tasks for t in own]
        writer.number(Task, flat)
        writer.write(Workplace, rows)
        writer.write(Task, flat)


def _candidates(
    writer: _Writer, region: Region, employer_ids: dict[int, int], hunters: list[int]
) -> dict[int, int]:
    ids: dict[int, int] = {}
    pseudonyms: set[str] = set()
    indexed = list(enumerate(region.candidates))
    for batch in _batches(indexed, writer.batch_rows):
        rows, series = [], []
        for index, data in batch:
            internships = [
                {**i, "employer_id": employer_ids.get(i["employer_id"])}
                for i in data["internships"]
            ]
            candidate_in = CandidateCreate.model_validate(
                {**api_fields(data), "internships": internships, "jobhunter_id": hunters[index % 3]}
            )
            values = _row_values(candidate_in)
            values["pseudonym"] = _pseudonym(pseudonyms)
            values["jobhunter_id"] = candidate_in.jobhunter_id
            rows.append(values)
            series.append([m.model_dump() for m in candidate_in.loonwaarde])
        writer.number(Candidate, rows)
        for candidate, own in zip(rows, series, strict=True):
            for measurement in own:
                measurement["candidate_id"] = candidate["id"]
        flat = [m for own in series for m in own]
        writer.number(LoonwaardeMeasurement, flat)
        ids.update({data["id"]: row["id"] for (_, data), row in zip(batch, rows, strict=True)})
        writer.write(Candidate, rows)
        writer.write(LoonwaardeMeasurement, flat)
    return ids


def _pseudonym(taken: set[str]) -> str:
    # As candidates.service.create makes them; unique within the load (the column is unique).
    while (pseudonym := f"K-{secrets.token_hex(4).upper()}") in taken:
        pass
    taken.add(pseudonym)
    return pseudonym


def _consents(
    writer: _Writer, region: Region, candidate_ids: dict[int, int], actor_id: int, role: str
) -> None:
    given = [
        (candidate_ids[c["id"]], ConsentIn.model_validate(data))
        for c in region.candidates
        for data in c["consents"]
    ]
    for batch in _batches(given, writer.batch_rows):
        consents = [
            {**consent_in.model_dump(), "candidate_id": candidate_id, "recorded_by": actor_id}
            for candidate_id, consent_in in batch
        ]
        writer.number(Consent, consents)
        # What consent.give records next to each consent (app/audit/decisions.record).
        decisions = [
            {
                "actor_id": actor_id,
                "actor_role": role,
                "action": "consent:given",
                "candidate_id": c["candidate_id"],
                "note": consent_in.note,
                "detail": {
                    "consent_id": c["id"],
                    "purpose": str(c["purpose"]),
                    "employer_id": c["employer_id"],
                    "given_on": c["given_on"].isoformat(),
                    "guardian_consent": c["guardian_consent"],
                },
            }
            for c, (_, consent_in) in zip(consents, batch, strict=True)
        ]
        writer.number(Decision, decisions)
        writer.write(Consent, consents)
        writer.write(Decision, decisions)


def _sensitive(
    writer: _Writer, region: Region, candidate_ids: dict[int, int], actor_id: int
) -> None:
    for batch in _batches(region.sensitive, writer.batch_rows):
        rows = [
            {
                **SensitiveIn.model_validate(api_fields(data)).model_dump(),
                "candidate_id": candidate_ids[data["candidate_id"]],
                "updated_at": utcnow(),
                "updated_by": actor_id,
            }
            for data in batch
        ]
        writer.write(CandidateSensitive, rows)  # keyed by candidate_id: no id of its own


def main(argv: list[str] | None = None) -> None:
    """python -m seed.bulk --candidates N --workplaces M: load into PASSEND_DATABASE_URL (an
    empty, migrated database), write the demo keys file, print the report as JSON."""
    import argparse
    import json

    import app.models  # noqa: F401 - every table must be known before the flush
    from app.core.config import get_settings
    from app.core.db import get_engine
    from app.core.timeutil import today
    from seed.generate import generate_region
    from seed.load import write_demo_keys

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--candidates", type=int, required=True)
    parser.add_argument("--workplaces", type=int, required=True)
    parser.add_argument("--batch-rows", type=int, default=5000)
    parser.add_argument(
        "--region", default="haaglanden", choices=("haaglanden", "nl"),
        help="nl: every PC4 of the country, so all 35 labour-market regions",
    )  # fmt: skip
    args = parser.parse_args(argv)
    settings = get_settings()
    started = time.perf_counter()
    region = generate_region(
        args.candidates,
        args.workplaces,
        settings.demo_seed,
        region=args.region,
        reference_day=today(),
    )
    generate_s = time.perf_counter() - started
    report = bulk_load_region(get_engine(), region, batch_rows=args.batch_rows)
    write_demo_keys(report.keys, settings.demo_keys_file)
    print(
        json.dumps(
            {
                "rows": report.rows,
                "load_s": round(report.seconds, 2),
                "rows_per_s": round(report.rows_per_s),
                "method": report.method,
                "generate_s": round(generate_s, 2),
                "keys_file": str(settings.demo_keys_file),
            }
        )
    )


if __name__ == "__main__":
    main()
