"""Existing placements: one row per placement, its steps as dated columns.

A row names its candidate and workplace by their ids in the same source (imported first) and
carries the steps reached so far: consent (``consent_recorded_on``), introduction
(``introduced_on``), proefplaatsing (``proef_start``), contract (``start_date`` with contract
type, hours, loonwaarde) and the end (``ended_on`` with the outcome). Each step is validated by
the API's own step schema and written by the API's own ``open_placement`` and ``transition``,
so after-care is scheduled and every step is in the decision log exactly as if staff had
clicked through it (docs/decisions/170).
"""

from typing import Any

from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from app.core.errors import DomainError
from app.core.security import Principal
from app.imports.validate import Problem, ValidRow
from app.placements import service as placements
from app.placements.models import Placement
from app.placements.schemas import STEPS, TransitionIn
from app.placements.vocab import PlacementState

# Our columns per step, in pipeline order; the first column of each step says it happened.
STEP_COLUMNS: list[tuple[PlacementState, tuple[str, ...]]] = [
    (PlacementState.consent_recorded, ("consent_recorded_on", "consent_note", "guardian_consent")),
    (PlacementState.introduced, ("introduced_on",)),
    (PlacementState.proefplaatsing, ("proef_start", "proef_planned_end")),
    (
        PlacementState.placed,
        (
            "start_date",
            "contract_type",
            "hours_per_week",
            "end_date",
            "loonwaarde_pct",
            "with_jobcoach",
        ),
    ),
    (PlacementState.ended, ("ended_on", "outcome", "dropout_reason", "outcome_note")),
]
ORDER = [state for state, _ in STEP_COLUMNS]


class PlacementRecord(BaseModel):
    """A validated placement row: whose, where, and the steps in pipeline order."""

    candidate_id: int
    workplace_id: int
    steps: list[tuple[PlacementState, dict[str, Any]]]


def build(
    flat: dict[str, Any], candidate_id: int, workplace_id: int
) -> PlacementRecord | list[tuple[str, str]]:
    """The steps of ``flat``, each checked by its API schema; else (column, message) pairs."""
    problems: list[tuple[str, str]] = []
    steps: list[tuple[PlacementState, dict[str, Any]]] = []
    for state, columns in STEP_COLUMNS:
        given = {c: flat[c] for c in columns if c in flat}
        if not given:
            continue
        if columns[0] not in given:
            problems.append((columns[0], f"required when {', '.join(given)} is given"))
            continue
        try:
            step = STEPS[state].model_validate(given)
        except ValidationError as exc:
            for error in exc.errors():
                column = str(error["loc"][0]) if error["loc"] else columns[0]
                problems.append((column, str(error["msg"]).removeprefix("Value error, ")))
            continue
        steps.append((state, step.model_dump(exclude_unset=False)))
    reached = [s for s, _ in steps if s != PlacementState.ended]
    for needed in (PlacementState.consent_recorded, PlacementState.introduced):
        if reached and needed not in reached and ORDER.index(reached[-1]) > ORDER.index(needed):
            first = dict(STEP_COLUMNS)[needed][0]
            problems.append((first, f"required before {reached[-1]}: the steps follow in order"))
    if problems:
        return problems
    return PlacementRecord(candidate_id=candidate_id, workplace_id=workplace_id, steps=steps)


def _walk(session: Session, actor: Principal, placement: Placement, steps: list[Any]) -> None:
    for state, values in steps:
        transition_in = TransitionIn.model_validate(
            {"to": state, "version": placement.version, **values}
        )
        placements.transition(
            session, actor=actor, placement=placement, transition_in=transition_in
        )


def _problems(row: ValidRow, exc: DomainError) -> list[Problem]:
    fields = exc.fields or {"": exc.detail}
    return [Problem(row.row, name, "", f"{exc.detail} ({text})") for name, text in fields.items()]


def create_one(session: Session, *, actor: Principal, row: ValidRow) -> int | list[Problem]:
    record: Any = row.record
    try:
        with session.begin_nested():
            placement = placements.open_placement(
                session,
                actor=actor,
                candidate_id=record.candidate_id,
                workplace_id=record.workplace_id,
                proposal_id=None,
            )
            _walk(session, actor, placement, record.steps)
            return int(placement.id or 0)
    except DomainError as exc:
        return _problems(row, exc)


def update_one(
    session: Session, *, actor: Principal, record_id: int, row: ValidRow
) -> bool | list[Problem]:
    """The source moved the placement on: take the steps after the current state. A change
    to a step already taken is made in Passend, not by re-import: that row is a problem."""
    placement = session.get(Placement, record_id)
    record: Any = row.record
    if placement is None:
        return [Problem(row.row, "external_id", row.external_id, "deleted in Passend")]
    current = PlacementState(placement.state)
    taken = ORDER.index(current) if current in ORDER else -1
    done = [(s, v) for s, v in record.steps if ORDER.index(s) <= taken]
    for state, values in done:
        stored = {k: getattr(placement, k) for k in values}
        if any(stored[k] != v for k, v in values.items() if k in stored):
            return [
                Problem(row.row, dict(STEP_COLUMNS)[state][0], "", f"placement {record_id} "
                        f"already has this step ({state}) with other values; change it in "
                        "Passend, not by import")
            ]  # fmt: skip
    further = [(s, v) for s, v in record.steps if ORDER.index(s) > taken]
    if not further:
        return False
    try:
        with session.begin_nested():
            _walk(session, actor, placement, further)
    except DomainError as exc:
        return _problems(row, exc)
    return True
