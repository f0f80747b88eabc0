"""Freshness of workplaces (docs/decisions/143): confirmed recently, open now, not yet full.

A workplace is *expired* when nobody confirmed it for longer than the policy's
``workplace_confirmation_max_days``; *not yet available* before its ``available_from``; *full*
when its placements that have not ended use all its places. Any of these keeps it out of live
suggestions and match runs. The same rules, as plain Dutch sentences, explain a pair (fit).
"""

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, or_, select

from app.core.vocab import WorkplaceStatus
from app.employers.models import Workplace
from matching import Policy


def expires_on(confirmed_on: date, policy: Policy) -> date:
    """The last day the workplace counts as confirmed."""
    return confirmed_on + timedelta(days=policy.workplace_confirmation_max_days)


def oldest_fresh(on: date, policy: Policy) -> date:
    """Confirmations on or after this day are fresh on ``on``."""
    return on - timedelta(days=policy.workplace_confirmation_max_days)


def open_on(on: date, policy: Policy) -> list[ColumnElement[bool]]:
    """SQL conditions for a workplace that is confirmed and available on ``on`` (runs)."""
    return [
        col(Workplace.confirmed_on) >= oldest_fresh(on, policy),
        or_(col(Workplace.available_from).is_(None), col(Workplace.available_from) <= on),
    ]


def problems(workplace: Workplace, open_placements: int, on: date, policy: Policy) -> list[str]:
    """Why the workplace cannot be suggested now, in plain Dutch; empty when it can."""
    out = []
    if workplace.confirmed_on < oldest_fresh(on, policy):
        out.append(
            "De werkplek is verlopen: de werkgever heeft niet bevestigd dat hij er nog is "
            f"(laatst {workplace.confirmed_on:%d-%m-%Y}, langer dan "
            f"{policy.workplace_confirmation_max_days} dagen geleden)."
        )
    if workplace.available_from is not None and workplace.available_from > on:
        out.append(f"De werkplek is pas beschikbaar vanaf {workplace.available_from:%d-%m-%Y}.")
    if open_placements >= workplace.capacity:
        places = "plek is" if workplace.capacity == 1 else "plekken zijn"
        out.append(
            f"De werkplek is vol: alle {workplace.capacity} {places} bezet door lopende "
            "plaatsingen."
        )
    return out


def reminders_due(
    session: Session, on: date, policy_of: Callable[[Workplace], Policy]
) -> list[Workplace]:
    """Active workplaces expiring within their policy's reminder window (or expired) and not
    reminded since their last confirmation, oldest confirmation first. Each workplace is held
    to the policy of its employer's municipality (``policy_of``)."""
    statement = select(Workplace).where(
        Workplace.status == WorkplaceStatus.active,
        or_(
            col(Workplace.confirm_reminded_on).is_(None),
            col(Workplace.confirm_reminded_on) < col(Workplace.confirmed_on),
        ),
    )
    due = []
    for workplace in session.exec(
        statement.order_by(col(Workplace.confirmed_on), col(Workplace.id))
    ):
        policy = policy_of(workplace)
        window = policy.workplace_confirmation_max_days - policy.workplace_confirm_reminder_days
        if workplace.confirmed_on <= on - timedelta(days=window):
            due.append(workplace)
    return due
