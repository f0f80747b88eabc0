"""Geometry for the report charts (inline SVG): a group's ratio against the region, and a
weight profile beside a proposal. Every chart has a text summary and a table beside it."""

from dataclasses import dataclass

from app.fairness.schemas import GroupRowOut

LABEL_WIDTH = 170
BAR_WIDTH = 260
ROW_HEIGHT = 22
RATIO_MAX = 2.0  # bars are drawn up to twice the region's share; the table has the number


@dataclass(frozen=True)
class RatioBar:
    label: str
    ratio: float | None
    y: int
    width: int
    below: bool  # noticeably below the region (< 0.8): drawn in red


@dataclass(frozen=True)
class RatioChart:
    title: str
    bars: list[RatioBar]
    width: int
    height: int
    bar_x: int
    region_x: int
    summary: str


def ratio_chart(title: str, rows: list[GroupRowOut], measure: str) -> RatioChart:
    """One bar per group: its share of ``measure`` divided by the region's (1 = the same)."""
    bars = []
    for i, row in enumerate(rows):
        value = row.ratios.get(measure)
        width = 0 if value is None else round(min(value, RATIO_MAX) / RATIO_MAX * BAR_WIDTH)
        bars.append(RatioBar(row.group, value, i * ROW_HEIGHT, width, (value or 1.0) < 0.8))
    low = [f"{b.label} ({b.ratio:.2f})" for b in bars if b.ratio is not None and b.below]
    hidden = sum(b.ratio is None for b in bars)
    summary = (
        f"Onder het regiogemiddelde: {', '.join(low)}."
        if low
        else "Geen groep duidelijk onder het regiogemiddelde."
    )
    if hidden:
        summary += f" {hidden} groep(en) te klein om te tonen."
    return RatioChart(
        title=title,
        bars=bars,
        width=LABEL_WIDTH + BAR_WIDTH + 60,
        height=max(len(bars), 1) * ROW_HEIGHT,
        bar_x=LABEL_WIDTH,
        region_x=LABEL_WIDTH + round(BAR_WIDTH / RATIO_MAX),
        summary=summary,
    )


@dataclass(frozen=True)
class WeightBar:
    label: str
    current_width: int
    proposed_width: int
    y: int


@dataclass(frozen=True)
class WeightChart:
    bars: list[WeightBar]
    width: int
    height: int
    bar_x: int
    summary: str


def weight_chart(factors: list[tuple[str, float, float]]) -> WeightChart:
    """Two bars per factor: the current weight (grey) and the proposed weight (blue)."""
    top = max([max(c, p) for _, c, p in factors] + [0.01])
    bars = [
        WeightBar(
            label,
            round(current / top * BAR_WIDTH),
            round(proposed / top * BAR_WIDTH),
            i * ROW_HEIGHT * 2,
        )
        for i, (label, current, proposed) in enumerate(factors)
    ]
    ranked = sorted(factors, key=lambda f: f[2] - f[1])
    summary = (
        f"Grootste stijging: {ranked[-1][0]}; grootste daling: {ranked[0][0]}." if ranked else ""
    )
    return WeightChart(
        bars=bars,
        width=LABEL_WIDTH + BAR_WIDTH + 20,
        height=max(len(bars), 1) * ROW_HEIGHT * 2,
        bar_x=LABEL_WIDTH,
        summary=summary,
    )


@dataclass(frozen=True)
class CountBar:
    label: str
    count: int | None  # None: fewer than 10, not shown
    y: int
    width: int


@dataclass(frozen=True)
class CountChart:
    title: str
    bars: list[CountBar]
    width: int
    height: int
    bar_x: int
    summary: str


def count_chart(title: str, rows: list[tuple[str, int | None]]) -> CountChart:
    """One bar per row, scaled to the largest published count; suppressed rows say "< 10"."""
    top = max([c for _, c in rows if c is not None] + [1])
    bars = [
        CountBar(
            label, count, i * ROW_HEIGHT, 0 if count is None else round(count / top * BAR_WIDTH)
        )
        for i, (label, count) in enumerate(rows)
    ]
    shown = [b for b in bars if b.count is not None]
    if shown:
        best = max(shown, key=lambda b: b.count or 0)
        summary = f"Het meeste in {best.label} ({best.count})."
    else:
        summary = "Alle aantallen zijn kleiner dan 10 en worden niet getoond."
    hidden = len(bars) - len(shown)
    if shown and hidden:
        summary += f" {hidden} keer minder dan 10, niet getoond."
    return CountChart(
        title=title,
        bars=bars,
        width=LABEL_WIDTH + BAR_WIDTH + 60,
        height=max(len(bars), 1) * ROW_HEIGHT,
        bar_x=LABEL_WIDTH,
        summary=summary,
    )
