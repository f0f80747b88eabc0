"""Dutch postcodes: validation against the PC4 centroid table and coordinate lookup.

The table (``seed/data/pc4.csv``) holds GeoNames postal code centroids, CC BY 4.0.
"""

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PC4_FILE = Path(__file__).resolve().parents[2] / "seed" / "data" / "pc4.csv"
# PC4 never starts with 0; PC6 letters never use SA, SD or SS.
_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s?([A-Z]{2})?$")


@dataclass(frozen=True)
class Pc4Area:
    pc4: str
    place: str
    province: str
    lat: float
    lon: float


@lru_cache
def pc4_table() -> dict[str, Pc4Area]:
    with PC4_FILE.open(encoding="utf-8") as fh:
        return {
            row["pc4"]: Pc4Area(
                row["pc4"], row["place"], row["province"], float(row["lat"]), float(row["lon"])
            )
            for row in csv.DictReader(fh)
        }


def normalise_postcode(value: str) -> str:
    """Return ``1234`` or ``1234AB``; raise ValueError with a message a person understands."""
    text = value.strip().upper()
    match = _POSTCODE.match(text)
    if not match:
        raise ValueError("not a Dutch postcode; use 4 digits, optionally 2 letters (e.g. 2611 AB)")
    digits, letters = match.group(1), match.group(2)
    if letters in {"SA", "SD", "SS"}:
        raise ValueError(f"postcode letters '{letters}' are never used in Dutch postcodes")
    if digits not in pc4_table():
        raise ValueError(f"postcode area {digits} does not exist")
    return digits + (letters or "")


def pc4_of(postcode: str) -> str:
    return postcode[:4]


def coordinates(postcode: str) -> tuple[float, float]:
    area = pc4_table()[pc4_of(postcode)]
    return area.lat, area.lon
