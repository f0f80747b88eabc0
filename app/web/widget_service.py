"""The WSP widget: which origins may use a key, and the pseudonymous suggestions it shows.

A widget key is a *publishable* ``wsp_frontend`` key with registered origins: it sits in the
embedding page for anyone to read, so it works on the widget endpoints only (never on the
rest of the API, never to rotate or revoke). The browser sends the page's Origin; only a
registered origin gets data and an Access-Control-Allow-Origin header.
"""

from urllib.parse import urlsplit

from pydantic import BaseModel
from sqlmodel import Session, select

from app.accounts.models import ApiKey
from app.core.errors import Forbidden, Invalid, Unauthorized
from app.core.security import PUBLISHABLE, Principal, authenticate
from app.core.vocab import Role
from app.matches import suggestions
from app.web.models import WidgetOrigin

_SCHOOL = {
    "pro": "praktijkonderwijs",
    "vso_arbeid": "vso (uitstroom arbeid)",
    "vso_dagbesteding": "vso (uitstroom dagbesteding)",
    "vso_vervolgonderwijs": "vso (uitstroom vervolgonderwijs)",
    "entree": "entreeopleiding",
    "havo_vwo": "havo/vwo",
    "other": "andere opleiding",
}


class WidgetItem(BaseModel):
    """One pseudonymous suggestion: never a name, address, birth date or sensitive data."""

    pseudonym: str
    summary: str
    score: float
    reasons: list[str]


class WidgetSuggestions(BaseModel):
    """Ranked pseudonymous suggestions for one workplace."""

    workplace_id: int
    items: list[WidgetItem]


def normalise_origin(value: str) -> str:
    """``https://site.example[:port]`` in lower case; anything with a path is refused."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Invalid("An origin looks like https://site.example", fields={"origin": value})
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise Invalid("An origin has no path, query or user.", fields={"origin": value})
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{port}"


def add_origins(session: Session, *, api_key_id: int, origins: list[str]) -> list[str]:
    key = session.get(ApiKey, api_key_id)
    if key is None:
        raise Invalid("Unknown API key.", fields={"api_key_id": str(api_key_id)})
    if key.kind != PUBLISHABLE:
        raise Invalid(
            "Origins belong to a publishable widget key, never to a secret key.",
            fields={"api_key_id": "not a publishable key"},
        )
    added = []
    for origin in dict.fromkeys(normalise_origin(o) for o in origins):
        exists = session.exec(
            select(WidgetOrigin.id).where(
                WidgetOrigin.api_key_id == api_key_id, WidgetOrigin.origin == origin
            )
        ).first()
        if exists is None:
            session.add(WidgetOrigin(api_key_id=api_key_id, origin=origin))
        added.append(origin)
    session.flush()
    return added


def origin_known(session: Session, origin: str | None) -> bool:
    """Registered for any widget key (a CORS preflight carries no key)."""
    if not origin:
        return False
    statement = select(WidgetOrigin.id).where(WidgetOrigin.origin == origin.lower())
    return session.exec(statement).first() is not None


def widget_principal(session: Session, key: str | None, origin: str | None) -> Principal:
    """The wsp_frontend principal for a key used from a registered origin, else 401/403."""
    principal = authenticate(session, key) if key else None
    if principal is None:
        raise Unauthorized("The widget key is missing, not valid or revoked.")
    if principal.role != Role.wsp_frontend or not principal.publishable:
        raise Forbidden("Only a publishable wsp_frontend key can be used in the widget.")
    prefix = (key or "").split("_")[1]
    api_key = session.exec(select(ApiKey).where(ApiKey.prefix == prefix)).one()
    allowed = session.exec(
        select(WidgetOrigin.id).where(
            WidgetOrigin.api_key_id == api_key.id, WidgetOrigin.origin == (origin or "").lower()
        )
    ).first()
    if not origin or allowed is None:
        raise Forbidden("This widget key may not be used from this website.")
    return principal


def suggestions_for(
    session: Session, *, principal: Principal, workplace_id: int, limit: int
) -> WidgetSuggestions:
    result = suggestions.for_workplace(
        session, principal, workplace_id=workplace_id, limit=limit, action="widget"
    )
    items = [
        WidgetItem(
            pseudonym=item.candidate.pseudonym,
            summary=_summary(
                item.candidate.age_band,
                item.candidate.school_type,
                item.candidate.hours_per_week_min,
                item.candidate.hours_per_week_max,
            ),
            score=round(item.explanation.score, 3),
            reasons=item.explanation.reasons_for[:3],
        )
        for item in result.items
    ]
    return WidgetSuggestions(workplace_id=workplace_id, items=items)


def _summary(age_band: str, school_type: str, hours_min: int, hours_max: int) -> str:
    school = _SCHOOL.get(school_type, school_type.replace("mbo", "mbo "))
    return f"{age_band} jaar, {school}, {hours_min}–{hours_max} uur per week"
