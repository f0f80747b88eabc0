"""Job-carving benchmark: `python -m bench.carving` runs it alone.

- ``carve_s``: one employer with 200 tasks, a pool of 2,000 candidates, K = 10 roles; the
  time of :func:`task_fit` (every candidate × task pair scored by the engine) plus
  :func:`carve` (median of 3, fresh each time).
- ``carve_optimality``: share of ≥ 50 random small instances (≤ 12 tasks, ≤ 6 candidates)
  where the solver's objective equals exhaustive search.
- ``carve_fit_gap_to_bound``: the large instance is reduced (status FEASIBLE); this bounds how
  far its total fit can be from the optimum.
- ``carve_extra_placed``: candidates placed by carving minus candidates placed by matching
  the same employer's open vacancies alone (10 vacancies, one place each, made of the same
  tasks as the employer packages them today, assigned with the engine's optimal assignment).
"""

import random
import statistics
import sys
import time
from typing import Any

from seed.carving import inventory_tasks, site, small_candidates

N_TASKS, N_POOL, K = 200, 2000, 10
SMALL_INSTANCES = 60


def _pool() -> tuple[list[Any], tuple[float, float]]:
    from app.matches.convert import profiles_from_seed
    from seed.generate import generate_region

    region = generate_region(N_POOL, 40, seed=1515)
    candidates, _ = profiles_from_seed(region)
    for profile, record in zip(candidates, region.candidates, strict=True):
        profile["days_available"] = record["days_available"]  # type: ignore[typeddict-unknown-key]
        profile["hours_per_day_max"] = record["hours_per_day_max"]  # type: ignore[typeddict-unknown-key]
    middle = candidates[len(candidates) // 2]
    return candidates, (middle["lat"], middle["lon"])


def _mean(group: list[dict[str, Any]], key: str) -> int:
    hours = sum(t["hours_per_week"] for t in group)
    return round(sum(t[key] * t["hours_per_week"] for t in group) / hours)


def _vacancies(tasks: list[dict[str, Any]], sites: dict[str, Any]) -> list[Any]:
    """The employer's open vacancies: its first K current roles, packaged as they are today."""
    from matching.carving import task_workplace

    by_role: dict[str, list[dict[str, Any]]] = {}
    for task in tasks:
        if task["current_role"]:
            by_role.setdefault(task["current_role"], []).append(task)
    out = []
    for k, (title, group) in enumerate(sorted(by_role.items())[:K]):
        wp = task_workplace(group[0], sites[group[0]["site"]])
        hours = round(sum(t["hours_per_week"] for t in group))
        low = max(1, min(hours, 40) - 8)
        wp.update(
            id=10_000 + k,
            title=title,
            kind="open",
            is_carved=False,
            hours_per_week_min=low,
            hours_per_week_max=min(max(hours, low), 40),
            # As an employer would fill in the form: the usual level over the job's hours.
            # The engine then applies its own task rules (the heaviest task load counts).
            stimulus_level=_mean(group, "stimulus_level"),
            structure_offered=_mean(group, "structure_level"),
            supervision_offered=_mean(group, "supervision_offered"),
            time_pressure_level=_mean(group, "time_pressure_level"),
            customer_contact_level=_mean(group, "customer_contact_level"),
            physical_demand=_mean(group, "physical_load"),
            tasks=[task_workplace(t, sites[t["site"]])["tasks"][0] for t in group],
        )
        out.append(wp)
    return out


def large_step(repeats: int = 3) -> dict[str, Any]:
    from matching import assign, build_index, score_block
    from matching.carving import CarvingOptions, carve, task_fit

    pool, (lat, lon) = _pool()
    sites = {"hq": site("hq", 1, lat, lon)}
    tasks = inventory_tasks(N_TASKS, 1515, ["hq"])
    options = CarvingOptions(max_roles=K)
    carve(task_fit(pool[:200], tasks, sites), options)  # warm: first use of OR-Tools
    timings, result, fit_s = [], None, []
    for _ in range(repeats):
        start = time.perf_counter()
        fit = task_fit(pool, tasks, sites)
        fit_s.append(time.perf_counter() - start)
        result = carve(fit, options)
        timings.append(time.perf_counter() - start)
    assert result is not None
    vacancies = _vacancies(tasks, sites)
    vacancy_index = build_index(pool, vacancies)
    matched = assign(vacancy_index, max_per_employer=K)
    placed = [p for p in matched.proposals if p.workplace_id is not None]
    vacancy_fit = score_block(vacancy_index).feasible.any(axis=1).sum()
    return {
        "carve_s": round(statistics.median(timings), 3),
        "carve_task_fit_s": round(statistics.median(fit_s), 3),
        "carve_status": result.status,
        "carve_placed": result.placed,
        "carve_mean_role_fit": round(result.fit_units / max(result.placed, 1) / 1000, 3),
        "carve_freed_hours_per_week": round(result.freed_minutes / 60, 1),
        "carve_vacancies_placed": len(placed),
        "carve_vacancies_mean_score": round(sum(p.score or 0 for p in placed) / len(placed), 3),
        "carve_extra_placed": result.placed - len(placed),
        "carve_pool_with_a_role": _with_a_role(fit, options),
        "carve_fit_gap_to_bound": _gap(fit, result),
        "carve_pool_fitting_a_vacancy": int(vacancy_fit),
    }


def _gap(fit: Any, result: Any) -> float:
    """How far the total fit may be from the optimum, at most: against the sum of the K best
    per-candidate bounds (a role's fit, a mean of task scores, is at most its best task)."""
    import numpy as np

    best_task = np.where(fit.feasible, fit.scores, 0).max(axis=1)
    bound = float(np.sort(np.round(best_task * 1000))[-K:].sum())
    return round((bound - result.fit_units) / bound, 4) if bound else 0.0


def _with_a_role(fit: Any, options: Any) -> int:
    """Candidates for whom some bundle of the inventory fits (the greedy's exact check)."""
    import numpy as np

    from matching.carving.greedy import build_bundle
    from matching.carving.units import build_units

    u = build_units(
        fit.scores, fit.feasible, fit.tasks, fit.candidates,
        max_roles=options.max_roles, min_role_hours_per_week=options.min_role_hours_per_week,
    )  # fmt: skip
    everything = np.ones(len(fit.tasks), dtype=bool)
    return sum(
        build_bundle(u, r, everything, options.max_sites_per_role) is not None
        for r in range(len(fit.candidates))
    )


def optimality_step(instances: int = SMALL_INSTANCES) -> dict[str, Any]:
    from matching.carving import CarvingOptions, carve, task_fit
    from matching.carving.exhaustive import exhaustive_objective

    lat, lon = 52.01, 4.36
    equal, nontrivial = 0, 0
    for seed in range(instances):
        rng = random.Random(seed)
        sites = {"a": site("a", 1, lat, lon), "b": site("b", 1, lat + 0.01, lon)}
        tasks = inventory_tasks(rng.randint(6, 12), seed, ["a", "b"])
        fit = task_fit(small_candidates(rng.randint(2, 6), seed, lat, lon), tasks, sites)
        options = CarvingOptions(max_roles=rng.randint(1, 4), max_sites_per_role=rng.randint(1, 2))
        result = carve(fit, options)
        equal += result.objective == exhaustive_objective(fit, options)
        nontrivial += result.placed > 0
    return {
        "carve_optimality": round(equal / instances, 4),
        "carve_optimality_instances": instances,
        "carve_optimality_nontrivial": nontrivial,
    }


def run() -> dict[str, Any]:
    return {**large_step(), **optimality_step()}


if __name__ == "__main__":
    for key, value in sorted(run().items()):
        print(f"{key:32} {value}")
    sys.exit(0)
