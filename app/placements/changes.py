"""Changes to a running job: contract renewal, a move from work to work, and the loonwaarde
agreed at placement joining the candidate's series (decision 160).

A renewal keeps the placement (its history gets the replaced contract period) and re-plans
the after-care, so the contract-end alert moves with the new end date. A move ends this
placement as ``moved_to_other_job`` and opens a linked one, already placed, at the other
workplace: "still in work" at 6 and 12 months counts either job.
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, select, update

from app.audit import decisions
from app.candidates.models import Candidate, LoonwaardeMeasurement
from app.core.crud import check_version, validate
from app.core.errors import Conflict, Invalid
from app.core.security import Principal
from app.core.timeutil import today, utcnow
from app.core.vocab import WorkplaceStatus
from app.employers.models import Workplace
from app.placements import followups
from app.placements.models import Placement, PlacementContract
from app.placements.schemas import MoveIn, RenewalStep
from app.placements.vocab import Outcome, PlacementState

LOONWAARDE_METHOD = "vastgesteld bij plaatsing"


def _bump(session: Session, placement: Placement, values: dict[str, Any]) -> None:
    """One conditional UPDATE on the version, as every transition does."""
    matched = session.exec(
        update(Placement)
        .where(col(Placement.id) == placement.id, col(Placement.version) == placement.version)
        .values(**values, version=placement.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if matched != 1:
        raise Conflict(
            "The placement was changed by someone else just now. Reload it and try again.",
            fields={"version": "stale"},
        )
    session.refresh(placement)


def renew(
    session: Session, *, actor: Principal, placement: Placement, sent: dict[str, Any]
) -> Placement:
    """placed → placed: a new end date (and perhaps contract type or hours), history kept."""
    step = validate(RenewalStep, sent)
    assert placement.start_date is not None
    if step.end_date is not None and step.end_date <= max(placement.start_date, step.renewed_on):
        raise Invalid(
            "The new end date must lie after the start and after the renewal.",
            fields={"end_date": f"must be after {max(placement.start_date, step.renewed_on)}"},
        )
    if step.renewed_on < placement.start_date:
        raise Invalid(
            "A renewal cannot be agreed before the job started.",
            fields={"renewed_on": f"must be on or after start_date ({placement.start_date})"},
        )
    session.add(
        PlacementContract(
            placement_id=placement.id or 0,
            contract_type=placement.contract_type,
            hours_per_week=placement.hours_per_week,
            start_date=placement.start_date,
            end_date=placement.end_date,
            replaced_on=step.renewed_on,
            replaced_by=actor.account_id,
        )
    )
    values: dict[str, Any] = {"end_date": step.end_date}
    if step.contract_type is not None:
        values["contract_type"] = step.contract_type
    if step.hours_per_week is not None:
        values["hours_per_week"] = step.hours_per_week
    if step.with_jobcoach is not None:
        values["with_jobcoach"] = step.with_jobcoach
    previous_end = placement.end_date
    _bump(session, placement, values)
    followups.schedule(session, placement=placement)
    decisions.record(
        session,
        actor,
        "transition:renewed",
        candidate_id=placement.candidate_id,
        workplace_id=placement.workplace_id,
        proposal_id=placement.proposal_id,
        placement_id=placement.id,
        detail={
            "from": "placed",
            "previous_end_date": str(previous_end),
            **step.model_dump(mode="json"),
        },
    )
    return placement


def move(session: Session, *, actor: Principal, placement: Placement, move_in: MoveIn) -> Placement:
    """End ``placement`` as a move to other work and open the next job, already placed."""
    check_version(placement.version, move_in.version, "placement")
    if placement.state != PlacementState.placed:
        raise Conflict(
            "Only a running job (state 'placed') can move to other work.",
            fields={"state": placement.state},
        )
    assert placement.start_date is not None
    ended_on = move_in.start_date - timedelta(days=1)
    if ended_on < placement.start_date:
        raise Invalid(
            "The new job cannot start before this one.",
            fields={"start_date": f"must be after {placement.start_date}"},
        )
    workplace = session.get(Workplace, move_in.workplace_id)
    if workplace is None:
        raise Invalid("Unknown workplace.", fields={"workplace_id": "no workplace with this id"})
    if workplace.status == WorkplaceStatus.closed:
        raise Conflict("The workplace is closed.", fields={"workplace_id": "closed"})
    open_there = session.exec(
        select(Placement.id).where(
            Placement.candidate_id == placement.candidate_id,
            Placement.workplace_id == move_in.workplace_id,
            Placement.state != PlacementState.ended,
        )
    ).first()
    if open_there is not None:
        raise Conflict(
            "This candidate already has an open placement at that workplace.",
            fields={"workplace_id": f"open placement {open_there}"},
        )
    _bump(
        session,
        placement,
        {
            "state": PlacementState.ended,
            "ended_on": ended_on,
            "outcome": Outcome.moved_to_other_job,
            "outcome_note": move_in.note,
        },
    )
    followups.cancel_open(session, placement_id=placement.id or 0, keep_outcome_checks=True)
    successor = Placement(
        candidate_id=placement.candidate_id,
        workplace_id=workplace.id or 0,
        employer_id=workplace.employer_id,
        jobhunter_id=placement.jobhunter_id,
        previous_placement_id=placement.id,
        state=PlacementState.placed,
        **move_in.model_dump(exclude={"version", "workplace_id", "note"}),
    )
    session.add(successor)
    session.flush()
    followups.schedule(session, placement=successor)
    add_loonwaarde_at_placement(session, successor)
    decisions.record(
        session,
        actor,
        "transition:moved",
        candidate_id=placement.candidate_id,
        workplace_id=successor.workplace_id,
        placement_id=successor.id,
        reason=Outcome.moved_to_other_job,
        note=move_in.note,
        detail={"from_placement_id": placement.id, **move_in.model_dump(mode="json")},
    )
    return successor


def add_loonwaarde_at_placement(session: Session, placement: Placement) -> None:
    """The loonwaarde agreed at placement becomes a dated measurement of the candidate."""
    candidate = session.get(Candidate, placement.candidate_id)
    if candidate is None or placement.loonwaarde_pct is None or placement.start_date is None:
        return
    session.add(
        LoonwaardeMeasurement(
            candidate_id=placement.candidate_id,
            measured_on=min(placement.start_date, today()),
            loonwaarde_pct=placement.loonwaarde_pct,
            method=LOONWAARDE_METHOD,
            source=f"plaatsing {placement.id}",
        )
    )
    candidate.updated_at = utcnow()
    session.add(candidate)
    session.flush()
    session.refresh(candidate)


def contract_history(
    session: Session, placement_ids: Sequence[int]
) -> dict[int, list[PlacementContract]]:
    if not placement_ids:
        return {}
    rows = session.exec(
        select(PlacementContract)
        .where(col(PlacementContract.placement_id).in_(list(placement_ids)))
        .order_by(col(PlacementContract.id))
    ).all()
    history: dict[int, list[PlacementContract]] = defaultdict(list)
    for row in rows:
        history[row.placement_id].append(row)
    return history
