"""The carving solver: up to K roles (task sets) that place as many candidates as possible.

One CP-SAT model: ``x[c, t]`` (candidate c holds task t, only for feasible pairs), ``y[c]``
(c gets a role). Each task goes to at most one role, at most K candidates get one, and a role
respects the rule of :func:`matching.carving.units.role_value` — hours inside the candidate's
range, per-day hours, days, sites. The role's fit ``F[c]`` is the largest integer with
``F[c] × minutes[c] <= sum(minutes × score)`` (a product constraint), i.e. the hours-weighted
mean of its tasks' engine scores. The objective is lexicographic (see ``units.py``).

Large instances are reduced before solving: a vectorised greedy finds, per candidate, the best
bundle of its best-fitting tasks; only the ``shortlist`` most promising candidates (and per
candidate its ``tasks_per_candidate`` best tasks) enter the model, with the greedy answer as a
hint. Then the answer is optimal for the reduced model at most, and the status says
``FEASIBLE``; ``OPTIMAL`` is only claimed for an unreduced model that CP-SAT proved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from matching.carving.fit import TaskFit
from matching.carving.greedy import greedy_roles
from matching.carving.units import SCORE_UNITS, Units, build_units, role_value


@dataclass(frozen=True)
class CarvingOptions:
    """Solver settings; defaults suit one employer's inventory.

    Parameters
    ----------
    max_roles : int
        K, the most roles to propose.
    min_role_hours_per_week : float
        No role is shorter than this, whatever the candidate's minimum.
    max_sites_per_role : int
        1 keeps every role at one site; more lets a role combine sites (or nearby employers),
        with one site per day.
    time_limit_s : float
    exact_pairs : int
        Up to this many feasible candidate × task pairs the model is solved unreduced.
    shortlist : int or None
        Candidates kept for a reduced model (default ``4 K + 8``).
    tasks_per_candidate : int
        Best tasks kept per candidate in a reduced model.
    """

    max_roles: int = 10
    min_role_hours_per_week: float = 2.0
    max_sites_per_role: int = 1
    time_limit_s: float = 1.0
    exact_pairs: int = 3000
    shortlist: int | None = None
    tasks_per_candidate: int = 30


@dataclass(frozen=True)
class CarvedRole:
    """One proposed role: a set of tasks for one candidate."""

    candidate_pos: int
    candidate_id: int
    task_positions: tuple[int, ...]
    task_ids: tuple[int, ...]
    hours_per_week: float
    fit: float  # hours-weighted mean of the tasks' scores, to the thousandth
    freed_hours_per_week: float


@dataclass(frozen=True)
class CarvingResult:
    """The proposal: roles (best fit first), the objective's parts and how it was found."""

    status: str  # OPTIMAL, FEASIBLE (reduced or time limit) or NO_ROLE
    roles: tuple[CarvedRole, ...]
    placed: int
    fit_units: int
    freed_minutes: int
    objective: int
    reduced: bool
    candidates_in_model: int


def objective_of(u: Units, placed: int, fit_units: int, freed: int) -> int:
    return placed * u.placed_weight + fit_units * u.fit_weight + freed


def _reduce(u: Units, options: CarvingOptions, rows: list[int]) -> tuple[list[int], bool]:
    n_pairs = int(u.feasible[rows].sum())
    if n_pairs <= options.exact_pairs:
        return rows, False
    keep = options.shortlist or 4 * options.max_roles + 8
    ranked = greedy_roles(u, rows, len(rows), options.max_sites_per_role, rank_only=True)
    return [r for r, _ in ranked][:keep], True


