"""The WSP CRM profile: Dutch headers and the CRM's own codes for regime, school type and
contract map onto ours; an unknown code names the column, the value and the known codes."""

from pathlib import Path

from sqlalchemy import Engine, select
from sqlmodel import Session

from app.candidates.models import Candidate
from app.employers.models import Employer, Workplace
from app.imports import service
from seed.import_files import write_csv
from tests.imports.helpers import import_as_admin, rows

EMPLOYER = {
    "Relatienr": "R-7", "Bedrijfsnaam": "Groenbedrijf Delfland", "KvK": "27111222",
    "Branche": "groenvoorziening", "SBI": "8130", "Grootte": "KLEIN", "Postcode": "2616",
    "Vestigingsplaats": "Delft", "Aannamebereidheid": "4", "Motief": "MVO",
    "Accountmanager": "A. de Wit",
}  # fmt: skip
WORKPLACE = {
    "Vacaturenr": "VAC-1", "Relatienr": "R-7", "Functie": "Medewerker plantsoenen",
    "Soort": "LAT", "Plaatsingsvorm": "LKS", "Aantal": "2", "Uren min": "16", "Uren max": "24",
    "Uren/dag": "6", "Contract": "BEP", "Duur (mnd)": "12", "Postcode": "2616",
    "Prikkels": "2", "Structuur": "4", "Begeleiding": "4", "Werkdruk": "2",
    "Klantcontact": "1", "Fysiek": "3", "Teamgrootte": "5", "Werkbegeleider": "J",
    "Instrumenten": "LKS; JC", "Taken": "Schoffelen / 8 / 1 / 4 / 3 / 1",
}  # fmt: skip


def _run(engine: Engine, entity: str, path: Path, **kw: object) -> service.ImportReport:
    return import_as_admin(engine, entity, path, profile="wsp_crm", **kw)


def test_wsp_employer_and_workplace_codes(engine: Engine, tmp_path: Path) -> None:
    employers = write_csv(tmp_path / "relaties.csv", [EMPLOYER], header=list(EMPLOYER))
    assert _run(engine, "employers", employers).created == 1
    places = write_csv(tmp_path / "vacatures.csv", [WORKPLACE], header=list(WORKPLACE))
    report = _run(engine, "workplaces", places)
    assert report.created == 1, report.problems
    with Session(engine) as session:
        employer = session.exec(select(Employer)).scalar_one()
        workplace = session.exec(select(Workplace)).scalar_one()
    assert (employer.size_class, employer.motive) == ("small", "intrinsic")
    assert (workplace.kind, workplace.place_type, workplace.contract_type) == (
        "latent",
        "lks",
        "temporary",
    )
    assert workplace.instruments_accepted == ["loonkostensubsidie", "jobcoach"]
    unknown = write_csv(
        tmp_path / "v2.csv", [{**WORKPLACE, "Contract": "FLEX"}], header=list(WORKPLACE)
    )
    problems = _run(engine, "workplaces", unknown, dry_run=True).problems
    assert [(p.column, p.value) for p in problems] == [("Contract", "FLEX")]
    assert "unknown code 'FLEX' for contract_type" in problems[0].message
    assert "bep" in problems[0].message and "vast" in problems[0].message


def test_wsp_candidate_codes(engine: Engine, tmp_path: Path) -> None:
    generic = rows(1)[0]
    crm = {
        "Kandidaatnr": "KN-1", "Roepnaam": "Sanne", "Achternaam": "de Vries",
        "Geb.datum": "14-05-2006", "PC": "2611 AB", "Woongemeente": "Delft",
        "Onderwijs": "VSO-AR", "Regeling": "WJ2015", "Uitkering": "WJ", "Fase": "BM",
        "Fase sinds": generic["readiness_confirmed_on"], "Uren min": "16", "Uren max": "24",
        "Uren/dag": "6", "Dagen": "MA;DI;WO", "Vervoer": "FTS|OV", "Reistijd": "30",
        "Prikkels": "2", "Structuur": "4", "Begeleiding": "3", "Werkdruk": "2",
        "Klantcontact": "2", "Fysiek": "4", "Werkniveau": "2", "AVG matching": "01-11-2026",
    }  # fmt: skip
    path = write_csv(tmp_path / "kandidaten.csv", [crm], header=list(crm))
    report = _run(engine, "candidates", path)
    assert report.created == 1, report.problems
    with Session(engine) as session:
        candidate = session.exec(select(Candidate)).scalar_one()
    assert (candidate.school_type, candidate.regime, candidate.readiness) == (
        "vso_arbeid",
        "wajong",
        "ready",
    )
    assert candidate.days_available == ["mon", "tue", "wed"]
    assert candidate.travel_modes == ["bicycle", "public_transport"]
