"""Dependencies shared by the pages: the parsed form, CSRF, and the signed-in staff member."""

from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from app.core.db import SessionDep
from app.core.errors import Forbidden
from app.core.security import Principal
from app.web.security import CSRF_FIELD, SESSION_COOKIE, csrf_valid, principal_from_session


class LoginRequired(Exception):
    """Raised by ``staff`` when nobody is signed in; rendered as a redirect to the login page."""


async def form_data(request: Request) -> FormData:
    return await request.form(max_files=0, max_fields=400)


FormDep = Annotated[FormData, Depends(form_data)]


async def checked_form(request: Request, form: FormDep) -> FormData:  # pure: in the loop
    """The form of a staff action, after the CSRF check."""
    token = form.get(CSRF_FIELD)
    if not csrf_valid(request, token if isinstance(token, str) else None):
        raise Forbidden("Het formulier is verlopen (CSRF-controle). Laad de pagina opnieuw.")
    return form


def staff(request: Request, session: SessionDep) -> Principal:
    principal = principal_from_session(session, request.cookies.get(SESSION_COOKIE))
    if principal is None:
        raise LoginRequired
    request.state.principal = principal
    return principal


StaffDep = Annotated[Principal, Depends(staff)]
CheckedForm = Annotated[FormData, Depends(checked_form)]
