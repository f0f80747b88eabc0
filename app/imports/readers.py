"""Streaming readers: a file in, rows (header → text or value) out, one at a time.

CSV: comma, semicolon or tab (sniffed from the first lines), UTF-8 with or without BOM, else
Windows-1252 as Dutch Excel writes it (the whole file is first checked as UTF-8 in chunks, so
the choice never changes halfway). XLSX: checked to be a sane ZIP before python-calamine opens
it (docs/decisions/171). Every file is refused above ``max_bytes`` before a byte is parsed.
"""

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app.core.errors import Invalid, TooLarge

CHUNK_BYTES = 1 << 20
SNIFF_BYTES = 64 * 1024
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an old .xls (or .doc) workbook, whatever its name
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode text"
# An XLSX is XML in a ZIP; real workbooks compress 5-30 times. A bomb compresses 1000 times.
XLSX_MAX_RATIO = 100
XLSX_MAX_ENTRIES = 10_000
XLSX_MAX_UNCOMPRESSED_FACTOR = 10  # unpacked at most 10x the file-size cap


class FileRefused(Invalid):
    """The file as a whole cannot be read or imported; nothing was written."""

    code = "file_refused"


@dataclass
class Table:
    """A file opened for reading: its header and a row iterator that streams."""

    kind: str  # "csv" or "xlsx"
    header: list[str]
    rows: Iterator[list[Any]]
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)
    # Bytes of the file read so far (CSV; an XLSX is read whole by calamine): for progress.
    position: Callable[[], int] = lambda: 0
    rows_total: int | None = None  # known up front for a workbook
    close: Callable[[], None] = lambda: None  # the file, also when no row was ever read


def check_size(path: Path, max_bytes: int) -> int:
    size = path.stat().st_size
    if size > max_bytes:
        raise TooLarge(
            f"The file is {size / 1e6:.0f} MB; imports take at most {max_bytes / 1e6:.0f} MB. "
            "Split it into smaller files (each is imported on its own).",
            fields={"file": f"{size} bytes > {max_bytes}"},
        )
    if size == 0:
        raise FileRefused("The file is empty.", fields={"file": "0 bytes"})
    return size


def open_table(path: Path, *, max_bytes: int, file_name: str | None = None) -> Table:
    """Open ``path`` as CSV or XLSX (by its first bytes, not its name); nothing is parsed yet
    beyond the header."""
    check_size(path, max_bytes)
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    name = (file_name or path.name).lower()
    if head[:4] == XLSX_MAGIC or name.endswith((".xlsx", ".xlsm")):
        return _open_xlsx(path, max_bytes)
    if head[:4] == OLE_MAGIC or name.endswith(".xls"):
        raise FileRefused(
            "Old .xls workbooks are not read; save the sheet as .xlsx or CSV.",
            fields={"file": "xls"},
        )
    _refuse_binary(head)
    return _open_csv(path)


def _refuse_binary(head: bytes) -> None:
    """A CSV is text: a NUL byte means a picture, a PDF or a UTF-16 text file, which would
    otherwise be read as Windows-1252 and refused for one garbled "unknown column"."""
    if head.startswith(UTF16_BOMS):
        raise FileRefused(
            "The file is UTF-16 text (Excel's 'Unicode text'); save it as CSV UTF-8 or .xlsx.",
            fields={"file": "utf-16"},
        )
    if b"\0" in head:
        raise FileRefused(
            "The file is neither a CSV nor an .xlsx workbook (it holds binary data); "
            "export the sheet as CSV or .xlsx.",
            fields={"file": "not csv or xlsx"},
        )


# --- CSV ---------------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """``utf-8-sig`` when the whole file decodes as UTF-8 (a BOM is dropped), else cp1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _sniff_delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t").delimiter
    except csv.Error:
        # The header decides: a Dutch export's header has more semicolons than commas.
        counts = {d: lines[0].count(d) for d in (";", ",", "\t")}
        return max(counts, key=lambda d: counts[d])


class _Counting(io.RawIOBase):
    """A binary file that counts the bytes read through it (for the progress bar)."""

    def __init__(self, raw: io.BufferedReader) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.raw.readinto(buffer)
        self.count += n or 0
        return n or 0

    def close(self) -> None:
        self.raw.close()
        super().close()


