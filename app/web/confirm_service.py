"""One-click confirmation that a workplace is still there (docs/decisions/143).

Like invites and edit links, a confirm link is a random token of which only the SHA-256 hash
is stored, so links keep working across restarts and whichever process made them (the reminder
job runs apart from the web service). A link works once (``used_at``, set by a conditional
update, so two clicks at the same moment cannot both count) and for ``LINK_VALID_DAYS``. An
unknown token is a 404, a used or expired one a 409, each with a plain Dutch message.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.core.errors import Conflict, NotFound
from app.core.links import public_base
from app.core.timeutil import today, utcnow
from app.employers import freshness
from app.employers import service as employers
from app.employers.models import Workplace
from app.policy.service import workplace_policy
from app.web.models import WorkplaceConfirmLink
from app.web.security import hash_token, new_token
from matching import Policy

LINK_VALID_DAYS = 60
CONFIRM_PATH = "/werkgevers/bevestigen/"


def link_valid_until() -> date:
    return today() + timedelta(days=LINK_VALID_DAYS)


def create_link(session: Session, workplace: Workplace) -> str:
    """A new confirm link for the workplace; returns its URL (the token is not kept)."""
    assert workplace.id is not None
    token, token_hash = new_token()
    expires_at = utcnow() + timedelta(days=LINK_VALID_DAYS)
    session.add(
        WorkplaceConfirmLink(
            workplace_id=workplace.id, token_hash=token_hash, expires_at=expires_at
        )
    )
    session.flush()
    return public_base() + CONFIRM_PATH + token


def _link(session: Session, token: str) -> tuple[WorkplaceConfirmLink, Workplace]:
    link = session.exec(
        select(WorkplaceConfirmLink).where(
            WorkplaceConfirmLink.token_hash == hash_token(token[:100])
        )
    ).first()
    workplace = session.get(Workplace, link.workplace_id) if link else None
    if link is None or workplace is None:
        raise NotFound("Deze bevestigingslink klopt niet. Gebruik de link uit het bericht.")
    if link.used_at is not None:
        raise Conflict(
            f"Deze link is al gebruikt. De werkplek {workplace.title} is bevestigd tot en met "
            f"{expires(session, workplace):%d-%m-%Y}."
        )
    if link.expires_at < utcnow():
        raise Conflict("Deze link is verlopen. Vraag uw contactpersoon om een nieuwe.")
    return link, workplace


def workplace_for(session: Session, token: str) -> Workplace:
    """The workplace a confirm link is for, if the link still works."""
    return _link(session, token)[1]


def confirm(session: Session, token: str) -> Workplace:
    """Renew the confirmation; of two clicks at the same moment exactly one counts."""
    link, workplace = _link(session, token)
    done = session.execute(
        update(WorkplaceConfirmLink)
        .where(col(WorkplaceConfirmLink.id) == link.id)
        .where(col(WorkplaceConfirmLink.used_at).is_(None))
        .values(used_at=utcnow())
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("Deze link is al gebruikt.")
    return employers.confirm_workplace(session, workplace=workplace)


def expires(session: Session, workplace: Workplace) -> date:
    """The last day the workplace counts as confirmed (under its employer's policy)."""
    return freshness.expires_on(workplace.confirmed_on, workplace_policy(session, workplace))


@dataclass(frozen=True)
class Reminder:
    workplace_id: int
    title: str
    employer: str
    to: str  # the employer's contact e-mail, else the account manager
    expires_on: date
    url: str


def send_reminders(
    session: Session, *, within_days: int | None = None, dry_run: bool = False
) -> list[Reminder]:
    """Confirm links for every workplace due for a reminder under its employer's policy
    (``within_days`` overrides the reminder window); records the day it was sent. A dry run
    lists them with no link (nothing is created)."""
    on = today()
    out = []

    def policy_of(workplace: Workplace) -> Policy:
        policy = workplace_policy(session, workplace)
        if within_days is None:
            return policy
        return replace(policy, workplace_confirm_reminder_days=within_days)

    for workplace in freshness.reminders_due(session, on, policy_of):
        policy = policy_of(workplace)
        assert workplace.id is not None and workplace.employer is not None
        employer = workplace.employer
        to = employer.contact_email or (
            f"accountmanager #{employer.account_manager_id}"
            if employer.account_manager_id is not None
            else "WSP (geen contactpersoon)"
        )
        if not dry_run:
            workplace.confirm_reminded_on = on  # not a change of the profile: no version bump
            session.add(workplace)
        out.append(
            Reminder(
                workplace_id=workplace.id,
                title=workplace.title,
                employer=employer.name,
                to=to,
                expires_on=freshness.expires_on(workplace.confirmed_on, policy),
                url="-" if dry_run else create_link(session, workplace),
            )
        )
    session.flush()
    return out
