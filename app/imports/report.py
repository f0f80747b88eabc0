"""What an import reports: progress while it runs, the result, and the two files it gives
back (the problems, and with "import the valid rows" the rejected rows to fix)."""

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.exports.formats import safe_text
from app.imports import profiles
from app.imports.validate import Problem

ERROR_COLUMN = "error"


@dataclass(frozen=True)
class ImportProgress:
    rows_done: int
    bytes_done: int
    bytes_total: int
    rows_total: int | None = None

    @property
    def fraction(self) -> float:
        if self.rows_total:
            return min(self.rows_done / self.rows_total, 1.0)
        return min(self.bytes_done / max(self.bytes_total, 1), 1.0)


@dataclass
class ImportReport:
    import_id: int
    entity: str
    profile: str
    dry_run: bool
    valid_rows: bool
    status: str = "running"
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    message: str = ""
    rejected_csv: Path | None = None
    changed_ids: list[int] = field(default_factory=list)
    # The source's ids of the rows in the reports, so a download can be logged against the
    # candidates they name (``uploads.report_file``).
    reported_ids: list[str] = field(default_factory=list)
    post_import_s: float = 0.0  # time the post-import hooks (duplicates) took

    @property
    def ok(self) -> bool:
        return self.status == "succeeded"


class RejectedWriter:
    """Rejected rows as CSV: the original columns plus ``error``; BSN cells left empty."""

    def __init__(self, path: Path | None, binding: profiles.Binding) -> None:
        import tempfile

        if path is None:
            fd, name = tempfile.mkstemp(suffix="-rejected.csv")
            os.close(fd)
            path = Path(name)
        self.path = path
        self.handle = path.open("w", encoding="utf-8-sig", newline="")
        self.bsn_index = binding.bsn_index
        self.writer = csv.writer(self.handle, delimiter=";")
        self.writer.writerow([*binding.header, ERROR_COLUMN])
        self.count = 0

    def write(self, cells: list[Any], problems: list[Problem]) -> None:
        out = ["" if c is None else safe_text(str(c)) for c in cells]
        if self.bsn_index is not None and self.bsn_index < len(out):
            out[self.bsn_index] = ""
        error = "; ".join(f"{p.column}: {p.message}" if p.column else p.message for p in problems)
        self.writer.writerow([*out, safe_text(error)])
        self.count += 1

    def close(self) -> Path | None:
        self.handle.close()
        return self.path if self.count else None


def write_problems_csv(report: ImportReport, path: Path) -> Path:
    """The error report: one line per problem (row, column, value, message)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["row", "column", "value", "message"])
        for p in report.problems:
            writer.writerow([p.row, safe_text(p.column), safe_text(p.value), safe_text(p.message)])
    return path
