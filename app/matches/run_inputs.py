"""A match run's inputs read as plain rows: the columns the engine uses, no ORM objects.

Loading a 5,000 × 4,500 run as ORM objects (``select(Candidate)`` with its loonwaarde series,
``select(Workplace)`` with employer and tasks) took 1.7 s, most of it building and
instrumenting about 28,000 objects whose other fields the run never reads; every one of
them then also sat in the session's identity map for the rest of the run. Here each table is
read once with only the needed columns, and the profiles are built by the same
``candidate_profile`` / ``workplace_profile`` as everywhere else, so they are equal to what
``candidate_from_row`` / ``workplace_from_row`` give for the same rows (a test compares them).
"""

from collections import defaultdict
from typing import Any

from sqlalchemy import Select, select
from sqlmodel import Session

from app.candidates.models import Candidate, LoonwaardeMeasurement
from app.employers.models import Employer, Task, Workplace
from app.imports.bulk import among
from app.matches.convert import (
    AVAILABILITY_FIELDS,
    CANDIDATE_FIELDS,
    TASK_FIELDS,
    WORKPLACE_FIELDS,
    candidate_profile,
    internship_employer_ids,
    workplace_profile,
)
from matching import CandidateProfile, WorkplaceProfile

_EMPLOYER_FIELDS = ("willingness", "experience_with_target_group", "contract_policy_max_months")


def candidate_select() -> Select[Any]:
    """``select`` of the candidate columns a run needs (add the run's filters to it)."""
    table = Candidate.__table__  # type: ignore[attr-defined]
    names = ("id", "postcode", "pc4", "internships", *CANDIDATE_FIELDS, *AVAILABILITY_FIELDS)
    return select(*(table.c[name] for name in names))


def workplace_select() -> Select[Any]:
    """``select`` of the workplace columns a run needs, with its employer's (add filters)."""
    table = Workplace.__table__  # type: ignore[attr-defined]
    employer = Employer.__table__  # type: ignore[attr-defined]
    columns = [table.c[n] for n in ("id", "postcode", *WORKPLACE_FIELDS)]
    columns += [employer.c[n].label(f"employer__{n}") for n in _EMPLOYER_FIELDS]
    return select(*columns).join_from(table, employer, table.c.employer_id == employer.c.id)


def candidate_profiles(session: Session, rows: list[Any]) -> list[CandidateProfile]:
    """Profiles of candidate rows from :func:`candidate_select`, in their order."""
    ids = [row.id for row in rows]
    latest: dict[int, tuple[Any, int, float]] = {}
    if ids:
        lw = LoonwaardeMeasurement.__table__  # type: ignore[attr-defined]
        series = select(lw.c.candidate_id, lw.c.measured_on, lw.c.id, lw.c.loonwaarde_pct)
        series = series.where(among(session, lw.c.candidate_id, ids))
        for cand_id, measured_on, row_id, pct in session.connection().execute(series):
            key = (measured_on, row_id or 0, pct)
            if cand_id not in latest or key[:2] > latest[cand_id][:2]:
                latest[cand_id] = key  # the newest measurement, as latest_loonwaarde_pct
    return [
        candidate_profile(
            row._mapping,
            candidate_id=row.id,
            loonwaarde_pct=latest[row.id][2] if row.id in latest else None,
            internship_employer_ids=internship_employer_ids(row.internships),
        )
        for row in rows
    ]


def workplace_profiles(session: Session, rows: list[Any]) -> list[WorkplaceProfile]:
    """Profiles of workplace rows from :func:`workplace_select`, in their order."""
    ids = [row.id for row in rows]
    tasks: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if ids:
        table = Task.__table__  # type: ignore[attr-defined]
        statement = (
            select(table.c.workplace_id, *(table.c[n] for n in TASK_FIELDS))
            .where(among(session, table.c.workplace_id, ids))
            .order_by(table.c.workplace_id, table.c.position, table.c.id)
        )
        for task in session.connection().execute(statement):
            tasks[task.workplace_id].append(dict(task._mapping))
    out = []
    for row in rows:
        values = dict(row._mapping)
        values["tasks"] = tasks.get(row.id, [])
        employer = {n: values[f"employer__{n}"] for n in _EMPLOYER_FIELDS}
        out.append(workplace_profile(values, workplace_id=row.id, employer=employer))
    return out
