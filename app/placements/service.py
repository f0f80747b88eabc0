"""Placements: opening one, the pipeline's transitions and reading them back.

Transitions use optimistic locking done in the database: the change is one conditional
``UPDATE ... WHERE id = :id AND version = :version``; when another request got there first it
matches no row and the caller gets 409, so two reviewers deciding at once never both win.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, col, func, select, update

from app.audit import decisions
from app.audit import service as audit
from app.audit.decisions import Decision, DecisionPublic
from app.candidates.models import Candidate
from app.consent import service as consent
from app.consent.schemas import ConsentPurpose
from app.core import visibility
from app.core.crud import check_version, validate
from app.core.errors import Conflict, Invalid, NotFound
from app.core.pagination import Page, PageParams, paginate
from app.core.recent import Recent
from app.core.security import Principal
from app.core.timeutil import today, utcnow
from app.core.vocab import Role, WorkplaceStatus
from app.employers.models import Workplace
from app.placements import changes, followups
from app.placements.models import Placement
from app.placements.schedule import in_work_at
from app.placements.schemas import (
    STEPS,
    CheckInIn,
    FollowUpPublic,
    MoveIn,
    PlacementCreate,
    PlacementPublic,
    TransitionIn,
)
from app.placements.vocab import (
    OUTCOMES_FROM,
    PROEF_KINDS,
    TRANSITIONS,
    Outcome,
    PlacementState,
)

SORTABLE = ("id", "created_at", "updated_at", "state", "start_date")
DECISION_SORTABLE = ("id", "at")


@dataclass(frozen=True)
class PlacementFilters:
    candidate_id: int | None = None
    workplace_id: int | None = None
    state: str | None = None
    jobhunter_id: int | None = None


def open_placement(
    session: Session,
    *,
    actor: Principal,
    candidate_id: int,
    workplace_id: int,
    proposal_id: int | None,
) -> Placement:
    """Open a placement in state ``accepted`` and log the decision ``placement_opened``.

    Every way in (the API, a reviewed proposal, the candidate page, an import) comes here, so
    the rules are checked once: who may decide, one open placement per candidate, the
    workplace's capacity and the matching consent."""
    visibility.require_decide(session, actor, candidate_id)
    candidate, workplace = claim_place(
        session, candidate_id=candidate_id, workplace_id=workplace_id
    )
    withdrawn = consent.withdrawn_on(session, candidate_id, ConsentPurpose.matching)
    if withdrawn is not None:
        raise Conflict(
            f"The candidate withdrew consent for matching on {withdrawn}; record a new "
            "consent before opening a placement.",
            fields={"candidate_id": f"matching consent withdrawn on {withdrawn}"},
        )
    # Follow-ups need an owner: the candidate's jobhunter, else the jobhunter opening it.
    jobhunter_id = candidate.jobhunter_id
    if jobhunter_id is None and actor.role == Role.jobhunter:
        jobhunter_id = actor.account_id
    placement = Placement(
        candidate_id=candidate_id,
        workplace_id=workplace_id,
        employer_id=workplace.employer_id,
        proposal_id=proposal_id,
        jobhunter_id=jobhunter_id,
        state=PlacementState.accepted,
    )
    session.add(placement)
    session.flush()
    decisions.record(
        session,
        actor,
        "placement_opened",
        candidate_id=candidate_id,
        workplace_id=workplace_id,
        proposal_id=proposal_id,
        placement_id=placement.id,
    )
    return placement


def claim_place(
    session: Session, *, candidate_id: int, workplace_id: int, leaving: int | None = None
) -> tuple[Candidate, Workplace]:
    """Check that the candidate is free and the workplace has room, holding both rows.

    The candidate row and then the workplace row are locked (``FOR UPDATE`` on PostgreSQL;
    SQLite serialises writers) until the request commits, so two requests for the same
    candidate or the last place cannot both pass. ``leaving``: the placement a move ends,
    which counts for neither. 422 for an unknown id, 409 when there is no room."""
    session.exec(_locked(Candidate, candidate_id)).first()
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or candidate.erased_at is not None:
        raise Invalid("Unknown candidate.", fields={"candidate_id": "no candidate with this id"})
    session.exec(_locked(Workplace, workplace_id)).first()
    workplace = session.get(Workplace, workplace_id)
    if workplace is None:
        raise Invalid("Unknown workplace.", fields={"workplace_id": "no workplace with this id"})
    if workplace.status == WorkplaceStatus.closed:
        raise Conflict("The workplace is closed.", fields={"workplace_id": "closed"})
    busy = _open_of(session, Placement.candidate_id == candidate_id, leaving).first()
    if busy is not None:
        raise Conflict(
            f"The candidate already has an open placement {busy.id} at workplace "
            f"{busy.workplace_id} (state '{busy.state}'); end it first.",
            fields={"candidate_id": f"open placement {busy.id} at workplace {busy.workplace_id}"},
        )
    taken = [p.id for p in _open_of(session, Placement.workplace_id == workplace_id, leaving)]
    if len(taken) >= workplace.capacity:
        listed = ", ".join(str(i) for i in taken)
        raise Conflict(
            f"The workplace has no place left: capacity {workplace.capacity}, open placements "
            f"{listed}.",
            fields={"workplace_id": f"capacity {workplace.capacity}, open placements {listed}"},
        )
    return candidate, workplace


