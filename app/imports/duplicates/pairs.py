"""After a merge, the merged-away record's other pairs become the survivor's.

An open pair (gone, X) becomes (survivor, X): X may still be the same person. A kept-apart
pair (gone, X) becomes a kept-apart (survivor, X): staff said X is someone else, and the
survivor is the same person as ``gone``, so that pair must never be flagged either.
"""

from sqlalchemy import or_
from sqlmodel import Session, col, select

from app.imports.duplicates.models import DuplicatePair

CARRIED = ("open", "kept_apart")


def _find(session: Session, low: int, high: int) -> DuplicatePair | None:
    statement = select(DuplicatePair).where(
        DuplicatePair.candidate_low_id == low, DuplicatePair.candidate_high_id == high
    )
    return session.exec(statement).first()


def carry_over(session: Session, decided: DuplicatePair, *, keep_id: int, gone_id: int) -> int:
    """Re-point or fold the gone record's open and kept-apart pairs; returns how many."""
    statement = select(DuplicatePair).where(
        or_(
            col(DuplicatePair.candidate_low_id) == gone_id,
            col(DuplicatePair.candidate_high_id) == gone_id,
        ),
        col(DuplicatePair.status).in_(CARRIED),
        DuplicatePair.id != decided.id,
    )
    carried = 0
    for pair in session.exec(statement).all():
        ids = (pair.candidate_low_id, pair.candidate_high_id)
        other = ids[1] if ids[0] == gone_id else ids[0]
        if other == keep_id:
            continue
        low, high = min(keep_id, other), max(keep_id, other)
        target = _find(session, low, high)
        if target is None:
            pair.candidate_low_id, pair.candidate_high_id = low, high
            pair.version += 1
            session.add(pair)
        else:
            if pair.status == "kept_apart" and target.status == "open":
                target.status = "kept_apart"
                target.decided_at, target.decided_by = pair.decided_at, pair.decided_by
                target.version += 1
                session.add(target)
            session.delete(pair)
        session.flush()
        carried += 1
    return carried
