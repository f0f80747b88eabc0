"""Exhaustive reference for small carving instances (tests and the optimality benchmark).

Every task subset of every candidate is checked with :func:`units.role_value`; a dynamic
programme over (roles used, tasks used) then finds the best lexicographic objective. Costs
``O(n × 2^m × valid subsets)``: fine up to about 12 tasks and 6 candidates.
"""

from __future__ import annotations

import numpy as np

from matching.carving.fit import TaskFit
from matching.carving.solve import CarvingOptions, objective_of
from matching.carving.units import build_units, role_value

MAX_TASKS = 14


def exhaustive_objective(fit: TaskFit, options: CarvingOptions) -> int:
    """The best objective any set of at most K roles reaches (the solver's integer units).

    Parameters
    ----------
    fit : TaskFit
        At most ``MAX_TASKS`` tasks.
    options : CarvingOptions

    Returns
    -------
    int
    """
    m = len(fit.tasks)
    if m > MAX_TASKS:
        raise ValueError(f"exhaustive search is for at most {MAX_TASKS} tasks")
    u = build_units(
        fit.scores,
        fit.feasible,
        fit.tasks,
        fit.candidates,
        max_roles=options.max_roles,
        min_role_hours_per_week=options.min_role_hours_per_week,
    )
    size = 1 << m
    masks = np.arange(size, dtype=np.int64)
    k_max = min(options.max_roles, len(fit.candidates))
    neg = np.int64(-1)
    # best[k, mask]: best objective with k roles using exactly the tasks in mask (-1: none).
    best = np.full((k_max + 1, size), neg, dtype=np.int64)
    best[0, 0] = 0
    for i in range(len(fit.candidates)):
        values = []
        for subset in range(1, size):
            cols = [j for j in range(m) if subset >> j & 1]
            ok, units, freed = role_value(u, i, cols, options.max_sites_per_role)
            if ok:
                values.append((subset, objective_of(u, 1, units, freed)))
        new = best.copy()
        for subset, value in values:
            free = (masks & subset) == 0
            for k in range(k_max):
                src = best[k]
                usable = free & (src >= 0)
                if not usable.any():
                    continue
                target = masks[usable] | subset
                cand = src[usable] + value
                np.maximum.at(new[k + 1], target, cand)
        best = new
    return int(best.max())
