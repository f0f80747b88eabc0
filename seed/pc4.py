"""The PC4 centroid table shipped with the seed data (GeoNames, CC BY 4.0)."""

import csv
from functools import lru_cache
from pathlib import Path

from seed.vocab import HAAGLANDEN

PC4_FILE = Path(__file__).resolve().parent / "data" / "pc4.csv"


@lru_cache
def load_pc4() -> dict[str, tuple[str, float, float]]:
    """pc4 → (place, lat, lon)."""
    with PC4_FILE.open(encoding="utf-8") as fh:
        return {
            r["pc4"]: (r["place"], float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)
        }


def region_pc4s(region: str) -> list[tuple[str, str]]:
    """(pc4, municipality) pairs of a region, repeated by rough population weight."""
    table = load_pc4()
    if region == "nl":  # every PC4 once, with its municipality (docs/decisions/185)
        from app.policy.regions import pc4_areas

        areas = pc4_areas()
        return [(pc4, areas[pc4].municipality) for pc4 in sorted(table)]
    out: list[tuple[str, str]] = []
    for municipality, low, high, weight in HAAGLANDEN:
        codes = [str(c) for c in range(low, high + 1) if str(c) in table]
        repeat = max(1, round(weight * 60 / max(1, len(codes))))
        out.extend((code, municipality) for code in codes for _ in range(repeat))
    return out
