"""The job-carving workbench (jobhunters, WSP account managers) and the employer's task form.

Staff: ``/app/jobcarving`` lists employers; ``/app/jobcarving/{id}`` shows the inventory, the
candidate × task fit matrix, the proposed roles and the roles sent, with their actions, and
answers the bundle question for one candidate. Employers: ``/werkgevers/taken/{token}`` (the
invite link) lists their tasks and adds one at a time, without a vacancy.
"""

from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, col, func, select

from app.carving import proposals
from app.carving import service as carving
from app.carving.models import InventoryTask
from app.carving.schemas import CarvedRoleIn, CarveIn, DecisionIn
from app.core.db import SessionDep
from app.core.errors import Invalid
from app.core.routing import Router
from app.core.security import Principal
from app.employers.models import Employer
from app.web import inventory_form, service
from app.web.deps import CheckedForm, FormDep, StaffDep
from app.web.employer_pages import HONEYPOT, _guard
from app.web.fit_matrix import REASON_LABELS, fit_matrix
from app.web.staff_pages import form_int, page
from app.web.templating import render

router = Router(include_in_schema=False)
MAX_ROLES = 5
DONE = {
    "taak": "De taak staat in de takenlijst.",
    "verstuurd": "De functie op maat is naar de werkgever gestuurd.",
    "akkoord": "De werkgever is akkoord: de werkplek staat bij 'Te controleren'.",
    "afgewezen": "Vastgelegd: de werkgever wil deze functie niet.",
}


@router.get("/app/jobcarving")
def employers(request: Request, session: SessionDep, principal: StaffDep) -> HTMLResponse:
    counts = dict(
        session.exec(
            select(InventoryTask.employer_id, func.count(col(InventoryTask.id))).group_by(
                col(InventoryTask.employer_id)
            )
        ).all()
    )
    rows = session.exec(select(Employer).order_by(col(Employer.name)).limit(300)).all()
    listed = [(e, counts.get(e.id or 0, 0)) for e in rows]
    listed.sort(key=lambda pair: (-pair[1], pair[0].name))
    return page(request, "staff_carving_index.html", principal, title="Jobcarving", rows=listed)


@router.get("/app/jobcarving/{employer_id}")
def workbench(
    employer_id: int,
    request: Request,
    session: SessionDep,
    principal: StaffDep,
    kandidaat: Annotated[int | None, Query(ge=1)] = None,
) -> HTMLResponse:
    employer = carving.employer_for(session, employer_id, principal)
    tasks = carving.list_inventory(session, employer_id)
    numbers = {t.id or 0: k + 1 for k, t in enumerate(tasks)}
    context: dict[str, object] = {"employer": employer, "tasks": tasks, "numbers": numbers}
    if any(t.carved_role_id is None for t in tasks):
        matrix = proposals.fit_matrix_public(
            session, principal=principal, employer_id=employer_id, action="web_carve"
        )
        result = proposals.carve_public(
            session,
            principal=principal,
            employer_id=employer_id,
            carve_in=CarveIn(max_roles=MAX_ROLES),
            action="web_carve",
        )
        context.update(matrix=matrix, picture=fit_matrix(matrix, numbers), carving=result)
        if kandidaat is not None:
            context["bundle"] = proposals.bundle_public(
                session,
                principal=principal,
                candidate_id=kandidaat,
                employer_id=employer_id,
                action="web_carve",
            )
    roles = carving.list_roles_public(
        session, principal=principal, employer_id=employer_id, action="web_carve"
    )
    done = DONE.get(request.query_params.get("gedaan", ""))
    return page(
        request,
        "staff_carving.html",
        principal,
        title=f"Jobcarving – {employer.name}",
        roles=roles,
        form=inventory_form,
        state=inventory_form.TaskForm(values={"postcode": employer.postcode}),
        reasons=REASON_LABELS,
        carving_done=done,
        **context,
    )


@router.post("/app/jobcarving/{employer_id}/taken", response_model=None)
def staff_add_task(
    employer_id: int, request: Request, form: CheckedForm, session: SessionDep, principal: StaffDep
) -> Response:
    employer = carving.employer_for(session, employer_id, principal)
    state = inventory_form.read(form)
    task_in = inventory_form.validate(state)
    if task_in is None:
        return _task_errors(request, session, principal, employer, state)
    carving.add_task(session, employer=employer, task_in=task_in, source="staff")
    return RedirectResponse(f"/app/jobcarving/{employer_id}?gedaan=taak", status_code=303)


