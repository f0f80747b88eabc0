"""Employer-side flows: invite links, open submissions, private edit links.

Every submission through the form starts as ``to_verify``, invited or not: the invite proves
who the employer is, not that what they typed is right, so a WSP user always checks before a
workplace enters matching (see docs/decisions/030-web-screens-and-widget.md).
"""

from datetime import timedelta

from sqlmodel import Session, col, select

from app.core.config import get_settings
from app.core.errors import NotFound
from app.core.geo import pc4_of
from app.core.security import Principal
from app.core.timeutil import utcnow
from app.core.vocab import WorkplaceStatus
from app.employers import service as employers
from app.employers.models import Employer, Task, Workplace
from app.employers.schemas import EmployerCreate, WorkplaceCreate
from app.web.models import EmployerInvite, WorkplaceEditLink
from app.web.security import hash_token, new_token


def create_invite(
    session: Session, *, principal: Principal, employer_id: int
) -> tuple[EmployerInvite, str]:
    """A new invite for a known employer; returns the row and the token (shown once)."""
    employers.get_employer(session, employer_id, principal)
    token, token_hash = new_token()
    invite = EmployerInvite(
        employer_id=employer_id,
        token_hash=token_hash,
        created_by=principal.account_id,
        expires_at=utcnow() + timedelta(days=get_settings().invite_valid_days),
    )
    session.add(invite)
    session.flush()
    return invite, token


def employer_for_invite(session: Session, token: str) -> Employer:
    """The invited employer; unknown and expired tokens are the same 404."""
    invite = session.exec(
        select(EmployerInvite).where(EmployerInvite.token_hash == hash_token(token[:100]))
    ).first()
    if invite is None or invite.expires_at <= utcnow():
        raise NotFound("Deze uitnodiging bestaat niet of is verlopen.")
    employer = session.get(Employer, invite.employer_id)
    if employer is None:
        raise NotFound("Deze uitnodiging bestaat niet of is verlopen.")
    return employer


def find_or_create_employer(session: Session, employer_in: EmployerCreate) -> Employer:
    """Reuse the employer with this KvK number (its stored details are kept), else create it."""
    existing = session.exec(
        select(Employer).where(Employer.kvk_number == employer_in.kvk_number)
    ).first()
    if existing is not None:
        return existing
    employer = Employer(**employer_in.model_dump(), pc4=pc4_of(employer_in.postcode))
    session.add(employer)
    session.flush()
    return employer


def submit_workplace(
    session: Session, *, employer: Employer, workplace_in: WorkplaceCreate
) -> tuple[Workplace, str]:
    """Store a form submission as ``to_verify`` and return it with its private edit token."""
    assert employer.id is not None
    values = workplace_in.model_dump(exclude={"tasks", "status", "employer_id"})
    values["sector"] = workplace_in.sector or employer.sector
    workplace = Workplace(
        **values,
        employer_id=employer.id,
        status=WorkplaceStatus.to_verify,
        pc4=pc4_of(workplace_in.postcode),
    )
    workplace.tasks = _tasks(workplace_in)
    session.add(workplace)
    session.flush()
    assert workplace.id is not None
    token, token_hash = new_token()
    session.add(WorkplaceEditLink(workplace_id=workplace.id, token_hash=token_hash))
    session.flush()
    return workplace, token


def workplace_for_token(session: Session, token: str) -> Workplace:
    link = session.exec(
        select(WorkplaceEditLink).where(WorkplaceEditLink.token_hash == hash_token(token[:100]))
    ).first()
    workplace = session.get(Workplace, link.workplace_id) if link else None
    if workplace is None:
        raise NotFound("Deze link bestaat niet (meer).")
    return workplace


def update_from_form(
    session: Session, *, workplace: Workplace, workplace_in: WorkplaceCreate
) -> Workplace:
    """Apply the employer's edit. A changed profile goes back to the to-verify queue."""
    values = workplace_in.model_dump(exclude={"tasks", "status", "employer_id", "sector"})
    for name, value in values.items():
        setattr(workplace, name, value)
    workplace.pc4 = pc4_of(workplace_in.postcode)
    workplace.tasks = _tasks(workplace_in)
    employers.back_to_verification(workplace)
    workplace.version += 1
    workplace.updated_at = utcnow()
    workplace.confirmed_on = workplace.updated_at.date()  # the employer looked at it
    session.add(workplace)
    session.flush()
    return workplace


def _tasks(workplace_in: WorkplaceCreate) -> list[Task]:
    return [Task(**t.model_dump(), position=i) for i, t in enumerate(workplace_in.tasks)]


def to_verify(session: Session, limit: int = 100) -> list[Workplace]:
    statement = select(Workplace).where(Workplace.status == WorkplaceStatus.to_verify)
    return list(session.exec(statement.order_by(col(Workplace.created_at)).limit(limit)).all())
