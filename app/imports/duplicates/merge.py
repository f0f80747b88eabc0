"""Merging two records of one person: what moves to the survivor, what is dropped, what stays.

Moves (re-pointed to the survivor): loonwaarde measurements (an identical measurement from
both systems is kept once), consents (the union; where both hold an active consent for the
same purpose and employer the earlier given one stays and the later duplicate is removed,
since two active rows would let one survive a withdrawal of the other), placements and their
follow-ups, carved roles, pair rules (unless the survivor has one for that workplace), the
decision history, sensitive notes (joined when both have text), monitoring characteristics
the survivor lacks, contact details the survivor lacks, the jobhunter when the survivor has
none. Then the other record is erased through the erasure code (``reason="merged"``): a
tombstone, so its old id in the access log and elsewhere stays pseudonymous (decision 175).
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.audit.decisions import Decision
from app.candidates.models import Candidate, CandidateSensitive, LoonwaardeMeasurement
from app.carving.models import CarvedRole
from app.consent.models import Consent
from app.core.errors import Conflict
from app.core.timeutil import utcnow
from app.fairness.models import CandidateCharacteristic
from app.imports.models import ImportKey
from app.matches.models import PairRule
from app.placements.models import FollowUp, Placement

SENSITIVE_TEXT = ("diagnosis", "medical_treatment", "psychosocial_context", "notes")
CONTACT = ("email", "phone")
Mover = Callable[[Session, Candidate, Candidate], dict[str, Any]]


def _repoint(session: Session, model: Any, source: int, target: int) -> int:
    result = session.exec(
        update(model).where(col(model.candidate_id) == source).values(candidate_id=target)
    )
    return int(result.rowcount or 0)


def _loonwaarde(session: Session, keep: Candidate, gone: Candidate) -> dict[str, Any]:
    held = {(m.measured_on, m.loonwaarde_pct, m.method) for m in keep.loonwaarde}
    moving = [
        m.id
        for m in gone.loonwaarde
        if (m.measured_on, m.loonwaarde_pct, m.method) not in held  # else imported twice
    ]
    if moving:
        session.exec(
            update(LoonwaardeMeasurement)
            .where(col(LoonwaardeMeasurement.id).in_(moving))
            .values(candidate_id=keep.id)
        )
    same = len(gone.loonwaarde) - len(moving)
    session.expire(keep, ["loonwaarde"])
    session.expire(gone, ["loonwaarde"])
    return {"loonwaarde_moved": len(moving), "loonwaarde_same": same}


def _consents(session: Session, keep: Candidate, gone: Candidate) -> dict[str, Any]:
    rows = session.exec(
        select(Consent).where(col(Consent.candidate_id).in_([keep.id, gone.id]))
    ).all()
    active: dict[tuple[str, int | None], Consent] = {}
    removed = []
    # Earliest given first: the longest-standing consent is the one that stays active.
    for consent in sorted(rows, key=lambda c: (c.given_on, c.candidate_id != keep.id, c.id)):
        key = (consent.purpose, consent.employer_id)
        if consent.withdrawn_on is None and key in active:
            removed.append(
                {
                    "consent_id": consent.id,
                    "purpose": consent.purpose,
                    "employer_id": consent.employer_id,
                    "given_on": consent.given_on.isoformat(),
                    "kept_consent_id": active[key].id,
                }
            )
            session.delete(consent)
            continue
        if consent.withdrawn_on is None:
            active[key] = consent
        if consent.candidate_id != keep.id:
            consent.candidate_id = keep.id or 0
            consent.updated_at = utcnow()  # the suggestion cache's fingerprint reads it
            session.add(consent)
    session.flush()
    return {"consents_duplicate_removed": removed}


def _placements(session: Session, keep: Candidate, gone: Candidate) -> dict[str, Any]:
    def open_workplaces(candidate_id: int | None) -> set[int]:
        statement = select(Placement.workplace_id).where(
            Placement.candidate_id == candidate_id, Placement.state != "ended"
        )
        return set(session.exec(statement).all())

    both = open_workplaces(keep.id) & open_workplaces(gone.id)
    if both:
        raise Conflict(
            "Both records have an open placement at the same workplace; end one first.",
            fields={"survivor_id": f"open placements at workplace(s) {sorted(both)}"},
        )
    keep_id, gone_id = keep.id or 0, gone.id or 0
    return {
        "placements": _repoint(session, Placement, gone_id, keep_id),
        "follow_ups": _repoint(session, FollowUp, gone_id, keep_id),
        "carved_roles": _repoint(session, CarvedRole, gone_id, keep_id),
    }


def _pair_rules(session: Session, keep: Candidate, gone: Candidate) -> dict[str, Any]:
    taken = set(
        session.exec(select(PairRule.workplace_id).where(PairRule.candidate_id == keep.id)).all()
    )
    rules = session.exec(select(PairRule).where(PairRule.candidate_id == gone.id)).all()
    moved = 0
    for rule in rules:
        if rule.workplace_id not in taken:  # the survivor's own rule for a workplace wins
            rule.candidate_id = keep.id or 0
            session.add(rule)
            moved += 1
    session.flush()
    return {"pair_rules": moved}


def _decisions(session: Session, keep: Candidate, gone: Candidate) -> dict[str, Any]:
    # The person's history stays with the person; erasing the tombstone would blank it.
    ids = session.exec(select(Decision.id).where(Decision.candidate_id == gone.id)).all()
    _repoint(session, Decision, gone.id or 0, keep.id or 0)
    return {"decisions": len(ids)}


def _sensitive(session: Session, keep: Candidate, gone: Candidate) -> dict[str, Any]:
    theirs = session.get(CandidateSensitive, gone.id)
    if theirs is None:
        return {"sensitive": "none"}
    ours = session.get(CandidateSensitive, keep.id)
    if ours is None:
        ours = CandidateSensitive(candidate_id=keep.id or 0)
    for name in SENSITIVE_TEXT:
        mine, other = getattr(ours, name), getattr(theirs, name)
        if other and other not in mine:
            setattr(ours, name, f"{mine}\n\n{other}" if mine else other)
    if ours.iq is None:
        ours.iq = theirs.iq
    ours.updated_at = utcnow()
    session.add(ours)
    session.flush()
    return {"sensitive": "joined"}


def _characteristics(session: Session, keep: Candidate, gone: Candidate) -> dict[str, Any]:
    mine = set(
        session.exec(
            select(CandidateCharacteristic.name).where(
                CandidateCharacteristic.candidate_id == keep.id
            )
        ).all()
    )
    theirs = session.exec(
        select(CandidateCharacteristic).where(CandidateCharacteristic.candidate_id == gone.id)
    ).all()
    added = 0
    for row in theirs:
        if row.name not in mine:
            copy = row.model_dump(exclude={"candidate_id"})
            session.add(CandidateCharacteristic(candidate_id=keep.id or 0, **copy))
            added += 1
    session.flush()
    return {"characteristics": added}


def _profile(session: Session, keep: Candidate, gone: Candidate) -> dict[str, Any]:
    filled = [name for name in CONTACT if not getattr(keep, name) and getattr(gone, name)]
    for name in filled:
        setattr(keep, name, getattr(gone, name))
    if keep.jobhunter_id is None and gone.jobhunter_id is not None:
        keep.jobhunter_id = gone.jobhunter_id
        filled.append("jobhunter_id")
    return {"filled": filled}


def _import_keys(session: Session, keep: Candidate, gone: Candidate) -> dict[str, Any]:
    # Both sources' external ids now lead to the survivor: a re-import of either system's
    # file updates it instead of creating the person again.
    result = session.exec(
        update(ImportKey)
        .where(col(ImportKey.entity) == "candidates", col(ImportKey.record_id) == gone.id)
        .values(record_id=keep.id)
    )
    return {"import_keys": int(result.rowcount or 0)}


# In this order: placements first, since it may refuse the merge before anything moved.
MOVERS: list[Mover] = [
    _placements, _loonwaarde, _consents, _pair_rules, _decisions, _sensitive,
    _characteristics, _profile, _import_keys,
]  # fmt: skip


def move_everything(session: Session, keep: Candidate, gone: Candidate) -> dict[str, Any]:
    """Re-point what belongs to the person from ``gone`` to ``keep``; a summary of what moved."""
    summary: dict[str, Any] = {}
    for mover in MOVERS:
        summary.update(mover(session, keep, gone))
    keep.version += 1
    keep.updated_at = utcnow()
    session.add(keep)
    session.flush()
    return summary
