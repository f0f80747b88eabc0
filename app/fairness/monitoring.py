"""Protected characteristics for equality monitoring: recorded only where the region policy
lists them and only with the candidate's active ``equality_monitoring`` consent. They feed
the fairness report's groups and nothing else; matching never reads this table."""

from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.audit import service as audit
from app.candidates import service as candidates
from app.candidates.models import Candidate
from app.consent import service as consent
from app.consent.schemas import ConsentPurpose
from app.core import visibility
from app.core.errors import Conflict, Invalid
from app.core.security import Principal
from app.core.timeutil import utcnow
from app.fairness.models import CandidateCharacteristic
from app.fairness.schemas import CharacteristicsPublic
from app.placements.policy import aftercare_policy


def get(session: Session, candidate_id: int) -> dict[str, str]:
    rows = session.exec(
        select(CandidateCharacteristic)
        .where(CandidateCharacteristic.candidate_id == candidate_id)
        .order_by(col(CandidateCharacteristic.name))
    ).all()
    return {r.name: r.value for r in rows}


def put(session: Session, *, candidate: Candidate, values: dict[str, str]) -> dict[str, str]:
    """Replace the candidate's recorded characteristics (an empty mapping removes them)."""
    assert candidate.id is not None
    allowed = aftercare_policy(session, candidate.municipality).monitoring_characteristics
    if values and not allowed:
        raise Conflict(
            "This region records no characteristics for equality monitoring.",
            fields={"characteristics": "not recorded in this region"},
        )
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise Invalid(
            "Unknown characteristic for this region.",
            fields={f"characteristics.{n}": f"use one of: {', '.join(allowed)}" for n in unknown},
        )
    active = consent.active_candidate_ids(session, ConsentPurpose.equality_monitoring)
    if values and candidate.id not in active:
        raise Conflict(
            "Without consent for equality monitoring nothing is recorded.",
            fields={"consent": "equality_monitoring consent required"},
        )
    session.exec(
        delete(CandidateCharacteristic).where(
            col(CandidateCharacteristic.candidate_id) == candidate.id
        )
    )
    now = utcnow()
    session.add_all(
        CandidateCharacteristic(candidate_id=candidate.id, name=n, value=v, recorded_at=now)
        for n, v in values.items()
    )
    session.flush()
    return get(session, candidate.id)


def _in_view(session: Session, principal: Principal, candidate_id: int) -> Candidate:
    candidate = candidates.get(session, candidate_id)
    subject = visibility.subject(session, candidate)
    visibility.require(principal, visibility.FieldGroup.sensitive, subject)
    return candidate


def read_public(
    session: Session, *, principal: Principal, candidate_id: int
) -> CharacteristicsPublic:
    """What the own jobhunter or an admin may see, with the read in the access log."""
    _in_view(session, principal, candidate_id)
    audit.record_reads(session, principal, [candidate_id], purpose="monitoring", action="read")
    return CharacteristicsPublic(
        candidate_id=candidate_id, characteristics=get(session, candidate_id)
    )


def put_public(
    session: Session, *, principal: Principal, candidate_id: int, values: dict[str, str]
) -> CharacteristicsPublic:
    candidate = _in_view(session, principal, candidate_id)
    stored = put(session, candidate=candidate, values=values)
    audit.record_reads(session, principal, [candidate_id], purpose="monitoring", action="write")
    return CharacteristicsPublic(candidate_id=candidate_id, characteristics=stored)
