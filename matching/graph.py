"""The pruned match graph: per candidate its top-k feasible workplaces, as edge arrays."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from matching.arrays import MatchIndex
from matching.profiles import DEFAULT_POLICY, Policy
from matching.scoring import Blocks, as_positions, blocks_in_threads
from matching.weights import DEFAULT_WEIGHTS, WeightProfile

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]
BOOL = npt.NDArray[np.bool_]
COST_SCALE = 1_000_000
COST_MAX = COST_SCALE + 1
DEFAULT_TOP_K = 30
PER_WP_SHARE = 0.5


@dataclass(frozen=True)
class MatchGraph:
    """Candidates, workplaces with capacity and employer, and scored feasible edges.

    Edges are sorted by candidate, then best first (integer cost desc, workplace id asc).

    Attributes
    ----------
    candidate_ids, workplace_ids : ndarray of int64
    capacity, employer_ids : ndarray of int64, shape (W,)
    edge_cand, edge_wp : ndarray of int64, shape (E,)
        Positions into ``candidate_ids`` and ``workplace_ids``.
    edge_score : ndarray of float32, shape (E,)
    reserve_cand, reserve_wp, reserve_score : ndarray
        Feasible pairs left out by the top-k cut; :func:`assign` prices them against the LP
        duals of its flow and pulls in any that could improve it, so the flow stays exact.
    """

    candidate_ids: I64
    workplace_ids: I64
    capacity: I64
    employer_ids: I64
    edge_cand: I64
    edge_wp: I64
    edge_score: F32
    reserve_cand: I64 = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    reserve_wp: I64 = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    reserve_score: F32 = field(default_factory=lambda: np.zeros(0, dtype=np.float32))

    @property
    def edge_cost(self) -> I64:
        """Integer cost units of each edge: ``round(score * 1e6)``."""
        return np.floor(self.edge_score.astype(np.float64) * COST_SCALE + 0.5).astype(np.int64)


def sort_key(group: I64, score: F32, tiebreak: I64) -> I64:
    """One int64 key ordering by group, then integer cost desc, then tiebreak asc.

    Costs are ``round(score * 1e6)`` (20 bits); group and tiebreak get 21 bits each, so a data
    set may hold up to two million candidates and workplaces.
    """
    cost = np.floor(score.astype(np.float64) * COST_SCALE + 0.5).astype(np.int64)
    return (group.astype(np.int64) << 42) | ((COST_MAX - cost) << 21) | tiebreak.astype(np.int64)


def edge_keys(cand: I64, score: F32, wp_rank: I64) -> I64:
    """The :func:`sorted_graph` order key of edges (unique per edge)."""
    return sort_key(cand, score, wp_rank)


def sorted_graph(graph: MatchGraph) -> MatchGraph:
    rank = np.argsort(np.argsort(graph.workplace_ids, kind="stable"), kind="stable")
    order = np.argsort(edge_keys(graph.edge_cand, graph.edge_score, rank[graph.edge_wp]))
    return replace(
        graph,
        edge_cand=graph.edge_cand[order],
        edge_wp=graph.edge_wp[order],
        edge_score=graph.edge_score[order],
    )


def _pair_positions(
    pairs: Iterable[tuple[int, int]], cand_ids: I64, wp_ids: I64
) -> tuple[I64, I64]:
    """Positions of (candidate id, workplace id) pairs; raises KeyError on unknown ids."""
    cand_pos = {int(c): i for i, c in enumerate(cand_ids)}
    wp_pos = {int(w): i for i, w in enumerate(wp_ids)}
    rows, cols = [], []
    for cand_id, wp_id in pairs:
        if int(cand_id) not in cand_pos or int(wp_id) not in wp_pos:
            raise KeyError(f"unknown pair ({cand_id}, {wp_id})")
        rows.append(cand_pos[int(cand_id)])
        cols.append(wp_pos[int(wp_id)])
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)


def top_per_group(group: I64, value: F32, tiebreak: I64, k: int) -> I64:
    """Indices of each group's k best items by (integer cost desc, tiebreak asc)."""
    counts = np.bincount(group) if group.size else np.zeros(0, dtype=np.int64)
    if counts.size == 0 or counts.max() <= k:
        return np.arange(group.size, dtype=np.int64)
    order = np.argsort(sort_key(group, value, tiebreak))
    sorted_group = group[order]
    starts = np.flatnonzero(np.concatenate([[True], sorted_group[1:] != sorted_group[:-1]]))
    first = np.repeat(starts, np.diff(np.append(starts, len(order))))
    return order[(np.arange(len(order)) - first) < k]


