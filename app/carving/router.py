"""Job carving endpoints: the task inventory, proposals, the bundle question, carved roles.

Staff compute proposals and see candidate ids; an employer key manages its own inventory and
answers the roles sent to it, and only ever sees pseudonymous summaries. The services write
every response that carries candidate data to the access log.
"""

from typing import Annotated

from fastapi import Query, status

from app.carving import proposals, service
from app.carving.schemas import (
    BundleOut,
    CarvedRoleIn,
    CarvedRolePublic,
    CarveIn,
    CarvingOut,
    DecisionIn,
    FitMatrixOut,
    InventoryTaskIn,
    InventoryTaskPublic,
    InventoryTaskUpdate,
)
from app.core.db import SessionDep
from app.core.routing import Router
from app.core.security import PrincipalDep, allow
from app.core.vocab import Role

router = Router(tags=["job carving"])
STAFF = allow(Role.admin, Role.jobhunter)
# Carved roles are between the team and the employer: a WSP front-end key has no business here.
PARTIES = allow(Role.admin, Role.jobhunter, Role.employer)


@router.get("/employers/{employer_id}/inventory", response_model=list[InventoryTaskPublic])
def list_inventory(
    employer_id: int, session: SessionDep, principal: PrincipalDep
) -> list[InventoryTaskPublic]:
    """The employer's task inventory: tasks that exist without a workplace."""
    service.employer_for(session, employer_id, principal)
    return [service.task_public(t) for t in service.list_inventory(session, employer_id)]


@router.post(
    "/employers/{employer_id}/inventory",
    status_code=status.HTTP_201_CREATED,
    response_model=InventoryTaskPublic,
)
def add_task(
    employer_id: int, task_in: InventoryTaskIn, session: SessionDep, principal: PrincipalDep
) -> InventoryTaskPublic:
    employer = service.employer_for(session, employer_id, principal)
    source = "employer" if principal.role == Role.employer else "staff"
    return service.task_public(
        service.add_task(session, employer=employer, task_in=task_in, source=source)
    )


@router.patch("/inventory/{task_id}", response_model=InventoryTaskPublic)
def update_task(
    task_id: int, patch: InventoryTaskUpdate, session: SessionDep, principal: PrincipalDep
) -> InventoryTaskPublic:
    task = service.get_task(session, task_id, principal)
    return service.task_public(service.update_task(session, task=task, patch=patch))


@router.delete("/inventory/{task_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_task(task_id: int, session: SessionDep, principal: PrincipalDep) -> None:
    service.delete_task(session, task=service.get_task(session, task_id, principal))


@router.post("/employers/{employer_id}/carve", response_model=CarvingOut, dependencies=[STAFF])
def carve(
    employer_id: int, carve_in: CarveIn, session: SessionDep, principal: PrincipalDep
) -> CarvingOut:
    """Up to K roles from the free inventory that place as many pool candidates as possible."""
    return proposals.carve_public(
        session, principal=principal, employer_id=employer_id, carve_in=carve_in, action="carve"
    )


@router.get("/employers/{employer_id}/task-fit", response_model=FitMatrixOut, dependencies=[STAFF])
def task_fit(
    employer_id: int,
    session: SessionDep,
    principal: PrincipalDep,
    limit: Annotated[int, Query(ge=1, le=50, description="Candidates shown.")] = 12,
) -> FitMatrixOut:
    """Candidate × task fit of the best-fitting pool candidates."""
    return proposals.fit_matrix_public(
        session, principal=principal, employer_id=employer_id, limit=limit, action="carve_fit"
    )


@router.get("/candidates/{candidate_id}/carving", response_model=BundleOut, dependencies=[STAFF])
def bundle(
    candidate_id: int,
    employer_id: Annotated[int, Query(description="The employer whose inventory to use.")],
    session: SessionDep,
    principal: PrincipalDep,
) -> BundleOut:
    """Which bundle of this employer's tasks fits the candidate best, and which task would
    have to go for one of its existing jobs to fit."""
    return proposals.bundle_public(
        session,
        principal=principal,
        candidate_id=candidate_id,
        employer_id=employer_id,
        action="carve_bundle",
    )


@router.post(
    "/carved-roles",
    status_code=status.HTTP_201_CREATED,
    response_model=CarvedRolePublic,
    dependencies=[STAFF],
)
def send_role(
    role_in: CarvedRoleIn, session: SessionDep, principal: PrincipalDep
) -> CarvedRolePublic:
    """Send a carved role to the employer (it sees a pseudonymous candidate summary)."""
    return service.send_role_public(session, principal=principal, role_in=role_in)


@router.get("/carved-roles", response_model=list[CarvedRolePublic], dependencies=[PARTIES])
def list_roles(
    session: SessionDep, principal: PrincipalDep, employer_id: int | None = None
) -> list[CarvedRolePublic]:
    return service.list_roles_public(session, principal=principal, employer_id=employer_id)


@router.get("/carved-roles/{role_id}", response_model=CarvedRolePublic, dependencies=[PARTIES])
def get_role(role_id: int, session: SessionDep, principal: PrincipalDep) -> CarvedRolePublic:
    return service.read_role_public(session, principal=principal, role_id=role_id)


@router.post(
    "/carved-roles/{role_id}/decision", response_model=CarvedRolePublic, dependencies=[PARTIES]
)
def decide(
    role_id: int, decision_in: DecisionIn, session: SessionDep, principal: PrincipalDep
) -> CarvedRolePublic:
    """The employer agrees (the role becomes a latent workplace in the verify queue) or not."""
    role = service.get_role(session, role_id, principal)
    role = service.decide(session, principal=principal, role=role, decision_in=decision_in)
    return service.role_public(session, role, principal)
