"""Writing and reading the access log. Rows are only ever inserted."""

from collections.abc import Iterable

from sqlmodel import Session, col, select

from app.audit.models import AccessLog
from app.core.security import Principal


def record_reads(
    session: Session,
    principal: Principal,
    candidate_ids: Iterable[int],
    *,
    purpose: str,
    action: str,
) -> None:
    session.add_all(
        AccessLog(
            account_id=principal.account_id,
            role=principal.role,
            candidate_id=candidate_id,
            purpose=purpose,
            action=action,
        )
        for candidate_id in candidate_ids
    )
    session.flush()


def reads_of(session: Session, candidate_id: int) -> list[AccessLog]:
    statement = select(AccessLog).where(AccessLog.candidate_id == candidate_id)
    return list(session.exec(statement.order_by(col(AccessLog.id))).all())
