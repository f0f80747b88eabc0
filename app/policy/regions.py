"""The 35 labour-market regions: municipality → region (``regions.csv``) and PC4 → region.

``regions.csv`` lists every municipality of the 2026 division once, with its labour-market
region (arbeidsmarktregio), its province and the places in it that the PC4 table names (the
municipality itself when it is a place, else its seat and main towns). Transcribed from the
CBS/UWV publication "Arbeidsmarktregio's" (CBS Gebieden in Nederland, CC BY 4.0); see the
README's data credits and docs/decisions/185.

A PC4 area names a place, not a municipality. ``pc4_areas`` derives PC4 → municipality:
a place listed for a municipality of the same province is that municipality ("place");
any other place goes to the nearest listed place of its province ("nearest"). ``coverage``
reports both shares; ``python -m app.policy.regions`` prints them.
"""

import csv
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils
from sqlalchemy import func

from app.core.errors import Invalid
from app.core.geo import pc4_table

REGIONS_FILE = Path(__file__).parent / "regions.csv"
# Names people use for a municipality whose official name differs.
ALIASES = {
    "Den Haag": "'s-Gravenhage",
    "Hengelo (O)": "Hengelo",
    "Nuenen": "Nuenen, Gerwen en Nederwetten",
}
# The PC4 table (GeoNames) names provinces in English.
PROVINCES = {
    "North Holland": "Noord-Holland",
    "South Holland": "Zuid-Holland",
    "North Brabant": "Noord-Brabant",
    "Guelders": "Gelderland",
}


@dataclass(frozen=True)
class Municipality:
    name: str
    region: str
    province: str
    places: tuple[str, ...]


@dataclass(frozen=True)
class Pc4Region:
    pc4: str
    municipality: str
    region: str
    how: str  # "place" (a listed place of the municipality) or "nearest" (nearest listed place)


@cache
def municipalities() -> dict[str, Municipality]:
    with REGIONS_FILE.open(encoding="utf-8") as handle:
        rows = [
            Municipality(
                row["municipality"],
                row["region"],
                row["province"],
                tuple(p.strip() for p in row["places"].split(";") if p.strip()),
            )
            for row in csv.DictReader(handle)
        ]
    return {m.name: m for m in rows}


@cache
def _by_folded_name() -> dict[str, str]:
    names = {m.casefold(): m for m in municipalities()}
    names.update({alias.casefold(): name for alias, name in ALIASES.items()})
    return names


def canonical_municipality(name: str | None) -> str | None:
    """The table's spelling of a municipality typed in any case or by a known alias ("delft",
    "Den Haag" → "Delft", "'s-Gravenhage"); None for a name not in the table."""
    return _by_folded_name().get(" ".join((name or "").split()).casefold())


def same_municipality(model: Any, name: str) -> Any:
    """SQL condition: the row's municipality is ``name`` in any case or spelling the table
    knows (rows stored before names were made canonical may differ in case)."""
    wanted = canonical_municipality(name) or name
    return func.lower(model.municipality) == wanted.lower()


def similar_municipalities(name: str, limit: int = 3) -> list[str]:
    """The table's names closest to a misspelt one, best first (for an error message)."""
    found = process.extract(
        name, list(municipalities()), scorer=fuzz.WRatio, processor=utils.default_process,
        limit=limit, score_cutoff=80,
    )  # fmt: skip
    return [match for match, _score, _index in found]


def unknown_municipality(name: str) -> str:
    """Why ``name`` is refused, with the closest names of the table when there are any."""
    similar = similar_municipalities(name)
    hint = f"; did you mean {', '.join(similar)}?" if similar else ""
    return (
        f"unknown municipality {name!r} (not one of the {len(municipalities())} in the table){hint}"
    )


def known_municipality(name: str, field: str = "municipality") -> str:
    """The table's spelling of ``name``, or a 422 naming ``field`` and the closest names."""
    found = canonical_municipality(name)
    if found is None:
        raise Invalid("Unknown municipality.", fields={field: unknown_municipality(name)})
    return found


def region_names() -> list[str]:
    return sorted({m.region for m in municipalities().values()})


def municipality_region(name: str | None) -> str | None:
    found = municipalities().get(ALIASES.get(name or "", name or ""))
    return found.region if found else None


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular: good to well under 1 % over the Netherlands."""
    x = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 6371.0 * math.hypot(x, math.radians(b[0] - a[0]))


@cache
def pc4_areas() -> dict[str, Pc4Region]:
    """Every PC4 of the table → its municipality and region (see the module docstring)."""
    table = pc4_table()
    owner: dict[tuple[str, str], str] = {}  # (province, place) → municipality
    for m in municipalities().values():
        for place in m.places:
            owner[(m.province, place)] = m.name
    # Centre of each listed place: the mean of its PC4 centroids.
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for area in table.values():
        key = (PROVINCES.get(area.province, area.province), area.place)
        if key in owner:
            points[key].append((area.lat, area.lon))
    centres: dict[str, list[tuple[tuple[float, float], str]]] = defaultdict(list)
    for (province, place), coords in points.items():
        lat = sum(c[0] for c in coords) / len(coords)
        lon = sum(c[1] for c in coords) / len(coords)
        centres[province].append(((lat, lon), owner[(province, place)]))
    everywhere = [c for group in centres.values() for c in group]
    out: dict[str, Pc4Region] = {}
    for code, area in table.items():
        province = PROVINCES.get(area.province, area.province)
        name = owner.get((province, area.place))
        how = "place"
        if name is None:
            here = (area.lat, area.lon)
            name = min(centres.get(province) or everywhere, key=lambda c: _distance_km(here, c[0]))[
                1
            ]
            how = "nearest"
        out[code] = Pc4Region(code, name, municipalities()[name].region, how)
    return out


def pc4_region(pc4: str | None) -> str | None:
    found = pc4_areas().get((pc4 or "")[:4])
    return found.region if found else None


def region_of(municipality: str | None, pc4: str | None = None) -> str | None:
    """The region of a municipality; for a name not in the table, of the PC4 area."""
    return municipality_region(municipality) or pc4_region(pc4)


def coverage() -> dict[str, float | int]:
    """How the PC4s were assigned, and a check of the nearest-place rule: the PC4s whose
    place is listed are assigned again as if it were not (nearest other listed place), and
    the share landing in the right region is reported as ``nearest_rule_region_accuracy``."""
    areas = pc4_areas()
    by_place = sum(1 for a in areas.values() if a.how == "place")
    table = pc4_table()
    points: dict[str, list[tuple[tuple[float, float], str, str]]] = defaultdict(list)
    for code, a in areas.items():
        if a.how == "place":
            area = table[code]
            points[PROVINCES.get(area.province, area.province)].append(
                ((area.lat, area.lon), area.place, a.region)
            )
    right = total = 0
    for group in points.values():
        for here, place, region in group:
            others = [p for p in group if p[1] != place]
            if not others:
                continue
            nearest = min(others, key=lambda p: _distance_km(here, p[0]))
            total += 1
            right += nearest[2] == region
    return {
        "pc4_total": len(areas),
        "pc4_by_place": by_place,
        "pc4_by_nearest": len(areas) - by_place,
        "pc4_assigned_share": round(len(areas) / max(1, len(table)), 4),
        "pc4_by_place_share": round(by_place / max(1, len(areas)), 4),
        "nearest_rule_region_accuracy": round(right / max(1, total), 4),
    }


if __name__ == "__main__":  # pragma: no cover - a report for people
    import json

    print(json.dumps(coverage(), indent=2))
