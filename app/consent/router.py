"""Consent endpoints: the candidate's own jobhunter and admins record, list and withdraw."""

from fastapi import APIRouter, status

from app.audit import service as audit
from app.candidates import service as candidates
from app.consent import service
from app.consent.schemas import ConsentIn, ConsentPublic, ConsentWithdraw
from app.core import visibility
from app.core.db import SessionDep
from app.core.security import PrincipalDep
from app.core.visibility import FieldGroup

router = APIRouter(prefix="/candidates/{candidate_id}/consents", tags=["consent"])
PURPOSE = "case_management"  # consent notes are about the candidate: reads are logged


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ConsentPublic)
def give_consent(
    candidate_id: int, consent_in: ConsentIn, session: SessionDep, principal: PrincipalDep
) -> ConsentPublic:
    """Record consent for one purpose; the same active purpose (and employer) twice is 409."""
    candidate = candidates.get(session, candidate_id)
    visibility.require(principal, FieldGroup.consent, visibility.subject(session, candidate))
    consent = service.give(session, actor=principal, candidate=candidate, consent_in=consent_in)
    audit.record_reads(session, principal, [candidate_id], purpose=PURPOSE, action="consent")
    return service.to_public(consent)


@router.get("", response_model=list[ConsentPublic])
def list_consents(
    candidate_id: int, session: SessionDep, principal: PrincipalDep
) -> list[ConsentPublic]:
    """Every consent of the candidate, active and withdrawn, oldest first."""
    candidate = candidates.get(session, candidate_id)
    visibility.require(principal, FieldGroup.consent, visibility.subject(session, candidate))
    audit.record_reads(session, principal, [candidate_id], purpose=PURPOSE, action="consents")
    return [service.to_public(c) for c in service.list_for(session, candidate_id)]


@router.post("/{consent_id}/withdraw", response_model=ConsentPublic)
def withdraw_consent(
    candidate_id: int,
    consent_id: int,
    session: SessionDep,
    principal: PrincipalDep,
    withdraw_in: ConsentWithdraw | None = None,
) -> ConsentPublic:
    """Withdraw at once: from now on the candidate is left out of what this consent allowed."""
    candidate = candidates.get(session, candidate_id)
    visibility.require(principal, FieldGroup.consent, visibility.subject(session, candidate))
    consent = service.withdraw(
        session,
        actor=principal,
        candidate_id=candidate_id,
        consent_id=consent_id,
        note=withdraw_in.note if withdraw_in else "",
    )
    audit.record_reads(session, principal, [candidate_id], purpose=PURPOSE, action="withdraw")
    return service.to_public(consent)
