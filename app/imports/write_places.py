"""Writing validated employer and workplace rows, one by one through the API's own service
functions (``create_employer``, ``create_workplace``, ``update_*``, ``add_task``): a region has
hundreds of these, not 100,000, so the API's path is fast enough and the rules are its rules.

Each row runs in a savepoint: a refusal by the service (a KvK number already registered, an
unknown account manager) becomes that row's problem and leaves the others intact.
"""

from typing import Any

from sqlmodel import Session

from app.audit import decisions
from app.core.errors import DomainError
from app.core.security import Principal
from app.employers import service as employers
from app.employers.models import Employer, Workplace
from app.employers.schemas import (
    EmployerFields,
    EmployerUpdate,
    TaskIn,
    WorkplaceFields,
    WorkplaceUpdate,
)
from app.imports.validate import Problem, ValidRow


def _problem(row: ValidRow, exc: DomainError) -> list[Problem]:
    fields = exc.fields or {"": exc.detail}
    return [Problem(row.row, name, "", f"{exc.detail} ({text})") for name, text in fields.items()]


def create_one(
    session: Session, *, entity: str, actor: Principal, row: ValidRow
) -> int | list[Problem]:
    """Create through the API's service; the new id, or the service's refusal as problems."""
    try:
        with session.begin_nested():
            record: Any = row.record
            if entity == "employers":
                created: Any = employers.create_employer(session, employer_in=record)
            else:
                created = employers.create_workplace(session, principal=actor, workplace_in=record)
            return int(created.id)
    except DomainError as exc:
        return _problem(row, exc)


def update_one(
    session: Session,
    *,
    entity: str,
    actor: Principal,
    record_id: int,
    row: ValidRow,
    import_id: int,
    file_name: str,
) -> bool | list[Problem]:
    """A changed row through the API's update (version bump); False when no value changed."""
    model: Any = Employer if entity == "employers" else Workplace
    target = session.get(model, record_id)
    if target is None:
        return [Problem(row.row, "external_id", row.external_id, "deleted in Passend")]
    record: Any = row.record
    fields_schema: Any = EmployerFields if entity == "employers" else WorkplaceFields
    names = (set(fields_schema.model_fields) - {"tasks"}) & row.present
    before = fields_schema.model_validate(
        employers._current_fields(target) if entity == "workplaces" else target,
        from_attributes=entity == "employers",
    ).model_dump()
    after = record.model_dump(include=names)
    changed = sorted(n for n in names if before.get(n) != after.get(n))
    try:
        with session.begin_nested():
            if changed:
                patch_schema: Any = EmployerUpdate if entity == "employers" else WorkplaceUpdate
                patch = patch_schema.model_validate(
                    {**record.model_dump(include=set(changed)), "version": target.version}
                )
                if entity == "employers":
                    employers.update_employer(
                        session, principal=actor, employer=target, patch=patch
                    )
                else:
                    employers.update_workplace(
                        session, principal=actor, workplace=target, patch=patch
                    )
            tasks_given = entity == "workplaces" and "tasks" in row.present
            if tasks_given and _replace_tasks(session, actor, target, record.tasks):
                changed.append("tasks")
    except DomainError as exc:
        return _problem(row, exc)
    if not changed:
        return False
    decisions.record(
        session,
        actor,
        "import:updated",
        workplace_id=record_id if entity == "workplaces" else None,
        note=f"Import {import_id} ({file_name}) changed this {entity[:-1]}.",
        detail={
            "import_id": import_id,
            "file_name": file_name,
            "entity": entity,
            "record_id": record_id,
            "changed": changed,
        },
    )
    return True


def _replace_tasks(
    session: Session, actor: Principal, workplace: Workplace, tasks_in: list[TaskIn]
) -> bool:
    current = [TaskIn.model_validate(t, from_attributes=True) for t in workplace.tasks]
    if [t.model_dump() for t in current] == [t.model_dump() for t in tasks_in]:
        return False
    for task in list(workplace.tasks):
        employers.delete_task(session, principal=actor, workplace=workplace, task=task)
    for task_in in tasks_in:
        employers.add_task(session, principal=actor, workplace=workplace, task_in=task_in)
    return True
