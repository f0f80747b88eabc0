"""Geometry for the candidate × task fit matrix (inline SVG) and the words beside it.

Each cell is one candidate × task pair as the engine scores it: a filled square with the score
in percent when the pair is feasible, a pale square with a cross when it is not. The picture
has a title and a one-sentence summary; the same numbers are in a table for screen readers.
"""

from dataclasses import dataclass

from app.carving.schemas import FitMatrixOut
from app.matches.explain_out import REASON_LABELS as HARD_LABELS

LABEL_WIDTH = 110
CELL = 34
HEADER = 26
REASON_LABELS = {**HARD_LABELS, "day_unavailable": "andere dag"}


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    feasible: bool
    pct: int
    fill: str
    ink: str
    text: str  # for the table: "82%" or the reasons in words


@dataclass(frozen=True)
class Matrix:
    width: int
    height: int
    columns: list[tuple[int, str]]  # (x of the column's centre, "T1")
    rows: list[tuple[int, str]]  # (y of the row's baseline, pseudonym)
    cells: list[list[Cell]]
    summary: str


def _colour(pct: int) -> tuple[str, str]:
    if pct >= 75:
        return "#0b4f8a", "#ffffff"
    if pct >= 60:
        return "#4f86b8", "#000000"
    return "#bcd3e8", "#000000"


def fit_matrix(data: FitMatrixOut, numbers: dict[int, int]) -> Matrix:
    """``numbers`` maps a task id to its number in the inventory table (T1, T2, …)."""
    columns = [
        (LABEL_WIDTH + k * CELL + CELL // 2, f"T{numbers.get(t.id, k + 1)}")
        for k, t in enumerate(data.tasks)
    ]
    rows, cells = [], []
    feasible_pairs = 0
    for r, row in enumerate(data.rows):
        y = HEADER + r * CELL
        rows.append((y + CELL // 2 + 5, row.candidate.pseudonym))
        line = []
        for k, cell in enumerate(row.cells):
            pct = round(cell.score * 100)
            if cell.feasible:
                feasible_pairs += 1
                fill, ink = _colour(pct)
                text = f"{pct}%"
            else:
                fill, ink = "#f3f2f1", "#1b1b1b"
                text = "past niet: " + ", ".join(REASON_LABELS.get(c, c) for c in cell.reasons)
            line.append(Cell(LABEL_WIDTH + k * CELL, y, cell.feasible, pct, fill, ink, text))
        cells.append(line)
    total = len(data.rows) * len(data.tasks)
    summary = (
        f"{len(data.rows)} kandidaten en {len(data.tasks)} taken: {feasible_pairs} van de "
        f"{total} combinaties passen. Donkerder blauw past beter; een kruis past niet."
    )
    return Matrix(
        width=LABEL_WIDTH + max(len(data.tasks), 1) * CELL + 4,
        height=HEADER + max(len(data.rows), 1) * CELL + 4,
        columns=columns,
        rows=rows,
        cells=cells,
        summary=summary,
    )
