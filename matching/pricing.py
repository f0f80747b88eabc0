"""Exactness for pruned graphs: LP duals from the flow and pricing of the left-out pairs.

A flow on the top-k graph is optimal for that graph only. Node potentials (shortest-path
distances in the residual graph, computed by a vectorised Bellman-Ford) are optimal LP duals;
a left-out feasible pair (c, w) could improve the solution only if its reduced cost
``-cost + d(c) - d(w)`` is negative. Such pairs are added and the flow is solved again, until
none is left: the result is then optimal for the full feasible set.

With an exposure floor (:class:`Floor`) the same holds for the floor's objective: the bypass
arcs then carry the floor's penalty, the potentials are those of that model, and the pricing
proves the floor's lexicographic optimum (most candidates covered, then the best score) for
all feasible pairs, not just for the pairs the top-k cut and the plain pricing pulled in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from matching.graph import COST_SCALE, MatchGraph, edge_keys

I64 = npt.NDArray[np.int64]
MAX_ROUNDS = 30
TRIM_ROUNDS = 6  # rounds that may shrink the working set; later rounds only grow it
MARGIN = 10_000  # cost units (1 % of a score point), see WorkingSet.step
KEEP_SLACK = 20_000


@dataclass(frozen=True)
class Floor:
    """An exposure floor as the flow models it (see ``assignment.solve_flow``).

    Attributes
    ----------
    need : ndarray of int64, shape (C,)
        Units per candidate whose bypass costs ``big`` (floor proposals not given).
    big : int
        Larger than any flow's total score, so one more floor unit covered outweighs any
        score difference.
    """

    need: I64
    big: int


def _residual(
    graph: MatchGraph, caps: I64, per_candidate: int, chosen: I64, floor: Floor | None = None
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
    # A candidate's unused units bypass to the sink: first over the free arc (cost 0,
    # capacity per_candidate - need), then over the floor's arc (cost big, capacity need).
    need = np.zeros(n_c, dtype=np.int64) if floor is None else floor.need
    big = 0 if floor is None else floor.big
    bypass = per_candidate - cand_flow
    free = np.minimum(per_candidate - need, bypass)
    penalised = bypass - free
    parts = [
        (np.where(used, n_c + graph.edge_wp, graph.edge_cand),
         np.where(used, graph.edge_cand, n_c + graph.edge_wp), np.where(used, cost, -cost)),
        (wp_node[wp_flow < graph.capacity], emp_node[wp_flow < graph.capacity], 0),
        (emp_node[wp_flow > 0], wp_node[wp_flow > 0], 0),
        (employer[emp_flow < caps], np.full(int((emp_flow < caps).sum()), sink), 0),
        (np.full(int((emp_flow > 0).sum()), sink), employer[emp_flow > 0], 0),
        (cand[free < per_candidate - need],
         np.full(int((free < per_candidate - need).sum()), sink), 0),
        (np.full(int((free > 0).sum()), sink), cand[free > 0], 0),
        (cand[penalised < need], np.full(int((penalised < need).sum()), sink), big),
        (np.full(int((penalised > 0).sum()), sink), cand[penalised > 0], -big),
    ]  # fmt: skip
    tails = np.concatenate([p[0] for p in parts]).astype(np.int64)
    heads = np.concatenate([p[1] for p in parts]).astype(np.int64)
    costs = np.concatenate(
        [p[2] if isinstance(p[2], np.ndarray) else np.full(len(p[0]), p[2]) for p in parts]
    ).astype(np.int64)
    return tails, heads, costs


def potentials(
    graph: MatchGraph, caps: I64, per_candidate: int, chosen: I64, floor: Floor | None = None
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
    floor : Floor, optional
        The exposure floor the flow was solved with.

    Returns
    -------
    tuple of ndarray of int64 or None
        Distances of candidate nodes and workplace nodes.
    """
    tails, heads, costs = _residual(graph, caps, per_candidate, chosen, floor)
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


