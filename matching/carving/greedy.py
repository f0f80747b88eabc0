"""A fast greedy for carving: a starting point (hint) for CP-SAT and the shortlist of a large pool.

Per round, every remaining candidate's best-fitting available tasks are taken in score order
until the candidate's minimum hours are reached (vectorised over candidates); the candidate
whose bundle has the highest hours-weighted fit gets the role, built exactly (hours, per-day
hours, sites) by :func:`build_bundle`, and its tasks leave the pool.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matching.carving.units import Units, role_value


def estimate(u: Units, rows: Sequence[int], available: np.ndarray) -> np.ndarray:
    """Estimated best fit (thousandths) per row; -1 where the minimum hours cannot be met."""
    idx = np.asarray(rows, dtype=np.int64)
    if idx.size == 0:
        return np.zeros(0, dtype=np.int64)
    ok = u.feasible[idx] & available[None, :]
    score = np.where(ok, u.score[idx], -1)
    order = np.argsort(-score, axis=1, kind="stable")
    minutes = np.where(np.take_along_axis(ok, order, 1), u.minutes[order], 0)
    weighted = minutes * np.take_along_axis(score, order, 1).clip(min=0)
    cum = np.cumsum(minutes, axis=1)
    wcum = np.cumsum(weighted, axis=1)
    reach = cum >= u.min_minutes[idx][:, None]
    first = np.where(reach.any(axis=1), reach.argmax(axis=1), -1)
    rows_ = np.arange(len(idx))
    at = np.maximum(first, 0)
    total = cum[rows_, at]
    cap = np.minimum(u.max_minutes[idx], u.week_cap[idx])
    fit = np.where(total > 0, wcum[rows_, at] // np.maximum(total, 1), 0)
    return np.where((first >= 0) & (total <= cap), fit, -1)


def build_bundle(u: Units, r: int, available: np.ndarray, max_sites: int) -> list[int] | None:
    """Best-scoring available tasks for candidate ``r`` until the minimum hours, within the
    rules; None when no such bundle is found."""
    cols = np.flatnonzero(u.feasible[r] & available)
    cols = cols[np.argsort(-u.score[r, cols], kind="stable")]
    cap = min(int(u.max_minutes[r]), int(u.week_cap[r]))
    chosen: list[int] = []
    total = 0
    day = np.zeros(7, dtype=np.int64)
    site_of_day: dict[int, int] = {}
    sites: set[int] = set()
    for j in cols.tolist():
        q, s = int(u.minutes[j]), int(u.site[j])
        if total + q > cap or (day + u.day_load[j] > u.day_cap[r]).any():
            continue
        if s not in sites and len(sites) >= max_sites:
            continue
        days = np.flatnonzero(u.day_load[j]).tolist()
        if any(site_of_day.get(d, s) != s for d in days):
            continue
        chosen.append(j)
        total += q
        day += u.day_load[j]
        sites.add(s)
        site_of_day.update(dict.fromkeys(days, s))
        if total >= u.min_minutes[r]:
            break
    ok, _, _ = role_value(u, r, chosen, max_sites)
    return sorted(chosen) if ok else None


def greedy_roles(
    u: Units, rows: Sequence[int], k: int, max_sites: int, *, rank_only: bool = False
) -> list[tuple[int, list[int]]]:
    """Up to ``k`` roles, best estimated fit first.

    With ``rank_only`` the rows come back ordered by their first-round estimate (each with an
    empty task list), without building roles.
    """
    available = np.ones(len(u.minutes), dtype=bool)
    remaining = list(rows)
    if rank_only:
        est = estimate(u, remaining, available)
        order = np.argsort(-est, kind="stable")
        return [(remaining[i], []) for i in order.tolist() if est[i] >= 0]
    roles: list[tuple[int, list[int]]] = []
    while remaining and len(roles) < k:
        est = estimate(u, remaining, available)
        placed = None
        for i in np.argsort(-est, kind="stable").tolist():
            if est[i] < 0:
                break
            bundle = build_bundle(u, remaining[i], available, max_sites)
            if bundle is not None:
                placed = (i, bundle)
                break
        if placed is None:
            break
        i, bundle = placed
        roles.append((remaining.pop(i), bundle))
        available[bundle] = False
    return roles