def _merge_best(best: F32, cols: I64, values: F32) -> None:
    """Fold new values (scores in [0, 1]) into the running per-workplace top list (descending)."""
    if cols.size == 0:
        return
    present = np.zeros(len(best), dtype=bool)
    present[cols] = True
    touched = np.flatnonzero(present)
    code = np.zeros(len(best), dtype=np.int64)
    code[touched] = np.arange(len(touched))
    inverse = code[cols]
    k = best.shape[1]
    fresh = np.full((len(touched), k), -1.0, dtype=np.float32)
    # By workplace, then value descending: the bits of a non-negative float32 sort like it.
    bits = values.view(np.int32).astype(np.int64)
    order = np.argsort((inverse << 32) | (np.int64(0x7FFFFFFF) - bits))
    counts = np.bincount(inverse, minlength=len(touched))
    group = inverse[order]
    slot = np.arange(len(order)) - (np.cumsum(counts) - counts)[group]
    fits = slot < k
    fresh[group[fits], slot[fits]] = values[order][fits]
    merged = np.concatenate([best[touched], fresh], axis=1)
    best[touched] = -np.sort(-merged, axis=1)[:, :k]


def build_graph(
    index: MatchIndex,
    *,
    policy: Policy = DEFAULT_POLICY,
    weights: WeightProfile = DEFAULT_WEIGHTS,
    top_k: int = DEFAULT_TOP_K,
    cand_idx: npt.ArrayLike | None = None,
    wp_idx: npt.ArrayLike | None = None,
    forbidden: Iterable[tuple[int, int]] = (),
    capacities: dict[int, int] | None = None,
) -> MatchGraph:
    """Score candidates × workplaces chunk by chunk and keep each candidate's top-k edges.

    Forbidden pairs are removed before the cut, so they never take a slot.

    Parameters
    ----------
    index : MatchIndex
    policy, weights
        As for :func:`score_block`.
    top_k : int
        Edges kept per candidate.
    cand_idx, wp_idx : array_like of int, optional
        Positions taking part (default: all).
    forbidden : iterable of (candidate id, workplace id)
    capacities : dict of workplace id to int, optional
        Overrides ``capacity`` (e.g. places still open); 0 removes a workplace.

    Returns
    -------
    MatchGraph
    """
    ci, wi = index.candidates, index.workplaces
    rows_pos = as_positions(cand_idx, len(ci.ids))
    cols_pos = as_positions(wp_idx, len(wi.ids))
    cand_ids, wp_ids = ci.ids[rows_pos], wi.ids[cols_pos]
    cand_set, wp_set = set(cand_ids.tolist()), set(wp_ids.tolist())
    scoped = [(c, w) for c, w in forbidden if c in cand_set and w in wp_set]
    f_rows, f_cols = _pair_positions(scoped, cand_ids, wp_ids)
    id_rank = wi.id_rank[cols_pos]
    banned = np.sort(f_rows * len(cols_pos) + f_cols)
    per_wp = max(1, int(top_k * PER_WP_SHARE))
    # Running k-th best score per workplace: keeps each workplace's own best candidates in the
    # graph, so workplaces that are attractive to everybody cannot crowd local ones out.
    Collected = tuple[list[tuple[I64, I64, F32, BOOL]], list[tuple[I64, I64, F32]], F32]

    def collect(blocks: Blocks) -> Collected:
        best = np.full((len(cols_pos), per_wp), -1.0, dtype=np.float32)
        parts: list[tuple[I64, I64, F32, BOOL]] = []
        spares: list[tuple[I64, I64, F32]] = []
        for rows, cols, total in blocks:
            if banned.size:
                allowed = ~np.isin(rows * len(cols_pos) + cols, banned)
                rows, cols, total = rows[allowed], cols[allowed], total[allowed]
            # A candidate's pairs all come in one chunk, so its top-k is final here.
            mine = np.zeros(len(rows), dtype=bool)
            mine[top_per_group(rows, total, id_rank[cols], top_k)] = True
            # Workplaces: anything that beats the running k-th best so far may stay.
            theirs = total >= np.take(best[:, -1], cols)
            _merge_best(best, cols[theirs], total[theirs])
            keep = mine | theirs
            drop = ~keep
            parts.append((rows[keep], cols[keep], total[keep], mine[keep]))
            spares.append((rows[drop], cols[drop], total[drop]))
        return parts, spares, best

    # Each thread keeps its own running list; what one dropped is below the merged k-th best.
    collected = blocks_in_threads(index, policy, weights, rows_pos, cols_pos, collect)
    parts = [p for c in collected for p in c[0]]
    spares = [p for c in collected for p in c[1]]
    best = -np.sort(-np.concatenate([c[2] for c in collected], axis=1), axis=1)[:, :per_wp]
    edges = [np.concatenate([p[i] for p in parts]) if parts else np.zeros(0) for i in range(4)]
    if len(edges[0]):
        keep_edge = edges[3].astype(bool) | (edges[2] >= best[edges[1].astype(np.int64), -1])
        spares.append((edges[0][~keep_edge], edges[1][~keep_edge], edges[2][~keep_edge]))
        edges = [e[keep_edge] for e in edges]
    reserve = [np.concatenate([p[i] for p in spares]) if spares else np.zeros(0) for i in range(3)]
    capacity = wi.capacity[cols_pos].copy()
    for wp_id, places in (capacities or {}).items():
        capacity[wp_ids == wp_id] = places
    return sorted_graph(
        MatchGraph(
            candidate_ids=cand_ids,
            workplace_ids=wp_ids,
            capacity=capacity.astype(np.int64, copy=False),
            employer_ids=wi.employer_ids[cols_pos],
            edge_cand=edges[0].astype(np.int64, copy=False),
            edge_wp=edges[1].astype(np.int64, copy=False),
            edge_score=edges[2].astype(np.float32, copy=False),
            reserve_cand=reserve[0].astype(np.int64, copy=False),
            reserve_wp=reserve[1].astype(np.int64, copy=False),
            reserve_score=reserve[2].astype(np.float32, copy=False),
        )
    )


