"""The fairness and exposure report, built from per-candidate facts (pure, no database).

Per group of each dimension (age band, school type, regime, municipality, and monitoring
characteristics where recorded with consent) it counts the candidates who were suggested,
proposed in a run, accepted, placed, and still working at 6 and 12 months, and how often
they appeared in suggestions and runs (exposure). Shares are against the group's candidates;
ratios compare a group's share with the whole region's (1.0 = the same as everyone). Every
count under 10 is suppressed (``app.fairness.suppress``).
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.fairness.suppress import cell, complementary, ratio, share

COUNTS = (
    "candidates",
    "suggested",
    "proposed",
    "accepted",
    "placed",
    "known_6m",
    "working_6m",
    "known_12m",
    "working_12m",
    "exposure",
)
# share name → (numerator, denominator)
SHARES = {
    "suggested": ("suggested", "candidates"),
    "proposed": ("proposed", "candidates"),
    "accepted": ("accepted", "candidates"),
    "placed": ("placed", "candidates"),
    "working_6m": ("working_6m", "known_6m"),
    "working_12m": ("working_12m", "known_12m"),
    "exposure_per_candidate": ("exposure", "candidates"),
}


@dataclass(frozen=True)
class CandidateFacts:
    """What the report needs to know of one candidate."""

    candidate_id: int
    groups: dict[str, str]  # dimension → group, e.g. {"age_band": "18-20"}
    times_suggested: int = 0
    times_proposed: int = 0
    accepted: bool = False
    placed: bool = False
    working_6m: bool | None = None  # None: not known (yet)
    working_12m: bool | None = None


@dataclass
class GroupRow:
    dimension: str
    group: str
    counts: dict[str, int | None]
    shares: dict[str, float | None] = field(default_factory=dict)
    ratios: dict[str, float | None] = field(default_factory=dict)


@dataclass
class Report:
    region: GroupRow
    rows: list[GroupRow]


def _raw_counts(facts: Sequence[CandidateFacts]) -> dict[str, int]:
    counts = dict.fromkeys(COUNTS, 0)
    for f in facts:
        counts["candidates"] += 1
        counts["suggested"] += f.times_suggested > 0
        counts["proposed"] += f.times_proposed > 0
        counts["accepted"] += f.accepted
        counts["placed"] += f.placed
        counts["known_6m"] += f.working_6m is not None
        counts["working_6m"] += f.working_6m is True
        counts["known_12m"] += f.working_12m is not None
        counts["working_12m"] += f.working_12m is True
        counts["exposure"] += f.times_suggested + f.times_proposed
    return counts


def _shares(counts: dict[str, int | None]) -> dict[str, float | None]:
    return {name: share(counts[num], counts[den]) for name, (num, den) in SHARES.items()}


def build_report(facts: Sequence[CandidateFacts], dimensions: Sequence[str]) -> Report:
    """Rows per (dimension, group) with suppressed counts, shares and ratios to the region."""
    region_raw = _raw_counts(facts)
    region_counts = {k: cell(v) for k, v in region_raw.items()}
    region = GroupRow("region", "alle kandidaten", region_counts, _shares(region_counts))
    region.ratios = {k: None if v is None else 1.0 for k, v in region.shares.items()}
    rows: list[GroupRow] = []
    for dimension in dimensions:
        members: dict[str, list[CandidateFacts]] = defaultdict(list)
        for f in facts:
            group = f.groups.get(dimension)
            if group is not None:
                members[group].append(f)
        names = sorted(members)
        raw = [_raw_counts(members[g]) for g in names]
        published: list[dict[str, int | None]] = [{} for _ in names]
        for name in COUNTS:
            column = [r[name] for r in raw]
            cells = [cell(v) for v in column]
            # Groups of a dimension add up to the region only when every candidate has one.
            if sum(column) == region_raw[name] and region_counts[name] is not None:
                cells = complementary(cells, column)
            for i, value in enumerate(cells):
                published[i][name] = value
        for group, counts in zip(names, published, strict=True):
            shares = _shares(counts)
            ratios = {k: ratio(v, region.shares[k]) for k, v in shares.items()}
            rows.append(GroupRow(dimension, group, counts, shares, ratios))
    return Report(region=region, rows=rows)
