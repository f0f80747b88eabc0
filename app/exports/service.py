"""What a region takes out: a run's proposals, placements with outcomes, follow-ups due.

Each export names candidates by internal id and pseudonym only (never names or contact
details: a file travels further than a screen), and every candidate in it is written to the
access log, as for any other read. Rows come from the same queries and public schemas as
the API lists, so an export and a list can never disagree.
"""

from sqlmodel import Session, col, select

from app.audit import service as audit
from app.candidates.models import Candidate
from app.core.errors import Invalid
from app.core.pagination import PageParams
from app.core.security import Principal
from app.employers.models import Employer, Workplace
from app.exports.formats import MAX_ROWS, Cell
from app.matches import service as matches
from app.placements import followups
from app.placements import service as placements
from app.placements.service import PlacementFilters

Table = tuple[list[str], list[list[Cell]]]
ALL = PageParams(limit=MAX_ROWS + 1, offset=0, sort=None)


def _too_many(total: int) -> None:
    if total > MAX_ROWS:
        raise Invalid(
            f"More than {MAX_ROWS} rows: narrow the export with a filter.",
            fields={"limit": f"at most {MAX_ROWS} rows"},
        )


def _pseudonyms(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    statement = select(Candidate.id, Candidate.pseudonym).where(col(Candidate.id).in_(ids))
    return {int(i or 0): p for i, p in session.exec(statement).all()}


def _places(session: Session, ids: set[int]) -> dict[int, tuple[Workplace, Employer]]:
    if not ids:
        return {}
    statement = (
        select(Workplace, Employer)
        .join(Employer, col(Employer.id) == col(Workplace.employer_id))
        .where(col(Workplace.id).in_(ids))
    )
    return {w.id or 0: (w, e) for w, e in session.exec(statement).all()}


def proposals(session: Session, principal: Principal, *, run_id: int) -> Table:
    rows, total = matches.list_proposals(
        session, principal, run_id=run_id, status=None, page=ALL, action="export_proposals"
    )
    _too_many(total)
    names = _pseudonyms(session, {p.candidate_id for p in rows})
    places = _places(session, {p.workplace_id for p in rows})
    header = [
        "voorstel_id", "run_id", "kandidaat_id", "pseudoniem", "werkplek_id", "werkplek",
        "werkgever", "score", "vastgepind", "status", "beoordeeld_op", "reden", "notitie",
    ]  # fmt: skip
    table: list[list[Cell]] = [
        [
            p.id,
            p.run_id,
            p.candidate_id,
            names.get(p.candidate_id),
            p.workplace_id,
            places[p.workplace_id][0].title if p.workplace_id in places else None,
            places[p.workplace_id][1].name if p.workplace_id in places else None,
            round(p.score, 4),
            p.pinned,
            p.status,
            p.reviewed_at,
            p.reason,
            p.note,
        ]
        for p in sorted(rows, key=lambda p: (p.rank, p.id or 0))
    ]
    return header, table


def placement_rows(session: Session, principal: Principal, *, filters: PlacementFilters) -> Table:
    rows, total = placements.list_(session, filters=filters, page=ALL)
    _too_many(total)
    audit.record_reads(
        session, principal, [p.candidate_id for p in rows], purpose="case_management",
        action="export_placements",
    )  # fmt: skip
    names = _pseudonyms(session, {p.candidate_id for p in rows})
    places = _places(session, {p.workplace_id for p in rows})
    header = [
        "plaatsing_id", "kandidaat_id", "pseudoniem", "werkplek_id", "werkplek", "werkgever",
        "soort_plek", "fase", "start", "einde_contract", "beeindigd_op", "uitkomst",
        "reden_uitval", "uren_per_week", "loonwaarde_pct", "jobcoach", "werkt_na_6_maanden",
        "werkt_na_12_maanden",
    ]  # fmt: skip
    table: list[list[Cell]] = []
    for p in placements.to_public_many(session, rows):
        place, employer = places.get(p.workplace_id, (None, None))
        table.append(
            [
                p.id,
                p.candidate_id,
                names.get(p.candidate_id),
                p.workplace_id,
                place.title if place else None,
                employer.name if employer else None,
                place.place_type if place else None,
                p.state,
                p.start_date,
                p.end_date,
                p.ended_on,
                p.outcome,
                p.dropout_reason,
                p.hours_per_week,
                p.loonwaarde_pct,
                p.with_jobcoach,
                p.in_work_at_6_months,
                p.in_work_at_12_months,
            ]
        )
    return header, table


def follow_up_rows(
    session: Session, principal: Principal, *, jobhunter_id: int | None, include_done: bool
) -> Table:
    rows, total = followups.list_due(
        session, principal=principal, due_before=None, jobhunter_id=jobhunter_id,
        include_done=include_done, page=ALL, action="export_follow_ups",
    )  # fmt: skip
    _too_many(total)
    names = _pseudonyms(session, {f.candidate_id for f in rows})
    header = [
        "opvolging_id", "plaatsing_id", "kandidaat_id", "pseudoniem", "wat", "met_wie",
        "maand", "uiterlijk", "status", "gedaan_op", "werkt_nog", "notitie",
    ]  # fmt: skip
    table: list[list[Cell]] = [
        [
            f.id,
            f.placement_id,
            f.candidate_id,
            names.get(f.candidate_id),
            f.label,
            f.with_whom,
            f.month,
            f.due_on,
            f.status,
            f.done_at,
            f.still_in_work,
            f.note,
        ]
        for f in (followups.to_public(row) for row in rows)
    ]
    return header, table
