"""Employer pages: the open form, the invite form, the private profile/edit page and the
one-click confirmation that a workplace is still there."""

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from app.core.db import SessionDep
from app.core.errors import DomainError
from app.core.links import public_link
from app.core.routing import Router
from app.employers.models import Employer
from app.web import choices, confirm_service, forms, service
from app.web.deps import FormDep
from app.web.security import CSRF_FIELD, RateLimiter, csrf_valid
from app.web.templating import message, render

router = Router(prefix="/werkgevers", include_in_schema=False)
HONEYPOT = "website"


def _form_page(
    request: Request,
    state: forms.FormState,
    *,
    action: str,
    employer: Employer | None = None,
    status_code: int = 200,
    extra: dict[str, object] | None = None,
) -> HTMLResponse:
    errors = [
        {"anchor": choices.anchor(n), "label": choices.label(n), "text": t}
        for n, t in state.errors.items()
    ]
    context = {
        "state": state,
        "action": action,
        "employer": employer,
        "mode": "edit" if action.startswith("/werkgevers/profiel/") else "new",
        "error_list": errors,
        "honeypot": HONEYPOT,
        **(extra or {}),
    }
    return render(request, "employer_form.html", context, status_code)


def _is_row_action(form: FormData) -> bool:
    action = form.get("action")
    return isinstance(action, str) and (action == "add_task" or action.startswith("remove_task:"))


def _guard(request: Request, form: FormData) -> Response | None:
    """Rate limit and CSRF for every POST of the public pages. The no-JavaScript 'extra taak'
    and 'verwijder taak' buttons store nothing and do not count towards the limit: an
    employer without JavaScript adding a few tasks was locked out for ten minutes."""
    limiter: RateLimiter = request.app.state.web_limiter
    client = request.client.host if request.client else "unknown"
    if not _is_row_action(form) and not limiter.allow(client):
        return message(
            request,
            "Even wachten",
            "U heeft dit formulier heel vaak verstuurd. Probeer het over tien minuten opnieuw.",
            429,
        )
    token = form.get(CSRF_FIELD)
    if not csrf_valid(request, token if isinstance(token, str) else None):
        return message(
            request,
            "Formulier verlopen",
            "Het formulier is verlopen of niet vanaf deze website verstuurd (CSRF-controle). "
            "Open het formulier opnieuw en verstuur het nog een keer.",
            403,
        )
    return None


def _row_action(state: forms.FormState, form: FormData) -> bool:
    """Handle 'extra taak' and 'verwijder taak' (the no-JavaScript way). True if handled."""
    if not _is_row_action(form):
        return False
    action = str(form.get("action"))
    if action == "add_task":
        state.add_row()
    elif (index := action.removeprefix("remove_task:")).isdigit():
        state.remove_row(int(index))
    return True


def _thanks_without_saving(request: Request) -> HTMLResponse:
    # A filled honeypot is a bot: answer like a success so it learns nothing, store nothing.
    return message(request, "Bedankt", "Wij hebben uw aanmelding ontvangen.", 200)


def _post(
    request: Request,
    form: FormData,
    *,
    action: str,
    employer: Employer | None,
    save: Callable[[forms.FormState], str | None],
) -> Response:
    """Shared POST flow: honeypot, row buttons, then ``save`` (a redirect URL, or None when the
    state collected errors and the form must be shown again)."""
    if form.get(HONEYPOT):
        return _thanks_without_saving(request)
    state = forms.state_from_form(form)
    if _row_action(state, form):
        return _form_page(request, state, action=action, employer=employer)
    target = save(state)
    if target is None:
        return _form_page(request, state, action=action, employer=employer, status_code=422)
    return RedirectResponse(target, status_code=303)


@router.get("/aanmelden")
def open_form(request: Request) -> HTMLResponse:
    return _form_page(request, forms.FormState(), action="/werkgevers/aanmelden")


