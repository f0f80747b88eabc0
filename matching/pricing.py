"""Exactness for pruned graphs: LP duals from the flow and pricing of the left-out pairs.

A flow on the top-k graph is optimal for that graph only. Node potentials (shortest-path
distances in the residual graph, computed by a vectorised Bellman-Ford) are optimal LP duals;
a left-out feasible pair (c, w) could improve the solution only if its reduced cost
``-cost + d(c) - d(w)`` is negative. Such pairs are added and the flow is solved again, until
none is left: the result is then optimal for the full feasible set.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import numpy.typing as npt

from matching.graph import MatchGraph, edge_keys, sorted_graph

I64 = npt.NDArray[np.int64]
MAX_ROUNDS = 8


def _residual(
    graph: MatchGraph, caps: I64, per_candidate: int, chosen: I64
) -> tuple[I64, I64, I64]:
    n_c, n_w = len(graph.candidate_ids), len(graph.workplace_ids)
    _, emp = np.unique(graph.employer_ids, return_inverse=True)
    n_e = len(caps)
    sink = n_c + n_w + n_e
    used = np.zeros(len(graph.edge_cand), dtype=bool)
    used[chosen] = True
    wp_flow = np.bincount(graph.edge_wp[chosen], minlength=n_w)
    emp_flow = np.bincount(emp, weights=wp_flow, minlength=n_e).astype(np.int64)
    cand_flow = np.bincount(graph.edge_cand[chosen], minlength=n_c)
    cost = graph.edge_cost
    wp_node, emp_node = n_c + np.arange(n_w), n_c + n_w + emp
    employer = n_c + n_w + np.arange(n_e)
    cand = np.arange(n_c)
    parts = [
        (np.where(used, n_c + graph.edge_wp, graph.edge_cand),
         np.where(used, graph.edge_cand, n_c + graph.edge_wp), np.where(used, cost, -cost)),
        (wp_node[wp_flow < graph.capacity], emp_node[wp_flow < graph.capacity], None),
        (emp_node[wp_flow > 0], wp_node[wp_flow > 0], None),
        (employer[emp_flow < caps], np.full(int((emp_flow < caps).sum()), sink), None),
        (np.full(int((emp_flow > 0).sum()), sink), employer[emp_flow > 0], None),
        (cand[cand_flow > 0], np.full(int((cand_flow > 0).sum()), sink), None),
        (np.full(int((cand_flow < per_candidate).sum()), sink),
         cand[cand_flow < per_candidate], None),
    ]  # fmt: skip
    tails = np.concatenate([p[0] for p in parts]).astype(np.int64)
    heads = np.concatenate([p[1] for p in parts]).astype(np.int64)
    costs = np.concatenate(
        [p[2] if p[2] is not None else np.zeros(len(p[0]), np.int64) for p in parts]
    ).astype(np.int64)
    return tails, heads, costs


def potentials(
    graph: MatchGraph, caps: I64, per_candidate: int, chosen: I64
) -> tuple[I64, I64] | None:
    """Shortest-path potentials of candidates and workplaces, or None if they do not settle.

    Parameters
    ----------
    graph : MatchGraph
    caps : ndarray of int64
        Employer caps as used by the flow.
    per_candidate : int
    chosen : ndarray of int64
        Edges of an optimal flow on ``graph``.

    Returns
    -------
    tuple of ndarray of int64 or None
        Distances of candidate nodes and workplace nodes.
    """
    tails, heads, costs = _residual(graph, caps, per_candidate, chosen)
    n_nodes = len(graph.candidate_ids) + len(graph.workplace_ids) + len(caps) + 1
    order = np.argsort(heads, kind="stable")
    tails, heads, costs = tails[order], heads[order], costs[order]
    targets, starts = np.unique(heads, return_index=True)
    dist = np.zeros(n_nodes, dtype=np.int64)  # a virtual root reaches every node at cost 0
    for _ in range(n_nodes):
        best = np.minimum.reduceat(dist[tails] + costs, starts) if len(tails) else dist[:0]
        better = best < dist[targets]
        if not better.any():
            n_c = len(graph.candidate_ids)
            return dist[:n_c], dist[n_c : n_c + len(graph.workplace_ids)]
        dist[targets[better]] = best[better]
    return None


def add_violators(graph: MatchGraph, cand_dist: I64, wp_dist: I64) -> MatchGraph | None:
    """Move reserve pairs with a negative reduced cost into the graph; None when there are none.

    Parameters
    ----------
    graph : MatchGraph
    cand_dist, wp_dist : ndarray of int64
        From :func:`potentials`.

    Returns
    -------
    MatchGraph or None
    """
    if graph.reserve_cand.size == 0:
        return None
    cost = np.floor(graph.reserve_score.astype(np.float64) * 1_000_000 + 0.5).astype(np.int64)
    bad = cost > cand_dist[graph.reserve_cand] - wp_dist[graph.reserve_wp]
    if not bad.any():
        return None
    keep = ~bad
    return sorted_graph(
        replace(
            graph,
            edge_cand=np.concatenate([graph.edge_cand, graph.reserve_cand[bad]]),
            edge_wp=np.concatenate([graph.edge_wp, graph.reserve_wp[bad]]),
            edge_score=np.concatenate([graph.edge_score, graph.reserve_score[bad]]),
            reserve_cand=graph.reserve_cand[keep],
            reserve_wp=graph.reserve_wp[keep],
            reserve_score=graph.reserve_score[keep],
        )
    )


class Reserve:
    """The reserve of a graph during pricing: integer costs computed once, pairs leave as they
    join the graph (same pairs, same order as repeated :func:`add_violators` calls)."""

    def __init__(self, graph: MatchGraph) -> None:
        self.cand, self.wp, self.score = graph.reserve_cand, graph.reserve_wp, graph.reserve_score
        self.cost: I64 | None = None  # computed on first use
        self.left = np.ones(len(self.cand), dtype=bool)

    def add_violators(self, graph: MatchGraph, cand_dist: I64, wp_dist: I64) -> MatchGraph | None:
        """``graph`` plus the reserve pairs with a negative reduced cost; None when none.

        The returned graph's own reserve fields are left empty: the reserve lives here.
        """
        if self.cost is None:
            scaled = self.score.astype(np.float64) * 1_000_000 + 0.5
            self.cost = np.floor(scaled).astype(np.int64)
        bad = self.cost > cand_dist[self.cand] - wp_dist[self.wp]
        bad &= self.left
        pulled = np.flatnonzero(bad)
        if pulled.size == 0:
            return None
        self.left[pulled] = False
        return insert_edges(graph, self.cand[pulled], self.wp[pulled], self.score[pulled])


def insert_edges(
    graph: MatchGraph, cand: I64, wp: I64, score: npt.NDArray[np.float32]
) -> MatchGraph:
    """Merge new edges into a sorted graph; the same order as :func:`sorted_graph` gives."""
    rank = np.argsort(np.argsort(graph.workplace_ids, kind="stable"), kind="stable")
    old_keys = edge_keys(graph.edge_cand, graph.edge_score, rank[graph.edge_wp])
    new_keys = edge_keys(cand, score, rank[wp])
    order = np.argsort(new_keys)
    at = np.searchsorted(old_keys, new_keys[order])
    empty = np.zeros(0, dtype=np.int64)
    return replace(
        graph,
        edge_cand=np.insert(graph.edge_cand, at, cand[order]),
        edge_wp=np.insert(graph.edge_wp, at, wp[order]),
        edge_score=np.insert(graph.edge_score, at, score[order]),
        reserve_cand=empty,
        reserve_wp=empty,
        reserve_score=np.zeros(0, dtype=np.float32),
    )
