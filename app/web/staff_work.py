"""Jobhunter screens, part 2: match runs and their proposals, follow-ups, the to-verify queue."""

from datetime import timedelta

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from app.core import visibility
from app.core.db import SessionDep
from app.core.errors import Invalid
from app.core.pagination import PageParams
from app.core.routing import Router
from app.core.timeutil import today
from app.core.visibility import FieldGroup
from app.core.vocab import WorkplaceStatus
from app.employers import service as employers
from app.matches import service as matches
from app.matches.schemas import MatchRunCreate, RejectReason, ReviewIn
from app.placements import followups
from app.placements.vocab import WITH_WHOM_LABELS
from app.web import service
from app.web.deps import CheckedForm, StaffDep
from app.web.staff_pages import form_int, page

router = Router(prefix="/app", include_in_schema=False)


@router.get("/runs")
def runs(request: Request, session: SessionDep, principal: StaffDep) -> HTMLResponse:
    rows, _ = matches.list_runs(session, PageParams(limit=30, offset=0, sort="-id"))
    return page(request, "staff_runs.html", principal, title="Match-runs", runs=rows)


@router.post("/runs")
def start_run(form: CheckedForm, session: SessionDep, principal: StaffDep) -> RedirectResponse:
    municipality = form.get("municipality")
    run_in = MatchRunCreate(
        municipality=municipality.strip()
        if isinstance(municipality, str) and municipality
        else None
    )
    run, _ = matches.create_run(session, principal=principal, run_in=run_in, idempotency_key=None)
    return RedirectResponse(f"/app/runs/{run.id}?gedaan=run", status_code=303)


@router.get("/runs/{run_id}")
def run_page(
    run_id: int, request: Request, session: SessionDep, principal: StaffDep
) -> HTMLResponse:
    visibility.require(principal, FieldGroup.decision_history)
    run = matches.get_run(session, run_id)
    proposals, total = matches.list_proposals(
        session,
        principal,
        run_id=run_id,
        status=None,
        page=PageParams(limit=200, offset=0, sort="-score"),
        action="web_proposals",
    )
    return page(
        request,
        "staff_run.html",
        principal,
        title=f"Match-run {run_id}",
        run=run,
        proposals=proposals,
        total=total,
        reasons=RejectReason,
        decidable=matches.decidable(session, principal, {p.candidate_id for p in proposals}),
    )


@router.post("/voorstellen/{proposal_id}")
def review(
    proposal_id: int, form: CheckedForm, session: SessionDep, principal: StaffDep
) -> RedirectResponse:
    reason = form.get("reason")
    try:
        review_in = ReviewIn.model_validate(
            {
                "decision": form.get("decision"),
                "reason": reason or None,
                "version": form_int(form, "version"),
            }
        )
    except ValidationError as exc:
        raise Invalid("Kies accepteren, of afwijzen met een reden.") from exc
    proposal = matches.review(
        session, principal=principal, proposal_id=proposal_id, review_in=review_in
    )
    return RedirectResponse(f"/app/runs/{proposal.run_id}?gedaan=reviewed", status_code=303)


@router.get("/opvolging")
def follow_ups(request: Request, session: SessionDep, principal: StaffDep) -> HTMLResponse:
    visibility.require(principal, FieldGroup.decision_history)
    until = today() + timedelta(days=7)
    rows, total = followups.list_due(
        session,
        principal=principal,
        due_before=until,
        jobhunter_id=None,
        include_done=False,
        page=PageParams(limit=200, offset=0, sort="due_on"),
        action="web_follow_ups",
    )
    return page(
        request,
        "staff_followups.html",
        principal,
        title="Opvolging deze week",
        rows=[followups.to_public(f) for f in rows],
        with_whom=WITH_WHOM_LABELS,
        until=until,
        total=total,
    )


@router.get("/te-controleren")
def queue(request: Request, session: SessionDep, principal: StaffDep) -> HTMLResponse:
    rows = service.to_verify(session)
    return page(request, "staff_queue.html", principal, title="Te controleren", rows=rows)


@router.post("/te-controleren/{workplace_id}")
def decide(
    workplace_id: int, form: CheckedForm, session: SessionDep, principal: StaffDep
) -> RedirectResponse:
    status = {"approve": WorkplaceStatus.active, "close": WorkplaceStatus.closed}.get(
        str(form.get("decision"))
    )
    if status is None:
        raise Invalid("Kies goedkeuren of sluiten.", fields={"decision": "verplicht"})
    workplace = employers.get_workplace(session, workplace_id, principal)
    employers.set_status(session, principal=principal, workplace=workplace, status=status)
    done = "approved" if status == WorkplaceStatus.active else "closed"
    return RedirectResponse(f"/app/te-controleren?gedaan={done}", status_code=303)