def _locked(model: Any, row_id: int) -> Any:
    return select(model.id).where(model.id == row_id).with_for_update()


def _open_of(session: Session, condition: Any, leaving: int | None) -> Any:
    statement = select(Placement).where(condition, Placement.state != PlacementState.ended)
    if leaving is not None:
        statement = statement.where(Placement.id != leaving)
    return session.exec(statement.order_by(col(Placement.id)))


def get(session: Session, placement_id: int) -> Placement:
    placement = session.get(Placement, placement_id)
    if placement is None:
        raise NotFound("No placement with that id.")
    return placement


def list_(
    session: Session, *, filters: PlacementFilters, page: PageParams
) -> tuple[list[Placement], int]:
    statement = select(Placement)
    for name in ("candidate_id", "workplace_id", "state", "jobhunter_id"):
        value = getattr(filters, name)
        if value is not None:
            statement = statement.where(getattr(Placement, name) == value)
    return paginate(session, statement, Placement, page, SORTABLE)


def open_placement_candidates(session: Session) -> set[int]:
    """Candidates with a placement that has not ended; match runs leave them out."""
    statement = select(Placement.candidate_id).where(Placement.state != PlacementState.ended)
    return set(session.exec(statement.distinct()).all())


def has_open_placement(session: Session, candidate_id: int) -> bool:
    """One candidate's share of ``open_placement_candidates`` (one indexed lookup)."""
    statement = select(Placement.id).where(
        Placement.candidate_id == candidate_id, Placement.state != PlacementState.ended
    )
    return session.exec(statement.limit(1)).first() is not None


@dataclass(frozen=True)
class OpenPlacements:
    """Placements that have not ended: who is busy, and how full each workplace is."""

    candidates: frozenset[int]
    by_workplace: dict[int, int]


def _read_open(session: Session) -> OpenPlacements:
    statement = select(Placement.candidate_id, Placement.workplace_id).where(
        Placement.state != PlacementState.ended
    )
    rows = session.exec(statement).all()
    return OpenPlacements(frozenset(c for c, _ in rows), dict(Counter(w for _, w in rows)))


_OPEN = Recent(_read_open)


def open_now(session: Session) -> OpenPlacements:
    """The open placements, as fresh as the suggestion snapshot (app/core/recent.py): one
    read per interval per process instead of two statements per suggestion."""
    return _OPEN.get(session)


def open_counts_by_workplace(session: Session) -> dict[int, int]:
    """Workplace id → placements that have not ended; they take up the workplace's capacity."""
    statement = (
        select(Placement.workplace_id, func.count())
        .where(Placement.state != PlacementState.ended)
        .group_by(col(Placement.workplace_id))
    )
    return {workplace_id: int(count) for workplace_id, count in session.exec(statement).all()}


