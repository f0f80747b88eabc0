"""Right of access (AVG art. 15): one JSON document with everything held about a candidate."""

from sqlmodel import Session, col, or_, select

from app.audit import service as audit
from app.audit.decisions import Decision, DecisionPublic
from app.candidates import service as candidates
from app.candidates.models import Candidate, CandidateSensitive
from app.candidates.schemas import SensitivePublic
from app.consent import service as consents
from app.consent.models import Consent
from app.core.security import Principal
from app.core.timeutil import utcnow
from app.fairness import monitoring
from app.matches.models import PairRule, Proposal
from app.matches.schemas import PairRulePublic, ProposalPublic
from app.placements import followups
from app.placements import service as placements
from app.placements.models import FollowUp, Placement
from app.privacy.schemas import AccessLogPublic, CandidateExport

PURPOSE = "export"


def _placements(session: Session, candidate_id: int) -> list[Placement]:
    statement = select(Placement).where(Placement.candidate_id == candidate_id)
    return list(session.exec(statement.order_by(col(Placement.id))).all())


def related_decisions(
    session: Session, candidate_id: int, placement_ids: list[int]
) -> list[Decision]:
    """Decisions naming the candidate, or one of the candidate's placements."""
    statement = select(Decision).where(
        or_(
            col(Decision.candidate_id) == candidate_id,
            col(Decision.placement_id).in_(placement_ids),
        )
    )
    return list(session.exec(statement.order_by(col(Decision.id))).all())


def export(session: Session, *, principal: Principal, candidate: Candidate) -> CandidateExport:
    assert candidate.id is not None
    cid = candidate.id
    # Logged first, so the document lists its own access too.
    audit.record_reads(session, principal, [cid], purpose=PURPOSE, action="export")
    sensitive = session.get(CandidateSensitive, cid)
    placement_rows = _placements(session, cid)
    placement_ids = [p.id for p in placement_rows if p.id is not None]
    follow_ups = session.exec(
        select(FollowUp)
        .where(
            or_(col(FollowUp.candidate_id) == cid, col(FollowUp.placement_id).in_(placement_ids))
        )
        .order_by(col(FollowUp.id))
    ).all()
    proposals = session.exec(
        select(Proposal).where(Proposal.candidate_id == cid).order_by(col(Proposal.id))
    ).all()
    rules = session.exec(
        select(PairRule).where(PairRule.candidate_id == cid).order_by(col(PairRule.id))
    ).all()
    consent_rows = session.exec(
        select(Consent).where(Consent.candidate_id == cid).order_by(col(Consent.id))
    ).all()
    return CandidateExport(
        exported_at=utcnow(),
        candidate=candidates.to_public(candidate),
        sensitive=SensitivePublic.model_validate(sensitive.model_dump()) if sensitive else None,
        consents=[consents.to_public(c) for c in consent_rows],
        characteristics=monitoring.get(session, cid),
        placements=placements.to_public_many(session, placement_rows),
        follow_ups=[followups.to_public(f) for f in follow_ups],
        proposals=[ProposalPublic.model_validate(p.model_dump()) for p in proposals],
        pair_rules=[PairRulePublic.model_validate(r.model_dump()) for r in rules],
        decisions=[
            DecisionPublic.model_validate(d) for d in related_decisions(session, cid, placement_ids)
        ],
        access_log=[AccessLogPublic.model_validate(r) for r in audit.reads_of(session, cid)],
    )
