"""Progress while an import runs, and the command line's exit codes and reports."""

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from app.candidates.models import Candidate
from app.cli import main
from app.imports import service
from app.imports.models import DataImport
from tests.imports.helpers import csv_file, rows, run, staff


def test_progress_is_reported_per_batch_and_on_postgresql_in_the_row(
    engine: Engine, tmp_path: Path
) -> None:
    seen: list[tuple[int, float, int]] = []

    def progress(state: service.ImportProgress) -> None:
        with Session(engine) as other:  # another connection, as the web page polling it
            record = other.exec(select(DataImport).order_by(DataImport.id.desc())).scalars().first()  # type: ignore[attr-defined]
            assert record is not None
            seen.append((state.rows_done, state.fraction, record.rows_done))

    report = run(engine, staff(engine), csv_file(tmp_path, rows(2500)), progress=progress)
    assert report.ok
    assert [s[0] for s in seen] == [1000, 2000]
    assert 0 < seen[0][1] < seen[1][1] < 1
    if engine.dialect.name == "postgresql":  # SQLite has one writer: the import holds it
        assert [s[2] for s in seen] == [1000, 2000]


def test_cli_import_dry_run_then_real_and_exit_codes(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = rows(3)
    good = csv_file(tmp_path, data)
    assert main(["import", "candidates", str(good), "--profile", "generic", "--dry-run"]) == 0
    assert "3 would be created" in capsys.readouterr().err
    data[1]["readiness"] = "klaar"
    bad = csv_file(tmp_path, data, name="bad.csv")
    report_csv = tmp_path / "problems.csv"
    code = main(
        ["import", "candidates", str(bad), "--profile", "generic", "--report", str(report_csv)]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "readiness" in err and "klaar" in err and "nothing was written" in err
    with report_csv.open(encoding="utf-8-sig") as handle:
        problems = list(csv.DictReader(handle, delimiter=";"))
    assert [(p["row"], p["column"], p["value"]) for p in problems] == [("3", "readiness", "klaar")]
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(Candidate)).scalar_one() == 0
    assert main(["import", "candidates", str(good), "--profile", "generic"]) == 0
    assert "3 were created" in capsys.readouterr().err
    assert main(["import", "candidates", str(tmp_path / "nope.csv"), "--profile", "generic"]) == 2
    assert main(["import", "candidates", str(good), "--profile", "nope"]) == 2
    err = capsys.readouterr().err
    assert "Unknown import profile 'nope'; known profiles: gemeente_klantvolg, generic" in err
    assert "  profile: unknown profile 'nope'" in err and "{" not in err  # no Python dict
