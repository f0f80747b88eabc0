"""Jobhunter screens, part 1: signing in and out, candidates and their suggestions."""

from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, select

from app.accounts.models import ApiKey
from app.audit import decisions
from app.candidates import service as candidates
from app.consent import service as consent
from app.core import visibility
from app.core.config import get_settings
from app.core.db import SessionDep
from app.core.errors import Invalid, NotFound
from app.core.pagination import PageParams
from app.core.routing import Router
from app.core.security import Principal, authenticate
from app.core.visibility import FieldGroup
from app.employers.models import Workplace
from app.matches import fit, suggestions
from app.matches import service as matches
from app.matches.schemas import PairRuleIn, PairRuleKind, RejectReason
from app.placements.service import open_placement
from app.web.charts import bar_chart
from app.web.deps import CheckedForm, StaffDep
from app.web.security import SESSION_COOKIE, STAFF_ROLES, session_value
from app.web.templating import render

router = Router(prefix="/app", include_in_schema=False)
DONE = {
    "accepted": "De plaatsing is geopend. U vindt haar bij de plaatsingen.",
    "pinned": "Vastgepind: dit paar komt in de volgende match-run.",
    "forbidden": "Dit paar wordt niet meer voorgesteld.",
    "rejected": "Afgewezen. De reden is opgeslagen.",
    "approved": "Goedgekeurd: de werkplek doet nu mee in de matching.",
    "closed": "De werkplek is gesloten.",
    "run": "De match-run is gestart.",
    "reviewed": "Uw beoordeling is opgeslagen.",
    "proposed": "Er is een nieuw voorstel voor de gewichten. Bekijk het en beslis.",
    "weights_approved": "Goedgekeurd: de volgende match-runs gebruiken deze gewichten.",
    "weights_rejected": "Afgewezen: de gewichten blijven zoals ze waren.",
    "merged": "Samengevoegd: één dossier is over, het andere is gewist.",
    "kept_apart": "Apart gehouden: dit paar komt niet meer terug.",
}


def page(request: Request, name: str, principal: Principal, **context: object) -> HTMLResponse:
    done = DONE.get(request.query_params.get("gedaan", ""))
    return render(request, name, {"principal": principal, "done": done, **context})


