"""Importing candidates: stored as the API would, idempotent, every problem reported."""

import csv
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlmodel import Session, col

from app.audit.decisions import Decision
from app.candidates.models import Candidate, LoonwaardeMeasurement
from app.consent.models import Consent
from app.imports.models import DataImport, ImportKey
from tests.imports.helpers import EXAMPLES, csv_file, rows, run, staff


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_import_example_file_creates_candidates_with_loonwaarde_and_consents(
    engine: Engine,
) -> None:
    actor = staff(engine)
    report = run(engine, actor, EXAMPLES / "candidates.csv")
    assert report.status == "succeeded", report.problems
    assert (report.rows, report.created) == (2, 2)
    with Session(engine) as session:
        sanne = session.exec(select(Candidate).where(Candidate.first_name == "Sanne")).scalar_one()
        assert sanne.date_of_birth.isoformat() == "2006-05-14"
        assert sanne.jobhunter_id == actor.account_id  # a jobhunter's import: own caseload
        assert sanne.days_available == ["mon", "tue", "wed", "thu"]
        measurement = session.exec(select(LoonwaardeMeasurement)).scalars().first()
        assert measurement is not None and measurement.loonwaarde_pct == 37.5  # decimal comma
        consents = session.exec(select(Consent).where(Consent.candidate_id == sanne.id)).all()
        assert {c[0].purpose for c in consents} == {"matching", "share_pseudonymous"}
        assert all("intakeformulier" in c[0].note for c in consents)
        given = session.exec(select(Decision).where(Decision.action == "consent:given")).all()
        assert len(given) == 4
        record = session.get(DataImport, report.import_id)
        assert record is not None and record.status == "succeeded" and record.created == 2


def test_reimporting_the_same_file_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    actor = staff(engine)
    path = csv_file(tmp_path, rows(5))
    assert run(engine, actor, path).created == 5
    with Session(engine) as session:
        before = [
            (c.id, c.version, c.updated_at) for c in session.exec(select(Candidate)).scalars()
        ]
    again = run(engine, actor, path)
    assert (again.status, again.created, again.updated, again.unchanged) == ("succeeded", 0, 0, 5)
    with Session(engine) as session:
        after = [(c.id, c.version, c.updated_at) for c in session.exec(select(Candidate)).scalars()]
        keys = session.exec(select(ImportKey)).scalars().all()
    assert after == before
    assert {k.import_id for k in keys} == {again.import_id - 1}


def test_changed_row_updates_with_version_bump_and_decision_naming_the_import(
    engine: Engine, tmp_path: Path
) -> None:
    actor = staff(engine)
    data = rows(3)
    run(engine, actor, csv_file(tmp_path, data))
    data[1]["hours_per_week_max"] = "32"
    data[1]["hours_per_week_min"] = "8"
    changed = run(engine, actor, csv_file(tmp_path, data, name="second.csv"))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 2)
    with Session(engine) as session:
        key = session.exec(select(ImportKey).where(ImportKey.external_id == "C2")).scalar_one()
        candidate = session.get(Candidate, key.record_id)
        assert candidate is not None
        assert (candidate.version, candidate.hours_per_week_max) == (2, 32)
        decision = session.exec(
            select(Decision).where(Decision.action == "import:updated")
        ).scalar_one()
    assert decision.candidate_id == candidate.id
    assert decision.detail["import_id"] == changed.import_id
    assert "second.csv" in decision.note
    assert set(decision.detail["changed"]) == {"hours_per_week_min", "hours_per_week_max"}


def test_dry_run_reports_every_problem_and_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    actor = staff(engine)
    data = rows(4)
    data[0]["regime"] = "bijstandswet"
    data[2]["date_of_birth"] = "31-02-2005"
    data[2]["hours_per_week_max"] = "vier"
    report = run(engine, actor, csv_file(tmp_path, data), dry_run=True)
    assert report.status == "rejected"
    found = {(p.row, p.column, p.value) for p in report.problems}
    assert found == {
        (2, "regime", "bijstandswet"),
        (4, "date_of_birth", "31-02-2005"),
        (4, "hours_per_week_max", "vier"),
    }
    messages = {p.column: p.message for p in report.problems}
    assert "participatiewet" in messages["regime"]
    assert "not a date in the calendar" in messages["date_of_birth"]
    assert _count(engine, Candidate) == 0
    clean = run(engine, actor, csv_file(tmp_path, rows(4), name="ok.csv"), dry_run=True)
    assert (clean.status, clean.created) == ("succeeded", 4)
    assert _count(engine, Candidate) == 0 and _count(engine, ImportKey) == 0


