"""Carving proposals, the jobhunter's bundle question and the fit matrix, as API schemas."""

from collections.abc import Sequence

from sqlmodel import Session, col, select

from app.audit import service as audit
from app.candidates.models import Candidate
from app.candidates.service import age_band
from app.carving import inputs
from app.carving.models import InventoryTask
from app.carving.schemas import (
    BundleOut,
    CandidateBrief,
    CarveIn,
    CarvingOut,
    DropOut,
    FitCell,
    FitMatrixOut,
    FitRow,
    RoleOut,
    TaskRef,
)
from app.core.errors import Invalid, NotFound
from app.core.security import Principal
from app.core.timeutil import today
from app.employers.models import Employer, Workplace
from app.matches.convert import workplace_from_row
from app.matches.refresher import cache, overlay
from app.matches.schemas import InstrumentOut
from matching.carving import (
    CarvedRole,
    CarvingOptions,
    CarvingResult,
    TaskFit,
    best_bundle,
    carve,
    explain_role,
    task_fit,
    tasks_to_drop,
)
from matching.carving.explain import no_role_reasons

MATRIX_CANDIDATES = 12


def brief(candidate: Candidate, staff: bool) -> CandidateBrief:
    return CandidateBrief(
        pseudonym=candidate.pseudonym,
        age_band=age_band(candidate.date_of_birth, today()),
        hours_per_week_min=candidate.hours_per_week_min,
        hours_per_week_max=candidate.hours_per_week_max,
        id=candidate.id if staff else None,
    )


def task_ref(task: dict[str, object], employer_id: int) -> TaskRef:
    return TaskRef.model_validate({**task, "employer_id": employer_id})


def role_out(
    fit: TaskFit,
    role: CarvedRole,
    result: CarvingResult | None,
    candidate: Candidate,
    staff: bool,
) -> RoleOut:
    why = explain_role(fit, role, result)
    return RoleOut(
        candidate=brief(candidate, staff),
        tasks=[
            task_ref(dict(fit.tasks[j]), fit.sites[fit.tasks[j]["site"]]["employer_id"])
            for j in role.task_positions
        ],
        hours_per_week=role.hours_per_week,
        fit=role.fit,
        freed_hours_per_week=role.freed_hours_per_week,
        summary=why.summary,
        task_lines=list(why.tasks),
        reasons_for=list(why.reasons_for),
        reasons_against=list(why.reasons_against),
        left_out=list(why.left_out),
        freed=list(why.freed),
        instruments=[
            InstrumentOut(
                instrument=i.instrument, status=i.status, eligible=i.eligible, reason=i.reason
            )
            for i in why.instruments
        ],
    )


def _employers(session: Session, ids: Sequence[int]) -> dict[int, Employer]:
    out = {}
    for position, employer_id in enumerate(ids):
        employer = session.get(Employer, employer_id)
        if employer is None and position == 0:
            raise NotFound("No employer with that id.")
        if employer is None:
            raise Invalid(
                "Unknown employer to share a role with.",
                fields={f"share_with.{position - 1}": "no employer with this id"},
            )
        out[employer_id] = employer
    return out


def _inventory(
    session: Session, employer_id: int, share_with: Sequence[int] = ()
) -> tuple[list[InventoryTask], dict[int, Employer]]:
    employers = _employers(session, [employer_id, *[e for e in share_with if e != employer_id]])
    tasks = inputs.free_tasks(session, employers)
    if not any(t.employer_id == employer_id for t in tasks):
        raise Invalid(
            "This employer has no free tasks in its task inventory; add tasks first.",
            fields={"employer_id": "no tasks in the inventory"},
        )
    return tasks, employers


def carve_for_employer(
    session: Session, *, employer_id: int, carve_in: CarveIn
) -> tuple[CarvingOut, list[int]]:
    """Proposed roles; also returns the ids of the candidates shown (for the access log)."""
    tasks, employers = _inventory(session, employer_id, carve_in.share_with)
    _, rows, pool = inputs.pool(session, carve_in.candidate_ids)
    sites = inputs.sites_for(session, tasks, employers)
    fit = task_fit(pool, [inputs.task_dict(t) for t in tasks], sites)
    options = CarvingOptions(
        max_roles=carve_in.max_roles, max_sites_per_role=carve_in.max_sites_per_role
    )
    result = carve(fit, options)
    roles = [role_out(fit, r, result, rows[r.candidate_pos], True) for r in result.roles]
    notes = []
    if result.reduced:
        notes.append(
            f"Grote groep: de {result.candidates_in_model} kandidaten met de best passende "
            "taken zijn doorgerekend; het voorstel is goed, maar niet bewezen het beste."
        )
    elif result.status == "FEASIBLE":
        notes.append(
            "Binnen de rekentijd is dit het beste gevonden voorstel; niet bewezen het beste."
        )
    if not pool:
        notes.append("Er zijn nu geen bemiddelbare kandidaten met toestemming voor matching.")
    out = CarvingOut(
        employer_id=employer_id,
        status=result.status,
        placed=result.placed,
        freed_hours_per_week=result.freed_minutes / 60,
        pool_size=len(pool),
        roles=roles,
        notes=notes,
    )
    return out, [int(r.candidate_id) for r in result.roles]


