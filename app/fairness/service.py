"""The fairness and exposure report: facts → suppressed report, never-proposed list, CSV."""

import csv
import io
from collections import Counter
from datetime import timedelta

from sqlmodel import Session

from app.audit import service as audit
from app.core.config import get_settings
from app.core.security import Principal
from app.core.timeutil import today
from app.fairness import exposure
from app.fairness.facts import DIMENSIONS, CandidateRow, Scope, load
from app.fairness.report import COUNTS, SHARES, GroupRow, build_report
from app.fairness.schemas import (
    FairnessReportPublic,
    GroupRowOut,
    NeverProposed,
    NeverProposedCandidate,
    NeverProposedReason,
    ReportScope,
)
from app.fairness.suppress import MIN_CELL, suppressed_counts
from app.placements.policy import aftercare_policy

ATTENTION_SHOWN = 50
NO_CONSENT = "Geen toestemming voor matching"
NOT_READY = "Niet bemiddelbaar"
STALE = "Bemiddelbaarheid niet recent bevestigd"
BUSY = "Heeft al een lopende plaatsing"
UNCHOSEN = "Beschikbaar, maar in geen enkele match-run voorgesteld"


def fairness_report(session: Session, scope: Scope) -> FairnessReportPublic:
    exposure.flush()  # this process's counts so far; other processes flush on their own
    on = scope.until or today()
    facts, candidates, extra, matching, busy = load(session, scope, on)
    report = build_report(facts, [*DIMENSIONS, *extra])
    proposed = {f.candidate_id for f in facts if f.times_proposed > 0}
    suggested = {f.candidate_id: f.times_suggested for f in facts}
    never = [c for c in candidates if c.id not in proposed]
    reasons = [_reason(c, matching, busy, on) for c in never]
    tally = Counter(reasons)
    names = [NO_CONSENT, NOT_READY, STALE, BUSY, UNCHOSEN]
    counts = suppressed_counts(tally.get(n, 0) for n in names)
    attention = sorted(
        (c for c, r in zip(never, reasons, strict=True) if r == UNCHOSEN),
        key=lambda c: (c.created_at, c.id),
    )
    return FairnessReportPublic(
        generated_on=today(),
        scope=ReportScope(municipality=scope.municipality, since=scope.since, until=scope.until),
        min_cell=MIN_CELL,
        hard_to_place_min_proposals=aftercare_policy(
            session, scope.municipality
        ).hard_to_place_min_proposals,
        region=_out(report.region),
        rows=[_out(r) for r in report.rows],
        never_proposed=NeverProposed(
            reasons=[
                NeverProposedReason(reason=n, count=c) for n, c in zip(names, counts, strict=True)
            ],
            attention_total=len(attention),
            attention=[
                NeverProposedCandidate(
                    candidate_id=c.id,
                    pseudonym=c.pseudonym,
                    municipality=c.municipality,
                    age_band=c.age_band,
                    times_suggested=suggested.get(c.id, 0),
                )
                for c in attention[:ATTENTION_SHOWN]
            ],
        ),
    )


def _reason(candidate: CandidateRow, matching: set[int], busy: set[int], on: object) -> str:
    if candidate.id not in matching:
        return NO_CONSENT
    if candidate.id in busy:
        return BUSY
    if candidate.readiness != "ready":
        return NOT_READY
    max_age = timedelta(days=get_settings().readiness_max_age_days)
    if candidate.readiness_confirmed_on < today() - max_age:
        return STALE
    return UNCHOSEN


def _out(row: GroupRow) -> GroupRowOut:
    return GroupRowOut(
        dimension=row.dimension,
        group=row.group,
        counts=row.counts,
        shares=row.shares,
        ratios=row.ratios,
    )


def to_csv(report: FairnessReportPublic) -> str:
    """One line per group (the region first); suppressed cells are empty."""
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["dimension", "group", *COUNTS]
    header += [f"share_{s}" for s in SHARES] + [f"ratio_{s}" for s in SHARES]
    writer.writerow(header)
    for row in [report.region, *report.rows]:
        writer.writerow(
            [row.dimension, row.group]
            + [_blank(row.counts.get(c)) for c in COUNTS]
            + [_blank(row.shares.get(s)) for s in SHARES]
            + [_blank(row.ratios.get(s)) for s in SHARES]
        )
    return out.getvalue()


def _blank(value: object) -> str:
    return "" if value is None else str(value)


def fairness_report_public(
    session: Session, *, principal: Principal, scope: Scope, action: str = "fairness_report"
) -> FairnessReportPublic:
    """The report; the candidates it names (never proposed, needing attention) are logged."""
    report = fairness_report(session, scope)
    ids = [c.candidate_id for c in report.never_proposed.attention]
    audit.record_reads(session, principal, ids, purpose="monitoring", action=action)
    return report
