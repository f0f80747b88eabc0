"""Writing and reading the access log. Rows are only ever inserted here; the sealer chains
them off the request path (``chain.py``, ``sealer.py``)."""

from collections.abc import Iterable

from sqlmodel import Session, col, select

from app.audit import chain
from app.audit.chain import Actor
from app.audit.models import AccessLog


def record_reads(
    session: Session,
    principal: Actor,
    candidate_ids: Iterable[int],
    *,
    purpose: str,
    action: str,
) -> None:
    """One row per candidate whose identifiable data the caller is shown or changes."""
    chain.append(session, principal, candidate_ids, purpose=purpose, action=action)


def reads_of(session: Session, candidate_id: int) -> list[AccessLog]:
    """In the order they were logged (``id``): rows not sealed yet have no ``seq``."""
    statement = select(AccessLog).where(AccessLog.candidate_id == candidate_id)
    return list(session.exec(statement.order_by(col(AccessLog.id))).all())