def _task_errors(
    request: Request,
    session: Session,
    principal: Principal,
    employer: Employer,
    state: inventory_form.TaskForm,
) -> HTMLResponse:
    assert employer.id is not None
    return page(
        request,
        "staff_carving.html",
        principal,
        title=f"Jobcarving – {employer.name}",
        employer=employer,
        tasks=carving.list_inventory(session, employer.id),
        numbers={},
        roles=[],
        form=inventory_form,
        state=state,
        reasons=REASON_LABELS,
        carving_done=None,
    )


@router.post("/app/jobcarving/{employer_id}/rollen")
def send_role(
    employer_id: int, form: CheckedForm, session: SessionDep, principal: StaffDep
) -> RedirectResponse:
    task_ids = [int(v) for v in form.getlist("task_ids") if isinstance(v, str) and v.isdigit()]
    title = form.get("title")
    if not isinstance(title, str) or not title.strip():
        raise Invalid("Geef de functie een naam.", fields={"title": "verplicht"})
    role_in = CarvedRoleIn(
        employer_id=employer_id,
        candidate_id=form_int(form, "candidate_id"),
        task_ids=task_ids[:40],
        title=title.strip()[:120],
    )
    carving.send_role_public(session, principal=principal, role_in=role_in, action="web_send")
    return RedirectResponse(f"/app/jobcarving/{employer_id}?gedaan=verstuurd", status_code=303)


@router.post("/app/jobcarving/rollen/{role_id}/besluit")
def record_decision(
    role_id: int, form: CheckedForm, session: SessionDep, principal: StaffDep
) -> RedirectResponse:
    decision = {"agree": "agree", "decline": "decline"}.get(str(form.get("decision")))
    if decision is None:
        raise Invalid("Kies akkoord of niet akkoord.", fields={"decision": "verplicht"})
    role = carving.get_role(session, role_id, principal)
    note = form.get("note")
    decision_in = DecisionIn.model_validate(
        {"decision": decision, "note": note[:4000] if isinstance(note, str) else ""}
    )
    carving.decide(session, principal=principal, role=role, decision_in=decision_in)
    done = "akkoord" if decision == "agree" else "afgewezen"
    return RedirectResponse(f"/app/jobcarving/{role.employer_id}?gedaan={done}", status_code=303)


@router.get("/werkgevers/taken/{token}")
def employer_tasks(token: str, request: Request, session: SessionDep) -> HTMLResponse:
    employer = service.employer_for_invite(session, token)
    state = inventory_form.TaskForm(values={"postcode": employer.postcode})
    return _employer_page(request, session, employer, token, state)


@router.post("/werkgevers/taken/{token}", response_model=None)
def employer_add_task(token: str, request: Request, form: FormDep, session: SessionDep) -> Response:
    if (blocked := _guard(request, form)) is not None:
        return blocked
    employer = service.employer_for_invite(session, token)
    if form.get(HONEYPOT):  # a bot: answer like a success, store nothing
        return RedirectResponse(f"/werkgevers/taken/{token}?toegevoegd=1", status_code=303)
    state = inventory_form.read(form)
    task_in = inventory_form.validate(state)
    if task_in is None:
        return _employer_page(request, session, employer, token, state, 422)
    carving.add_task(session, employer=employer, task_in=task_in, source="employer")
    return RedirectResponse(f"/werkgevers/taken/{token}?toegevoegd=1", status_code=303)


def _employer_page(
    request: Request,
    session: Session,
    employer: Employer,
    token: str,
    state: inventory_form.TaskForm,
    status_code: int = 200,
) -> HTMLResponse:
    assert employer.id is not None
    context = {
        "title": "Uw takenlijst",
        "employer": employer,
        "tasks": carving.list_inventory(session, employer.id),
        "state": state,
        "form": inventory_form,
        "action": f"/werkgevers/taken/{token}",
        "added": request.query_params.get("toegevoegd") == "1",
        "vacancy_url": f"/werkgevers/aanmelden/{token}",
    }
    return render(request, "employer_inventory.html", context, status_code)


@router.post("/app/jobcarving/{employer_id}/uitnodiging")
def invite(
    employer_id: int, request: Request, form: CheckedForm, session: SessionDep, principal: StaffDep
) -> HTMLResponse:
    """A private link for the employer's own task list (shown once; only its hash is kept)."""
    _, token = service.create_invite(session, principal=principal, employer_id=employer_id)
    url = str(request.url_for("employer_tasks", token=token))
    return page(
        request,
        "staff_carving_link.html",
        principal,
        title="Link voor de takenlijst",
        url=url,
        employer_id=employer_id,
    )
