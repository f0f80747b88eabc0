"""Consent endpoints: the candidate's own jobhunter and admins record, list and withdraw.

The service checks visibility and writes the access log; these are adapters."""

from fastapi import status

from app.consent import service
from app.consent.schemas import ConsentIn, ConsentPublic, ConsentWithdraw
from app.core.db import SessionDep
from app.core.routing import Router
from app.core.security import PrincipalDep

router = Router(prefix="/candidates/{candidate_id}/consents", tags=["consent"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ConsentPublic)
def give_consent(
    candidate_id: int, consent_in: ConsentIn, session: SessionDep, principal: PrincipalDep
) -> ConsentPublic:
    """Record consent for one purpose; the same active purpose (and employer) twice is 409."""
    return service.give_public(
        session, principal=principal, candidate_id=candidate_id, consent_in=consent_in
    )


@router.get("", response_model=list[ConsentPublic])
def list_consents(
    candidate_id: int, session: SessionDep, principal: PrincipalDep
) -> list[ConsentPublic]:
    """Every consent of the candidate, active and withdrawn, oldest first."""
    return service.list_public(session, principal=principal, candidate_id=candidate_id)


@router.post("/{consent_id}/withdraw", response_model=ConsentPublic)
def withdraw_consent(
    candidate_id: int,
    consent_id: int,
    session: SessionDep,
    principal: PrincipalDep,
    withdraw_in: ConsentWithdraw | None = None,
) -> ConsentPublic:
    """Withdraw at once: from now on the candidate is left out of what this consent allowed."""
    note = withdraw_in.note if withdraw_in else ""
    return service.withdraw_public(
        session, principal=principal, candidate_id=candidate_id, consent_id=consent_id, note=note
    )
