"""Weight proposals: learned from reviews and outcomes, decided by an admin. Admin only; the
role rule is attached where this router is included."""

from fastapi import status

from app.core.db import SessionDep
from app.core.pagination import Page, PageDep
from app.core.routing import Router
from app.core.security import PrincipalDep
from app.learning import service
from app.learning.schemas import WeightDecisionIn, WeightProposalCreate, WeightProposalPublic

router = Router(prefix="/weight-proposals", tags=["learning"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=WeightProposalPublic)
def propose_weights(
    proposal_in: WeightProposalCreate, session: SessionDep, principal: PrincipalDep
) -> WeightProposalPublic:
    """Fit a weight proposal from reviews and outcomes; 422 when there are too few. Nothing
    changes until an admin approves it."""
    return service.to_public(service.propose(session, actor=principal, proposal_in=proposal_in))


@router.get("", response_model=Page[WeightProposalPublic])
def list_weight_proposals(session: SessionDep, page: PageDep) -> Page[WeightProposalPublic]:
    rows, total = service.list_(session, page)
    items = [service.to_public(r) for r in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/{proposal_id}", response_model=WeightProposalPublic)
def get_weight_proposal(proposal_id: int, session: SessionDep) -> WeightProposalPublic:
    """The proposal beside the current profile: change per factor, intervals, back-test."""
    return service.to_public(service.get(session, proposal_id))


@router.post("/{proposal_id}/decision", response_model=WeightProposalPublic)
def decide_weight_proposal(
    proposal_id: int, decision_in: WeightDecisionIn, session: SessionDep, principal: PrincipalDep
) -> WeightProposalPublic:
    """Approve (the next runs use it and record its version) or reject; once only."""
    row = service.decide(
        session, actor=principal, row=service.get(session, proposal_id), decision_in=decision_in
    )
    return service.to_public(row)
