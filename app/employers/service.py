"""Employer and workplace queries and changes. Services flush; the request commits."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import object_session
from sqlmodel import Session, col, select

from app.accounts.models import Account
from app.core.crud import LIKE_ESCAPE, check_version, contains_pattern, merge_patch, validate
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.core.geo import pc4_of
from app.core.pagination import PageParams, paginate
from app.core.permissions import ensure_own_employer
from app.core.security import Principal
from app.core.timeutil import utcnow
from app.core.vocab import Role, WorkplaceStatus
from app.employers import freshness
from app.employers.models import Employer, Task, Workplace
from app.employers.schemas import (
    EmployerCreate,
    EmployerFields,
    TaskIn,
    TaskPublic,
    WorkplaceCreate,
    WorkplaceFields,
    WorkplacePublic,
)
from app.policy.service import shipped, workplace_policy

EMPLOYER_SORTABLE = ("id", "name", "sector", "willingness", "updated_at")
WORKPLACE_SORTABLE = ("id", "title", "capacity", "hours_per_week_max", "updated_at", "pc4")


def _check_account_manager(session: Session, account_id: int | None) -> None:
    if account_id is None:
        return
    account = session.get(Account, account_id)
    if account is None or account.role not in (Role.admin, Role.jobhunter):
        raise Invalid(
            "The account manager must be a staff account.",
            fields={"account_manager_id": "no staff account with this id"},
        )


def _ensure_unique_kvk(session: Session, kvk_number: str, own_id: int | None) -> None:
    other = session.exec(select(Employer).where(Employer.kvk_number == kvk_number)).first()
    if other is not None and other.id != own_id:
        raise Conflict(
            "An employer with this KvK number already exists.",
            fields={"kvk_number": f"already registered (employer {other.id})"},
        )


def create_employer(session: Session, *, employer_in: EmployerCreate) -> Employer:
    _check_account_manager(session, employer_in.account_manager_id)
    _ensure_unique_kvk(session, employer_in.kvk_number, None)
    employer = Employer(**employer_in.model_dump(), pc4=pc4_of(employer_in.postcode))
    session.add(employer)
    session.flush()
    return employer


def get_employer(session: Session, employer_id: int, principal: Principal) -> Employer:
    ensure_own_employer(principal, employer_id)
    employer = session.get(Employer, employer_id)
    if employer is None:
        raise NotFound("No employer with that id.")
    return employer


def list_employers(
    session: Session,
    *,
    principal: Principal,
    sector: str | None,
    q: str | None,
    page: PageParams,
) -> tuple[list[Employer], int]:
    statement = select(Employer)
    if principal.role == Role.employer:
        statement = statement.where(Employer.id == principal.employer_id)
    if sector:
        statement = statement.where(Employer.sector == sector)
    if q:
        pattern = contains_pattern(q)
        statement = statement.where(col(Employer.name).ilike(pattern, escape=LIKE_ESCAPE))
    return paginate(session, statement, Employer, page, EMPLOYER_SORTABLE)


def _ensure_employer_may_patch(principal: Principal, patch: Any) -> None:
    """An employer key keeps its own profile, not who at the WSP looks after it."""
    if principal.role == Role.employer and "account_manager_id" in patch.model_fields_set:
        raise Forbidden(
            "Only WSP staff assign an employer's account manager.",
            fields={"account_manager_id": "staff only"},
        )


def update_employer(
    session: Session, *, principal: Principal, employer: Employer, patch: Any
) -> Employer:
    _ensure_employer_may_patch(principal, patch)
    check_version(employer.version, patch.version, "employer")
    current = EmployerFields.model_validate(employer, from_attributes=True).model_dump()
    merged, changes = merge_patch(EmployerFields, current, patch)
    if "account_manager_id" in changes:
        _check_account_manager(session, merged.account_manager_id)
    _ensure_unique_kvk(session, merged.kvk_number, employer.id)
    values = merged.model_dump()
    for name in changes:
        setattr(employer, name, values[name])
    employer.pc4 = pc4_of(merged.postcode)
    employer.version += 1
    employer.updated_at = utcnow()
    session.add(employer)
    session.flush()
    return employer


def delete_employer(session: Session, *, employer: Employer) -> None:
    if session.exec(select(Workplace.id).where(Workplace.employer_id == employer.id)).first():
        raise Conflict("Delete or close this employer's workplaces first.")
    if session.exec(select(Account.id).where(Account.employer_id == employer.id)).first():
        raise Conflict("An account still acts for this employer; remove it first.")
    session.delete(employer)
    session.flush()


@dataclass(frozen=True)
class WorkplaceFilters:
    employer_id: int | None = None
    kind: str | None = None
    place_type: str | None = None
    status: str | None = None
    pc4: str | None = None
    sector: str | None = None


def _tasks(tasks_in: list[TaskIn]) -> list[Task]:
    return [Task(**t.model_dump(), position=i) for i, t in enumerate(tasks_in)]


def create_workplace(
    session: Session, *, principal: Principal, workplace_in: WorkplaceCreate
) -> Workplace:
    if principal.role == Role.employer and principal.employer_id != workplace_in.employer_id:
        raise Invalid(
            "An employer key can only add workplaces for its own organisation.",
            fields={"employer_id": "not your organisation"},
        )
    employer = session.get(Employer, workplace_in.employer_id)
    if employer is None:
        raise Invalid("Unknown employer.", fields={"employer_id": "no employer with this id"})
    status = workplace_in.status or WorkplaceStatus.active
    if principal.role == Role.employer:
        status = WorkplaceStatus.to_verify
    values = workplace_in.model_dump(exclude={"tasks", "status"})
    values["sector"] = workplace_in.sector or employer.sector
    workplace = Workplace(**values, status=status, pc4=pc4_of(workplace_in.postcode))
    workplace.tasks = _tasks(workplace_in.tasks)
    session.add(workplace)
    session.flush()
    return workplace


def get_workplace(session: Session, workplace_id: int, principal: Principal) -> Workplace:
    workplace = session.get(Workplace, workplace_id)
    if workplace is None:
        raise NotFound("No workplace with that id.")
    ensure_own_employer(principal, workplace.employer_id, "workplace")
    return workplace


def ensure_workplace_visible(session: Session, workplace_id: int, principal: Principal) -> None:
    """404 unless the workplace exists and the key may see it; loads only its employer id."""
    employer_id = session.exec(
        select(Workplace.employer_id).where(Workplace.id == workplace_id)
    ).first()
    if employer_id is None:
        raise NotFound("No workplace with that id.")
    ensure_own_employer(principal, employer_id, "workplace")


def list_workplaces(
    session: Session, *, principal: Principal, filters: WorkplaceFilters, page: PageParams
) -> tuple[list[Workplace], int]:
    statement = select(Workplace)
    if principal.role == Role.employer:
        statement = statement.where(Workplace.employer_id == principal.employer_id)
    for name in ("employer_id", "kind", "place_type", "status", "pc4", "sector"):
        value = getattr(filters, name)
        if value is not None:
            statement = statement.where(getattr(Workplace, name) == value)
    return paginate(session, statement, Workplace, page, WORKPLACE_SORTABLE)


def _current_fields(workplace: Workplace) -> dict[str, Any]:
    data = workplace.model_dump(include=set(WorkplaceFields.model_fields) - {"tasks"})
    data["tasks"] = [TaskIn.model_validate(t, from_attributes=True) for t in workplace.tasks]
    return data


def back_to_verification(workplace: Workplace) -> None:
    """An employer changed a verified profile: it waits for the WSP again (docs/decisions/030),
    whether the change came through the web form or the API."""
    if workplace.status == WorkplaceStatus.active:
        workplace.status = WorkplaceStatus.to_verify
        workplace.verified_at = None
        workplace.verified_by = None


def update_workplace(
    session: Session, *, principal: Principal, workplace: Workplace, patch: Any
) -> Workplace:
    """Apply a partial update; an employer's change sends a verified place back to the queue,
    a change by staff (who verify) does not."""
    check_version(workplace.version, patch.version, "workplace")
    merged, changes = merge_patch(WorkplaceFields, _current_fields(workplace), patch)
    values = merged.model_dump(exclude={"tasks"})
    changed = [name for name in changes if getattr(workplace, name) != values[name]]
    for name in changes:
        setattr(workplace, name, values[name])
    if changed and principal.role == Role.employer:
        back_to_verification(workplace)
    workplace.pc4 = pc4_of(merged.postcode)
    _touch(workplace)
    session.add(workplace)
    session.flush()
    return workplace


def set_status(
    session: Session, *, principal: Principal, workplace: Workplace, status: WorkplaceStatus
) -> Workplace:
    if status == WorkplaceStatus.active and workplace.status == WorkplaceStatus.to_verify:
        workplace.verified_by = principal.account_id
        workplace.verified_at = utcnow()
    workplace.status = status
    _touch(workplace)
    session.add(workplace)
    session.flush()
    return workplace


def delete_workplace(session: Session, *, workplace: Workplace) -> None:
    session.delete(workplace)
    session.flush()


def _touch(workplace: Workplace) -> None:
    """Every change bumps the version; a change by whoever keeps the profile confirms it."""
    workplace.version += 1
    workplace.updated_at = utcnow()
    workplace.confirmed_on = workplace.updated_at.date()


def confirm_workplace(session: Session, *, workplace: Workplace) -> Workplace:
    """The employer or account manager says the place is still there (docs/decisions/143)."""
    _touch(workplace)
    session.add(workplace)
    session.flush()
    return workplace


def _tasks_changed(workplace: Workplace, principal: Principal) -> None:
    """A workplace's tasks are part of its profile: an employer's change of them sends a
    verified place back to the queue, as a change of its fields does."""
    _touch(workplace)
    if principal.role == Role.employer:
        back_to_verification(workplace)


def add_task(
    session: Session, *, principal: Principal, workplace: Workplace, task_in: TaskIn
) -> Task:
    if len(workplace.tasks) >= 40:
        raise Invalid("A workplace has at most 40 tasks.", fields={"tasks": "at most 40"})
    task = Task(**task_in.model_dump(), position=len(workplace.tasks))
    workplace.tasks.append(task)
    _tasks_changed(workplace, principal)
    session.flush()
    return task


def get_task(workplace: Workplace, task_id: int) -> Task:
    for task in workplace.tasks:
        if task.id == task_id:
            return task
    raise NotFound("No task with that id in this workplace.")


def update_task(
    session: Session, *, principal: Principal, workplace: Workplace, task: Task, patch: Any
) -> Task:
    current = TaskIn.model_validate(task, from_attributes=True).model_dump()
    changes = patch.model_dump(exclude_unset=True, exclude={"version"})
    merged = validate(TaskIn, {**current, **changes})
    changed = [name for name in changes if getattr(task, name) != getattr(merged, name)]
    for name in changes:
        setattr(task, name, getattr(merged, name))
    if changed:
        _tasks_changed(workplace, principal)
    session.flush()
    return task


def delete_task(
    session: Session, *, principal: Principal, workplace: Workplace, task: Task
) -> None:
    workplace.tasks.remove(task)
    _tasks_changed(workplace, principal)
    session.flush()


def to_public(workplace: Workplace) -> WorkplacePublic:
    data = workplace.model_dump()
    data["employer_name"] = workplace.employer.name if workplace.employer else ""
    session = object_session(workplace)
    policy = workplace_policy(session, workplace) if session is not None else shipped()
    data["expires_on"] = freshness.expires_on(workplace.confirmed_on, policy)
    data["tasks"] = [TaskPublic.model_validate(t.model_dump()) for t in workplace.tasks]
    return WorkplacePublic.model_validate(data)
