"""The labour-market region table: 35 regions, every municipality of the 2026 division once,
and every PC4 of the geodata in a region (docs/decisions/185)."""

import csv
from collections import Counter

from app.core.geo import pc4_table
from app.policy.regions import (
    REGIONS_FILE,
    coverage,
    municipalities,
    municipality_region,
    pc4_areas,
    region_names,
    region_of,
)
from app.policy.service import regions

PROVINCE_COUNTS = {  # municipalities per province, 2026 division
    "Groningen": 10, "Friesland": 18, "Drenthe": 12, "Overijssel": 25, "Flevoland": 6,
    "Gelderland": 51, "Utrecht": 26, "Noord-Holland": 44, "Zuid-Holland": 50, "Zeeland": 13,
    "Noord-Brabant": 56, "Limburg": 31,
}  # fmt: skip


def test_35_regions_and_each_municipality_once() -> None:
    with REGIONS_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = [r["municipality"] for r in rows]
    assert len(names) == 342 and len(set(names)) == 342, Counter(names).most_common(3)
    assert len(region_names()) == 35
    assert Counter(r["province"] for r in rows) == PROVINCE_COUNTS
    assert all(r["region"] and r["places"] for r in rows)
    # every region has at least three municipalities (no typo makes a 36th region of one)
    assert min(Counter(r["region"] for r in rows).values()) >= 3


def test_well_known_municipalities_and_aliases() -> None:
    assert municipality_region("Delft") == "Haaglanden"
    assert municipality_region("Den Haag") == regions()["'s-Gravenhage"] == "Haaglanden"
    assert municipality_region("Zoetermeer") == "Zuid-Holland Centraal"
    assert municipality_region("Gouda") == "Midden-Holland"
    assert municipality_region("Zeewolde") == "Stedendriehoek en Noordwest Veluwe"
    assert municipality_region("Mook en Middelaar") == "Rijk van Nijmegen"
    assert municipality_region("Atlantis") is None
    # a name the table does not know falls back to the postcode area
    assert region_of("Atlantis", "9712AB") == "Groningen"


def test_every_pc4_lands_in_a_region_mostly_by_name() -> None:
    areas = pc4_areas()
    assert set(areas) == set(pc4_table())
    assert {a.region for a in areas.values()} == set(region_names())
    assert all(a.municipality in municipalities() for a in areas.values())
    report = coverage()
    assert report["pc4_assigned_share"] == 1.0
    assert report["pc4_by_place_share"] > 0.5
    assert report["nearest_rule_region_accuracy"] > 0.8
    # places that share a name across provinces go to the municipality of their own province
    steenbergen = [a for a in areas.values() if pc4_table()[a.pc4].place == "Steenbergen"]
    assert {(pc4_table()[a.pc4].province, a.region) for a in steenbergen} == {
        ("Drenthe", "Groningen"),  # a village of Noordenveld
        ("North Brabant", "West-Brabant"),
    }
