"""Suggestions, match runs, proposals, reviews and pair rules."""

from typing import Annotated

from fastapi import Header, Query, Response, status

from app.core.db import SessionDep
from app.core.pagination import Page, PageDep
from app.core.routing import Router
from app.core.security import PrincipalDep
from app.core.vocab import PlaceType, WorkKind
from app.matches import fit, service, suggestions
from app.matches.schemas import (
    CandidateSuggestions,
    MatchRunCreate,
    MatchRunPublic,
    PairFitOut,
    PairRuleIn,
    PairRulePublic,
    ProposalPublic,
    ReviewIn,
    WorkplaceSuggestions,
)

staff_router = Router(tags=["matching"])
suggest_router = Router(tags=["matching"])
Limit = Annotated[int, Query(ge=1, le=100, description="Number of suggestions.")]
Profile = Annotated[
    str, Query(max_length=40, description="Weight profile name (default: the policy's).")
]


@staff_router.get("/candidates/{candidate_id}/suggestions", response_model=CandidateSuggestions)
def suggest_workplaces(
    candidate_id: int,
    session: SessionDep,
    principal: PrincipalDep,
    limit: Limit = 20,
    place_type: PlaceType | None = None,
    kind: WorkKind | None = None,
    max_travel_minutes: Annotated[int | None, Query(ge=1, le=180)] = None,
    weight_profile: Profile | None = None,
) -> CandidateSuggestions:
    """Best workplaces for a candidate, each with score, breakdown, reasons, risks, instruments."""
    filters = suggestions.WorkplaceFilter(place_type, kind, max_travel_minutes)
    return suggestions.for_candidate(
        session,
        principal,
        candidate_id=candidate_id,
        limit=limit,
        filters=filters,
        profile=weight_profile,
    )


@staff_router.get("/candidates/{candidate_id}/fit/{workplace_id}", response_model=PairFitOut)
def pair_fit(
    candidate_id: int,
    workplace_id: int,
    session: SessionDep,
    principal: PrincipalDep,
    weight_profile: Profile | None = None,
) -> PairFitOut:
    """Why (not) this pair: every hard reason that applies, the breakdown, and what else keeps
    it out of the suggestions (consent, workplace status, a pair rule, readiness)."""
    return fit.pair_fit(
        session,
        principal,
        candidate_id=candidate_id,
        workplace_id=workplace_id,
        profile=weight_profile,
    )


@suggest_router.get("/workplaces/{workplace_id}/suggestions", response_model=WorkplaceSuggestions)
def suggest_candidates(
    workplace_id: int,
    session: SessionDep,
    principal: PrincipalDep,
    limit: Limit = 20,
    weight_profile: Profile | None = None,
) -> WorkplaceSuggestions:
    """Best candidates for a workplace. Employer and WSP keys get pseudonymous summaries."""
    return suggestions.for_workplace(
        session, principal, workplace_id=workplace_id, limit=limit, profile=weight_profile
    )


@staff_router.post(
    "/match-runs", status_code=status.HTTP_202_ACCEPTED, response_model=MatchRunPublic
)
def create_run(
    run_in: MatchRunCreate,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    idempotency_key: Annotated[str | None, Header(max_length=100)] = None,
) -> MatchRunPublic:
    """Queue a region-wide run; a worker executes it. Poll `GET /match-runs/{id}` (status,
    attempts, last heartbeat, and why it failed)."""
    run, created = service.create_run(
        session, principal=principal, run_in=run_in, idempotency_key=idempotency_key
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = f"/api/v1/match-runs/{run.id}"
    return service.run_public(session, run)


@staff_router.get("/match-runs", response_model=Page[MatchRunPublic])
def list_runs(session: SessionDep, page: PageDep) -> Page[MatchRunPublic]:
    rows, total = service.list_runs(session, page)
    items = [MatchRunPublic.model_validate(r.model_dump()) for r in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@staff_router.get("/match-runs/{run_id}", response_model=MatchRunPublic)
def get_run(run_id: int, session: SessionDep) -> MatchRunPublic:
    return service.run_public(session, service.get_run(session, run_id))


@staff_router.post("/match-runs/{run_id}/cancel", response_model=MatchRunPublic)
def cancel_run(run_id: int, session: SessionDep, principal: PrincipalDep) -> MatchRunPublic:
    """Cancel a queued or running run (a running one stops at its next phase and writes no
    proposals); 409 when it already succeeded, failed or was cancelled."""
    return service.run_public(
        session, service.cancel_run(session, principal=principal, run_id=run_id)
    )


@staff_router.get("/match-runs/{run_id}/proposals", response_model=Page[ProposalPublic])
def list_proposals(
    run_id: int,
    session: SessionDep,
    principal: PrincipalDep,
    page: PageDep,
    status: Annotated[str | None, Query(pattern="^(proposed|accepted|rejected)$")] = None,
) -> Page[ProposalPublic]:
    rows, total = service.list_proposals(
        session, principal, run_id=run_id, status=status, page=page
    )
    items = [ProposalPublic.model_validate(p.model_dump()) for p in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@staff_router.get("/proposals/{proposal_id}", response_model=ProposalPublic)
def get_proposal(proposal_id: int, session: SessionDep, principal: PrincipalDep) -> ProposalPublic:
    return service.proposal_public(session, principal=principal, proposal_id=proposal_id)


@staff_router.post("/proposals/{proposal_id}/review", response_model=ProposalPublic)
def review_proposal(
    proposal_id: int, review_in: ReviewIn, session: SessionDep, principal: PrincipalDep
) -> ProposalPublic:
    """Accept (opens a placement) or reject with a reason; 409 if someone else was first."""
    return service.review_public(
        session, principal=principal, proposal_id=proposal_id, review_in=review_in
    )


@staff_router.post(
    "/pair-rules", status_code=status.HTTP_201_CREATED, response_model=PairRulePublic
)
def set_pair_rule(
    rule_in: PairRuleIn, session: SessionDep, principal: PrincipalDep
) -> PairRulePublic:
    """Pin (always propose) or forbid (never propose or suggest) a pair in later runs."""
    rule = service.set_rule(session, principal=principal, rule_in=rule_in)
    return PairRulePublic.model_validate(rule.model_dump())


@staff_router.get("/pair-rules", response_model=Page[PairRulePublic])
def list_pair_rules(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageDep,
    candidate_id: int | None = None,
    workplace_id: int | None = None,
) -> Page[PairRulePublic]:
    rows, total = service.list_rules(
        session, principal, candidate_id=candidate_id, workplace_id=workplace_id, page=page
    )
    items = [PairRulePublic.model_validate(r.model_dump()) for r in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@staff_router.delete("/pair-rules/{rule_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_pair_rule(rule_id: int, session: SessionDep, principal: PrincipalDep) -> None:
    service.delete_rule(session, principal=principal, rule_id=rule_id)
