"""Data-subject rights over REST: export and erasure of one candidate.

Both are for admin and the candidate's own jobhunter (the visibility matrix's rule for
sensitive data, which both touch); staff-only is attached where the router is included.
"""

from app.candidates import service as candidates
from app.candidates.models import Candidate
from app.core import visibility
from app.core.db import SessionDep
from app.core.routing import Router
from app.core.security import Principal, PrincipalDep
from app.core.visibility import FieldGroup, Subject
from app.privacy import erasure, export
from app.privacy.schemas import CandidateExport, ErasurePublic

router = Router(prefix="/candidates", tags=["privacy"])


def _require_own(principal: Principal, candidate: Candidate) -> None:
    subject = Subject(candidate.id or 0, candidate.jobhunter_id)
    visibility.require(principal, FieldGroup.sensitive, subject)


@router.get("/{candidate_id}/export", response_model=CandidateExport)
def export_candidate(
    candidate_id: int, session: SessionDep, principal: PrincipalDep
) -> CandidateExport:
    """Everything held about the candidate as one document (AVG art. 15); the export is logged."""
    candidate = candidates.get(session, candidate_id)
    _require_own(principal, candidate)
    return export.export(session, principal=principal, candidate=candidate)


@router.post("/{candidate_id}/erase", response_model=ErasurePublic)
def erase_candidate(
    candidate_id: int, session: SessionDep, principal: PrincipalDep
) -> ErasurePublic:
    """Erase the candidate's personal and sensitive data everywhere (AVG art. 17).

    Decisions and the access log keep only the numeric id. Repeating the request returns the
    first erasure; afterwards every other endpoint answers 404 for this candidate."""
    result = erasure.erase(
        session,
        actor=principal,
        candidate_id=candidate_id,
        reason="request",
        authorise=lambda candidate: _require_own(principal, candidate),
    )
    return ErasurePublic(
        candidate_id=result.candidate_id,
        erased_at=result.erased_at,
        already_erased=result.already_erased,
    )
