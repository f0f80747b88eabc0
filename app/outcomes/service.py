"""Outcomes of placements per municipality and period (DOMAIN §7): still in work at 6 and 12
months in the same or another job, ended, dropped out and why. Counts under 10 suppressed."""

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.candidates.models import Candidate
from app.core.timeutil import today
from app.fairness.facts import Scope
from app.fairness.schemas import ReportScope
from app.fairness.suppress import MIN_CELL, cell, share, suppressed_counts
from app.outcomes.schemas import DropoutReasonOut, OutcomeRowOut, OutcomesReportPublic
from app.placements.models import FollowUp, Placement
from app.placements.schedule import in_work_at
from app.placements.vocab import OUTCOME_CHECKS, DropoutReason, FollowUpKind, Outcome

# Any row shape: the caller picks the columns, this adds the join and the period.
AnySelect = TypeVar("AnySelect", bound=Select[*tuple[Any, ...]])
COUNTS = (
    "started", "known_6m", "working_6m", "other_job_6m", "known_12m", "working_12m",
    "other_job_12m", "ended", "dropout",
)  # fmt: skip
SHARES = {"working_6m": ("working_6m", "known_6m"), "working_12m": ("working_12m", "known_12m")}
TOTAL = "totaal"
DROPOUT_LABELS = {
    DropoutReason.private_situation_unstable: "Privésituatie niet stabiel",
    DropoutReason.lacking_employee_skills: "Werknemersvaardigheden ontbreken",
    DropoutReason.poor_fit_over_demand: "Werk te zwaar (overvraging)",
    DropoutReason.poor_fit_under_demand: "Werk te licht (ondervraging)",
    DropoutReason.employer_finances_or_contract_policy: "Financiën of contractbeleid werkgever",
    DropoutReason.too_little_support: "Te weinig begeleiding of monitoring",
    DropoutReason.no_room_to_develop: "Geen ruimte om te groeien",
    DropoutReason.other: "Anders",
}


def started_in(statement: AnySelect, scope: Scope) -> AnySelect:
    """Placements (joined to their candidate) that started in the scope's period and place."""
    statement = statement.join(Candidate, col(Candidate.id) == col(Placement.candidate_id))
    statement = statement.where(col(Placement.start_date).is_not(None))
    if scope.municipality:
        statement = statement.where(col(Candidate.municipality) == scope.municipality)
    if scope.since:
        statement = statement.where(col(Placement.start_date) >= scope.since)
    if scope.until:
        statement = statement.where(col(Placement.start_date) < scope.until + timedelta(days=1))
    return statement


def outcomes_report(session: Session, scope: Scope) -> OutcomesReportPublic:
    recorded = recorded_outcomes(session)
    columns = [
        col(Placement.id), col(Placement.start_date), col(Placement.ended_on),
        col(Placement.outcome), col(Placement.dropout_reason), col(Candidate.municipality),
    ]  # fmt: skip
    statement = started_in(sa_select(*columns), scope)
    raw: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    reasons: dict[str, int] = defaultdict(int)
    on = today()
    rows: list[tuple[Any, ...]] = [tuple(r) for r in session.connection().execute(statement)]
    for pid, start, ended, outcome, reason, municipality in rows:
        counts = raw[municipality]
        counts["started"] += 1
        counts["ended"] += ended is not None
        counts["dropout"] += outcome == Outcome.dropout
        if reason:
            reasons[reason] += 1
        how = Outcome(outcome) if outcome else None
        for months in (6, 12):
            check = recorded.get((pid, months))
            working = in_work_at(
                months,
                start_date=start,
                ended_on=ended,
                outcome=how,
                recorded=None if check is None else check[0],
                today=on,
            )
            counts[f"known_{months}m"] += working is not None
            counts[f"working_{months}m"] += working is True
            other = how == Outcome.moved_to_other_job or (check is not None and check[1] is False)
            counts[f"other_job_{months}m"] += bool(working) and other
    names = sorted(raw)
    total_raw = {k: sum(raw[m][k] for m in names) for k in COUNTS}
    published = _columns([raw[m] for m in names])
    total = _row(TOTAL, {k: cell(v) for k, v in total_raw.items()})
    ordered = list(DropoutReason)
    reason_counts = suppressed_counts(reasons.get(r, 0) for r in ordered)
    return OutcomesReportPublic(
        generated_on=on,
        scope=ReportScope(municipality=scope.municipality, since=scope.since, until=scope.until),
        min_cell=MIN_CELL,
        total=total,
        rows=[_row(m, c) for m, c in zip(names, published, strict=True)],
        dropout_reasons=[
            DropoutReasonOut(reason=r, label=DROPOUT_LABELS[r], count=c)
            for r, c in zip(ordered, reason_counts, strict=True)
        ],
    )


def recorded_outcomes(session: Session) -> dict[tuple[int, int], tuple[bool, bool | None]]:
    """(placement id, months) → (still in work, same job) from done outcome checks."""
    statement = select(FollowUp).where(
        col(FollowUp.kind).in_(list(OUTCOME_CHECKS)), FollowUp.status == "done"
    )
    return {
        (f.placement_id, OUTCOME_CHECKS[FollowUpKind(f.kind)]): (bool(f.still_in_work), f.same_job)
        for f in session.exec(statement).all()
    }


def _columns(groups: Sequence[dict[str, int]]) -> list[dict[str, int | None]]:
    published: list[dict[str, int | None]] = [{} for _ in groups]
    for name in COUNTS:
        for i, value in enumerate(suppressed_counts(g[name] for g in groups)):
            published[i][name] = value
    return published


def _row(municipality: str, counts: dict[str, int | None]) -> OutcomeRowOut:
    shares = {k: share(counts[n], counts[d]) for k, (n, d) in SHARES.items()}
    return OutcomeRowOut(municipality=municipality, counts=counts, shares=shares)


def to_csv(report: OutcomesReportPublic) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["municipality", *COUNTS, *(f"share_{s}" for s in SHARES)])
    for row in [report.total, *report.rows]:
        values = [row.counts.get(c) for c in COUNTS] + [row.shares.get(s) for s in SHARES]
        writer.writerow([row.municipality, *("" if v is None else v for v in values)])
    writer.writerow([])
    writer.writerow(["dropout_reason", "label", "count"])
    for reason in report.dropout_reasons:
        writer.writerow([reason.reason, reason.label, "" if reason.count is None else reason.count])
    return out.getvalue()
