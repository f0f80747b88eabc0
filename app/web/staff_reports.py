"""Staff screens for issue 16: outcomes, the fairness report (with charts) and, for admins,
weight proposals to approve or reject. CSV downloads use the page's own session."""

from datetime import date
from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from app.core.db import SessionDep
from app.core.errors import Forbidden, Invalid
from app.core.pagination import PageParams
from app.core.routing import Router
from app.core.security import Principal
from app.core.vocab import Role
from app.fairness import service as fairness
from app.fairness.facts import DIMENSIONS, Scope
from app.fairness.router import scope as api_scope
from app.learning import service as learning
from app.learning.schemas import WeightDecisionIn, WeightProposalCreate
from app.outcomes import region
from app.outcomes import service as outcomes
from app.web.deps import CheckedForm, StaffDep
from app.web.report_charts import count_chart, ratio_chart, weight_chart
from app.web.staff_pages import page

router = Router(prefix="/app", include_in_schema=False)
DIMENSION_LABELS = {
    "age_band": "Leeftijd",
    "school_type": "Schooltype",
    "regime": "Regeling",
    "municipality": "Gemeente",
}
GROUP_LABELS = {
    "pro": "praktijkonderwijs",
    "vso_arbeid": "vso (uitstroom arbeid)",
    "vso_dagbesteding": "vso (uitstroom dagbesteding)",
    "vso_vervolgonderwijs": "vso (uitstroom vervolgonderwijs)",
    "entree": "entreeopleiding",
    "havo_vwo": "havo/vwo",
    "other": "anders",
    "participatiewet": "Participatiewet",
    "wajong": "Wajong",
    "none": "geen regeling",
    "<18": "jonger dan 18",
    "18-20": "18 tot 21",
    "21-26": "21 tot 27",
    "27+": "27 of ouder",
}
MEASURES = {"proposed": "Voorgesteld in een run", "placed": "Geplaatst"}


def _scope(gemeente: str, van: date | None, tot: date | None) -> Scope:
    if van is not None and tot is not None and tot < van:
        raise Invalid("De periode eindigt voordat hij begint.", fields={"tot": "voor 'van'"})
    return api_scope(municipality=gemeente.strip() or None, since=van, until=tot)


Gemeente = Annotated[str, Query(max_length=80)]


@router.get("/uitkomsten")
def outcomes_page(
    request: Request,
    session: SessionDep,
    principal: StaffDep,
    gemeente: Gemeente = "",
    van: date | None = None,
    tot: date | None = None,
) -> HTMLResponse:
    report = outcomes.outcomes_report(session, _scope(gemeente, van, tot))
    return page(
        request, "staff_outcomes.html", principal, title="Uitkomsten", report=report,
        gemeente=gemeente, van=van, tot=tot, query=request.url.query,
    )  # fmt: skip


@router.get("/uitkomsten.csv")
def outcomes_csv(
    session: SessionDep,
    principal: StaffDep,
    gemeente: Gemeente = "",
    van: date | None = None,
    tot: date | None = None,
) -> Response:
    body = outcomes.to_csv(outcomes.outcomes_report(session, _scope(gemeente, van, tot)))
    return _csv(body, "uitkomsten.csv")


@router.get("/regio")
def region_page(
    request: Request,
    session: SessionDep,
    principal: StaffDep,
    gemeente: Gemeente = "",
    van: date | None = None,
    tot: date | None = None,
) -> HTMLResponse:
    report = region.region_report(session, _scope(gemeente, van, tot))
    months = next(s for s in report.sections if s.dimension == "month")
    chart = count_chart(
        "Gestarte plaatsingen per maand", [(r.label, r.counts["started"]) for r in months.rows]
    )
    return page(
        request, "staff_region.html", principal, title="Regiorapportage", report=report,
        chart=chart, gemeente=gemeente, van=van, tot=tot, query=request.url.query,
    )  # fmt: skip


