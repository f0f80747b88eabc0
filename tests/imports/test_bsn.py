"""No BSN is ever stored (issue 13): a BSN column is refused, or, when the profile says so,
turned into a keyed hash for duplicate matching. The proof scans every text column of every
table, and the log output, for the BSN values imported."""

import logging
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, select, text
from sqlmodel import Session, col

from app.candidates.models import Candidate
from app.core.vocab import Role
from app.imports.models import ImportKey
from app.models import metadata
from app.privacy import erasure
from seed.import_files import write_csv
from tests.imports.helpers import HEADER, csv_file, rows, run, staff

# Valid BSNs (elfproef), written with and without leading zero / separators as exports do.
BSNS = ["111222333", "123456782", "010000008"]
GEMEENTE_HEADER = [
    "Cliëntnummer", "BSN", "Voornaam", "Tussenvoegsel", "Achternaam", "Geboortedatum",
    "Postcode", "Gemeente", "Opleiding", "Doelgroep", "Uitkering", "Trede participatieladder",
    "Datum trede", "Uren per week min", "Uren per week max", "Uren per dag max", "Vervoer",
    "Max reistijd (min)", "Prikkeltolerantie", "Behoefte structuur", "Behoefte begeleiding",
    "Tempo aankunnen", "Klantcontact aankunnen", "Fysieke belastbaarheid", "Niveau",
    "Loonwaarde %", "Datum loonwaardemeting", "Methode loonwaarde", "Toestemming matching",
    "Klantmanager",
]  # fmt: skip


def _gemeente_rows() -> list[dict[str, str]]:
    out = []
    for number, bsn in enumerate(BSNS, start=1):
        cells = [
            f"GK-{number}", bsn if number != 2 else "1234.56.782", "Fatima", "van der", "Berg",
            f"0{number}-03-2005", "2611AB", "Delft", "PrO", "PW", "Bijstand", "5", "01-11-2026",
            "16", "24", "6", "fiets; OV", "30", "2", "4", "3", "2", "2", "4", "2", "42,5",
            "01-03-2026", "Dariuz", "01-11-2026", "J. Jansen",
        ]  # fmt: skip
        out.append(dict(zip(GEMEENTE_HEADER, cells, strict=True)))
    return out


def _text_values(engine: Engine) -> list[str]:
    """Every value of every column of every table as text (the whole schema, not a list kept
    by hand; numbers too, since a BSN could hide in an integer column)."""
    found: list[str] = []
    names = set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            if table.name not in names:
                continue
            for column in (c.name for c in table.columns):
                statement = text(f'SELECT CAST("{column}" AS TEXT) FROM "{table.name}"')
                found.extend(str(v) for (v,) in connection.execute(statement) if v is not None)
    return found


def test_bsn_column_is_refused_by_default(engine: Engine, tmp_path: Path) -> None:
    data = rows(2)
    for row, bsn in zip(data, BSNS, strict=False):
        row["burgerservicenummer"] = bsn
    path = csv_file(tmp_path, data, header=["burgerservicenummer", *HEADER])
    report = run(engine, staff(engine), path)
    assert report.status == "rejected"
    assert "Column 'burgerservicenummer' holds citizen service numbers (BSN)" in report.message
    assert "never stores a BSN" in report.message
    with Session(engine) as session:
        assert session.exec(select(Candidate)).first() is None


def test_hashed_bsn_reaches_no_table_and_no_log(
    engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    data = _gemeente_rows()
    data[2]["Geboortedatum"] = "31-02-2005"  # one rejected row: its BSN must not leak either
    path = write_csv(tmp_path / "klanten.csv", data, header=GEMEENTE_HEADER)
    report = run(
        engine,
        staff(engine),
        path,
        profile="gemeente_klantvolg",
        valid_rows=True,
        rejected_csv=tmp_path / "rejected.csv",
    )
    assert (report.status, report.created, report.rejected) == ("succeeded", 2, 1), report.problems
    with Session(engine) as session:
        names = {c.last_name for c in session.exec(select(Candidate)).scalars()}
        hashes = [k.bsn_hmac for k in session.exec(select(ImportKey)).scalars()]
    assert names == {"van der Berg"}  # tussenvoegsel and achternaam joined
    assert all(h is not None and len(h) == 64 for h in hashes)
    stored = _text_values(engine)
    assert any("Fatima" in v for v in stored)  # the scan does see what was imported
    for bsn in [*BSNS, "1234.56.782"]:
        assert not any(bsn in value for value in stored), f"BSN {bsn} stored"
        assert bsn not in caplog.text
    out, err = capfd.readouterr()
    for bsn in BSNS:
        assert bsn not in out + err
        assert bsn not in (tmp_path / "rejected.csv").read_text(encoding="utf-8-sig")
        assert not any(bsn in p.value or bsn in p.message for p in report.problems)


def test_same_bsn_from_two_sources_gives_the_same_hash(engine: Engine, tmp_path: Path) -> None:
    data = _gemeente_rows()[:1]
    path = write_csv(tmp_path / "a.csv", data, header=GEMEENTE_HEADER)
    actor = staff(engine)
    run(engine, actor, path, profile="gemeente_klantvolg", source="gemeente-delft")
    run(engine, actor, path, profile="gemeente_klantvolg", source="gemeente-rijswijk")
    with Session(engine) as session:
        keys = session.exec(select(ImportKey)).scalars().all()
    assert len(keys) == 2 and keys[0].bsn_hmac == keys[1].bsn_hmac


def test_invalid_bsn_is_a_row_problem_with_the_value_masked(engine: Engine, tmp_path: Path) -> None:
    data = _gemeente_rows()[:1]
    data[0]["BSN"] = "123456789"  # fails the elfproef
    path = write_csv(tmp_path / "a.csv", data, header=GEMEENTE_HEADER)
    report = run(engine, staff(engine), path, profile="gemeente_klantvolg", dry_run=True)
    assert [(p.column, p.value, p.message) for p in report.problems] == [
        ("BSN", "*******89", "not a valid BSN (elfproef fails)")
    ]


def test_erasure_clears_the_bsn_hash_and_a_reimport_does_not_bring_the_person_back(
    engine: Engine, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "klanten.csv", _gemeente_rows()[:2], header=GEMEENTE_HEADER)
    report = run(engine, staff(engine), path, profile="gemeente_klantvolg")
    assert (report.status, report.created) == ("succeeded", 2), report.problems
    admin = staff(engine, Role.admin)
    with Session(engine) as session:
        keys = {k.external_id: k for k in session.exec(select(ImportKey)).scalars()}
        before = {name: key.bsn_hmac for name, key in keys.items()}
        erasure.erase(session, actor=admin, candidate_id=keys["GK-2"].record_id, reason="request")
        session.commit()
        after = {k.external_id: k.bsn_hmac for k in session.exec(select(ImportKey)).scalars()}
    assert before["GK-2"] is not None and after["GK-2"] is None
    assert after["GK-1"] == before["GK-1"] is not None  # the other person's hash stays
    again = run(engine, staff(engine), path, profile="gemeente_klantvolg")
    assert (again.status, again.created, again.unchanged) == ("succeeded", 0, 2), again.problems
    with Session(engine) as session:
        live = session.exec(select(Candidate).where(col(Candidate.erased_at).is_(None)))
        assert len(live.scalars().all()) == 1  # the erased person was not brought back
        assert (
            session.exec(select(ImportKey.bsn_hmac).where(ImportKey.external_id == "GK-2")).scalar()
            is None
        )
