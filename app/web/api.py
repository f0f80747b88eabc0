"""JSON endpoints of the web domain: the widget's suggestions and staff invite links.

The widget route is mounted outside the API router because a CORS preflight carries no key:
it authenticates itself (``widget_principal``) and answers preflights per registered origin.
"""

from datetime import date, datetime
from typing import Annotated

from fastapi import Header, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from app.core.db import SessionDep
from app.core.errors import ErrorBody, error_response
from app.core.links import public_link
from app.core.routing import Router
from app.core.security import PrincipalDep
from app.employers import service as employers
from app.web import confirm_service, service, widget_service
from app.web.widget_service import WidgetSuggestions

router = Router(prefix="/api/v1/widget", tags=["widget"])
staff_router = Router(tags=["employers"])
WIDGET_PATH = "/workplaces/{workplace_id}/suggestions"
_WIDGET_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody, "description": "No or an invalid widget key."},
    403: {"model": ErrorBody, "description": "This origin is not registered for the key."},
    404: {"model": ErrorBody, "description": "No active workplace with that id."},
}


class InvitePublic(BaseModel):
    """An invite link for a known employer; the URL is shown once (only its hash is kept)."""

    employer_id: int
    url: str
    expires_at: datetime


@staff_router.post("/employers/{employer_id}/invites", status_code=201)
def create_invite(
    employer_id: int, request: Request, session: SessionDep, principal: PrincipalDep
) -> InvitePublic:
    """A link that pre-fills the employer form for this employer (valid 30 days)."""
    invite, token = service.create_invite(session, principal=principal, employer_id=employer_id)
    url = public_link(request, "invited_form", token=token)
    return InvitePublic(employer_id=employer_id, url=url, expires_at=invite.expires_at)


class ConfirmLinkPublic(BaseModel):
    """A one-click link for the employer to confirm the workplace is still there."""

    workplace_id: int
    url: str
    expires_on: date  # the workplace leaves suggestions after this day unless confirmed
    link_valid_until: date  # the link works once, until this day


@staff_router.post(
    "/workplaces/{workplace_id}/confirm-link",
    status_code=201,
)
def create_confirm_link(
    workplace_id: int, session: SessionDep, principal: PrincipalDep
) -> ConfirmLinkPublic:
    """A link to send the employer; shown once (only its hash is kept). The reminder job makes
    these itself (docs/decisions/143)."""
    workplace = employers.get_workplace(session, workplace_id, principal)
    return ConfirmLinkPublic(
        workplace_id=workplace_id,
        url=confirm_service.create_link(session, workplace),
        expires_on=confirm_service.expires(session, workplace),
        link_valid_until=confirm_service.link_valid_until(),
    )


@router.options(WIDGET_PATH, include_in_schema=False)
def widget_preflight(
    workplace_id: int, session: SessionDep, origin: Annotated[str | None, Header()] = None
) -> Response:
    if not widget_service.origin_known(session, origin):
        return error_response(403, "forbidden", "This origin may not use the widget.")
    headers = {
        "Access-Control-Allow-Origin": origin or "",
        "Access-Control-Allow-Methods": "GET",
        "Access-Control-Allow-Headers": "X-API-Key",
        "Access-Control-Max-Age": "600",
        "Vary": "Origin",
    }
    return Response(status_code=204, headers=headers)


@router.get(WIDGET_PATH, response_model=WidgetSuggestions, responses=_WIDGET_ERRORS)
def widget_suggestions(
    workplace_id: int,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
    origin: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    """Pseudonymous suggestions for the embeddable widget; only from registered origins."""
    principal = widget_service.widget_principal(session, x_api_key, origin)
    result = widget_service.suggestions_for(
        session, principal=principal, workplace_id=workplace_id, limit=limit
    )
    headers = {
        "Access-Control-Allow-Origin": origin or "",
        "Vary": "Origin",
        "Cache-Control": "no-store",
    }
    return JSONResponse(result.model_dump(mode="json"), headers=headers)
