"""Tables as CSV or XLSX downloads, safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is a formula
to Excel and LibreOffice: a note such as ``=HYPERLINK(...)`` typed into a form would run when a
jobhunter opens the export (CSV injection). Such text cells get a leading apostrophe, which
spreadsheets show as text and never evaluate. Numbers and dates stay numbers and dates.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import StrEnum

from openpyxl import Workbook

Cell = str | int | float | bool | date | datetime | None
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 100_000  # an export is a region's worth; beyond that something is wrong


class Format(StrEnum):
    """File format of an export: csv or xlsx."""

    csv = "csv"
    xlsx = "xlsx"


MEDIA_TYPES = {
    Format.csv: "text/csv; charset=utf-8",
    Format.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_text(value: str) -> str:
    """Text a spreadsheet shows as typed: formula-like starts get an apostrophe."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _cell(value: Cell) -> Cell:
    if isinstance(value, StrEnum):
        value = value.value
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0)
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows é and ë; dates as ISO."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_text(h) for h in header])
    for row in rows:
        writer.writerow(["" if (c := _cell(v)) is None else _iso(c) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _iso(value: Cell) -> Cell:
    return value.isoformat() if isinstance(value, date | datetime) else value


def to_xlsx(sheet: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """One sheet, header row bold-free and frozen; cells typed (numbers, dates, text)."""
    book = Workbook(write_only=True)
    ws = book.create_sheet(title=sheet[:31])
    ws.freeze_panes = "A2"
    ws.append([safe_text(h) for h in header])
    for row in rows:
        ws.append([_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(fmt: Format, sheet: str, header: Sequence[str], rows: list[list[Cell]]) -> bytes:
    return to_csv(header, rows) if fmt == Format.csv else to_xlsx(sheet, header, rows)
