"""Bad files get a clear message and nothing is written (issue 13 item 5)."""

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from app.candidates.models import Candidate
from app.imports import service
from app.imports.models import ImportKey
from tests.imports.helpers import HEADER, csv_file, rows, run, staff


def _nothing_written(engine: Engine) -> None:
    with Session(engine) as session:
        for model in (Candidate, ImportKey):
            assert session.execute(select(func.count()).select_from(model)).scalar_one() == 0


def _refused(report: service.ImportReport, *phrases: str) -> None:
    assert report.status == "rejected"
    assert report.created == 0
    for phrase in phrases:
        assert phrase in report.message, report.message


def test_empty_file(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    _refused(run(engine, staff(engine), path), "The file is empty.")
    header_only = csv_file(tmp_path, [], name="header.csv")
    _refused(run(engine, staff(engine), header_only), "The file has a header but no rows.")
    _nothing_written(engine)


def test_file_of_another_entity_is_named(engine: Engine, tmp_path: Path) -> None:
    employers = tmp_path / "werkgevers.csv"
    employers.write_text(
        "external_id;name;kvk_number;sector;sbi_code;size_class;postcode;municipality;"
        "willingness;motive\nW1;Groen BV;12345678;groen;0130;small;2611;Delft;4;mixed\n"
    )
    report = run(engine, staff(engine), employers)
    _refused(report, "Unknown column(s)", "'kvk_number'", "file of employers, not candidates")
    _nothing_written(engine)


def test_unknown_columns(engine: Engine, tmp_path: Path) -> None:
    data = rows(2)
    path = csv_file(tmp_path, data, header=[*HEADER, "Schoenmaat"])
    report = run(engine, staff(engine), path)
    _refused(report, "Unknown column(s) for profile 'generic'", "'Schoenmaat'")
    assert [(p.row, p.column) for p in report.problems] == [(0, "Schoenmaat")]
    _nothing_written(engine)


def test_missing_required_column(engine: Engine, tmp_path: Path) -> None:
    header = [c for c in HEADER if c != "date_of_birth"]
    report = run(engine, staff(engine), csv_file(tmp_path, rows(2), header=header))
    _refused(report, "Required column(s) missing for candidates: 'date_of_birth'")
    _nothing_written(engine)


def test_wrong_profile_suggests_the_right_one(engine: Engine, tmp_path: Path) -> None:
    report = run(engine, staff(engine), csv_file(tmp_path, rows(2)), profile="wsp_crm")
    _refused(report, "Unknown column(s) for profile 'wsp_crm'", "fit profile 'generic'")
    with pytest.raises(Exception, match="Unknown import profile 'nope'"):
        run(engine, staff(engine), csv_file(tmp_path, rows(1)), profile="nope")
    _nothing_written(engine)


def test_a_200_mb_file_is_refused_by_size_before_parsing(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.write(b"external_id;first_name\n")
        handle.truncate(200 * 1_000_000)  # 200 MB on disk (sparse): only the size is read
    report = run(engine, staff(engine), path)
    _refused(report, "The file is 200 MB; imports take at most 100 MB")
    _nothing_written(engine)


def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        # 300 MB of zeros compress to ~300 kB: a 1000x ratio.
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            block = b"0" * 1_000_000
            for _ in range(300):
                member.write(block)
    return path


def test_zip_bomb_disguised_as_xlsx(engine: Engine, tmp_path: Path) -> None:
    path = _zip_bomb(tmp_path / "clients.xlsx")
    assert path.stat().st_size < 2_000_000
    report = run(engine, staff(engine), path)
    _refused(report, "xl/worksheets/sheet1.xml", "refused as a possible ZIP bomb")
    _nothing_written(engine)
    not_a_zip = tmp_path / "fake.xlsx"
    not_a_zip.write_text("external_id;first_name\n1;Sanne\n")
    _refused(run(engine, staff(engine), not_a_zip), "not an XLSX (not a ZIP archive)")


@pytest.mark.parametrize(
    "formula", ["=1+1", '+HYPERLINK("x")', "-2+3+cmd|' /C calc'!A0", "@SUM(A1)"]
)
def test_formulas_in_cells_are_refused_never_evaluated(
    engine: Engine, tmp_path: Path, formula: str
) -> None:
    data = rows(2)
    data[1]["first_name"] = formula
    data[0]["hours_per_week_max"] = "=40"
    report = run(engine, staff(engine), csv_file(tmp_path, data))
    _refused(report, "nothing was written")
    messages = {(p.row, p.column): p.message for p in report.problems}
    assert "formulas are not evaluated" in messages[(3, "first_name")]
    assert "formula" in messages[(2, "hours_per_week_max")]
    _nothing_written(engine)


def test_signed_numbers_and_phone_numbers_are_not_formulas(engine: Engine, tmp_path: Path) -> None:
    data = rows(1)
    data[0]["phone"] = "+31 6 12345678"
    report = run(engine, staff(engine), csv_file(tmp_path, data))
    assert report.status == "succeeded", report.problems


def _xlsx(path: Path, header: list[str], data: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in data:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_import_with_real_dates_and_numbers(engine: Engine, tmp_path: Path) -> None:
    from datetime import date

    data = rows(2)
    cells: list[list[object]] = []
    for row in data:
        values: list[object] = [row[c] for c in HEADER]
        values[HEADER.index("date_of_birth")] = date(2005, 3, 4)
        values[HEADER.index("hours_per_week_min")] = 8
        cells.append(values)
    report = run(engine, staff(engine), _xlsx(tmp_path / "clients.xlsx", HEADER, cells))
    assert report.status == "succeeded", report.problems
    assert report.created == 2
    with Session(engine) as session:
        born = set(session.exec(select(Candidate.date_of_birth)).scalars())
    assert born == {date(2005, 3, 4)}


def test_xlsx_formula_text_cell_is_refused(engine: Engine, tmp_path: Path) -> None:
    data = rows(1)
    values: list[object] = [data[0][c] for c in HEADER]
    values[HEADER.index("ambitions")] = '=HYPERLINK("http://x","klik")'
    path = _xlsx(tmp_path / "f.xlsx", HEADER, [values])
    report = run(engine, staff(engine), path)
    _refused(report, "The workbook holds formulas (first in cell AQ2)", "never evaluated")
    _nothing_written(engine)


def test_broken_csv_is_a_message_not_a_crash(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"external_id;first_name\n" + io.BytesIO(b"a\x00b;c\n").read())
    report = run(engine, staff(engine), path)
    assert report.status == "rejected"
    assert report.problems and report.problems[0].row in (0, 2)
    _nothing_written(engine)


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "neither a CSV nor an .xlsx"),
        ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00", "neither a CSV nor an .xlsx"),
        ("unicode.csv", "external_id;first_name\nK1;Sanne\n".encode("utf-16"), "UTF-16"),
        ("renamed.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Old .xls"),
    ],
)
def test_a_file_that_is_not_csv_text_is_named_as_such(
    engine: Engine, tmp_path: Path, name: str, content: bytes, phrase: str
) -> None:
    """Not one garbled "unknown column '‰PNG'" read as Windows-1252: what the file is."""
    path = tmp_path / name
    path.write_bytes(content)
    report = run(engine, staff(engine), path)
    _refused(report, phrase)
    assert [p.column for p in report.problems] == ["file"]
    _nothing_written(engine)
