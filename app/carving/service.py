"""Task inventory changes and the life of a carved role: sent → agreed (a latent workplace in
the verify queue) or declined. Services flush; the request commits."""

import math
from typing import Any

from sqlmodel import Session, col, select

from app.audit import service as audit
from app.candidates.models import Candidate
from app.carving import inputs, proposals
from app.carving.models import CarvedRole, InventoryTask
from app.carving.schemas import (
    CarvedRoleIn,
    CarvedRolePublic,
    DecisionIn,
    InventoryTaskIn,
    InventoryTaskPublic,
)
from app.core import visibility
from app.core.crud import check_version, validate
from app.core.errors import Conflict, Invalid, NotFound
from app.core.geo import pc4_of
from app.core.permissions import ensure_own_employer
from app.core.security import Principal
from app.core.timeutil import utcnow
from app.core.visibility import FieldGroup
from app.core.vocab import Role, WorkplaceStatus
from app.employers.models import Employer, Task, Workplace
from app.matches.explain_out import public_instruments, shows_status
from app.matches.refresher import cache, overlay
from matching.carving import CarvingOptions, best_bundle, role_workplace, task_fit
from matching.carving.units import build_units, role_value

MAX_INVENTORY = 400


def employer_for(session: Session, employer_id: int, principal: Principal) -> Employer:
    ensure_own_employer(principal, employer_id)
    employer = session.get(Employer, employer_id)
    if employer is None:
        raise NotFound("No employer with that id.")
    return employer


def list_inventory(session: Session, employer_id: int) -> list[InventoryTask]:
    statement = (
        select(InventoryTask)
        .where(InventoryTask.employer_id == employer_id)
        .order_by(col(InventoryTask.id))
    )
    return list(session.exec(statement).all())


def add_task(
    session: Session, *, employer: Employer, task_in: InventoryTaskIn, source: str
) -> InventoryTask:
    assert employer.id is not None
    if len(list_inventory(session, employer.id)) >= MAX_INVENTORY:
        raise Invalid(
            f"An inventory holds at most {MAX_INVENTORY} tasks.",
            fields={"employer_id": f"already {MAX_INVENTORY} tasks"},
        )
    values = task_in.model_dump()
    task = InventoryTask(
        **values, employer_id=employer.id, source=source, pc4=pc4_of(task_in.postcode)
    )
    session.add(task)
    session.flush()
    return task


def get_task(session: Session, task_id: int, principal: Principal) -> InventoryTask:
    task = session.get(InventoryTask, task_id)
    if task is None:
        raise NotFound("No inventory task with that id.")
    ensure_own_employer(principal, task.employer_id, "inventory task")
    return task


def update_task(session: Session, *, task: InventoryTask, patch: Any) -> InventoryTask:
    check_version(task.version, patch.version, "inventory task")
    _ensure_free(task)
    current = InventoryTaskIn.model_validate(task, from_attributes=True).model_dump()
    changes = patch.model_dump(exclude_unset=True, exclude={"version"})
    merged = validate(InventoryTaskIn, {**current, **changes})
    for name in changes:
        setattr(task, name, getattr(merged, name))
    task.pc4 = pc4_of(merged.postcode)
    task.version += 1
    task.updated_at = utcnow()
    session.add(task)
    session.flush()
    return task


def delete_task(session: Session, *, task: InventoryTask) -> None:
    _ensure_free(task)
    session.delete(task)
    session.flush()


def _ensure_free(task: InventoryTask) -> None:
    if task.carved_role_id is not None:
        raise Conflict(
            "This task is part of an agreed carved role; change the workplace instead.",
            fields={"carved_role_id": str(task.carved_role_id)},
        )


def task_public(task: InventoryTask) -> InventoryTaskPublic:
    return InventoryTaskPublic.model_validate(task.model_dump())


def send_role(session: Session, *, principal: Principal, role_in: CarvedRoleIn) -> CarvedRole:
    """Check the role still fits its candidate, then record it as sent to the employer."""
    employer = employer_for(session, role_in.employer_id, principal)
    tasks = [session.get(InventoryTask, i) for i in role_in.task_ids]
    for position, task in enumerate(tasks):
        if task is None or task.carved_role_id is not None:
            raise Invalid(
                "A task does not exist or is already in an agreed role.",
                fields={f"task_ids.{position}": "not a free inventory task"},
            )
    found = [t for t in tasks if t is not None]
    owners = {t.employer_id for t in found}
    if role_in.employer_id not in owners:
        raise Invalid(
            "A role holds at least one task of the employer it is sent to.",
            fields={"task_ids": f"no task of employer {role_in.employer_id}"},
        )
    employers = {e: session.get(Employer, e) for e in owners}
    candidate = _shareable_candidate(session, role_in.candidate_id)
    snap = cache.get(session)
    person = inputs.carving_candidate(snap, candidate)
    sites = inputs.sites_for(session, found, {k: v for k, v in employers.items() if v})
    fit = task_fit([person], [inputs.task_dict(t) for t in found], sites)
    problems = _role_problems(fit)
    if problems:
        raise Invalid("This role does not fit the candidate: " + " ".join(problems))
    terms = inputs.employer_terms(session, employer)
    role = CarvedRole(
        employer_id=role_in.employer_id,
        candidate_id=role_in.candidate_id,
        created_by=principal.account_id,
        status="sent",
        title=role_in.title,
        hours_per_week=sum(t.hours_per_week for t in found),
        tasks_sent=[{**inputs.task_dict(t), "employer_id": t.employer_id} for t in found],
        terms={"employer": terms, "sites": sites},
    )
    session.add(role)
    session.flush()
    return role


