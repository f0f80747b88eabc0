"""Right to erasure (AVG art. 17): remove a candidate's personal and sensitive data everywhere.

The candidate row stays as a tombstone (every personal column emptied, ``erased_at`` set) so
placements keep a valid foreign key and decisions keep a pseudonymous id; see decision 041.
The access log is never touched: it holds only ids, roles, purposes and times, so its hash
chain keeps verifying. Erasing twice is a no-op that reports the first erasure.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, or_, select

from app.audit import service as audit
from app.audit.chain import Actor
from app.audit.decisions import Decision
from app.candidates.models import Candidate, CandidateSensitive, LoonwaardeMeasurement
from app.consent.models import Consent
from app.core.errors import NotFound
from app.core.timeutil import utcnow
from app.core.vocab import Benefit, MboRoute, Readiness, Regime, SchoolType
from app.fairness.models import CandidateCharacteristic, ExposureCount
from app.imports.models import ImportKey
from app.matches.models import PairRule, Proposal
from app.placements.models import FollowUp, Placement
from app.placements.vocab import FollowUpStatus
from app.privacy.export import related_decisions

PURPOSE = "erasure"
ERASED_DAY = date(1900, 1, 1)
# Valid vocabulary values, the same for every erased candidate, so they say nothing about one.
TOMBSTONE: dict[str, object] = {
    "first_name": "",
    "last_name": "",
    "date_of_birth": ERASED_DAY,
    "email": None,
    "phone": None,
    "postcode": "",
    "pc4": "",
    "municipality": "",
    "school_type": SchoolType.other,
    "mbo_route": MboRoute.none,
    "startkwalificatie": False,
    "certificates": [],
    "has_driving_licence": False,
    "regime": Regime.none,
    "benefit": Benefit.none,
    "doelgroepregister": False,
    "doelgroepregister_since": None,
    "beschut_indication": False,
    "readiness": Readiness.not_ready,
    "readiness_confirmed_on": ERASED_DAY,
    "hours_per_week_min": 0,
    "hours_per_week_max": 0,
    "hours_per_day_max": 0,
    "days_available": [],
    "needs_gradual_buildup": False,
    "available_from": None,
    "travel_modes": [],
    "travels_independently_pt": False,
    "max_travel_minutes": 0,
    "cross_region_travel": False,
    "stimulus_tolerance": 0,
    "structure_need": 0,
    "supervision_need": 0,
    "time_pressure_tolerance": 0,
    "customer_contact_tolerance": 0,
    "physical_capacity": 0,
    "skill_level": 0,
    "needs_challenge": False,
    "strict_needs": [],
    "interests": [],
    "preferred_sectors": [],
    "preferred_tasks": [],
    "competences": [],
    "ambitions": "",
    "internships": [],
}


@dataclass(frozen=True)
class Erasure:
    candidate_id: int
    erased_at: datetime
    already_erased: bool


def lock(session: Session, candidate_id: int) -> Candidate | None:
    # Row lock on PostgreSQL (SQLite serialises writers): an erasure and a concurrent update
    # or second erasure of the same candidate cannot interleave.
    statement = select(Candidate).where(Candidate.id == candidate_id).with_for_update()
    return session.exec(statement.execution_options(populate_existing=True)).first()


def erase(
    session: Session,
    *,
    actor: Actor,
    candidate_id: int,
    reason: str,
    authorise: Callable[[Candidate], None] | None = None,
) -> Erasure:
    candidate = lock(session, candidate_id)
    if candidate is None:
        raise NotFound("No candidate with that id.")
    if authorise is not None:
        authorise(candidate)
    if candidate.erased_at is not None:
        return Erasure(candidate_id, candidate.erased_at, already_erased=True)
    now = utcnow()
    placement_ids = _ids(session, Placement.id, Placement.candidate_id == candidate_id)
    proposal_ids = _ids(session, Proposal.id, Proposal.candidate_id == candidate_id)
    for model in (
        CandidateSensitive, LoonwaardeMeasurement, Consent, Proposal, PairRule,
        CandidateCharacteristic, ExposureCount,
    ):  # fmt: skip
        session.exec(delete(model).where(col(model.candidate_id) == candidate_id))
    session.expire(candidate, ["loonwaarde"])
    _scrub_import_keys(session, candidate_id)
    _scrub_placements(session, placement_ids)
    _scrub_follow_ups(session, candidate_id, placement_ids)
    _scrub_decisions(session, candidate_id, placement_ids, proposal_ids)
    for name, value in TOMBSTONE.items():
        setattr(candidate, name, value)
    # The old pseudonym was shown to employers and front-ends; a fresh one links to nothing.
    candidate.pseudonym = f"X-{secrets.token_hex(4).upper()}"
    candidate.erased_at = candidate.updated_at = now
    candidate.version += 1
    session.add(candidate)
    session.flush()
    session.add(
        Decision(
            actor_id=actor.account_id,
            actor_role=str(actor.role),
            action="candidate:erased",
            candidate_id=candidate_id,
            reason=reason,
        )
    )
    audit.record_reads(session, actor, [candidate_id], purpose=PURPOSE, action=f"erase:{reason}")
    return Erasure(candidate_id, now, already_erased=False)


def _scrub_import_keys(session: Session, candidate_id: int) -> None:
    """The keyed BSN hash goes: with the key it still tells whose BSN this was, and it would
    pair a later import of the same person with the tombstone. The import key itself stays
    (source, external id, row hash): a re-import must find the person erased and not bring
    them back (decision 174)."""
    session.exec(
        update(ImportKey)
        .where(col(ImportKey.entity) == "candidates", col(ImportKey.record_id) == candidate_id)
        .values(bsn_hmac=None)
    )


def _ids(session: Session, column: Any, condition: Any) -> list[int]:
    return [i for i in session.exec(select(column).where(condition)).all() if i is not None]


def _scrub_placements(session: Session, placement_ids: list[int]) -> None:
    rows = session.exec(select(Placement).where(col(Placement.id).in_(placement_ids))).all()
    for placement in rows:
        placement.consent_note = ""
        placement.outcome_note = ""
        placement.loonwaarde_pct = None
        session.add(placement)


def _scrub_follow_ups(session: Session, candidate_id: int, placement_ids: list[int]) -> None:
    statement = select(FollowUp).where(
        or_(
            col(FollowUp.candidate_id) == candidate_id,
            col(FollowUp.placement_id).in_(placement_ids),
        )
    )
    for follow_up in session.exec(statement).all():
        follow_up.note = ""
        follow_up.signals = {}
        follow_up.warnings = []
        if follow_up.status == FollowUpStatus.open:  # nobody should call an erased person
            follow_up.status = FollowUpStatus.cancelled
        session.add(follow_up)


def _scrub_decisions(
    session: Session, candidate_id: int, placement_ids: list[int], proposal_ids: list[int]
) -> None:
    rows = list(related_decisions(session, candidate_id, placement_ids))
    if proposal_ids:
        rows += session.exec(
            select(Decision).where(col(Decision.proposal_id).in_(proposal_ids))
        ).all()
    for decision in rows:
        # Kept: who, when, which action and reason code, and the now pseudonymous ids.
        decision.note = ""
        decision.detail = {}
        session.add(decision)
