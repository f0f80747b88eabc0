"""Placement pipeline, after-care follow-ups and the decision log. Staff only (admin and
jobhunter); the role rule is attached where these routers are included."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, status

from app.audit import service as audit
from app.audit.decisions import DecisionPublic
from app.core.db import SessionDep
from app.core.pagination import Page, PageDep
from app.core.security import PrincipalDep
from app.placements import changes, followups, service
from app.placements.schemas import (
    CheckInIn,
    FollowUpPublic,
    MoveIn,
    PlacementCreate,
    PlacementPublic,
    TransitionIn,
)
from app.placements.service import PlacementFilters
from app.placements.vocab import PlacementState

router = APIRouter(prefix="/placements", tags=["placements"])
follow_ups_router = APIRouter(prefix="/follow-ups", tags=["after-care"])
decisions_router = APIRouter(prefix="/decisions", tags=["decisions"])
# Placements, follow-ups and decisions carry notes about the candidate: reads are logged.
PURPOSE = "case_management"


@router.post("", status_code=status.HTTP_201_CREATED, response_model=PlacementPublic)
def open_placement(
    placement_in: PlacementCreate, session: SessionDep, principal: PrincipalDep
) -> PlacementPublic:
    """Open a placement by hand, e.g. for a match a jobhunter found outside the engine."""
    placement = service.open_placement(session, actor=principal, **placement_in.model_dump())
    audit.record_reads(
        session, principal, [placement.candidate_id], purpose=PURPOSE, action="placement"
    )
    return service.to_public(session, placement)


@router.get("", response_model=Page[PlacementPublic])
def list_placements(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageDep,
    candidate_id: int | None = None,
    workplace_id: int | None = None,
    state: PlacementState | None = None,
    jobhunter_id: int | None = None,
) -> Page[PlacementPublic]:
    filters = PlacementFilters(candidate_id, workplace_id, state, jobhunter_id)
    rows, total = service.list_(session, filters=filters, page=page)
    ids = [p.candidate_id for p in rows]
    audit.record_reads(session, principal, ids, purpose=PURPOSE, action="placements")
    items = service.to_public_many(session, rows)
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/{placement_id}", response_model=PlacementPublic)
def get_placement(
    placement_id: int, session: SessionDep, principal: PrincipalDep
) -> PlacementPublic:
    placement = service.get(session, placement_id)
    audit.record_reads(
        session, principal, [placement.candidate_id], purpose=PURPOSE, action="placement"
    )
    return service.to_public(session, placement)


@router.post("/{placement_id}/transitions", response_model=PlacementPublic)
def transition_placement(
    placement_id: int, transition_in: TransitionIn, session: SessionDep, principal: PrincipalDep
) -> PlacementPublic:
    """Move the placement to its next state; an invalid move is 409 listing the allowed ones."""
    placement = service.transition(
        session,
        actor=principal,
        placement=service.get(session, placement_id),
        transition_in=transition_in,
    )
    audit.record_reads(
        session, principal, [placement.candidate_id], purpose=PURPOSE, action="transition"
    )
    return service.to_public(session, placement)


@router.post(
    "/{placement_id}/moves", status_code=status.HTTP_201_CREATED, response_model=PlacementPublic
)
def move_placement(
    placement_id: int, move_in: MoveIn, session: SessionDep, principal: PrincipalDep
) -> PlacementPublic:
    """A move from work to work: this placement ends as `moved_to_other_job` and the new job,
    returned here, starts as `placed` with its own after-care and a link back."""
    successor = changes.move(
        session, actor=principal, placement=service.get(session, placement_id), move_in=move_in
    )
    audit.record_reads(session, principal, [successor.candidate_id], purpose=PURPOSE, action="move")
    return service.to_public(session, successor)


@router.get("/{placement_id}/follow-ups", response_model=list[FollowUpPublic])
def list_placement_follow_ups(
    placement_id: int, session: SessionDep, principal: PrincipalDep
) -> list[FollowUpPublic]:
    """Every follow-up of one placement, including done and cancelled ones."""
    placement = service.get(session, placement_id)
    rows = followups.list_for_placement(session, placement.id or 0)
    audit.record_reads(
        session, principal, [placement.candidate_id], purpose=PURPOSE, action="follow_ups"
    )
    return [followups.to_public(f) for f in rows]


@follow_ups_router.get("", response_model=Page[FollowUpPublic])
def list_follow_ups(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageDep,
    due_before: Annotated[
        date | None, Query(description="Only follow-ups due on or before this day.")
    ] = None,
    jobhunter_id: Annotated[
        int | None, Query(description="Whose follow-ups; a jobhunter key defaults to its own.")
    ] = None,
    include_done: Annotated[bool, Query(description="Also list done follow-ups.")] = False,
) -> Page[FollowUpPublic]:
    """What is due, by due date."""
    rows, total = followups.list_due(
        session,
        principal=principal,
        due_before=due_before,
        jobhunter_id=jobhunter_id,
        include_done=include_done,
        page=page,
    )
    items = [followups.to_public(f) for f in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@follow_ups_router.post("/{follow_up_id}/check-in", response_model=FollowUpPublic)
def check_in(
    follow_up_id: int, check_in_in: CheckInIn, session: SessionDep, principal: PrincipalDep
) -> FollowUpPublic:
    """Record signals, notes and (for outcome checks) whether still in work; `warnings` lists
    the early warnings the signals raise."""
    follow_up = followups.check_in(
        session,
        actor=principal,
        follow_up=followups.get(session, follow_up_id),
        check_in_in=check_in_in,
    )
    audit.record_reads(
        session, principal, [follow_up.candidate_id], purpose=PURPOSE, action="check_in"
    )
    return followups.to_public(follow_up)


@decisions_router.get("", response_model=Page[DecisionPublic])
def list_decisions(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageDep,
    candidate_id: int | None = None,
    workplace_id: int | None = None,
    placement_id: int | None = None,
) -> Page[DecisionPublic]:
    """Who decided what, when and why: reviews, transitions and check-ins."""
    rows, total = service.list_decisions(
        session,
        candidate_id=candidate_id,
        workplace_id=workplace_id,
        placement_id=placement_id,
        page=page,
    )
    ids = [d.candidate_id for d in rows if d.candidate_id is not None]
    audit.record_reads(session, principal, ids, purpose=PURPOSE, action="decisions")
    items = [DecisionPublic.model_validate(d) for d in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)
