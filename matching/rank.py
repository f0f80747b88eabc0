"""Top-k rankings: best workplaces for one candidate, best candidates for one workplace."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from matching.arrays import MatchIndex
from matching.core import (
    CandBlock,
    cand_block,
    cheap_checks,
    finish,
    tagset_interest,
    travel_score,
)
from matching.factors import NEG
from matching.profiles import DEFAULT_POLICY, Policy
from matching.scoring import score_block
from matching.sustain import INTERNSHIP_BONUS
from matching.travel import effective_km
from matching.weights import DEFAULT_WEIGHTS, WeightProfile, by_name

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]
_EMPTY = np.zeros(0, dtype=np.int64)
DENSE_SHARE = 0.25  # above this share of workplaces in reach, scanning beats gathering


@dataclass(frozen=True)
class Ranking:
    """A ranked list, best first; ties are broken by the smaller id.

    Attributes
    ----------
    positions : ndarray of int64
        Positions in the index (workplaces for ``rank_for_candidate``, candidates for
        ``rank_for_workplace``).
    ids : ndarray of int64
    scores : ndarray of float32
    n_feasible : int
        How many pairs passed every hard constraint (before cutting to k); with a
        ``counted`` mask, only those inside it.
    n_eligible : int
        How many of those were also eligible (the caller's mask); the list is cut from these.
    held_positions, held_ids : ndarray of int64
        ``rank_for_workplace`` with ``held_back``: the best feasible pairs held back by the
        caller's other mask (e.g. not ready to be suggested), same order; at most ``held_k``.
    n_held : int
        How many feasible pairs the ``held_back`` mask held back in all.
    """

    positions: I64
    ids: I64
    scores: F32
    n_feasible: int
    n_eligible: int
    held_positions: I64 = field(default_factory=lambda: _EMPTY)
    held_ids: I64 = field(default_factory=lambda: _EMPTY)
    n_held: int = 0


def top_k(scores: F32, id_rank: I64, k: int) -> I64:
    """Indices of the k best scores, ordered by (score desc, id asc); exact under ties.

    Parameters
    ----------
    scores : ndarray of float32
    id_rank : ndarray of int
        Rank of each entry's id (smaller wins a tie).
    k : int

    Returns
    -------
    ndarray of int64
    """
    if k <= 0 or scores.size == 0:
        return np.zeros(0, dtype=np.int64)
    if scores.size > k:
        threshold = -np.partition(-scores, k - 1)[k - 1]
        pool = np.flatnonzero(scores >= threshold)
    else:
        pool = np.arange(scores.size)
    order = np.lexsort((id_rank[pool], -scores[pool]))
    return pool[order[:k]].astype(np.int64)


def _scan_all(index: MatchIndex, cb: CandBlock, radius: float) -> tuple[I64, F32]:
    """The cheap checks of ``cheap_checks`` over every workplace, cheapest filters first.

    Hours, physical capacity and loonwaarde run on the contiguous arrays; the distance bound
    only when some workplace lies beyond the candidate's reach; requirements only where a
    workplace has any.
    """
    wi = index.workplaces
    ok = wi.hours_min <= cb.hours_cap[0, 0]
    ok &= wi.hours_max >= cb.hours_min[0, 0]
    capacity = int(index.candidates.levels[cb.rows[0], 5])
    if capacity < 5:  # physical over-capacity is hard; the table sentinel would catch it later
        ok &= wi.phys_max <= capacity
    if np.isfinite(cb.loonwaarde[0, 0]):
        ok &= wi.min_loonwaarde <= cb.loonwaarde[0, 0]
    for word, (where, bits) in enumerate(wi.req_sparse):
        lacking = (bits & ~cb.has_bits[0, word]) != 0
        ok[where[lacking]] = False
    d2_all = None
    if radius < 0 or not wi.within(float(cb.x[0, 0]), float(cb.y[0, 0]), radius):
        dx = cb.x[0, 0] - wi.x_km
        dy = cb.y[0, 0] - wi.y_km
        d2_all = dx * dx + dy * dy
        ok &= (d2_all <= cb.reach_km2[0, 0]) | wi.arranged
    cols = np.flatnonzero(ok)
    if d2_all is not None:
        return cols, np.take(d2_all, cols)
    xy = np.take(wi.xy, cols, axis=0)
    dx = cb.x[0, 0] - xy[:, 0]
    dy = cb.y[0, 0] - xy[:, 1]
    return cols, dx * dx + dy * dy


def _bounded(
    ok: npt.NDArray[np.bool_], bound: F32, exact: Callable[[I64], F32], k: int
) -> tuple[I64, F32]:
    """Exact scores for every feasible item that can still reach the top k.

    ``bound`` holds an upper bound per item; items where ``ok`` is False are ignored. The
    ``4k + 64`` best bounds are scored first; the k-th best exact score then rules out every
    item whose bound is lower. Ties stay in, so the caller's id tie-break is exact too.
    """
    first = 4 * k + 64
    feasible = np.flatnonzero(ok)
    if feasible.size <= first:
        return feasible, exact(feasible)
    masked = np.where(ok, bound, np.float32(-1.0))
    cut = np.partition(masked, masked.size - first)[masked.size - first]
    head = np.flatnonzero(masked >= cut)  # the best bounds (ties included)
    scores = exact(head)
    kth = np.partition(scores, scores.size - k)[scores.size - k]
    masked[head] = -1.0
    extra = np.flatnonzero(masked >= kth)
    if extra.size == 0:
        return head, scores
    return np.concatenate([head, extra]), np.concatenate([scores, exact(extra)])


def _minutes(slots: F32, d2: F32, pt_block: F32 | None) -> F32:
    """``travel_minutes`` for one candidate (``slots`` shape (6,)), skipping unusable slots.

    The same float32 operations: each slot is ``overhead + d * per_km`` (addition commutes
    bit for bit), and the minimum with the first slot's infinity start is that slot itself.
    """
    d = effective_km(d2)
    minutes: F32 | None = None
    for slot in range(3):
        if not np.isfinite(slots[2 * slot]):
            continue
        mins = d * slots[2 * slot + 1]
        mins += slots[2 * slot]
        if slot == 2 and pt_block is not None:
            mins += pt_block
        minutes = mins if minutes is None else np.minimum(minutes, mins, out=minutes)
    return np.full(d.shape, np.inf, dtype=np.float32) if minutes is None else minutes


def rank_for_candidate(
    index: MatchIndex,
    cand_pos: int,
    k: int = 20,
    *,
    weights: WeightProfile = DEFAULT_WEIGHTS,
    policy: Policy = DEFAULT_POLICY,
    eligible: Mask | None = None,
    max_minutes: float | None = None,
) -> Ranking:
    """Best feasible workplaces for one candidate.

    Hard constraints prune first (a grid query or a scan of contiguous arrays, whichever
    touches less); an upper bound on the total then spares the full scoring of workplaces that
    cannot reach the top k. The result is exactly the top-k of sorting a full
    :func:`score_block` row by (score desc, id asc).

    Parameters
    ----------
    index : MatchIndex
    cand_pos : int
        Candidate position in the index.
    k : int
        Length of the list.
    weights : WeightProfile
    policy : Policy
    eligible : ndarray of bool, shape (n_workplaces,), optional
        The caller's filters (kind, place type, forbidden pairs, …): only workplaces where it
        is True are ranked. Pruning runs on the eligible set, so a narrow filter costs less.
    max_minutes : float, optional
        A travel-time filter on top of the candidate's own limit: workplaces whose travel
        time (rounded to 0.1 minute, as explanations show it) is longer are left out.

    Returns
    -------
    Ranking
    """
    wi = index.workplaces
    w = weights.vector
    margin = float(policy.buildup_margin_hours_per_week)
    cb = cand_block(index, np.array([cand_pos], dtype=np.int64), w, margin)
    reach2 = float(cb.reach_km2[0, 0])
    x, y, radius = float(cb.x[0, 0]), float(cb.y[0, 0]), np.sqrt(max(reach2, 0.0))
    radius = float(radius) if reach2 >= 0 else -1.0
    near = wi.near_count(x, y, radius) + len(wi.arranged_pos)
    if near > DENSE_SHARE * len(wi.ids):  # most workplaces in reach: scan contiguous arrays
        cols, d2 = _scan_all(index, cb, radius)
    else:
        sel, packed, req = wi.near(x, y, radius)
        arranged = np.arange(len(sel)) < len(wi.arranged_pos)
        ok, d2 = cheap_checks(cb, tuple(packed.T), arranged, req)
        keep = np.flatnonzero(ok[0])
        cols, d2 = sel[keep], d2[0, keep]
    codes = np.take(wi.codes, cols)  # one gather for every small per-workplace code
    env = np.take(cb.table_a[0], codes & 1023)
    env += np.take(cb.table_b[0], (codes >> 10) & 2047)
    ok = env > NEG / 2
    pt_block = np.take(wi.pt_block, cols) if np.isfinite(cb.slots[0, 4]) else None
    minutes = _minutes(cb.slots[0], d2, pt_block)
    any_arranged = wi.arranged_pos.size > 0
    by_employer = np.take(wi.arranged, cols) if any_arranged else np.zeros(1, dtype=bool)
    travel, reachable = travel_score(minutes, cb.max_minutes[0, 0], by_employer)
    ok &= reachable
    n_feasible = int(np.count_nonzero(ok))
    if eligible is not None:
        ok &= np.take(eligible, cols)
    if max_minutes is not None:
        ok &= ~np.isfinite(minutes) | (minutes < np.float32(max_minutes + 0.05))
    tag = (codes >> 21) & ((1 << 40) - 1)
    per_tagset = tagset_interest(index, cand_pos)
    # Upper bound: the exact total with hours at its maximum and any internship counted. Float
    # addition is monotone, so bound >= exact holds bit for bit and pruning by it is exact.
    has_internship = (
        index.candidates.intern_indptr[cand_pos + 1] > index.candidates.intern_indptr[cand_pos]
    )
    bonus = np.float32(INTERNSHIP_BONUS if has_internship else 0.0)
    wt = by_name(w)
    bound = travel
    bound *= wt["travel"]
    bound += env
    bound += wt["hours"]
    bound += np.take(wt["interests"] * per_tagset, tag)
    sustain = np.take(wi.sustain, cols)
    sustain += bonus
    np.minimum(sustain, np.float32(1.0), out=sustain)
    sustain *= wt["sustainability"]
    bound += sustain

    def exact(sub: I64) -> F32:
        total, _ = finish(
            index, cb, np.zeros(1, dtype=np.int64), cols[sub], d2[sub], env[sub],
            np.take(per_tagset, tag[sub]), w, margin,
        )  # fmt: skip
        return total

    chosen, scores = _bounded(ok, bound, exact, k)
    best = top_k(scores, wi.id_rank[cols[chosen]], k)
    picked = cols[chosen[best]]
    return Ranking(picked, wi.ids[picked], scores[best], n_feasible, int(np.count_nonzero(ok)))


def _candidate_id_rank(index: MatchIndex) -> I64:
    """Rank of each candidate's id (tie-breaks), computed once per index."""
    memo = index.candidates.memo
    rank = memo.get("id_rank")
    if rank is None:
        ids = index.candidates.ids
        rank = np.argsort(np.argsort(ids, kind="stable"), kind="stable").astype(np.int64)
        memo["id_rank"] = rank
    return rank  # type: ignore[return-value]


def _score_one_workplace(
    index: MatchIndex, wp_pos: int, weights: WeightProfile, policy: Policy
) -> tuple[npt.NDArray[np.bool_], F32]:
    """Feasibility and score of every candidate for one workplace, scoring only candidates
    who can reach it: beyond a candidate's ``reach_km2`` no travel mode arrives in time, so
    ``cheap_checks`` would reject the pair anyway (unless the employer arranges transport).
    At 20,000 candidates this skips most of the region instead of scoring all of it."""
    ci, wi = index.candidates, index.workplaces
    n = len(ci.ids)
    if wi.arranged[wp_pos]:
        reachable = np.arange(n, dtype=np.int64)
    else:
        dx = ci.x_km - wi.x_km[wp_pos]
        dy = ci.y_km - wi.y_km[wp_pos]
        reachable = np.flatnonzero(dx * dx + dy * dy <= ci.reach_km2).astype(np.int64)
    ok = np.zeros(n, dtype=bool)
    scores = np.zeros(n, dtype=np.float32)
    if reachable.size:
        block = score_block(index, policy, weights, reachable, [wp_pos])
        ok[reachable] = block.feasible[:, 0]
        scores[reachable] = block.scores[:, 0]
    return ok, scores


def rank_for_workplace(
    index: MatchIndex,
    wp_pos: int,
    k: int = 20,
    *,
    weights: WeightProfile = DEFAULT_WEIGHTS,
    policy: Policy = DEFAULT_POLICY,
    eligible: Mask | None = None,
    counted: Mask | None = None,
    held_back: Mask | None = None,
    held_k: int = 0,
) -> Ranking:
    """Best feasible candidates for one workplace (voorselectie from the employer side).

    Parameters
    ----------
    index : MatchIndex
    wp_pos : int
        Workplace position in the index.
    k : int
    weights : WeightProfile
    policy : Policy
    eligible : ndarray of bool, shape (n_candidates,), optional
        Only candidates where it is True are ranked.
    counted : ndarray of bool, optional
        ``n_feasible`` counts only feasible candidates inside it (e.g. those the caller may
        know exist).
    held_back : ndarray of bool, optional
        Feasible candidates to list apart (``held_positions``), best first, at most ``held_k``.
    held_k : int

    Returns
    -------
    Ranking
        Positions and ids are candidates; ties broken by the smaller candidate id.
    """
    ok, all_scores = _score_one_workplace(index, wp_pos, weights, policy)
    n_feasible = int(np.count_nonzero(ok if counted is None else ok & counted))
    id_rank = _candidate_id_rank(index)
    held, n_held = _EMPTY, 0
    if held_back is not None:
        held_all = np.flatnonzero(ok & held_back)
        n_held = int(held_all.size)
        held = held_all[top_k(all_scores[held_all], id_rank[held_all], held_k)]
    feasible = np.flatnonzero(ok if eligible is None else ok & eligible)
    scores = all_scores[feasible]
    best = top_k(scores, id_rank[feasible], k)
    picked = feasible[best].astype(np.int64)
    ids = index.candidates.ids
    return Ranking(
        picked, ids[picked], scores[best], n_feasible, int(feasible.size),
        held.astype(np.int64), ids[held], n_held,
    )  # fmt: skip