def test_real_run_is_all_or_nothing(engine: Engine, tmp_path: Path) -> None:
    actor = staff(engine)
    data = rows(2500)  # more than one batch is written before the bad row is reached
    data[-1]["postcode"] = "onbekend"
    report = run(engine, actor, csv_file(tmp_path, data))
    assert report.status == "rejected"
    assert [(p.row, p.column) for p in report.problems] == [(2501, "postcode")]
    assert "nothing was written" in report.message
    assert _count(engine, Candidate) == 0
    assert _count(engine, Consent) == 0 and _count(engine, ImportKey) == 0


def test_valid_rows_mode_imports_the_rest_and_returns_rejected_rows(
    engine: Engine, tmp_path: Path
) -> None:
    actor = staff(engine)
    data = rows(5)
    data[3]["skill_level"] = "9"
    rejected = tmp_path / "rejected.csv"
    report = run(engine, actor, csv_file(tmp_path, data), valid_rows=True, rejected_csv=rejected)
    assert (report.status, report.created, report.rejected) == ("succeeded", 4, 1)
    assert report.rejected_csv == rejected
    with rejected.open(encoding="utf-8-sig") as handle:
        back = list(csv.DictReader(handle, delimiter=";"))
    assert len(back) == 1 and back[0]["external_id"] == "C4" and back[0]["skill_level"] == "9"
    assert "skill_level" in back[0]["error"] and "less than or equal to 5" in back[0]["error"]
    # Fixed and uploaded again: only that row is new.
    back[0]["skill_level"] = "3"
    fixed = csv_file(tmp_path, [{k: v for k, v in back[0].items() if k != "error"}], "fix.csv")
    again = run(engine, actor, fixed)
    assert (again.created, again.unchanged) == (1, 0)
    assert _count(engine, Candidate) == 5


def test_windows_1252_comma_file_and_iso_dates(engine: Engine, tmp_path: Path) -> None:
    actor = staff(engine)
    data = rows(2)
    data[0]["last_name"] = "Çelik-Ündersøn"
    data[0]["date_of_birth"] = "2004-01-31"
    path = csv_file(tmp_path, data, delimiter=",", encoding="cp1252")
    report = run(engine, actor, path)
    assert report.status == "succeeded", report.problems
    assert report.notes[0] == "read as Windows-1252, separated by commas"
    with Session(engine) as session:
        names = set(session.exec(select(Candidate.last_name)).scalars())
    assert "Çelik-Ündersøn" in names


def test_utf8_without_bom_and_duplicate_external_ids(engine: Engine, tmp_path: Path) -> None:
    actor = staff(engine)
    data = rows(3)
    data[2]["external_id"] = "C1"
    report = run(engine, actor, csv_file(tmp_path, data, encoding="utf-8"), dry_run=True)
    assert report.notes[0] == "read as UTF-8, separated by semicolons"
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (4, "external_id", "also in row 2")
    ]


def test_consent_rules_of_the_api_apply(engine: Engine, tmp_path: Path) -> None:
    actor = staff(engine)
    data = rows(1)
    data[0]["date_of_birth"] = "01-01-2010"  # a minor on the consent day
    data[0]["consent_matching_on"] = "01-06-2026"
    data[0]["consent_share_pseudonymous_on"] = ""
    data[0]["consent_guardian"] = "nee"
    report = run(engine, actor, csv_file(tmp_path, data), dry_run=True)
    assert [(p.column, p.message) for p in report.problems] == [
        ("consent_guardian", "The candidate is a minor: a guardian must consent too.")
    ]


def test_import_record_keeps_who_what_and_counts(engine: Engine, tmp_path: Path) -> None:
    actor = staff(engine)
    report = run(engine, actor, csv_file(tmp_path, rows(2)), source="gemeente-delft")
    with Session(engine) as session:
        record = session.get(DataImport, report.import_id)
        latest = session.exec(select(DataImport).order_by(col(DataImport.id).desc())).first()
    assert record is not None and latest is not None
    assert (record.actor_id, record.file_name, record.profile, record.entity) == (
        actor.account_id,
        "clients.csv",
        "generic",
        "candidates",
    )
    assert (record.source, record.status, record.created, record.rows_done) == (
        "gemeente-delft",
        "succeeded",
        2,
        2,
    )
    assert record.progress_pct == 100.0 and record.finished_at is not None