def carve(
    fit: TaskFit,
    options: CarvingOptions | None = None,
    *,
    candidate_positions: Sequence[int] | None = None,
    task_positions: Sequence[int] | None = None,
) -> CarvingResult:
    """Propose up to K roles from the inventory for the pool.

    Parameters
    ----------
    fit : TaskFit
        From :func:`matching.carving.task_fit`.
    options : CarvingOptions
    candidate_positions, task_positions : sequence of int, optional
        Restrict the pool or the tasks (default: all).

    Returns
    -------
    CarvingResult
    """
    options = options or CarvingOptions()
    u = build_units(
        fit.scores,
        fit.feasible,
        fit.tasks,
        fit.candidates,
        max_roles=options.max_roles,
        min_role_hours_per_week=options.min_role_hours_per_week,
    )
    allowed_tasks = np.zeros(len(fit.tasks), dtype=bool)
    allowed_tasks[list(range(len(fit.tasks)) if task_positions is None else task_positions)] = True
    u = _mask_tasks(u, allowed_tasks)
    rows = list(range(len(fit.candidates)) if candidate_positions is None else candidate_positions)
    rows = [r for r in rows if _can_reach_minimum(u, r)]
    rows, reduced = _reduce(u, options, rows)
    hint = greedy_roles(u, rows, options.max_roles, options.max_sites_per_role)
    chosen, status = _solve(u, rows, hint, options, reduced)
    roles = []
    for r, cols in chosen:
        ok, units, freed = role_value(u, r, cols, options.max_sites_per_role)
        assert ok, "the solver returned a role that breaks the rules"
        roles.append(
            CarvedRole(
                candidate_pos=r,
                candidate_id=int(fit.candidates[r]["id"]),
                task_positions=tuple(cols),
                task_ids=tuple(int(fit.tasks[j]["id"]) for j in cols),
                hours_per_week=float(u.minutes[cols].sum()) / 60.0,
                fit=units / SCORE_UNITS,
                freed_hours_per_week=freed / 60.0,
            )
        )
    roles.sort(key=lambda role: (-role.fit, role.candidate_id))
    fit_units = sum(round(r.fit * SCORE_UNITS) for r in roles)
    freed = sum(round(r.freed_hours_per_week * 60) for r in roles)
    return CarvingResult(
        status=status if roles else "NO_ROLE",
        roles=tuple(roles),
        placed=len(roles),
        fit_units=fit_units,
        freed_minutes=freed,
        objective=objective_of(u, len(roles), fit_units, freed),
        reduced=reduced,
        candidates_in_model=len(rows),
    )


def _mask_tasks(u: Units, allowed: np.ndarray) -> Units:
    from dataclasses import replace

    feasible = u.feasible & allowed[None, :]
    return replace(u, feasible=feasible, score=np.where(feasible, u.score, 0))


def _can_reach_minimum(u: Units, r: int) -> bool:
    return int(u.minutes[u.feasible[r]].sum()) >= u.min_minutes[r] and u.min_minutes[r] <= min(
        u.max_minutes[r], u.week_cap[r]
    )


