"""Synthetic export files in the generic import profile, from the seed generator: what a
region's client-tracking export would hold, for tests and the import benchmark.

Written as Dutch Excel does (semicolons, ``dd-mm-jjjj``, decimal comma), row by row, so a
100,000-row file never sits in memory.
"""

import csv
import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from app.imports.columns import CANDIDATES
from seed.generate import _candidate
from seed.pc4 import region_pc4s

HEADER = list(CANDIDATES)


def _day(value: str | None) -> str:
    if not value:
        return ""
    return date.fromisoformat(value).strftime("%d-%m-%Y")


def _yes(value: bool) -> str:
    return "ja" if value else "nee"


def candidate_rows(count: int, *, seed: int = 2015, day: date | None = None) -> Iterator[dict]:
    """``count`` candidates as flat generic rows; ``external_id`` is ``C{n}``."""
    rng = random.Random(seed)
    pc4s = region_pc4s("haaglanden")
    day = day or date.today()
    for index in range(count):
        record = _candidate(rng, index, pc4s, 0, day)
        yield flat_row(record, f"C{index + 1}")


def flat_row(record: dict[str, Any], external_id: str) -> dict[str, str]:
    row: dict[str, str] = {name: "" for name in HEADER}
    row["external_id"] = external_id
    for name in HEADER:
        if name not in record:
            continue
        value = record[name]
        if isinstance(value, bool):
            row[name] = _yes(value)
        elif isinstance(value, list):
            row[name] = ",".join(str(v) for v in value)
        elif name in ("date_of_birth", "readiness_confirmed_on", "available_from"):
            row[name] = _day(value)
        elif value is not None:
            row[name] = str(value)
    if record.get("loonwaarde"):
        last = record["loonwaarde"][-1]
        row["loonwaarde_pct"] = f"{last['loonwaarde_pct']}".replace(".", ",")
        row["loonwaarde_measured_on"] = _day(last["measured_on"])
        row["loonwaarde_method"] = last["method"]
        row["loonwaarde_source"] = last["source"]
    for consent in record.get("consents", []):
        row[f"consent_{consent['purpose']}_on"] = _day(consent["given_on"])
        row["consent_guardian"] = _yes(consent.get("guardian_consent", False))
        row["consent_source"] = "intakeformulier"
    return row


def write_csv(
    path: Path,
    rows: Iterator[dict[str, str]] | list[dict[str, str]],
    *,
    header: list[str] | None = None,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        columns = header or HEADER
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])
    return path
