"""Integer units shared by the carving solver, its exhaustive reference and the explanations.

CP-SAT works on integers, so hours are counted in minutes per week and scores in thousandths.
A role's fit is the hours-weighted mean of its tasks' scores, rounded down to a thousandth:
``floor(sum(minutes × score_units) / sum(minutes))``. The objective is lexicographic — first
the number of candidates placed, then the sum of the roles' fits, then the minutes of skilled
work freed — folded into one integer with weights that make each level outrank the next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from matching.carving.profiles import WEEKDAYS

SCORE_UNITS = 1000
DAY_UNITS = 420  # lcm(1..7): a task's minutes spread over its days stay whole numbers
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Units:
    """The integer view of one carving instance (candidates rows, tasks columns)."""

    minutes: I64  # (m,) minutes per week per task
    score: I64  # (n, m) thousandths, 0 where infeasible
    feasible: npt.NDArray[np.bool_]  # (n, m)
    freed: I64  # (m,) minutes counted as skilled work freed (tasks someone does now)
    day_load: I64  # (m, 7) minutes x DAY_UNITS / number of days, on each day of the task
    min_minutes: I64  # (n,) lowest role length per candidate
    max_minutes: I64  # (n,)
    day_cap: I64  # (n,) hours per day max x 60 x DAY_UNITS
    week_cap: I64  # (n,) hours per day max x 60 x number of days available
    site: I64  # (m,) site code
    n_sites: int
    max_roles: int
    fit_weight: int  # weight of one fit unit in the objective
    placed_weight: int  # weight of one placed candidate


def build_units(
    scores: npt.NDArray[np.float32],
    feasible: npt.NDArray[np.bool_],
    tasks: Sequence[Any],
    candidates: Sequence[Any],
    *,
    max_roles: int,
    min_role_hours_per_week: float,
) -> Units:
    """Integer units for the candidates × tasks block ``scores`` / ``feasible``."""
    minutes = np.array([round(float(t["hours_per_week"]) * 60) for t in tasks], dtype=np.int64)
    units = np.floor(scores.astype(np.float64) * SCORE_UNITS + 0.5).astype(np.int64)
    units = np.where(feasible, np.clip(units, 0, SCORE_UNITS), 0)
    freed = np.where([bool(t["current_role"]) for t in tasks], minutes, 0).astype(np.int64)
    day_load = np.zeros((len(tasks), 7), dtype=np.int64)
    for j, task in enumerate(tasks):
        days = sorted({WEEKDAYS.index(d) for d in task["days"]})
        for d in days:
            day_load[j, d] = minutes[j] * DAY_UNITS // len(days)
    floor_minutes = round(min_role_hours_per_week * 60)
    lo = np.array([c["hours_per_week_min"] * 60 for c in candidates], dtype=np.int64)
    hi = np.array([c["hours_per_week_max"] * 60 for c in candidates], dtype=np.int64)
    per_day = np.array([c["hours_per_day_max"] * 60 for c in candidates], dtype=np.int64)
    n_days = np.array([len(set(c["days_available"])) for c in candidates], dtype=np.int64)
    site_keys = {key: i for i, key in enumerate(sorted({t["site"] for t in tasks}))}
    fit_weight = int(freed.sum()) + 1
    return Units(
        minutes=minutes,
        score=units.reshape(len(candidates), len(tasks)),
        feasible=feasible.copy(),
        freed=freed,
        day_load=day_load,
        min_minutes=np.maximum(lo, max(floor_minutes, 1)),
        max_minutes=hi,
        day_cap=per_day * DAY_UNITS,
        week_cap=per_day * n_days,
        site=np.array([site_keys[t["site"]] for t in tasks], dtype=np.int64),
        n_sites=len(site_keys),
        max_roles=max_roles,
        fit_weight=fit_weight,
        placed_weight=fit_weight * (max_roles * SCORE_UNITS + 1),
    )


def role_value(u: Units, i: int, cols: Sequence[int], max_sites: int) -> tuple[bool, int, int]:
    """Whether candidate ``i`` can hold the task set ``cols``, its fit units and freed minutes.

    This is the rule the solver encodes as linear constraints, written out directly: every
    task feasible, minutes inside the candidate's range and within hours per day times days
    available, each day's minutes within hours per day, at most ``max_sites`` sites and, when a
    role spans sites, one site per day.
    """
    cols = list(cols)
    if not cols or not all(u.feasible[i, j] for j in cols):
        return False, 0, 0
    total = int(u.minutes[cols].sum())
    if not u.min_minutes[i] <= total <= min(u.max_minutes[i], u.week_cap[i]):
        return False, 0, 0
    if (u.day_load[cols].sum(axis=0) > u.day_cap[i]).any():
        return False, 0, 0
    sites = {int(u.site[j]) for j in cols}
    if len(sites) > max_sites:
        return False, 0, 0
    if len(sites) > 1:
        for d in range(7):
            on_day = {int(u.site[j]) for j in cols if u.day_load[j, d] > 0}
            if len(on_day) > 1:
                return False, 0, 0
    weighted = int((u.minutes[cols] * u.score[i, cols]).sum())
    return True, weighted // total, int(u.freed[cols].sum())