@router.get("/regio.csv")
def region_csv(
    session: SessionDep,
    principal: StaffDep,
    gemeente: Gemeente = "",
    van: date | None = None,
    tot: date | None = None,
) -> Response:
    body = region.to_csv(region.region_report(session, _scope(gemeente, van, tot)))
    return _csv(body, "regio.csv")


@router.get("/eerlijkheid")
def fairness_page(
    request: Request,
    session: SessionDep,
    principal: StaffDep,
    gemeente: Gemeente = "",
    van: date | None = None,
    tot: date | None = None,
) -> HTMLResponse:
    report = fairness.fairness_report_public(
        session, principal=principal, scope=_scope(gemeente, van, tot), action="web_fairness"
    )
    sections = []
    dimensions = list(dict.fromkeys([*DIMENSIONS, *(r.dimension for r in report.rows)]))
    for dimension in dimensions:
        rows = [
            r.model_copy(update={"group": GROUP_LABELS.get(r.group, r.group)})
            for r in report.rows
            if r.dimension == dimension
        ]
        label = DIMENSION_LABELS.get(dimension, dimension.replace("kenmerk:", "Kenmerk: "))
        charts = [ratio_chart(f"{label}: {m}", rows, key) for key, m in MEASURES.items()]
        sections.append((dimension, label, rows, charts))
    return page(
        request, "staff_fairness.html", principal, title="Eerlijkheid en bereik", report=report,
        sections=sections, gemeente=gemeente, van=van, tot=tot, query=request.url.query,
    )  # fmt: skip


@router.get("/eerlijkheid.csv")
def fairness_csv(
    session: SessionDep,
    principal: StaffDep,
    gemeente: Gemeente = "",
    van: date | None = None,
    tot: date | None = None,
) -> Response:
    body = fairness.to_csv(fairness.fairness_report(session, _scope(gemeente, van, tot)))
    return _csv(body, "eerlijkheid.csv")


def _admin(principal: Principal) -> None:
    if principal.role != Role.admin:
        raise Forbidden("Alleen een beheerder beslist over gewichten.")


@router.get("/gewichten")
def weights_page(request: Request, session: SessionDep, principal: StaffDep) -> HTMLResponse:
    _admin(principal)
    rows, _ = learning.list_(session, PageParams(limit=20, offset=0, sort="-id"))
    versions = [learning.to_public(r) for r in rows]
    charts = {
        v.id: weight_chart([(f.label, f.current, f.proposed) for f in v.factors]) for v in versions
    }
    return page(
        request, "staff_weights.html", principal, title="Gewichten", versions=versions,
        charts=charts, min_samples=learning.MIN_SAMPLES,
    )  # fmt: skip


@router.post("/gewichten")
def propose(form: CheckedForm, session: SessionDep, principal: StaffDep) -> RedirectResponse:
    _admin(principal)
    try:
        learning.propose(session, actor=principal, proposal_in=WeightProposalCreate())
    except Invalid:
        raise Invalid(
            f"Nog te weinig beoordeelde voorstellen om van te leren: er zijn er minstens "
            f"{learning.MIN_SAMPLES} nodig, met genoeg geslaagde én mislukte.",
            fields={"reviews": "te weinig"},
        ) from None
    return RedirectResponse("/app/gewichten?gedaan=proposed", status_code=303)


@router.post("/gewichten/{proposal_id}")
def decide(
    proposal_id: int, form: CheckedForm, session: SessionDep, principal: StaffDep
) -> RedirectResponse:
    _admin(principal)
    note = form.get("note")
    try:
        decision_in = WeightDecisionIn.model_validate(
            {"decision": form.get("decision"), "note": note if isinstance(note, str) else ""}
        )
    except ValidationError as exc:
        raise Invalid("Kies goedkeuren of afwijzen.") from exc
    row = learning.get(session, proposal_id)
    learning.decide(session, actor=principal, row=row, decision_in=decision_in)
    return RedirectResponse(f"/app/gewichten?gedaan=weights_{row.status}", status_code=303)


def _csv(body: str, filename: str) -> Response:
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
