"""The region report (issue 13): placements per month, how long they last, and who is still in
work at 6 and 12 months, by place type and by instrument. Counts under 10 are suppressed (with
complementary suppression inside each breakdown); durations only for groups of 10 or more.
"""

import csv
import io
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from statistics import median
from typing import Any, NamedTuple

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.candidates.models import Candidate
from app.core.timeutil import today
from app.employers.models import Workplace
from app.fairness.facts import Scope
from app.fairness.schemas import ReportScope
from app.fairness.suppress import MIN_CELL, cell, share, suppressed_counts
from app.outcomes.schemas import RegionReportPublic, RegionRowOut, RegionSectionOut
from app.outcomes.service import recorded_outcomes, started_in
from app.placements.models import Placement
from app.placements.schedule import in_work_at
from app.placements.vocab import Outcome

COUNTS = ("started", "known_6m", "working_6m", "known_12m", "working_12m", "ended")
PLACE_TYPE_LABELS = {
    "regular": "Gewone baan",
    "lks": "Baan met loonkostensubsidie",
    "beschut": "Beschut werk",
    "participatieplek": "Participatieplek",
    "werkervaringsplek": "Werkervaringsplek",
    "leerwerkplek": "Leerwerkplek",
    "stage": "Stage",
    "proefplaatsing": "Proefplaatsing",
}
INSTRUMENT_LABELS = {
    "loondispensatie": "Loondispensatie (Wajong)",
    "loonkostensubsidie": "Loonkostensubsidie",
    "beschut": "Beschut werk",
    "jobcoach": "Jobcoach",
    "geen": "Geen instrument",
}
DAYS_PER_MONTH = 30.44


class Fact(NamedTuple):
    placement_id: int
    start: date
    ended: date | None
    outcome: str | None
    place_type: str
    regime: str
    with_jobcoach: bool


def _facts(session: Session, scope: Scope) -> list[Fact]:
    columns = [
        col(Placement.id), col(Placement.start_date), col(Placement.ended_on),
        col(Placement.outcome), col(Workplace.place_type), col(Candidate.regime),
        col(Placement.with_jobcoach),
    ]  # fmt: skip
    joined = sa_select(*columns).join(Workplace, col(Workplace.id) == col(Placement.workplace_id))
    statement = started_in(joined, scope)
    rows: list[tuple[Any, ...]] = [tuple(r) for r in session.connection().execute(statement)]
    return [Fact(*row) for row in rows]


def instruments(fact: Fact) -> list[str]:
    """The instruments a placement used, as far as the record shows (a placement can use
    several: loonkostensubsidie with a jobcoach)."""
    used = []
    if fact.place_type == "lks":
        used.append("loondispensatie" if fact.regime == "wajong" else "loonkostensubsidie")
    if fact.place_type == "beschut":
        used.append("beschut")
    if fact.with_jobcoach:
        used.append("jobcoach")
    return used or ["geen"]


def region_report(session: Session, scope: Scope) -> RegionReportPublic:
    on = today()
    facts = _facts(session, scope)
    recorded = recorded_outcomes(session)
    working = {
        (f.placement_id, months): in_work_at(
            months,
            start_date=f.start,
            ended_on=f.ended,
            outcome=Outcome(f.outcome) if f.outcome else None,
            recorded=None if (c := recorded.get((f.placement_id, months))) is None else c[0],
            today=on,
        )
        for f in facts
        for months in (6, 12)
    }
    sections = [
        _section("month", "Per maand van de start", facts, working, on,
                 lambda f: [f"{f.start:%Y-%m}"], {}),
        _section("place_type", "Per soort plek", facts, working, on,
                 lambda f: [f.place_type], PLACE_TYPE_LABELS),
        _section("instrument", "Per instrument", facts, working, on,
                 instruments, INSTRUMENT_LABELS, complementary=False),
    ]  # fmt: skip
    return RegionReportPublic(
        generated_on=on,
        scope=ReportScope(municipality=scope.municipality, since=scope.since, until=scope.until),
        min_cell=MIN_CELL,
        total=_total(facts, working, on),
        sections=sections,
    )


def _total(
    facts: list[Fact], working: dict[tuple[int, int], bool | None], on: date
) -> RegionRowOut:
    rows = _section("total", "Totaal", facts, working, on, lambda f: ["totaal"], {}).rows
    if rows:
        return rows[0]
    none: dict[str, int | None] = dict.fromkeys(COUNTS, None)  # nothing started: 0 < 10
    return RegionRowOut(
        group="totaal", label="totaal", counts=none, share_working_6m=None,
        share_working_12m=None, median_months=None,
    )  # fmt: skip


def _section(
    dimension: str,
    title: str,
    facts: list[Fact],
    working: dict[tuple[int, int], bool | None],
    on: date,
    groups_of: Callable[[Fact], list[str]],
    labels: dict[str, str],
    complementary: bool = True,
) -> RegionSectionOut:
    raw: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    months_in_work: dict[str, list[float]] = defaultdict(list)
    for fact in facts:
        for group in groups_of(fact):
            counts = raw[group]
            counts["started"] += 1
            counts["ended"] += fact.ended is not None
            for months in (6, 12):
                status = working[(fact.placement_id, months)]
                counts[f"known_{months}m"] += status is not None
                counts[f"working_{months}m"] += status is True
            end = fact.ended or on
            months_in_work[group].append(max(0, (end - fact.start).days) / DAYS_PER_MONTH)
    names = sorted(raw)
    published: list[dict[str, int | None]] = [{} for _ in names]
    for name in COUNTS:
        values = [raw[g][name] for g in names]
        cells = suppressed_counts(values) if complementary else [cell(v) for v in values]
        for i, value in enumerate(cells):
            published[i][name] = value
    rows = [
        RegionRowOut(
            group=g,
            label=labels.get(g, g),
            counts=published[i],
            share_working_6m=share(published[i]["working_6m"], published[i]["known_6m"]),
            share_working_12m=share(published[i]["working_12m"], published[i]["known_12m"]),
            median_months=(
                round(median(months_in_work[g]), 1) if published[i]["started"] is not None else None
            ),
        )
        for i, g in enumerate(names)
    ]
    return RegionSectionOut(dimension=dimension, title=title, rows=rows)


def to_csv(report: RegionReportPublic) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["dimension", "group", "label", *COUNTS, "share_working_6m",
                     "share_working_12m", "median_months"])  # fmt: skip
    for section in [None, *report.sections]:
        rows = [report.total] if section is None else section.rows
        for row in rows:
            values: list[Any] = [row.counts.get(c) for c in COUNTS]
            values += [row.share_working_6m, row.share_working_12m, row.median_months]
            writer.writerow([
                "total" if section is None else section.dimension, row.group, row.label,
                *("" if v is None else v for v in values),
            ])  # fmt: skip
    return out.getvalue()