@dataclass
class WorkingSet:
    """Column generation over a pruned graph, with a small working set per solve.

    ``full`` holds every edge that has been in play (the top-k graph plus every reserve pair
    pulled in), sorted as :func:`sorted_graph` sorts; it is what the answer is built from, so
    alternatives stay the candidate's best options. Each solve runs on ``full[work]`` only:
    the chosen edges, the edges whose reduced cost is within ``keep_slack`` of zero and the
    newly pulled pairs. A solve costs about 0.03 s plus 0.4 µs per edge (OR-Tools builds its
    graph from scratch each time), so a small working set makes the repair rounds cheap.
    Exactness does not depend on it: every round prices *all* pairs outside the working set
    (left-out ``full`` edges and the reserve), and the loop ends only when none has a positive
    reduced cost.
    """

    full: MatchGraph
    work: npt.NDArray[np.bool_]
    reserve_cost: I64
    reserve_left: npt.NDArray[np.bool_]

    @classmethod
    def start(cls, graph: MatchGraph) -> WorkingSet:
        scaled = graph.reserve_score.astype(np.float64) * COST_SCALE + 0.5
        return cls(
            full=graph,
            work=np.ones(len(graph.edge_cand), dtype=bool),
            reserve_cost=np.floor(scaled).astype(np.int64),
            reserve_left=np.ones(len(graph.reserve_cand), dtype=bool),
        )

    def subgraph(self) -> MatchGraph:
        """The edges of the working set (same order as in ``full``)."""
        keep = self.work
        return replace(
            self.full,
            edge_cand=self.full.edge_cand[keep],
            edge_wp=self.full.edge_wp[keep],
            edge_score=self.full.edge_score[keep],
        )

    def step(
        self, chosen: I64, cand_dist: I64, wp_dist: I64, margin: int, keep_slack: int | None
    ) -> bool:
        """Price every pair against the duals; pull in the violators. False when optimal.

        Parameters
        ----------
        chosen : ndarray of int64
            Chosen edges as indices into ``full``.
        cand_dist, wp_dist : ndarray of int64
            From :func:`potentials` on the working set.
        margin : int
            Also pull pairs whose reduced cost is above ``-margin`` (anticipates how the duals
            move, saving a round); only when some pair truly violates.
        keep_slack : int or None
            Keep working-set edges with reduced cost above ``-keep_slack``; None keeps all.
        """
        full = self.full
        red = full.edge_cost - (cand_dist[full.edge_cand] - wp_dist[full.edge_wp])
        rc, rw = full.reserve_cand, full.reserve_wp
        # The reserve holds millions of pairs: one buffer, no temporaries, and the violation
        # test only on the few pairs near zero (margin >= 0, so violators are among them).
        reserve_red = np.take(cand_dist, rc)
        np.subtract(self.reserve_cost, reserve_red, out=reserve_red)
        reserve_red += np.take(wp_dist, rw)
        hot = reserve_red > -margin
        hot &= self.reserve_left
        pulled = np.flatnonzero(hot)
        if not ((red[~self.work] > 0).any() or (reserve_red[pulled] > 0).any()):
            return False
        self.reserve_left[pulled] = False
        work = (red > -margin) | self.work if keep_slack is None else red > -max(margin, keep_slack)
        work[chosen] = True
        self.full, new_at, old_at = insert_edges(full, rc[pulled], rw[pulled],
                                                 full.reserve_score[pulled])  # fmt: skip
        self.work = np.zeros(len(self.full.edge_cand), dtype=bool)
        self.work[old_at[work]] = True
        self.work[new_at] = True
        return True


def insert_edges(
    graph: MatchGraph, cand: I64, wp: I64, score: npt.NDArray[np.float32]
) -> tuple[MatchGraph, I64, I64]:
    """Merge new edges into a sorted graph; the same order as :func:`sorted_graph` gives.

    Returns the merged graph, the new edges' positions and the old edges' new positions.
    The reserve fields are kept as they are (see :class:`WorkingSet`).
    """
    rank = np.argsort(np.argsort(graph.workplace_ids, kind="stable"), kind="stable")
    old_keys = edge_keys(graph.edge_cand, graph.edge_score, rank[graph.edge_wp])
    new_keys = edge_keys(cand, score, rank[wp])
    order = np.argsort(new_keys)
    at = np.searchsorted(old_keys, new_keys[order])
    n_old = len(old_keys)
    old_at = np.arange(n_old, dtype=np.int64) + np.searchsorted(at, np.arange(n_old), "right")
    new_at = (at + np.arange(len(at))).astype(np.int64)
    merged = replace(
        graph,
        edge_cand=np.insert(graph.edge_cand, at, cand[order]),
        edge_wp=np.insert(graph.edge_wp, at, wp[order]),
        edge_score=np.insert(graph.edge_score, at, score[order]),
    )
    return merged, new_at, old_at
