"""Side constraints of an assignment: forbidden pairs, employer caps and pinned pairs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from matching.arrays import MatchIndex
from matching.constraints import decode_reasons
from matching.graph import MatchGraph, build_graph, sorted_graph
from matching.profiles import Policy
from matching.result import Assignment, make_assignment
from matching.scoring import score_block
from matching.weights import WeightProfile

I64 = npt.NDArray[np.int64]


def filter_forbidden(
    graph: MatchGraph, bans: set[tuple[int, int]], capacities: Mapping[int, int] | None
) -> MatchGraph:
    """Drop forbidden edges and apply capacity overrides to a ready-made graph."""
    capacity = graph.capacity.copy()
    for wp_id, places in (capacities or {}).items():
        capacity[graph.workplace_ids == wp_id] = places
    if not bans:
        return replace(graph, capacity=capacity)
    cand_pos = {int(c): i for i, c in enumerate(graph.candidate_ids)}
    wp_pos = {int(w): i for i, w in enumerate(graph.workplace_ids)}
    n_w = len(graph.workplace_ids)
    banned = np.array(
        sorted(cand_pos[c] * n_w + wp_pos[w] for c, w in bans if c in cand_pos and w in wp_pos),
        dtype=np.int64,
    )
    keep = ~np.isin(graph.edge_cand * n_w + graph.edge_wp, banned)
    spare = ~np.isin(graph.reserve_cand * n_w + graph.reserve_wp, banned)
    return replace(
        graph,
        capacity=capacity,
        edge_cand=graph.edge_cand[keep],
        edge_wp=graph.edge_wp[keep],
        edge_score=graph.edge_score[keep],
        reserve_cand=graph.reserve_cand[spare],
        reserve_wp=graph.reserve_wp[spare],
        reserve_score=graph.reserve_score[spare],
    )


def employer_caps(graph: MatchGraph, max_per_employer: int | Mapping[int, int] | None) -> I64:
    """Cap per employer in ``np.unique(graph.employer_ids)`` order (no cap = all its places)."""
    employers, code = np.unique(graph.employer_ids, return_inverse=True)
    caps = np.bincount(code, weights=graph.capacity, minlength=len(employers)).astype(np.int64)
    if isinstance(max_per_employer, int):
        return np.minimum(caps, max_per_employer)
    for employer, cap in (max_per_employer or {}).items():
        caps[employers == employer] = np.minimum(caps[employers == employer], cap)
    return caps


def _edge_lookup(graph: MatchGraph) -> dict[tuple[int, int], int]:
    return {
        (int(c), int(w)): e
        for e, (c, w) in enumerate(zip(graph.edge_cand, graph.edge_wp, strict=True))
    }


def check_pins(
    graph: MatchGraph,
    pins: list[tuple[int, int]],
    bans: set[tuple[int, int]],
    caps: I64,
    per_candidate: int,
    source: MatchIndex | MatchGraph,
    policy: Policy,
    weights: WeightProfile,
) -> tuple[MatchGraph, I64, list[str]]:
    """Make sure every pinned pair is an edge and that the pins fit together.

    Returns
    -------
    graph : MatchGraph
        With pinned edges added when they were outside the top-k.
    pinned_edges : ndarray of int64
        Edge indices of the pins.
    problems : list of str
        Empty when the pins are feasible; otherwise ``code: detail`` strings.
    """
    if not pins:
        return graph, np.zeros(0, dtype=np.int64), []
    cand_pos = {int(c): i for i, c in enumerate(graph.candidate_ids)}
    wp_pos = {int(w): i for i, w in enumerate(graph.workplace_ids)}
    unknown = [p for p in pins if p[0] not in cand_pos or p[1] not in wp_pos]
    if unknown:
        raise ValueError(f"pinned pairs with unknown ids: {unknown}")
    problems = [f"pinned_forbidden: ({c}, {w})" for c, w in pins if (c, w) in bans]
    edges = _edge_lookup(graph)
    extra: list[tuple[int, int, float]] = []
    for c, w in pins:
        key = (cand_pos[c], wp_pos[w])
        if key in edges or (c, w) in bans:
            continue
        if not isinstance(source, MatchIndex):
            problems.append(f"pinned_not_feasible: ({c}, {w}) is not an edge of the graph")
            continue
        ci_pos = int(np.flatnonzero(source.candidates.ids == c)[0])
        wi_pos = int(np.flatnonzero(source.workplaces.ids == w)[0])
        block = score_block(source, policy, weights, [ci_pos], [wi_pos], include_reasons=True)
        if block.feasible[0, 0]:
            extra.append((key[0], key[1], float(block.scores[0, 0])))
        else:
            codes = ", ".join(decode_reasons(int(block.reasons[0, 0])))  # type: ignore[index]
            problems.append(f"pinned_not_feasible: ({c}, {w}) {codes}")
    if extra:
        graph = sorted_graph(
            replace(
                graph,
                edge_cand=np.concatenate([graph.edge_cand, [e[0] for e in extra]]).astype(np.int64),
                edge_wp=np.concatenate([graph.edge_wp, [e[1] for e in extra]]).astype(np.int64),
                edge_score=np.concatenate([graph.edge_score, [e[2] for e in extra]]).astype(
                    np.float32
                ),
            )
        )
        edges = _edge_lookup(graph)
    employers, emp_code = np.unique(graph.employer_ids, return_inverse=True)
    per_wp = Counter(wp_pos[w] for _, w in pins)
    per_emp = Counter(int(emp_code[wp_pos[w]]) for _, w in pins)
    per_cand = Counter(c for c, _ in pins)
    problems += [
        f"pinned_over_capacity: workplace {graph.workplace_ids[p]}"
        for p, n in sorted(per_wp.items())
        if n > graph.capacity[p]
    ]
    problems += [
        f"pinned_over_employer_cap: employer {employers[e]}"
        for e, n in sorted(per_emp.items())
        if n > caps[e]
    ]
    problems += [
        f"pinned_too_many: candidate {c}" for c, n in sorted(per_cand.items()) if n > per_candidate
    ]
    pinned_edges = [
        edges[(cand_pos[c], wp_pos[w])] for c, w in pins if (cand_pos[c], wp_pos[w]) in edges
    ]
    return graph, np.array(sorted(pinned_edges), dtype=np.int64), problems


@dataclass(frozen=True)
class Prepared:
    """A graph with forbidden pairs removed, employer caps and checked pins (or problems)."""

    graph: MatchGraph
    caps: I64
    pins: list[tuple[int, int]]
    pinned_edges: I64
    problems: list[str]


def prepare(
    source: MatchIndex | MatchGraph,
    *,
    pinned: Iterable[tuple[int, int]],
    forbidden: Iterable[tuple[int, int]],
    per_candidate: int,
    max_per_employer: int | Mapping[int, int] | None,
    capacities: dict[int, int] | None,
    top_k: int,
    policy: Policy,
    weights: WeightProfile,
) -> Prepared:
    """What every assignment method does first (the optimiser and the greedy baseline alike)."""
    pins = list(dict.fromkeys((int(c), int(w)) for c, w in pinned))
    bans = {(int(c), int(w)) for c, w in forbidden}
    if isinstance(source, MatchIndex):
        graph = build_graph(
            source,
            policy=policy,
            weights=weights,
            top_k=top_k,
            forbidden=bans,
            capacities=capacities,
        )
    else:
        graph = filter_forbidden(source, bans, capacities)
    caps = employer_caps(graph, max_per_employer)
    graph, pinned_edges, problems = check_pins(
        graph, pins, bans, caps, per_candidate, source, policy, weights
    )
    return Prepared(graph, caps, pins, pinned_edges, problems)


def pinned_infeasible(ready: Prepared, n_alternatives: int) -> Assignment:
    """The answer when the pins cannot all hold: no proposals, the problems named."""
    return make_assignment(
        ready.graph,
        np.zeros(0, np.int64),
        "PINNED_INFEASIBLE",
        "none",
        ready.pinned_edges,
        n_alternatives,
        0,
        ready.problems,
    )
