"""Importing employers and workplaces with their tasks, through the API's own services."""

from pathlib import Path

from sqlalchemy import Engine, select
from sqlmodel import Session

from app.audit.decisions import Decision
from app.employers.models import Employer, Workplace
from app.imports import service
from tests.imports.helpers import EXAMPLES, import_as_admin


def _run(engine: Engine, entity: str, path: Path, **kw: object) -> service.ImportReport:
    return import_as_admin(engine, entity, path, **kw)


def test_example_employers_and_workplaces_with_tasks(engine: Engine) -> None:
    employers = _run(engine, "employers", EXAMPLES / "employers.csv")
    assert (employers.status, employers.created) == ("succeeded", 2), employers.problems
    places = _run(engine, "workplaces", EXAMPLES / "workplaces.csv")
    assert (places.status, places.created) == ("succeeded", 2), places.problems
    with Session(engine) as session:
        by_title = {w.title: w for w in session.exec(select(Workplace)).scalars()}
        groen = by_title["Medewerker groenonderhoud"]
        bakkerij = by_title["Hulp in de bakkerij"]
        assert groen.employer is not None and groen.employer.kvk_number == "27123456"
        assert bakkerij.employer is not None and bakkerij.employer.name == "Bakkerij Van Dijk"
        assert [t.name for t in groen.tasks] == ["Blad ruimen", "Plantsoen schoffelen"]
        assert bakkerij.tasks[0].required_certificate == "HACCP"
        assert groen.sector == "groenvoorziening"  # the employer's, as the API defaults it
        assert bakkerij.min_loonwaarde_pct == 30
    again = _run(engine, "workplaces", EXAMPLES / "workplaces.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_changed_workplace_tasks_update_with_a_decision(engine: Engine, tmp_path: Path) -> None:
    _run(engine, "employers", EXAMPLES / "employers.csv")
    _run(engine, "workplaces", EXAMPLES / "workplaces.csv")
    text = (EXAMPLES / "workplaces.csv").read_text(encoding="utf-8")
    changed = tmp_path / "workplaces.csv"
    changed.write_text(
        text.replace("Blad ruimen / 8 /", "Blad ruimen / 6 /").replace(";2;;16;28", ";3;;16;28")
    )
    report = _run(engine, "workplaces", changed)
    assert (report.updated, report.unchanged) == (1, 1), report.problems
    with Session(engine) as session:
        groen = session.exec(
            select(Workplace).where(Workplace.title == "Medewerker groenonderhoud")
        ).scalar_one()
        decision = session.exec(
            select(Decision).where(Decision.action == "import:updated")
        ).scalar_one()
    assert groen.capacity == 3 and groen.tasks[0].hours_per_week == 6
    assert groen.version > 1
    assert decision.workplace_id == groen.id
    assert set(decision.detail["changed"]) == {"capacity", "tasks"}


def test_workplace_of_an_unknown_employer_and_a_bad_task(engine: Engine, tmp_path: Path) -> None:
    text = (EXAMPLES / "workplaces.csv").read_text(encoding="utf-8")
    bad = tmp_path / "w.csv"
    bad.write_text(text.replace("Schappen vullen / 6 / 3 / 4 / 3 / 1", "Schappen vullen / zes"))
    report = _run(engine, "workplaces", bad, dry_run=True)
    problems = {(p.row, p.column): p.message for p in report.problems}
    assert "no such employer" in problems[(2, "employer_external_id")]
    assert "needs name / hours" in problems[(3, "tasks")]


def test_kvk_already_registered_is_the_rows_problem(engine: Engine, tmp_path: Path) -> None:
    _run(engine, "employers", EXAMPLES / "employers.csv", source="crm-a")
    report = _run(engine, "employers", EXAMPLES / "employers.csv", source="crm-b", valid_rows=True)
    assert (report.created, report.rejected) == (0, 2)
    assert all("KvK number already exists" in p.message for p in report.problems)
    with Session(engine) as session:
        assert len(session.exec(select(Employer)).all()) == 2