def _form_str(form: CheckedForm, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def form_int(form: CheckedForm, name: str) -> int:
    value = _form_str(form, name)
    if not value.isdigit() or len(value) > 12:
        raise Invalid(f"'{name}' ontbreekt of is geen getal.", fields={name: "geen getal"})
    return int(value)


@router.get("/inloggen")
def login_page(request: Request) -> HTMLResponse:
    return render(request, "staff_login.html", {"title": "Inloggen"})


@router.post("/inloggen", response_model=None)
def login(request: Request, form: CheckedForm, session: SessionDep) -> Response:
    key = _form_str(form, "api_key")[:200]
    principal = authenticate(session, key) if key else None
    if principal is None or principal.role not in STAFF_ROLES:
        error = "Deze sleutel is niet geldig, ingetrokken of niet van een jobhunter of beheerder."
        return render(request, "staff_login.html", {"title": "Inloggen", "error": error}, 401)
    api_key = session.exec(select(ApiKey).where(ApiKey.prefix == key.split("_")[1])).one()
    assert api_key.id is not None
    response = RedirectResponse("/app/kandidaten", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session_value(principal.account_id, api_key.id),
        max_age=get_settings().web_session_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/app",
    )
    return response


@router.post("/uitloggen")
def logout(form: CheckedForm) -> RedirectResponse:
    response = RedirectResponse("/app/inloggen", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/app")
    return response


@router.get("")
def home(principal: StaffDep) -> RedirectResponse:
    return RedirectResponse("/app/kandidaten", status_code=303)


@router.get("/kandidaten")
def candidate_list(
    request: Request,
    session: SessionDep,
    principal: StaffDep,
    q: Annotated[str, Query(max_length=80)] = "",
) -> HTMLResponse:
    filters = candidates.CandidateFilters(q=q.strip() or None)
    # Need-to-know: the caseload and what is shared with this jobhunter (visibility.py).
    listed = candidates.list_public(
        session,
        principal=principal,
        filters=filters,
        page=PageParams(limit=50, offset=0, sort=None),
        action="web_list",
    )
    return page(
        request,
        "staff_candidates.html",
        principal,
        title="Kandidaten",
        rows=listed.items,
        q=q,
        total=listed.total,
    )


@router.get("/kandidaten/{candidate_id}")
def candidate_page(
    candidate_id: int,
    request: Request,
    session: SessionDep,
    principal: StaffDep,
    werkplek: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> HTMLResponse:
    candidate = candidates.get(session, candidate_id)
    subject = visibility.subject(session, candidate)
    visibility.require(principal, FieldGroup.identity, subject)
    consents = None  # the consent records: only for whom the matrix allows them
    if visibility.allowed(principal, FieldGroup.consent, subject):
        consents = consent.list_for(session, candidate_id)
    result = suggestions.for_candidate(
        session,
        principal,
        candidate_id=candidate_id,
        limit=10,
        filters=suggestions.WorkplaceFilter(),
        action="web_suggest",
    )
    charts = [bar_chart(item.explanation.breakdown) for item in result.items]
    pair = missing = None  # "why not this workplace?", asked by number on the same page
    if werkplek is not None:
        try:
            pair = fit.pair_fit(
                session, principal, candidate_id=candidate_id, workplace_id=werkplek
            )
        except NotFound:
            missing = werkplek
    return page(
        request,
        "staff_candidate.html",
        principal,
        title=f"{candidate.first_name} {candidate.last_name}",
        candidate=candidate,
        consents=consents,
        result=result,
        items=list(zip(result.items, charts, strict=True)),
        reasons=RejectReason,
        pair=pair,
        pair_chart=bar_chart(pair.explanation.breakdown) if pair and pair.explanation else None,
        missing=missing,
    )


@router.post("/kandidaten/{candidate_id}/suggesties")
def suggestion_action(
    candidate_id: int, form: CheckedForm, session: SessionDep, principal: StaffDep
) -> RedirectResponse:
    """Suggestions are not proposals: accept opens a placement, pin/forbid set a pair rule,
    reject records the reason in the decision log (kept as data for learning)."""
    workplace_id = form_int(form, "workplace_id")
    action = _form_str(form, "action")
    done = _apply(session, principal, form, candidate_id, workplace_id, action)
    return RedirectResponse(f"/app/kandidaten/{candidate_id}?gedaan={done}", status_code=303)


def _apply(
    session: Session,
    principal: Principal,
    form: CheckedForm,
    candidate_id: int,
    workplace_id: int,
    action: str,
) -> str:
    if action == "accept":
        open_placement(
            session,
            actor=principal,
            candidate_id=candidate_id,
            workplace_id=workplace_id,
            proposal_id=None,
        )
        return "accepted"
    if action in ("pin", "forbid"):
        rule = PairRuleIn(
            candidate_id=candidate_id, workplace_id=workplace_id, kind=PairRuleKind(action)
        )
        matches.set_rule(session, principal=principal, rule_in=rule)
        return "pinned" if action == "pin" else "forbidden"
    if action == "reject":
        reason = _form_str(form, "reason")
        if reason not in RejectReason.__members__:
            raise Invalid("Kies een reden om af te wijzen.", fields={"reason": "verplicht"})
        candidates.get(session, candidate_id)
        visibility.require_decide(session, principal, candidate_id)
        if session.get(Workplace, workplace_id) is None:
            raise Invalid("Onbekende werkplek.", fields={"workplace_id": str(workplace_id)})
        decisions.record(
            session,
            principal,
            "suggestion:rejected",
            candidate_id=candidate_id,
            workplace_id=workplace_id,
            reason=reason,
            note=_form_str(form, "note")[:2000],
        )
        return "rejected"
    raise Invalid("Onbekende actie.", fields={"action": action[:40]})