def bundle_for_candidate(session: Session, *, candidate_id: int, employer_id: int) -> BundleOut:
    tasks, employers = _inventory(session, employer_id)
    snap = cache.get(session)
    candidate = snap.candidates.get(candidate_id)
    if candidate_id in overlay(session, snap).excluded:
        candidate = None
    if candidate is None:
        if session.get(Candidate, candidate_id) is None:
            raise NotFound("No candidate with that id.")
        raise Invalid(
            "This candidate has no active matching consent: nothing is computed.",
            fields={"candidate_id": "no matching consent"},
        )
    sites = inputs.sites_for(session, tasks, employers)
    person = inputs.carving_candidate(snap, candidate)
    fit = task_fit([person], [inputs.task_dict(t) for t in tasks], sites)
    result = best_bundle(fit, 0)
    role = role_out(fit, result.roles[0], result, candidate, True) if result.roles else None
    why_not = [] if role else no_role_reasons(fit, 0, CarvingOptions().min_role_hours_per_week)
    jobs = []
    for workplace in _open_jobs(session, employer_id):
        advice = tasks_to_drop(person, workplace_from_row(workplace))
        jobs.append(
            DropOut(
                workplace_id=advice.workplace_id,
                title=workplace.title,
                fits_as_is=advice.fits_as_is,
                possible=advice.possible,
                drop=list(advice.drop_names),
                hours_dropped=advice.hours_dropped,
                score_after=advice.score_after,
                sentences=list(advice.sentences),
            )
        )
    return BundleOut(
        employer_id=employer_id,
        candidate_id=candidate_id,
        status=result.status,
        role=role,
        why_no_role=why_not,
        existing_jobs=jobs,
    )


def _open_jobs(session: Session, employer_id: int) -> list[Workplace]:
    statement = (
        select(Workplace)
        .where(Workplace.employer_id == employer_id, Workplace.status == "active")
        .where(Workplace.hours_per_week_max > 0)
        .order_by(col(Workplace.id))
    )
    return [w for w in session.exec(statement).all() if w.tasks]


def fit_matrix(
    session: Session, *, employer_id: int, limit: int = MATRIX_CANDIDATES
) -> tuple[FitMatrixOut, list[int]]:
    """The best-fitting candidates (by their best task) × every free task of the employer."""
    tasks, employers = _inventory(session, employer_id)
    _, rows, pool = inputs.pool(session)
    sites = inputs.sites_for(session, tasks, employers)
    fit = task_fit(pool, [inputs.task_dict(t) for t in tasks], sites, include_reasons=True)
    best = fit.scores.max(axis=1) if len(pool) else fit.scores.sum(axis=1)
    order = sorted(range(len(pool)), key=lambda i: (-float(best[i]), rows[i].id or 0))
    chosen = [i for i in order if best[i] > 0][:limit]
    out = FitMatrixOut(
        employer_id=employer_id,
        tasks=[task_ref(dict(t), sites[t["site"]]["employer_id"]) for t in fit.tasks],
        rows=[
            FitRow(
                candidate=brief(rows[i], True),
                cells=[
                    FitCell(
                        task_id=int(t["id"]),
                        feasible=bool(fit.feasible[i, j]),
                        score=round(float(fit.scores[i, j]), 3),
                        reasons=fit.reasons(i, j),
                    )
                    for j, t in enumerate(fit.tasks)
                ],
            )
            for i in chosen
        ],
    )
    return out, [int(rows[i].id or 0) for i in chosen]


# What routes and pages call: the result, with the candidates it shows in the access log
# (docs/decisions/100, point 7). ``action`` names the screen or endpoint that asked.
PURPOSE = "matching"


def carve_public(
    session: Session, *, principal: Principal, employer_id: int, carve_in: CarveIn, action: str
) -> CarvingOut:
    result, shown = carve_for_employer(session, employer_id=employer_id, carve_in=carve_in)
    audit.record_reads(session, principal, shown, purpose=PURPOSE, action=action)
    return result


def fit_matrix_public(
    session: Session,
    *,
    principal: Principal,
    employer_id: int,
    action: str,
    limit: int = MATRIX_CANDIDATES,
) -> FitMatrixOut:
    result, shown = fit_matrix(session, employer_id=employer_id, limit=limit)
    audit.record_reads(session, principal, shown, purpose=PURPOSE, action=action)
    return result


def bundle_public(
    session: Session, *, principal: Principal, candidate_id: int, employer_id: int, action: str
) -> BundleOut:
    result = bundle_for_candidate(session, candidate_id=candidate_id, employer_id=employer_id)
    audit.record_reads(session, principal, [candidate_id], purpose=PURPOSE, action=action)
    return result