def _role_problems(fit: Any) -> list[str]:
    everything = list(range(len(fit.tasks)))
    options = CarvingOptions(max_roles=1, max_sites_per_role=3)
    u = build_units(
        fit.scores, fit.feasible, fit.tasks, fit.candidates,
        max_roles=1, min_role_hours_per_week=options.min_role_hours_per_week,
    )  # fmt: skip
    ok, _, _ = role_value(u, 0, everything, options.max_sites_per_role)
    if ok:
        return []
    from matching.carving.explain import no_role_reasons, unfit_sentences

    unfit = list(unfit_sentences(fit, 0, everything).values())
    if unfit:
        return unfit
    if best_bundle(fit, 0, options).roles:  # some of the tasks would do
        return ["De uren of dagen van deze taken samen passen niet bij de kandidaat."]
    return no_role_reasons(fit, 0, options.min_role_hours_per_week)[:1]


def _shareable_candidate(session: Session, candidate_id: int) -> Candidate:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or candidate.erased_at is not None:
        raise Invalid("Unknown candidate.", fields={"candidate_id": "no candidate with this id"})
    subject = visibility.subject(session, candidate)
    if not {"matching", "share_pseudonymous"} <= subject.purposes:
        raise Invalid(
            "The candidate has not consented to matching and to sharing a pseudonymous "
            "profile with employers; ask them first.",
            fields={"candidate_id": "no consent to share a pseudonymous profile"},
        )
    return candidate


def get_role(session: Session, role_id: int, principal: Principal) -> CarvedRole:
    role = session.get(CarvedRole, role_id)
    if role is None:
        raise NotFound("No carved role with that id.")
    ensure_own_employer(principal, role.employer_id, "carved role")
    return role


def list_roles(
    session: Session, *, principal: Principal, employer_id: int | None
) -> list[CarvedRole]:
    statement = select(CarvedRole).order_by(col(CarvedRole.id).desc())
    if principal.role == Role.employer:
        statement = statement.where(CarvedRole.employer_id == principal.employer_id)
    if employer_id is not None:
        statement = statement.where(CarvedRole.employer_id == employer_id)
    return list(session.exec(statement.limit(200)).all())


def role_public(session: Session, role: CarvedRole, principal: Principal) -> CarvedRolePublic:
    """The role with its candidate worked out now: pseudonymous, and only while shareable."""
    candidate = session.get(Candidate, role.candidate_id)
    role_out = brief = None
    if candidate is not None and candidate.erased_at is None:
        subject = visibility.subject(session, candidate)
        if visibility.allowed(principal, FieldGroup.functional, subject) and (
            "share_pseudonymous" in subject.purposes or principal.is_staff
        ):
            staff = visibility.shows_internal_id(principal, subject)
            brief = proposals.brief(candidate, staff)
            role_out = _explained(session, role, candidate, staff)
            if role_out is not None and not shows_status(principal):
                # Instrument advice tells regime, benefit, register or loonwaarde: staff only.
                kept = public_instruments(role_out.instruments, False)
                role_out = role_out.model_copy(update={"instruments": kept})
    assert role.id is not None
    return CarvedRolePublic(
        id=role.id,
        employer_id=role.employer_id,
        status=role.status,
        title=role.title,
        hours_per_week=role.hours_per_week,
        candidate=brief,
        role=role_out,
        workplace_id=role.workplace_id,
        decided_at=role.decided_at,
        decision_note=role.decision_note,
        created_at=role.created_at,
        updated_at=role.updated_at,
    )


def _explained(session: Session, role: CarvedRole, candidate: Candidate, staff: bool) -> Any:
    snap = cache.get(session)
    if candidate.id not in snap.candidate_pos or candidate.id in overlay(session, snap).excluded:
        return None  # no matching consent any more: nothing is computed
    person = inputs.carving_candidate(snap, candidate)
    tasks = [{k: v for k, v in t.items() if k != "employer_id"} for t in role.tasks_sent]
    fit = task_fit([person], tasks, role.terms["sites"])  # type: ignore[arg-type]
    result = best_bundle(fit, 0, CarvingOptions(max_roles=1, max_sites_per_role=3))
    if not result.roles or len(result.roles[0].task_positions) != len(tasks):
        return None  # the candidate changed and no longer fits all of it
    return proposals.role_out(fit, result.roles[0], None, candidate, staff)


