"""Geometry for the per-factor bar chart (inline SVG) and Dutch factor names."""

from dataclasses import dataclass

from app.matches.schemas import FactorPartOut

FACTOR_LABELS = {
    "stimulus": "Prikkels",
    "structure": "Structuur",
    "supervision": "Begeleiding",
    "time_pressure": "Tijdsdruk",
    "customer_contact": "Klantcontact",
    "physical": "Lichamelijk",
    "skill": "Moeilijkheid",
    "travel": "Reistijd",
    "hours": "Uren",
    "interests": "Interesses",
    "sustainability": "Duurzaamheid",
}
LABEL_WIDTH = 120
BAR_WIDTH = 260
ROW_HEIGHT = 22


@dataclass(frozen=True)
class Bar:
    label: str
    fit_pct: int
    weight_pct: int
    contribution: float
    y: int
    width: int


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    bar_x: int
    summary: str


def bar_chart(breakdown: list[FactorPartOut]) -> Chart:
    bars = [
        Bar(
            label=FACTOR_LABELS.get(part.factor, part.factor),
            fit_pct=round(max(0.0, min(1.0, part.raw)) * 100),
            weight_pct=round(part.weight * 100),
            contribution=round(part.contribution, 3),
            y=i * ROW_HEIGHT,
            width=round(max(0.0, min(1.0, part.raw)) * BAR_WIDTH),
        )
        for i, part in enumerate(breakdown)
    ]
    best = sorted(bars, key=lambda b: -b.fit_pct)
    summary = "Beste factoren: " + ", ".join(f"{b.label} {b.fit_pct}%" for b in best[:3])
    if best:
        summary += f". Zwakste: {best[-1].label} {best[-1].fit_pct}%."
    return Chart(
        bars=bars,
        width=LABEL_WIDTH + BAR_WIDTH + 50,
        height=max(len(bars), 1) * ROW_HEIGHT,
        bar_x=LABEL_WIDTH,
        summary=summary,
    )
