"""Bulk load of a generated region, for benchmarks at region size (bench/load.py).

`passend seed` loads through the services, one flush per row: right for the demo, but a
20,000 × 10,000 region would take many minutes. This loader validates every row with the same
schemas and maps it with the same helpers, creates the same demo accounts and keys, and writes
what the services would write (candidates with loonwaarde, consents with their decision rows,
sensitive data, employers, workplaces with tasks), but flushes a batch of rows at a time:
SQLAlchemy then sends one multi-row INSERT per batch (insertmanyvalues, psycopg on PostgreSQL).
It skips the per-row checks that only matter for input from outside (unique KvK number, known
account manager, consent conflicts): the generator's data passes them by construction.
"""

import secrets
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlmodel import Session, SQLModel

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
from seed.load import add_employer_key, create_demo_accounts

T = TypeVar("T")


@dataclass
class BulkReport:
    keys: dict[str, str]
    rows: int
    seconds: float

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


class _Writer:
    """Adds objects and flushes every ``batch_rows``; keeps the session's identity map small."""

    def __init__(self, session: Session, batch_rows: int) -> None:
        self.session, self.batch_rows, self.rows = session, batch_rows, 0

    def write(self, objects: list[Any]) -> None:
        self.session.add_all(objects)
        self.session.flush()
        self.rows += len(objects)

    def done(self) -> None:
        self.session.expunge_all()


def bulk_load_region(engine: Engine, region: Region, *, batch_rows: int = 2000) -> BulkReport:
    """Load ``region`` into an empty database; returns the demo keys and rows per second."""
    started = time.perf_counter()
    with Session(engine, expire_on_commit=False) as session:
        keys, acting, hunters = create_demo_accounts(session)
        writer = _Writer(session, batch_rows)
        employer_ids = _employers(writer, region, [h.id or 0 for h in hunters])
        add_employer_key(session, keys, employer_ids[region.employers[0]["id"]])
        _workplaces(writer, region, employer_ids)
        candidate_ids = _candidates(writer, region, employer_ids, [h.id or 0 for h in hunters])
        _consents(writer, region, candidate_ids, acting.account_id, str(acting.role))
        _sensitive(writer, region, candidate_ids, acting.account_id)
        session.commit()
        rows = writer.rows
    return BulkReport(keys=keys, rows=rows, seconds=time.perf_counter() - started)


def _employers(writer: _Writer, region: Region, hunters: list[int]) -> dict[int, int]:
    ids: dict[int, int] = {}
    indexed = list(enumerate(region.employers))
    for batch in _batches(indexed, writer.batch_rows):
        rows = []
        for index, data in batch:
            employer_in = EmployerCreate.model_validate(
                {**data, "account_manager_id": hunters[index % len(hunters)]}
            )
            rows.append(Employer(**employer_in.model_dump(), pc4=pc4_of(employer_in.postcode)))
        writer.write(rows)
        ids.update({data["id"]: row.id for (_, data), row in zip(batch, rows, strict=True)})
    writer.done()
    return ids


def _workplaces(writer: _Writer, region: Region, employer_ids: dict[int, int]) -> None:
    sectors = {e["id"]: e["sector"] for e in region.employers}
    for batch in _batches(region.workplaces, writer.batch_rows):
        rows = []
        for data in batch:
            workplace_in = WorkplaceCreate.model_validate(
                {**data, "employer_id": employer_ids[data["employer_id"]]}
            )
            values = workplace_in.model_dump(exclude={"tasks", "status"})
            values["sector"] = workplace_in.sector or sectors[data["employer_id"]]
            workplace = Workplace(
                **values,
                status=workplace_in.status or WorkplaceStatus.active,
                pc4=pc4_of(workplace_in.postcode),
            )
            workplace.tasks = [
                Task(**t.model_dump(), position=i) for i, t in enumerate(workplace_in.tasks)
            ]
            rows.append(workplace)
        writer.write(rows)
        writer.rows += sum(len(w.tasks) for w in rows)
        writer.done()


def _candidates(
    writer: _Writer, region: Region, employer_ids: dict[int, int], hunters: list[int]
) -> dict[int, int]:
    ids: dict[int, int] = {}
    pseudonyms: set[str] = set()
    indexed = list(enumerate(region.candidates))
    for batch in _batches(indexed, writer.batch_rows):
        rows = []
        for index, data in batch:
            internships = [
                {**i, "employer_id": employer_ids.get(i["employer_id"])}
                for i in data["internships"]
            ]
            candidate_in = CandidateCreate.model_validate(
                {**data, "internships": internships, "jobhunter_id": hunters[index % 3]}
            )
            candidate = Candidate(**_row_values(candidate_in), pseudonym=_pseudonym(pseudonyms))
            candidate.jobhunter_id = candidate_in.jobhunter_id
            candidate.loonwaarde = [
                LoonwaardeMeasurement(**m.model_dump()) for m in candidate_in.loonwaarde
            ]
            rows.append(candidate)
        writer.write(rows)
        writer.rows += sum(len(c.loonwaarde) for c in rows)
        ids.update({data["id"]: row.id for (_, data), row in zip(batch, rows, strict=True)})
        writer.done()
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
            Consent(**consent_in.model_dump(), candidate_id=candidate_id, recorded_by=actor_id)
            for candidate_id, consent_in in batch
        ]
        writer.write(consents)
        # What consent.give records next to each consent (app/audit/decisions.record).
        writer.write(
            [
                Decision(
                    actor_id=actor_id,
                    actor_role=role,
                    action="consent:given",
                    candidate_id=c.candidate_id,
                    note=consent_in.note,
                    detail={
                        "consent_id": c.id,
                        "purpose": c.purpose,
                        "employer_id": c.employer_id,
                        "given_on": c.given_on.isoformat(),
                        "guardian_consent": c.guardian_consent,
                    },
                )
                for c, (_, consent_in) in zip(consents, batch, strict=True)
            ]
        )
        writer.done()


def _sensitive(
    writer: _Writer, region: Region, candidate_ids: dict[int, int], actor_id: int
) -> None:
    for batch in _batches(region.sensitive, writer.batch_rows):
        rows: list[SQLModel] = []
        for data in batch:
            values = SensitiveIn.model_validate(data).model_dump()
            rows.append(
                CandidateSensitive(
                    candidate_id=candidate_ids[data["candidate_id"]],
                    **values,
                    updated_at=utcnow(),
                    updated_by=actor_id,
                )
            )
        writer.write(rows)
        writer.done()


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
    parser.add_argument("--batch-rows", type=int, default=2000)
    args = parser.parse_args(argv)
    settings = get_settings()
    started = time.perf_counter()
    region = generate_region(
        args.candidates, args.workplaces, settings.demo_seed, reference_day=today()
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
                "generate_s": round(generate_s, 2),
                "keys_file": str(settings.demo_keys_file),
            }
        )
    )


if __name__ == "__main__":
    main()
