"""Giving, listing and withdrawing consent; the consent state that matching and views read.

A withdrawal is effective the moment the request commits: suggestions, runs and views all
read the active rows (``withdrawn_on`` empty) at the time they run, never a copy.
"""

from datetime import date

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.audit import decisions
from app.audit import service as audit
from app.candidates.models import Candidate
from app.consent.models import Consent
from app.consent.schemas import ConsentIn, ConsentPublic, ConsentPurpose
from app.core import visibility
from app.core.errors import Conflict, Invalid, NotFound
from app.core.security import Principal
from app.core.timeutil import today, utcnow
from app.employers.models import Employer
from app.placements.schedule import age_on

ADULT_AGE = 18
DECISION_NOTE_MAX = 2000  # decision.note is VARCHAR(2000); the consent row keeps the whole note


def require_guardian(date_of_birth: date, given_on: date, guardian_consent: bool) -> None:
    """Under 18 on the day consent is given, a guardian must consent too (AVG art. 8, UAVG)."""
    age = age_on(date_of_birth, given_on)
    if age < ADULT_AGE and not guardian_consent:
        raise Invalid(
            "The candidate is a minor: a guardian must consent too.",
            fields={"guardian_consent": f"required: the candidate was {age} on that date"},
        )


def active_ids_query(purpose: ConsentPurpose) -> SelectOfScalar[int]:
    """Candidate ids with an active consent for ``purpose``, as a subquery for ``in_``."""
    return select(Consent.candidate_id).where(
        Consent.purpose == purpose, col(Consent.withdrawn_on).is_(None)
    )


def active_candidate_ids(session: Session, purpose: ConsentPurpose) -> set[int]:
    return set(session.exec(active_ids_query(purpose)).all())


def _active(
    session: Session, candidate_id: int, purpose: str, employer_id: int | None
) -> Consent | None:
    return session.exec(
        select(Consent).where(
            Consent.candidate_id == candidate_id,
            Consent.purpose == purpose,
            Consent.employer_id == employer_id,
            col(Consent.withdrawn_on).is_(None),
        )
    ).first()


def withdrawn_on(session: Session, candidate_id: int, purpose: ConsentPurpose) -> date | None:
    """The last withdrawal of ``purpose`` when no consent for it is active any more; None when
    one is active or none was ever recorded."""
    statement = select(Consent).where(
        Consent.candidate_id == candidate_id, Consent.purpose == purpose
    )
    dates = [c.withdrawn_on for c in session.exec(statement).all()]
    if not dates or None in dates:
        return None
    return max(d for d in dates if d is not None)


def give(
    session: Session, *, actor: Principal, candidate: Candidate, consent_in: ConsentIn
) -> Consent:
    """Record a consent; the same purpose (and employer) twice while active is 409."""
    assert candidate.id is not None
    # Lock the candidate (PostgreSQL; SQLite serialises writers) so two requests cannot both
    # record the same consent: a duplicate would survive a withdrawal of the other one.
    session.exec(select(Candidate.id).where(Candidate.id == candidate.id).with_for_update()).one()
    if consent_in.employer_id is not None and session.get(Employer, consent_in.employer_id) is None:
        raise Invalid("Unknown employer.", fields={"employer_id": "no employer with this id"})
    if consent_in.given_on < candidate.date_of_birth:
        raise Invalid(
            "Consent cannot be given before the candidate was born.",
            fields={"given_on": f"must be on or after {candidate.date_of_birth}"},
        )
    require_guardian(candidate.date_of_birth, consent_in.given_on, consent_in.guardian_consent)
    existing = _active(session, candidate.id, consent_in.purpose, consent_in.employer_id)
    if existing is not None:
        raise Conflict(
            f"Consent for '{consent_in.purpose}' is already active (since {existing.given_on}).",
            fields={"purpose": f"active consent {existing.id}"},
        )
    consent = Consent(
        **consent_in.model_dump(), candidate_id=candidate.id, recorded_by=actor.account_id
    )
    session.add(consent)
    session.flush()
    decisions.record(
        session,
        actor,
        "consent:given",
        candidate_id=candidate.id,
        note=consent_in.note[:DECISION_NOTE_MAX],
        detail={
            "consent_id": consent.id,
            "purpose": consent.purpose,
            "employer_id": consent.employer_id,
            "given_on": consent.given_on.isoformat(),
            "guardian_consent": consent.guardian_consent,
        },
    )
    return consent


