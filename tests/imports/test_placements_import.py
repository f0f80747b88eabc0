"""Importing existing placements: each step through the API's own transitions."""

from pathlib import Path

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from app.audit.decisions import Decision
from app.imports import service
from app.placements.models import FollowUp, Placement
from tests.imports.helpers import EXAMPLES, import_as_admin


def _run(engine: Engine, entity: str, path: Path, **kw: object) -> service.ImportReport:
    return import_as_admin(engine, entity, path, **kw)


def _region(engine: Engine) -> None:
    for entity in ("candidates", "employers", "workplaces"):
        report = _run(engine, entity, EXAMPLES / f"{entity}.csv")
        assert report.ok, report.problems


def test_example_placements_walk_the_pipeline(engine: Engine) -> None:
    _region(engine)
    report = _run(engine, "placements", EXAMPLES / "placements.csv")
    assert (report.status, report.created) == ("succeeded", 2), report.problems
    with Session(engine) as session:
        found = {p.state: p for p in session.exec(select(Placement)).scalars()}
        placed = found["placed"]
        assert placed.loonwaarde_pct == 42.5 and placed.with_jobcoach
        assert placed.proef_start is not None and placed.introduced_on is not None
        assert found["ended"].outcome == "withdrawn_before_start"
        steps = [
            d.action
            for d in session.exec(
                select(Decision)
                .where(Decision.placement_id == placed.id)
                .order_by(col(Decision.id))
            ).scalars()
        ]
        assert steps == [
            "placement_opened",
            "transition:consent_recorded",
            "transition:introduced",
            "transition:proefplaatsing",
            "transition:placed",
        ]
        followups = session.exec(select(FollowUp).where(FollowUp.placement_id == placed.id)).all()
    assert followups  # after-care scheduled as the API would
    again = _run(engine, "placements", EXAMPLES / "placements.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_later_step_in_the_source_moves_the_placement_on(engine: Engine, tmp_path: Path) -> None:
    _region(engine)
    text = (EXAMPLES / "placements.csv").read_text(encoding="utf-8")
    first = tmp_path / "placements.csv"
    first.write_text(text.replace(";16-11-2026;temporary;24;15-11-2027;42,5;ja;", ";;;;;;;"))
    assert _run(engine, "placements", first).created == 2
    report = _run(engine, "placements", EXAMPLES / "placements.csv")
    assert (report.updated, report.unchanged) == (1, 1), report.problems
    with Session(engine) as session:
        states = sorted(p.state for p in session.exec(select(Placement)).scalars())
    assert states == ["ended", "placed"]


def test_placement_problems_name_the_column(engine: Engine, tmp_path: Path) -> None:
    _region(engine)
    text = (EXAMPLES / "placements.csv").read_text(encoding="utf-8")
    bad = tmp_path / "placements.csv"
    bad.write_text(
        text.replace("P-1;K1001;V-101;01-09-2026", "P-1;K9999;V-101;01-09-2026").replace(
            ";20-10-2026;withdrawn_before_start;", ";20-10-2026;stopped;"
        )
    )
    report = _run(engine, "placements", bad, dry_run=True)
    problems = {(p.row, p.column): p.message for p in report.problems}
    assert "no such candidate in this source" in problems[(2, "candidate_external_id")]
    assert "completed" in problems[(3, "outcome")]
