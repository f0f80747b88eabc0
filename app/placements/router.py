"""Placement pipeline, after-care follow-ups and the decision log. Staff only (admin and
jobhunter); the role rule is attached where these routers are included."""

from datetime import date
from typing import Annotated

from fastapi import Query, status

from app.audit.decisions import DecisionPublic
from app.core.db import SessionDep
from app.core.pagination import Page, PageDep
from app.core.routing import Router
from app.core.security import PrincipalDep
from app.placements import followups, service
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

router = Router(prefix="/placements", tags=["placements"])
follow_ups_router = Router(prefix="/follow-ups", tags=["after-care"])
decisions_router = Router(prefix="/decisions", tags=["decisions"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=PlacementPublic)
def open_placement(
    placement_in: PlacementCreate, session: SessionDep, principal: PrincipalDep
) -> PlacementPublic:
    """Open a placement by hand, e.g. for a match a jobhunter found outside the engine."""
    return service.open_public(session, principal=principal, placement_in=placement_in)


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
    return service.list_public(session, principal=principal, filters=filters, page=page)


@router.get("/{placement_id}", response_model=PlacementPublic)
def get_placement(
    placement_id: int, session: SessionDep, principal: PrincipalDep
) -> PlacementPublic:
    return service.read_public(session, principal=principal, placement_id=placement_id)


@router.post("/{placement_id}/transitions", response_model=PlacementPublic)
def transition_placement(
    placement_id: int, transition_in: TransitionIn, session: SessionDep, principal: PrincipalDep
) -> PlacementPublic:
    """Move the placement to its next state; an invalid move is 409 listing the allowed ones."""
    return service.transition_public(
        session, principal=principal, placement_id=placement_id, transition_in=transition_in
    )


@router.post(
    "/{placement_id}/moves", status_code=status.HTTP_201_CREATED, response_model=PlacementPublic
)
def move_placement(
    placement_id: int, move_in: MoveIn, session: SessionDep, principal: PrincipalDep
) -> PlacementPublic:
    """A move from work to work: this placement ends as `moved_to_other_job` and the new job,
    returned here, starts as `placed` with its own after-care and a link back."""
    return service.move_public(
        session, principal=principal, placement_id=placement_id, move_in=move_in
    )


@router.get("/{placement_id}/follow-ups", response_model=list[FollowUpPublic])
def list_placement_follow_ups(
    placement_id: int, session: SessionDep, principal: PrincipalDep
) -> list[FollowUpPublic]:
    """Every follow-up of one placement, including done and cancelled ones."""
    return service.follow_ups_public(session, principal=principal, placement_id=placement_id)


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
    return followups.list_due_public(
        session,
        principal=principal,
        due_before=due_before,
        jobhunter_id=jobhunter_id,
        include_done=include_done,
        page=page,
    )


@follow_ups_router.post("/{follow_up_id}/check-in", response_model=FollowUpPublic)
def check_in(
    follow_up_id: int, check_in_in: CheckInIn, session: SessionDep, principal: PrincipalDep
) -> FollowUpPublic:
    """Record signals, notes and (for outcome checks) whether still in work; `warnings` lists
    the early warnings the signals raise."""
    return service.check_in_public(
        session, principal=principal, follow_up_id=follow_up_id, check_in_in=check_in_in
    )


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
    return service.decisions_public(
        session,
        principal=principal,
        candidate_id=candidate_id,
        workplace_id=workplace_id,
        placement_id=placement_id,
        page=page,
    )