def list_for(session: Session, candidate_id: int) -> list[Consent]:
    statement = select(Consent).where(Consent.candidate_id == candidate_id)
    return list(session.exec(statement.order_by(col(Consent.id))).all())


def withdraw(
    session: Session, *, actor: Principal, candidate_id: int, consent_id: int, note: str
) -> Consent:
    consent = session.get(Consent, consent_id)
    if consent is None or consent.candidate_id != candidate_id:
        raise NotFound("No consent with that id for this candidate.")
    if consent.withdrawn_on is not None:
        raise Conflict(
            f"This consent was already withdrawn on {consent.withdrawn_on}.",
            fields={"consent_id": "already withdrawn"},
        )
    consent.withdrawn_on = today()
    consent.withdrawn_by = actor.account_id
    consent.updated_at = utcnow()
    session.add(consent)
    session.flush()
    decisions.record(
        session,
        actor,
        "consent:withdrawn",
        candidate_id=candidate_id,
        note=note[:DECISION_NOTE_MAX],
        detail={
            "consent_id": consent.id,
            "purpose": consent.purpose,
            "employer_id": consent.employer_id,
        },
    )
    return consent


def ensure_introduction(
    session: Session,
    *,
    actor: Principal,
    candidate: Candidate,
    employer_id: int,
    given_on: date,
    guardian_consent: bool,
    note: str,
) -> Consent:
    """The placement step ``consent_recorded`` *is* an introduce_employer consent: record it,
    or reuse the one already active for this employer, so the two never disagree."""
    assert candidate.id is not None
    existing = _active(session, candidate.id, ConsentPurpose.introduce_employer, employer_id)
    if existing is not None:
        return existing
    consent_in = ConsentIn(
        purpose=ConsentPurpose.introduce_employer,
        employer_id=employer_id,
        given_on=given_on,
        guardian_consent=guardian_consent,
        note=note,
    )
    return give(session, actor=actor, candidate=candidate, consent_in=consent_in)


def to_public(consent: Consent) -> ConsentPublic:
    return ConsentPublic.model_validate(
        {**consent.model_dump(), "active": consent.withdrawn_on is None}
    )


# What the routes call: visibility checked, the read in the access log, the public schema
# (docs/decisions/100, point 7). Consent notes are about the candidate: reads are logged.
PURPOSE = "case_management"


def _candidate_in_view(session: Session, principal: Principal, candidate_id: int) -> Candidate:
    candidate = session.get(Candidate, candidate_id)
    # An erased candidate is a tombstone: as absent as one that never existed (decision 041).
    if candidate is None or candidate.erased_at is not None:
        raise NotFound("No candidate with that id.")
    subject = visibility.subject(session, candidate)
    visibility.require(principal, visibility.FieldGroup.consent, subject)
    return candidate


def give_public(
    session: Session, *, principal: Principal, candidate_id: int, consent_in: ConsentIn
) -> ConsentPublic:
    candidate = _candidate_in_view(session, principal, candidate_id)
    consent = give(session, actor=principal, candidate=candidate, consent_in=consent_in)
    audit.record_reads(session, principal, [candidate_id], purpose=PURPOSE, action="consent")
    return to_public(consent)


def list_public(
    session: Session, *, principal: Principal, candidate_id: int
) -> list[ConsentPublic]:
    _candidate_in_view(session, principal, candidate_id)
    audit.record_reads(session, principal, [candidate_id], purpose=PURPOSE, action="consents")
    return [to_public(c) for c in list_for(session, candidate_id)]


def withdraw_public(
    session: Session, *, principal: Principal, candidate_id: int, consent_id: int, note: str
) -> ConsentPublic:
    _candidate_in_view(session, principal, candidate_id)
    consent = withdraw(
        session, actor=principal, candidate_id=candidate_id, consent_id=consent_id, note=note
    )
    audit.record_reads(session, principal, [candidate_id], purpose=PURPOSE, action="withdraw")
    return to_public(consent)