@router.post("/aanmelden", response_model=None)
def submit_open_form(request: Request, form: FormDep, session: SessionDep) -> Response:
    if (blocked := _guard(request, form)) is not None:
        return blocked

    def save(state: forms.FormState) -> str | None:
        employer_in = forms.validate_employer(state)
        workplace_in = forms.validate_workplace(state, employer_id=0)
        if state.errors or employer_in is None or workplace_in is None:
            return None
        employer = service.find_or_create_employer(session, employer_in)
        _, token = service.submit_workplace(session, employer=employer, workplace_in=workplace_in)
        return f"/werkgevers/profiel/{token}?verstuurd=1"

    return _post(request, form, action="/werkgevers/aanmelden", employer=None, save=save)


@router.get("/aanmelden/{token}")
def invited_form(token: str, request: Request, session: SessionDep) -> HTMLResponse:
    employer = service.employer_for_invite(session, token)
    state = forms.state_for_employer(employer)
    return _form_page(request, state, action=f"/werkgevers/aanmelden/{token}", employer=employer)


@router.post("/aanmelden/{token}", response_model=None)
def submit_invited_form(
    token: str, request: Request, form: FormDep, session: SessionDep
) -> Response:
    if (blocked := _guard(request, form)) is not None:
        return blocked
    employer = service.employer_for_invite(session, token)

    def save(state: forms.FormState) -> str | None:
        assert employer.id is not None
        workplace_in = forms.validate_workplace(state, employer_id=employer.id)
        if state.errors or workplace_in is None:
            return None
        _, edit = service.submit_workplace(session, employer=employer, workplace_in=workplace_in)
        return f"/werkgevers/profiel/{edit}?verstuurd=1"

    action = f"/werkgevers/aanmelden/{token}"
    return _post(request, form, action=action, employer=employer, save=save)


@router.get("/profiel/{token}")
def profile(token: str, request: Request, session: SessionDep) -> HTMLResponse:
    workplace = service.workplace_for_token(session, token)
    extra: dict[str, object] = {
        "workplace": workplace,
        "just_sent": request.query_params.get("verstuurd") == "1",
        "saved": request.query_params.get("opgeslagen") == "1",
        "edit_url": public_link(request, "profile", token=token),
    }
    state = forms.state_from_workplace(workplace)
    action = f"/werkgevers/profiel/{token}"
    return _form_page(request, state, action=action, employer=workplace.employer, extra=extra)


@router.post("/profiel/{token}", response_model=None)
def edit_profile(token: str, request: Request, form: FormDep, session: SessionDep) -> Response:
    if (blocked := _guard(request, form)) is not None:
        return blocked
    workplace = service.workplace_for_token(session, token)

    def save(state: forms.FormState) -> str | None:
        workplace_in = forms.validate_workplace(state, employer_id=workplace.employer_id)
        if state.errors or workplace_in is None:
            return None
        service.update_from_form(session, workplace=workplace, workplace_in=workplace_in)
        return f"/werkgevers/profiel/{token}?opgeslagen=1"

    action = f"/werkgevers/profiel/{token}"
    return _post(request, form, action=action, employer=workplace.employer, save=save)


def _link_problem(request: Request, exc: DomainError) -> HTMLResponse:
    return message(request, "Deze link werkt niet", exc.detail, exc.status_code)


@router.get("/bevestigen/{token}")
def confirm_page(token: str, request: Request, session: SessionDep) -> HTMLResponse:
    """Shows what is confirmed; only the POST below changes anything (link previews, mail
    scanners and prefetching never confirm by themselves)."""
    try:
        workplace = confirm_service.workplace_for(session, token)
    except DomainError as exc:
        return _link_problem(request, exc)
    context = {
        "workplace": workplace,
        "expires_on": confirm_service.expires(session, workplace),
        "action": f"/werkgevers/bevestigen/{token}",
    }
    return render(request, "employer_confirm.html", context)


@router.post("/bevestigen/{token}", response_model=None)
def confirm(token: str, request: Request, form: FormDep, session: SessionDep) -> Response:
    if (blocked := _guard(request, form)) is not None:
        return blocked
    try:
        workplace = confirm_service.confirm(session, token)
    except DomainError as exc:
        return _link_problem(request, exc)
    until = confirm_service.expires(session, workplace)
    return message(
        request,
        "Bedankt, bevestigd",
        f"De werkplek {workplace.title} blijft tot en met {until:%d-%m-%Y} in de voorstellen. "
        "Wij vragen u vóór die tijd opnieuw om een bevestiging.",
        200,
    )
