"""The policy page: what applies in a municipality, where each value comes from, and (for
admins) a form to change one value for a scope, with the reason kept in the history."""

import typing
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from app.core.db import SessionDep
from app.core.errors import Forbidden, Invalid
from app.core.routing import Router
from app.core.vocab import Role
from app.policy import service
from app.policy.schemas import PolicyScope
from app.web.deps import CheckedForm, StaffDep
from app.web.staff_pages import page
from matching import Policy

router = Router(prefix="/app", include_in_schema=False)
SCOPES = {
    "default": "Standaard (hele regio)",
    "region": "Arbeidsmarktregio",
    "municipality": "Gemeente",
}


@router.get("/beleid")
def policy_page(
    request: Request,
    session: SessionDep,
    principal: StaffDep,
    gemeente: Annotated[str, Query(max_length=80)] = "",
) -> HTMLResponse:
    found = service.policy_for(session, gemeente.strip() or None)
    return page(
        request, "staff_policy.html", principal, title="Beleid", gemeente=gemeente,
        effective=found, values=service.values_of(found.policy), current=service.current(session),
        scopes=SCOPES, is_admin=principal.role == Role.admin,
    )  # fmt: skip


@router.post("/beleid")
def set_value(form: CheckedForm, session: SessionDep, principal: StaffDep) -> RedirectResponse:
    if principal.role != Role.admin:
        raise Forbidden("Alleen een beheerder past het beleid aan.")
    scope, name, field, raw, reason = (
        str(form.get(k) or "").strip() for k in ("scope", "name", "field", "value", "reason")
    )
    if scope not in SCOPES:
        raise Invalid("Kies waar de regel geldt.", fields={"scope": "verplicht"})
    if scope == "default":
        name = service.DEFAULT_NAME
    if not name:
        raise Invalid("Vul de naam van de regio of gemeente in.", fields={"name": "verplicht"})
    if len(reason) < 3:
        raise Invalid("Schrijf op waarom (minstens 3 tekens).", fields={"reason": "verplicht"})
    latest = {v.name: v for v in service.current(session) if v.scope == scope}.get(name)
    values = dict(latest.values) if latest else {}
    values[field] = _parse(field, raw)
    service.put(
        session, principal=principal, scope=PolicyScope(scope), name=name, values=values,
        reason=reason,
    )  # fmt: skip
    where = name if scope == "municipality" else ""
    return RedirectResponse(f"/app/beleid?gemeente={where}", status_code=303)


def _parse(field: str, raw: str) -> Any:
    """The form's text as the field's type; the service checks ranges and names."""
    kind = typing.get_type_hints(Policy).get(field)
    if kind is None:
        raise Invalid("Onbekende regel.", fields={"field": "kies een regel uit de lijst"})
    text = str(kind)
    if raw == "" and "None" in text:
        return None
    if kind is bool:
        if raw.lower() not in ("ja", "nee"):
            raise Invalid("Vul ja of nee in.", fields={"value": "ja of nee"})
        return raw.lower() == "ja"
    if "tuple" in text:
        return [part.strip() for part in raw.split(",") if part.strip()]
    if kind is str:
        return raw
    try:
        number = float(raw.replace(",", "."))
    except ValueError:
        raise Invalid("Vul een getal in.", fields={"value": "een getal"}) from None
    return int(number) if kind is int and number.is_integer() else number
