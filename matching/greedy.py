"""Greedy baseline: best pair first. For comparison with :func:`assign` only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from matching.arrays import MatchIndex
from matching.graph import DEFAULT_TOP_K, MatchGraph
from matching.pinning import pinned_infeasible, prepare
from matching.profiles import DEFAULT_POLICY, Policy
from matching.result import Assignment, make_assignment
from matching.weights import DEFAULT_WEIGHTS, WeightProfile


def greedy_assign(
    source: MatchIndex | MatchGraph,
    *,
    policy: Policy = DEFAULT_POLICY,
    weights: WeightProfile = DEFAULT_WEIGHTS,
    capacities: dict[int, int] | None = None,
    max_per_employer: int | Mapping[int, int] | None = None,
    pinned: Iterable[tuple[int, int]] = (),
    forbidden: Iterable[tuple[int, int]] = (),
    proposals_per_candidate: int = 1,
    top_k: int = DEFAULT_TOP_K,
    n_alternatives: int = 3,
) -> Assignment:
    """Take pairs best first while capacity, employer cap and the candidate's quota allow.

    Pins are placed first. Same graph and constraints as :func:`assign`, without optimality:
    use it to show what an optimiser adds.

    Parameters
    ----------
    source : MatchIndex or MatchGraph
    policy, weights, capacities, max_per_employer, pinned, forbidden, proposals_per_candidate,
    top_k, n_alternatives
        As for :func:`assign`.

    Returns
    -------
    Assignment
        ``method="greedy"``, ``status="FEASIBLE"`` (or ``PINNED_INFEASIBLE``).
    """
    per_candidate = max(proposals_per_candidate, 1)
    ready = prepare(
        source, pinned=pinned, forbidden=forbidden, per_candidate=per_candidate,
        max_per_employer=max_per_employer, capacities=capacities, top_k=top_k, policy=policy,
        weights=weights
    )  # fmt: skip
    if ready.problems:
        return pinned_infeasible(ready, n_alternatives)
    graph, caps, pinned_edges = ready.graph, ready.caps, ready.pinned_edges
    _, emp_code = np.unique(graph.employer_ids, return_inverse=True)
    wp_left = graph.capacity.copy()
    emp_left = caps.copy()
    cand_left = np.full(len(graph.candidate_ids), per_candidate)
    wp_rank = np.argsort(np.argsort(graph.workplace_ids, kind="stable"), kind="stable")
    cand_rank = np.argsort(np.argsort(graph.candidate_ids, kind="stable"), kind="stable")
    order = np.lexsort((wp_rank[graph.edge_wp], cand_rank[graph.edge_cand], -graph.edge_cost))
    taken = np.zeros(len(graph.edge_cand), dtype=bool)
    for e in np.concatenate([pinned_edges, order]).tolist():
        c, w = int(graph.edge_cand[e]), int(graph.edge_wp[e])
        emp = int(emp_code[w])
        if not taken[e] and cand_left[c] > 0 and wp_left[w] > 0 and emp_left[emp] > 0:
            taken[e] = True
            cand_left[c] -= 1
            wp_left[w] -= 1
            emp_left[emp] -= 1
    picked = np.flatnonzero(taken).astype(np.int64)
    return make_assignment(graph, picked, "FEASIBLE", "greedy", pinned_edges, n_alternatives, 0, [])