def transition(
    session: Session, *, actor: Principal, placement: Placement, transition_in: Any
) -> Placement:
    """Move ``placement`` to ``transition_in.to`` with that step's fields (see ``STEPS``)."""
    target = PlacementState(transition_in.to)
    # consent_recorded records an introduce_employer consent: the consent rule applies too.
    records_consent = target == PlacementState.consent_recorded
    visibility.require_decide(
        session, actor, placement.candidate_id, records_consent=records_consent
    )
    check_version(placement.version, transition_in.version, "placement")
    current = PlacementState(placement.state)
    allowed = TRANSITIONS[current]
    if target not in allowed:
        names = ", ".join(allowed) or "none, the placement has ended"
        raise Conflict(
            f"A placement in state '{current}' cannot move to '{target}'.",
            fields={"to": f"allowed next states: {names}"},
        )
    sent = transition_in.model_dump(exclude_unset=True, exclude={"to", "version"})
    if current == target == PlacementState.placed:
        return changes.renew(session, actor=actor, placement=placement, sent=sent)
    step = validate(STEPS[target], sent)
    _check_against_record(session, placement, current, step)
    values = step.model_dump()
    matched = session.exec(
        update(Placement)
        .where(col(Placement.id) == placement.id, col(Placement.version) == placement.version)
        .values(**values, state=target, version=placement.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if matched != 1:
        raise Conflict(
            "The placement was changed by someone else just now. Reload it and try again.",
            fields={"version": "stale"},
        )
    session.refresh(placement)
    if target == PlacementState.consent_recorded:
        _record_introduction_consent(session, actor, placement)
    if target == PlacementState.proefplaatsing:
        followups.schedule_proef(session, placement=placement)
    elif target == PlacementState.placed:
        followups.cancel_kinds(session, placement_id=placement.id or 0, kinds=PROEF_KINDS)
        followups.schedule(session, placement=placement)
        changes.add_loonwaarde_at_placement(session, placement)
    elif target == PlacementState.ended:
        # A move to other work keeps the outcome checks: they ask about any job.
        moved = placement.outcome == Outcome.moved_to_other_job
        followups.cancel_open(session, placement_id=placement.id or 0, keep_outcome_checks=moved)
    decisions.record(
        session,
        actor,
        f"transition:{target}",
        candidate_id=placement.candidate_id,
        workplace_id=placement.workplace_id,
        proposal_id=placement.proposal_id,
        placement_id=placement.id,
        reason=(placement.dropout_reason or placement.outcome) if target == "ended" else None,
        note=str(values.get("consent_note") or values.get("outcome_note") or "")[:2000],
        detail={"from": current, **step.model_dump(mode="json")},
    )
    return placement


def _record_introduction_consent(session: Session, actor: Principal, placement: Placement) -> None:
    """The step records (or reuses) the introduce_employer consent that the visibility matrix
    reads, so the placement and the consent register never disagree. See decision 040."""
    candidate = session.get(Candidate, placement.candidate_id)
    assert candidate is not None and placement.consent_recorded_on is not None
    consent.ensure_introduction(
        session,
        actor=actor,
        candidate=candidate,
        employer_id=placement.employer_id,
        given_on=placement.consent_recorded_on,
        guardian_consent=placement.guardian_consent,
        note=placement.consent_note or f"Placement {placement.id}: consent_recorded",
    )


def _check_against_record(
    session: Session, placement: Placement, current: PlacementState, step: BaseModel
) -> None:
    """Rules that need the stored record: guardian consent, date order, fitting outcomes."""
    data = step.model_dump()
    if "consent_recorded_on" in data:
        candidate = session.get(Candidate, placement.candidate_id)
        assert candidate is not None
        consent.require_guardian(
            candidate.date_of_birth, data["consent_recorded_on"], data["guardian_consent"]
        )
    _not_before(data, "introduced_on", placement.consent_recorded_on, "consent_recorded_on")
    _not_before(data, "proef_start", placement.introduced_on, "introduced_on")
    if placement.proef_start is not None:
        _not_before(data, "start_date", placement.proef_start, "proef_start")
    _not_before(data, "start_date", placement.introduced_on, "introduced_on")
    if "outcome" in data:
        outcome = Outcome(data["outcome"])
        fitting = OUTCOMES_FROM[current]
        if outcome not in fitting:
            raise Invalid(
                f"A placement in state '{current}' cannot end as '{outcome}'.",
                fields={"outcome": f"use one of: {', '.join(fitting)}"},
            )
        started = placement.start_date or placement.proef_start
        if outcome == Outcome.withdrawn_before_start:
            if started is not None and started <= data["ended_on"]:
                raise Invalid(
                    "The work had already started.", fields={"outcome": f"it started {started}"}
                )
        else:
            _not_before(data, "ended_on", started, "start_date")


def _not_before(data: dict[str, Any], name: str, earliest: date | None, what: str) -> None:
    if name in data and earliest is not None and data[name] < earliest:
        raise Invalid(
            f"{name} cannot be before the previous step.",
            fields={name: f"must be on or after {what} ({earliest})"},
        )


def to_public_many(session: Session, placements: list[Placement]) -> list[PlacementPublic]:
    ids = [p.id for p in placements if p.id is not None]
    recorded = followups.recorded_outcomes(session, ids)
    history = changes.contract_history(session, ids)
    return [_public(p, recorded, history.get(p.id or 0, [])) for p in placements]


def to_public(session: Session, placement: Placement) -> PlacementPublic:
    return to_public_many(session, [placement])[0]


def _public(
    placement: Placement, recorded: dict[tuple[int, int], bool], history: list[Any]
) -> PlacementPublic:
    data = placement.model_dump()
    data["contract_history"] = [h.model_dump() for h in history]
    data["allowed_next"] = list(TRANSITIONS[PlacementState(placement.state)])
    outcome = Outcome(placement.outcome) if placement.outcome else None
    for months in (6, 12):
        data[f"in_work_at_{months}_months"] = in_work_at(
            months,
            start_date=placement.start_date,
            ended_on=placement.ended_on,
            outcome=outcome,
            recorded=recorded.get((placement.id or 0, months)),
            today=today(),
        )
    return PlacementPublic.model_validate(data)


def list_decisions(
    session: Session,
    *,
    candidate_id: int | None,
    workplace_id: int | None,
    placement_id: int | None,
    page: PageParams,
) -> tuple[list[Decision], int]:
    statement = select(Decision)
    if candidate_id is not None:
        statement = statement.where(Decision.candidate_id == candidate_id)
    if workplace_id is not None:
        statement = statement.where(Decision.workplace_id == workplace_id)
    if placement_id is not None:
        statement = statement.where(Decision.placement_id == placement_id)
    return paginate(session, statement, Decision, page, DECISION_SORTABLE)


# What the routes call: the answer in its public schema and the candidates it names in the
# access log (docs/decisions/100, point 7). Placements, follow-ups and decisions carry notes
# about the candidate: every read is logged.
PURPOSE = "case_management"


def _log(session: Session, principal: Principal, ids: list[int], action: str) -> None:
    audit.record_reads(session, principal, ids, purpose=PURPOSE, action=action)


def open_public(
    session: Session, *, principal: Principal, placement_in: PlacementCreate
) -> PlacementPublic:
    placement = open_placement(session, actor=principal, **placement_in.model_dump())
    _log(session, principal, [placement.candidate_id], "placement")
    return to_public(session, placement)


def list_public(
    session: Session, *, principal: Principal, filters: PlacementFilters, page: PageParams
) -> Page[PlacementPublic]:
    rows, total = list_(session, filters=filters, page=page)
    _log(session, principal, [p.candidate_id for p in rows], "placements")
    items = to_public_many(session, rows)
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


def read_public(session: Session, *, principal: Principal, placement_id: int) -> PlacementPublic:
    placement = get(session, placement_id)
    _log(session, principal, [placement.candidate_id], "placement")
    return to_public(session, placement)


def transition_public(
    session: Session, *, principal: Principal, placement_id: int, transition_in: TransitionIn
) -> PlacementPublic:
    placement = transition(
        session, actor=principal, placement=get(session, placement_id), transition_in=transition_in
    )
    _log(session, principal, [placement.candidate_id], "transition")
    return to_public(session, placement)


def move_public(
    session: Session, *, principal: Principal, placement_id: int, move_in: MoveIn
) -> PlacementPublic:
    placement = get(session, placement_id)
    visibility.require_decide(session, principal, placement.candidate_id)
    claim_place(
        session,
        candidate_id=placement.candidate_id,
        workplace_id=move_in.workplace_id,
        leaving=placement.id,
    )
    successor = changes.move(session, actor=principal, placement=placement, move_in=move_in)
    _log(session, principal, [successor.candidate_id], "move")
    return to_public(session, successor)


def follow_ups_public(
    session: Session, *, principal: Principal, placement_id: int
) -> list[FollowUpPublic]:
    placement = get(session, placement_id)
    rows = followups.list_for_placement(session, placement.id or 0)
    _log(session, principal, [placement.candidate_id], "follow_ups")
    return [followups.to_public(f) for f in rows]


def check_in_public(
    session: Session, *, principal: Principal, follow_up_id: int, check_in_in: CheckInIn
) -> FollowUpPublic:
    follow_up = followups.check_in(
        session,
        actor=principal,
        follow_up=followups.get(session, follow_up_id),
        check_in_in=check_in_in,
    )
    _log(session, principal, [follow_up.candidate_id], "check_in")
    return followups.to_public(follow_up)


def decisions_public(
    session: Session,
    *,
    principal: Principal,
    candidate_id: int | None,
    workplace_id: int | None,
    placement_id: int | None,
    page: PageParams,
) -> Page[DecisionPublic]:
    rows, total = list_decisions(
        session,
        candidate_id=candidate_id,
        workplace_id=workplace_id,
        placement_id=placement_id,
        page=page,
    )
    _log(
        session,
        principal,
        [d.candidate_id for d in rows if d.candidate_id is not None],
        "decisions",
    )
    items = [DecisionPublic.model_validate(d) for d in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)
