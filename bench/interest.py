"""Interest matching against a labelled set of Dutch interest ↔ job pairs (issue 14).

``bench/data/interest_pairs.csv`` holds pairs written by hand from occupational vocabularies
(hoveniers, dierverzorgers, koks, orderpickers, administratief medewerkers …), not from the seed
generator: an interest, the job's sector, title and tasks (``|``-separated), and a label (1 = a
person with this interest would recognise it in the daily tasks). Hard negatives are included:
office jobs in a green or care sector, "tuinstoelen verkopen" for groen, a cleaner at a school for
kinderen. A pair is predicted to match when the engine shows the interest as matched
(:data:`matching.text.MATCH_MIN`).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

PAIRS = Path(__file__).resolve().parent / "data" / "interest_pairs.csv"
# Written after the concept table, never tuned on: an honest second opinion. Add new pairs here.
HOLDOUT = Path(__file__).resolve().parent / "data" / "interest_pairs_holdout.csv"


def load_pairs(path: Path = PAIRS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def predictions(rows: list[dict[str, str]]) -> list[bool]:
    """Whether the engine shows each row's interest as matched by its job."""
    from matching.text import build_concepts, matched_concepts

    candidates: list[Any] = [
        {"interests": [r["interest"]], "preferred_sectors": [], "preferred_tasks": []} for r in rows
    ]
    workplaces: list[Any] = [
        {
            "sector": r["sector"],
            "title": r["title"],
            "description": "",
            "tasks": [{"name": t, "description": ""} for t in r["tasks"].split("|")],
        }
        for r in rows
    ]
    concepts = build_concepts(candidates, workplaces)
    return [bool(matched_concepts(concepts, pos, pos)) for pos in range(len(rows))]


def scores(rows: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """Precision, recall and F1 of the shown interest matches on the labelled set."""
    rows = load_pairs() if rows is None else rows
    predicted = predictions(rows)
    truth = [r["label"] == "1" for r in rows]
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    fp = sum(p and not t for p, t in zip(predicted, truth, strict=True))
    fn = sum(t and not p for p, t in zip(predicted, truth, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "interest_pairs": len(rows),
        "interest_precision": round(precision, 3),
        "interest_recall": round(recall, 3),
        "interest_f1": round(f1, 3),
    }


def errors(rows: list[dict[str, str]] | None = None) -> list[dict[str, str]]:
    """The rows the engine gets wrong (for looking at, not for tuning on one by one)."""
    rows = load_pairs() if rows is None else rows
    return [r for r, p in zip(rows, predictions(rows), strict=True) if p != (r["label"] == "1")]


def run() -> dict[str, Any]:
    held = scores(load_pairs(HOLDOUT))
    return scores() | {
        "interest_holdout_pairs": held["interest_pairs"],
        "interest_holdout_f1": held["interest_f1"],
    }
