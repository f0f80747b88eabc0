"""Retention: erase candidates with no activity for ``retention_inactive_months``.

Activity is a profile change (``candidate.updated_at``, which loonwaarde entries also bump), a
placement event (placement change, follow-up check-in, any decision about the candidate) or
a consent given or withdrawn. Reads are not activity: looking at a record must not keep it.
"""

import calendar
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from app.audit.decisions import Decision
from app.candidates.models import Candidate
from app.consent.models import Consent
from app.core.timeutil import utcnow
from app.placements.models import FollowUp, Placement
from app.privacy import erasure


@dataclass(frozen=True)
class SystemActor:
    """The retention job in the decision and access logs (account 0 is no person)."""

    account_id: int = 0
    role: str = "system"


def months_before(moment: datetime, months: int) -> datetime:
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def inactive_candidate_ids(session: Session, *, since: datetime) -> list[int]:
    """Candidates not yet erased with no activity at or after ``since``."""
    active = [
        select(Placement.candidate_id).where(col(Placement.updated_at) >= since),
        select(FollowUp.candidate_id).where(col(FollowUp.done_at) >= since),
        select(Consent.candidate_id).where(col(Consent.updated_at) >= since),
        select(Decision.candidate_id).where(
            col(Decision.at) >= since, col(Decision.candidate_id).is_not(None)
        ),
    ]
    statement = select(Candidate.id).where(
        col(Candidate.erased_at).is_(None), col(Candidate.updated_at) < since
    )
    for subquery in active:
        statement = statement.where(col(Candidate.id).not_in(subquery))
    return [i for i in session.exec(statement.order_by(col(Candidate.id))).all() if i is not None]


def apply(session: Session, *, months: int, dry_run: bool) -> list[int]:
    """Erase (or with ``dry_run`` only list) the inactive candidates.

    A batch job, so it commits itself: once per candidate, so that it never holds one
    candidate's row lock while waiting for another's (or for the access log)."""
    ids = inactive_candidate_ids(session, since=months_before(utcnow(), months))
    if not dry_run:
        for candidate_id in ids:
            erasure.erase(
                session, actor=SystemActor(), candidate_id=candidate_id, reason="retention"
            )
            session.commit()
    return ids