def _solve(
    u: Units,
    rows: list[int],
    hint: list[tuple[int, list[int]]],
    options: CarvingOptions,
    reduced: bool,
) -> tuple[list[tuple[int, list[int]]], str]:
    if not rows:
        return [], "NO_ROLE"
    model = cp_model.CpModel()
    hinted = {(r, j) for r, cols in hint for j in cols}
    hinted_rows = {r for r, _ in hint}
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for r in rows:
        avail = np.flatnonzero(u.feasible[r])
        if reduced and len(avail) > options.tasks_per_candidate:
            best = avail[np.argsort(-u.score[r, avail], kind="stable")]
            keep = set(best[: options.tasks_per_candidate].tolist())
            keep |= {j for rr, j in hinted if rr == r}
            avail = np.array(sorted(keep), dtype=np.int64)
        for j in avail.tolist():
            x[r, j] = model.new_bool_var(f"x{r}_{j}")
    by_task: dict[int, list[cp_model.IntVar]] = {}
    for (_, j), var in x.items():
        by_task.setdefault(j, []).append(var)
    for vars_ in by_task.values():
        model.add_at_most_one(vars_)
    y: dict[int, cp_model.IntVar] = {}
    fit_vars: list[cp_model.IntVar] = []
    freed_vars: list[cp_model.IntVar] = []
    freed_coefs: list[int] = []
    for r in rows:
        cols = [j for (rr, j) in x if rr == r]
        if not cols:
            continue
        y[r] = model.new_bool_var(f"y{r}")
        xs = [x[r, j] for j in cols]
        for var in xs:
            model.add_implication(var, y[r])
        minutes = _weighted([x[r, j] for j in cols], [int(u.minutes[j]) for j in cols])
        model.add(minutes >= int(u.min_minutes[r]) * y[r])
        model.add(minutes <= int(min(u.max_minutes[r], u.week_cap[r])) * y[r])
        for d in range(7):
            load = [(int(u.day_load[j, d]), x[r, j]) for j in cols if u.day_load[j, d] > 0]
            if load and sum(c for c, _ in load) > u.day_cap[r]:
                model.add(
                    _weighted([v for _, v in load], [c for c, _ in load]) <= int(u.day_cap[r])
                )
        _site_rules(model, u, r, cols, x, options.max_sites_per_role)
        total = model.new_int_var(0, int(u.max_minutes[r]), f"h{r}")
        model.add(total == minutes)
        bound = _fit_bound(u, r, cols)
        fit_r = model.new_int_var(0, bound, f"f{r}")
        model.add(fit_r <= bound * y[r])
        product = model.new_int_var(0, SCORE_UNITS * int(u.max_minutes[r]), f"p{r}")
        model.add_multiplication_equality(product, [fit_r, total])
        weighted = [int(u.minutes[j] * u.score[r, j]) for j in cols]
        model.add(product <= _weighted([x[r, j] for j in cols], weighted))
        fit_vars.append(fit_r)
        freed_vars += [x[r, j] for j in cols if u.freed[j]]
        freed_coefs += [int(u.freed[j]) for j in cols if u.freed[j]]
        model.add_hint(y[r], r in hinted_rows)
        for j in cols:
            model.add_hint(x[r, j], (r, j) in hinted)
    roles = list(y.values())
    model.add(cp_model.LinearExpr.sum(roles) <= u.max_roles)
    model.maximize(
        _weighted(
            roles + fit_vars + freed_vars,
            [u.placed_weight] * len(roles) + [u.fit_weight] * len(fit_vars) + freed_coefs,
        )
    )
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 15
    solver.parameters.max_time_in_seconds = options.time_limit_s
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return hint, "FEASIBLE"
    chosen = [
        (r, [j for (rr, j) in x if rr == r and solver.boolean_value(x[r, j])])
        for r in y
        if solver.boolean_value(y[r])
    ]
    proven = code == cp_model.OPTIMAL and not reduced
    return chosen, "OPTIMAL" if proven else "FEASIBLE"


def _fit_bound(u: Units, r: int, cols: list[int]) -> int:
    """Upper bound on candidate ``r``'s role fit, a bound the LP relaxation can use.

    A role is at least ``min_minutes`` long and its fit is an hours-weighted mean, so it is at
    most the mean of the best ``min_minutes`` of task time (the last task counted in part).
    """
    order = sorted(cols, key=lambda j: -int(u.score[r, j]))
    need, total = int(u.min_minutes[r]), 0
    for j in order:
        take = min(int(u.minutes[j]), need)
        total += take * int(u.score[r, j])
        need -= take
        if need == 0:
            break
    return total // int(u.min_minutes[r]) if need == 0 else int(u.score[r, order[0]])


def _weighted(variables: list[cp_model.IntVar], coefs: list[int]) -> cp_model.LinearExpr:
    return cp_model.LinearExpr.weighted_sum(variables, coefs)


def _site_rules(
    model: cp_model.CpModel,
    u: Units,
    r: int,
    cols: list[int],
    x: dict[tuple[int, int], cp_model.IntVar],
    max_sites: int,
) -> None:
    sites = sorted({int(u.site[j]) for j in cols})
    if len(sites) <= 1:
        return
    at = {s: model.new_bool_var(f"s{r}_{s}") for s in sites}
    for j in cols:
        model.add_implication(x[r, j], at[int(u.site[j])])
    model.add(cp_model.LinearExpr.sum(list(at.values())) <= max_sites)
    if max_sites <= 1:
        return
    for d in range(7):
        on_day = {}
        for s in sites:
            here = [x[r, j] for j in cols if int(u.site[j]) == s and u.day_load[j, d] > 0]
            if here:
                on_day[s] = model.new_bool_var(f"d{r}_{s}_{d}")
                for var in here:
                    model.add_implication(var, on_day[s])
        if len(on_day) > 1:
            model.add_at_most_one(on_day.values())