def graph_from_scores(
    scores: npt.ArrayLike,
    candidate_ids: npt.ArrayLike,
    workplace_ids: npt.ArrayLike,
    capacity: npt.ArrayLike,
    employer_ids: npt.ArrayLike,
    *,
    feasible: npt.ArrayLike | None = None,
    top_k: int | None = None,
) -> MatchGraph:
    """Build a graph from a precomputed score matrix (e.g. a ``BlockScores``).

    Parameters
    ----------
    scores : array_like, shape (C, W)
        Scores in [0, 1].
    candidate_ids, workplace_ids : array_like of int
    capacity, employer_ids : array_like of int, shape (W,)
    feasible : array_like of bool, shape (C, W), optional
        Default: every pair is feasible.
    top_k : int, optional
        Keep only each candidate's k best edges (default: all).

    Returns
    -------
    MatchGraph
    """
    matrix = np.asarray(scores, dtype=np.float32)
    mask = np.ones(matrix.shape, dtype=bool) if feasible is None else np.asarray(feasible, bool)
    wp_ids = np.asarray(workplace_ids, dtype=np.int64)
    n_c, n_w = matrix.shape
    if top_k is not None and n_w > top_k:
        masked = np.where(mask, matrix, np.float32(-1.0))
        keep = masked >= np.partition(masked, n_w - top_k, axis=1)[:, n_w - top_k, None]
        per_wp = max(1, int(top_k * PER_WP_SHARE))
        if n_c > per_wp:  # each workplace also keeps its own best candidates (see build_graph)
            keep |= masked >= np.partition(masked, n_c - per_wp, axis=0)[n_c - per_wp]
        reserve = np.nonzero(mask & ~keep)
        mask = mask & keep
    else:
        reserve = (np.zeros(0, np.int64), np.zeros(0, np.int64))
    rows, cols = np.nonzero(mask)
    return sorted_graph(
        MatchGraph(
            candidate_ids=np.asarray(candidate_ids, dtype=np.int64),
            workplace_ids=wp_ids,
            capacity=np.asarray(capacity, dtype=np.int64),
            employer_ids=np.asarray(employer_ids, dtype=np.int64),
            edge_cand=rows.astype(np.int64),
            edge_wp=cols.astype(np.int64),
            edge_score=matrix[rows, cols],
            reserve_cand=reserve[0].astype(np.int64),
            reserve_wp=reserve[1].astype(np.int64),
            reserve_score=matrix[reserve],
        )
    )