def decide(
    session: Session, *, principal: Principal, role: CarvedRole, decision_in: DecisionIn
) -> CarvedRole:
    if role.status != "sent":
        raise Conflict(f"This role was already {role.status}.", fields={"status": role.status})
    role.decided_at = role.updated_at = utcnow()
    role.decided_by = principal.account_id
    role.decision_note = decision_in.note
    role.version += 1
    if decision_in.decision == "decline":
        role.status = "declined"
        session.add(role)
        session.flush()
        return role
    taken = [session.get(InventoryTask, t["id"]) for t in role.tasks_sent]
    if any(t is None or t.carved_role_id is not None for t in taken):
        raise Conflict("A task of this role was changed, removed or used in another role.")
    role.status = "agreed"
    role.workplace_id = _latent_workplace(session, role)
    for task in taken:
        assert task is not None
        task.carved_role_id = role.id
        session.add(task)
    session.add(role)
    session.flush()
    return role


def _latent_workplace(session: Session, role: CarvedRole) -> int:
    """The agreed role as a latent, carved workplace waiting in the verify queue."""
    tasks = [{k: v for k, v in t.items() if k != "employer_id"} for t in role.tasks_sent]
    profile = role_workplace(tasks, role.terms["sites"], role.title)  # type: ignore[arg-type]
    terms = role.terms["employer"]
    postcode = next(t["site"] for t in tasks).split(":", 1)[1]
    sources = sorted({t["current_role"] for t in tasks if t["current_role"]})
    workplace = Workplace(
        employer_id=role.employer_id,
        status=WorkplaceStatus.to_verify,
        title=role.title,
        description=profile["description"]
        + (f". Taken komen van: {', '.join(sources)}." if sources else "."),
        sector=profile["sector"],
        kind="latent",
        is_carved=True,
        place_type=terms["place_type"],
        capacity=1,
        hours_per_week_min=profile["hours_per_week_min"],
        hours_per_week_max=profile["hours_per_week_max"],
        hours_per_day_max=_hours_per_day(tasks),
        contract_type=terms["contract_type"],
        contract_months=terms["contract_months"],
        postcode=postcode,
        pc4=pc4_of(postcode),
        reachable_by_public_transport=terms["reachable_by_public_transport"],
        transport_arranged=terms["transport_arranged"],
        stimulus_level=profile["stimulus_level"],
        structure_offered=profile["structure_offered"],
        supervision_offered=profile["supervision_offered"],
        time_pressure_level=profile["time_pressure_level"],
        customer_contact_level=profile["customer_contact_level"],
        physical_demand=profile["physical_demand"],
        team_size=terms["team_size"],
        mentor_available=terms["mentor_available"],
        jobcoach_welcome=terms["jobcoach_welcome"],
        trained_colleague=terms["trained_colleague"],
        instruments_accepted=list(terms["instruments_accepted"]),
        min_loonwaarde_pct=terms["min_loonwaarde_pct"],
    )
    workplace.tasks = [
        Task.model_validate({"position": k, "workplace_id": 0, **{n: t[n] for n in _TASK_COPY}})
        for k, t in enumerate(tasks)
    ]
    session.add(workplace)
    session.flush()
    assert workplace.id is not None
    return workplace.id


_TASK_COPY = (
    "name", "description", "hours_per_week", "stimulus_level", "structure_level",
    "physical_load", "skill_level", "required_certificate",
)  # fmt: skip


def _hours_per_day(tasks: list[dict[str, Any]]) -> int:
    per_day = [0.0] * 7
    loose = 0.0
    for t in tasks:
        if t["days"]:
            for d in t["days"]:
                per_day[inputs.WEEKDAY_INDEX[d]] += t["hours_per_week"] / len(t["days"])
        else:
            loose += t["hours_per_week"] / 5
    return max(1, min(12, math.ceil(max(per_day) + loose)))


# What routes and pages call: roles in their public shape, with the candidates they show in
# the access log (docs/decisions/100, point 7).
PURPOSE = "matching"


def send_role_public(
    session: Session, *, principal: Principal, role_in: CarvedRoleIn, action: str = "carve_send"
) -> CarvedRolePublic:
    role = send_role(session, principal=principal, role_in=role_in)
    audit.record_reads(session, principal, [role.candidate_id], purpose=PURPOSE, action=action)
    return role_public(session, role, principal)


def list_roles_public(
    session: Session, *, principal: Principal, employer_id: int | None, action: str = "carved_roles"
) -> list[CarvedRolePublic]:
    rows = list_roles(session, principal=principal, employer_id=employer_id)
    out = [role_public(session, r, principal) for r in rows]
    shown = [r.candidate_id for r, o in zip(rows, out, strict=True) if o.candidate is not None]
    audit.record_reads(session, principal, shown, purpose=PURPOSE, action=action)
    return out


def read_role_public(session: Session, *, principal: Principal, role_id: int) -> CarvedRolePublic:
    role = get_role(session, role_id, principal)
    out = role_public(session, role, principal)
    if out.candidate is not None:
        audit.record_reads(
            session, principal, [role.candidate_id], purpose=PURPOSE, action="carved_role"
        )
    return out
