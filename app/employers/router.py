"""Employer and workplace endpoints. Employer keys only ever see their own organisation."""

from typing import Annotated

from fastapi import Query, status

from app.core.db import SessionDep
from app.core.pagination import Page, PageDep
from app.core.routing import Router
from app.core.security import PrincipalDep, allow
from app.core.vocab import PlaceType, Role, WorkKind, WorkplaceStatus
from app.employers import service
from app.employers.schemas import (
    EmployerCreate,
    EmployerPublic,
    EmployerUpdate,
    TaskIn,
    TaskPublic,
    TaskUpdate,
    WorkplaceCreate,
    WorkplacePublic,
    WorkplaceStatusIn,
    WorkplaceUpdate,
)

employers = Router(prefix="/employers", tags=["employers"])
workplaces = Router(prefix="/workplaces", tags=["workplaces"])
STAFF = allow(Role.admin, Role.jobhunter)


@employers.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=EmployerPublic,
    dependencies=[STAFF],
)
def create_employer(employer_in: EmployerCreate, session: SessionDep) -> EmployerPublic:
    employer = service.create_employer(session, employer_in=employer_in)
    return EmployerPublic.model_validate(employer.model_dump())


@employers.get("", response_model=Page[EmployerPublic])
def list_employers(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageDep,
    sector: Annotated[str | None, Query(max_length=60)] = None,
    q: Annotated[str | None, Query(max_length=80, description="Part of the name.")] = None,
) -> Page[EmployerPublic]:
    rows, total = service.list_employers(
        session, principal=principal, sector=sector, q=q, page=page
    )
    items = [EmployerPublic.model_validate(e.model_dump()) for e in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@employers.get("/{employer_id}", response_model=EmployerPublic)
def get_employer(employer_id: int, session: SessionDep, principal: PrincipalDep) -> EmployerPublic:
    employer = service.get_employer(session, employer_id, principal)
    return EmployerPublic.model_validate(employer.model_dump())


@employers.patch("/{employer_id}", response_model=EmployerPublic)
def update_employer(
    employer_id: int, patch: EmployerUpdate, session: SessionDep, principal: PrincipalDep
) -> EmployerPublic:
    employer = service.get_employer(session, employer_id, principal)
    employer = service.update_employer(session, principal=principal, employer=employer, patch=patch)
    return EmployerPublic.model_validate(employer.model_dump())


@employers.delete(
    "/{employer_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[allow(Role.admin)]
)
def delete_employer(employer_id: int, session: SessionDep, principal: PrincipalDep) -> None:
    service.delete_employer(session, employer=service.get_employer(session, employer_id, principal))


@workplaces.post("", status_code=status.HTTP_201_CREATED, response_model=WorkplacePublic)
def create_workplace(
    workplace_in: WorkplaceCreate, session: SessionDep, principal: PrincipalDep
) -> WorkplacePublic:
    workplace = service.create_workplace(session, principal=principal, workplace_in=workplace_in)
    return service.to_public(workplace)


@workplaces.get("", response_model=Page[WorkplacePublic])
def list_workplaces(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageDep,
    employer_id: int | None = None,
    kind: WorkKind | None = None,
    place_type: PlaceType | None = None,
    status: WorkplaceStatus | None = None,
    pc4: Annotated[str | None, Query(pattern=r"^[1-9][0-9]{3}$")] = None,
    sector: Annotated[str | None, Query(max_length=60)] = None,
) -> Page[WorkplacePublic]:
    filters = service.WorkplaceFilters(employer_id, kind, place_type, status, pc4, sector)
    rows, total = service.list_workplaces(session, principal=principal, filters=filters, page=page)
    items = [service.to_public(w) for w in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@workplaces.get("/{workplace_id}", response_model=WorkplacePublic)
def get_workplace(
    workplace_id: int, session: SessionDep, principal: PrincipalDep
) -> WorkplacePublic:
    return service.to_public(service.get_workplace(session, workplace_id, principal))


@workplaces.patch("/{workplace_id}", response_model=WorkplacePublic)
def update_workplace(
    workplace_id: int, patch: WorkplaceUpdate, session: SessionDep, principal: PrincipalDep
) -> WorkplacePublic:
    workplace = service.get_workplace(session, workplace_id, principal)
    workplace = service.update_workplace(
        session, principal=principal, workplace=workplace, patch=patch
    )
    return service.to_public(workplace)


@workplaces.put("/{workplace_id}/status", response_model=WorkplacePublic, dependencies=[STAFF])
def set_workplace_status(
    workplace_id: int, status_in: WorkplaceStatusIn, session: SessionDep, principal: PrincipalDep
) -> WorkplacePublic:
    workplace = service.get_workplace(session, workplace_id, principal)
    workplace = service.set_status(
        session, principal=principal, workplace=workplace, status=status_in.status
    )
    return service.to_public(workplace)


@workplaces.post(
    "/{workplace_id}/confirm",
    response_model=WorkplacePublic,
    dependencies=[allow(Role.admin, Role.jobhunter, Role.employer)],
)
def confirm_workplace(
    workplace_id: int, session: SessionDep, principal: PrincipalDep
) -> WorkplacePublic:
    """The place is still there: renews ``confirmed_on`` (staff, or the employer's own key)."""
    workplace = service.get_workplace(session, workplace_id, principal)
    return service.to_public(service.confirm_workplace(session, workplace=workplace))


@workplaces.delete("/{workplace_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_workplace(workplace_id: int, session: SessionDep, principal: PrincipalDep) -> None:
    service.delete_workplace(
        session, workplace=service.get_workplace(session, workplace_id, principal)
    )


@workplaces.get("/{workplace_id}/tasks", response_model=list[TaskPublic])
def list_tasks(workplace_id: int, session: SessionDep, principal: PrincipalDep) -> list[TaskPublic]:
    workplace = service.get_workplace(session, workplace_id, principal)
    return [TaskPublic.model_validate(t.model_dump()) for t in workplace.tasks]


@workplaces.post(
    "/{workplace_id}/tasks", status_code=status.HTTP_201_CREATED, response_model=TaskPublic
)
def add_task(
    workplace_id: int, task_in: TaskIn, session: SessionDep, principal: PrincipalDep
) -> TaskPublic:
    workplace = service.get_workplace(session, workplace_id, principal)
    task = service.add_task(session, principal=principal, workplace=workplace, task_in=task_in)
    return TaskPublic.model_validate(task.model_dump())


@workplaces.patch("/{workplace_id}/tasks/{task_id}", response_model=TaskPublic)
def update_task(
    workplace_id: int, task_id: int, patch: TaskUpdate, session: SessionDep, principal: PrincipalDep
) -> TaskPublic:
    workplace = service.get_workplace(session, workplace_id, principal)
    task = service.get_task(workplace, task_id)
    task = service.update_task(
        session, principal=principal, workplace=workplace, task=task, patch=patch
    )
    return TaskPublic.model_validate(task.model_dump())


@workplaces.delete("/{workplace_id}/tasks/{task_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_task(
    workplace_id: int, task_id: int, session: SessionDep, principal: PrincipalDep
) -> None:
    workplace = service.get_workplace(session, workplace_id, principal)
    task = service.get_task(workplace, task_id)
    service.delete_task(session, principal=principal, workplace=workplace, task=task)