def _open_csv(path: Path) -> Table:
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, newline="") as probe:
        delimiter = _sniff_delimiter(probe.read(SNIFF_BYTES))
    counting = _Counting(path.open("rb"))
    handle = io.TextIOWrapper(io.BufferedReader(counting), encoding=encoding, newline="")
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        raise FileRefused("The file is empty.", fields={"file": "no header row"}) from None
    except csv.Error as exc:
        handle.close()
        raise FileRefused(f"The file is not readable as CSV: {exc}.") from exc
    shown = "UTF-8" if encoding == "utf-8-sig" else "Windows-1252"
    notes = [f"read as {shown}, separated by {_delimiter_name(delimiter)}"]

    def rows() -> Iterator[list[Any]]:
        try:
            yield from reader
        except csv.Error as exc:
            raise FileRefused(
                f"The file stops being valid CSV at line {reader.line_num}: {exc}.",
                fields={"file": f"line {reader.line_num}"},
            ) from exc
        finally:
            handle.close()

    return Table(
        "csv",
        header,
        rows(),
        encoding=shown,
        delimiter=delimiter,
        notes=notes,
        position=lambda: counting.count,
        close=handle.close,
    )


def _delimiter_name(delimiter: str) -> str:
    return {",": "commas", ";": "semicolons", "\t": "tabs"}.get(delimiter, repr(delimiter))


# --- XLSX --------------------------------------------------------------------------------


def check_xlsx_zip(path: Path, max_bytes: int) -> None:
    """Refuse what is not a plain XLSX ZIP, or would unpack to far more than it weighs."""
    if not zipfile.is_zipfile(path):
        raise FileRefused(
            "The file is called a workbook but is not an XLSX (not a ZIP archive).",
            fields={"file": "not a zip"},
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileRefused(f"The workbook is damaged: {exc}.", fields={"file": "bad zip"}) from exc
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise FileRefused(
            "The ZIP archive is not an Excel workbook (no xl/ part).", fields={"file": "not xlsx"}
        )
    if len(infos) > XLSX_MAX_ENTRIES:
        raise FileRefused(
            f"The workbook has {len(infos)} parts; that is not a spreadsheet export.",
            fields={"file": "too many parts"},
        )
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > XLSX_MAX_RATIO and info.file_size > 1_000_000:
            raise FileRefused(
                f"The workbook part {info.filename} would unpack {ratio:.0f} times its size: "
                "refused as a possible ZIP bomb.",
                fields={"file": "compression ratio"},
            )
    if total > max_bytes * XLSX_MAX_UNCOMPRESSED_FACTOR:
        raise FileRefused(
            f"The workbook would unpack to {total / 1e6:.0f} MB: refused as too large.",
            fields={"file": "uncompressed size"},
        )


_FORMULA_TAG = re.compile(rb"<f[ >/]")
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"')


def check_no_formulas(path: Path) -> None:
    """Refuse a workbook whose sheets hold formulas. calamine reads only the value Excel last
    cached (empty when none was saved), so a formula would be imported as a silent guess;
    nothing is ever evaluated (docs/decisions/172). Streamed: the sheet XML is never whole."""
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        for name in sheets:
            tail = b""
            with archive.open(name) as member:
                while chunk := member.read(CHUNK_BYTES):
                    text = tail + chunk
                    found = _FORMULA_TAG.search(text)
                    if found is not None:
                        refs = _CELL_REF.findall(text[: found.start()])
                        cell = refs[-1].decode() if refs else "?"
                        raise FileRefused(
                            f"The workbook holds formulas (first in cell {cell}). Formulas are "
                            "never evaluated: copy the sheet and paste it as values (Plakken "
                            "speciaal > Waarden), save and import again.",
                            fields={"file": f"formula in {cell}"},
                        )
                    tail = text[-512:]


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


def _open_xlsx(path: Path, max_bytes: int) -> Table:
    from python_calamine import CalamineWorkbook

    check_xlsx_zip(path, max_bytes)
    check_no_formulas(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        iterator = iter(sheet.iter_rows())
    except Exception as exc:  # calamine raises its own error types for broken workbooks
        raise FileRefused(f"The workbook cannot be read: {exc}.", fields={"file": "xlsx"}) from exc
    header: list[str] | None = None
    for raw in iterator:
        if any(cell not in ("", None) for cell in raw):
            header = [str(cell).strip() for cell in raw]
            break
    if header is None:
        raise FileRefused("The workbook's first sheet is empty.", fields={"file": "no rows"})
    while header and header[-1] == "":
        header.pop()

    def rows() -> Iterator[list[Any]]:
        for raw in iterator:
            yield [_xlsx_value(cell) for cell in raw]

    notes = [f"read sheet '{sheet.name}' of the workbook"]
    return Table("xlsx", header, rows(), notes=notes, rows_total=max(sheet.height - 1, 0))


def is_blank(row: list[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)
