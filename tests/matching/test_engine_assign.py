"""Assignment: constraints always hold, flow is optimal, CP-SAT handles the side constraints."""

from collections import Counter

import numpy as np
from engine_factories import make_candidate, make_workplace, random_candidates, random_workplaces
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matching import (
    assign,
    build_graph,
    build_index,
    graph_from_scores,
    greedy_assign,
    score_block,
    split_exact,
)

seeds = st.integers(min_value=0, max_value=10_000)


def _index(seed: int, n_c: int = 40, n_w: int = 50):
    return build_index(
        random_candidates(n_c, seed=seed, spread_deg=0.12),
        random_workplaces(n_w, seed=seed + 1, spread_deg=0.12, per_employer=4),
    )


def _dense(seed: int, n_c: int, n_w: int) -> tuple[np.random.Generator, np.ndarray]:
    """Scores for every pair (no constraint removes any): the top-k cut matters most."""
    rng = np.random.default_rng(seed)
    return rng, np.round(rng.random((n_c, n_w)), 6).astype(np.float32)


def _check(index, result, cap=None, forbidden=(), pinned=()):
    block = score_block(index)
    cand_pos = {int(c): i for i, c in enumerate(index.candidates.ids)}
    wp_pos = {int(w): i for i, w in enumerate(index.workplaces.ids)}
    pairs = result.pairs()
    for c, w in pairs:
        assert block.feasible[cand_pos[c], wp_pos[w]]
        assert (c, w) not in set(forbidden)
    per_wp = Counter(w for _, w in pairs)
    for w, n in per_wp.items():
        assert n <= index.workplaces.capacity[wp_pos[w]]
    if cap is not None:
        per_employer = Counter(int(index.workplaces.employer_ids[wp_pos[w]]) for _, w in pairs)
        assert max(per_employer.values(), default=0) <= cap
    assert set(pinned) <= set(pairs)
    assert len({c for c, _ in pairs}) == len(pairs)


@settings(max_examples=8, deadline=None)
@given(seeds, st.integers(min_value=1, max_value=3))
def test_assign_never_breaks_capacity_cap_or_forbidden_pair(seed, cap):
    index = _index(seed)
    first = assign(index, max_per_employer=cap)
    forbidden = first.pairs()[:3]
    result = assign(index, max_per_employer=cap, forbidden=forbidden)
    assert result.status == "OPTIMAL" and result.method == "min_cost_flow"
    _check(index, result, cap, forbidden)
    greedy = greedy_assign(index, max_per_employer=cap, forbidden=forbidden)
    _check(index, greedy, cap, forbidden)
    assert result.objective >= greedy.objective - 1e-9


@settings(max_examples=6, deadline=None)
@given(seeds)
def test_assign_keeps_pinned_pairs(seed):
    index = _index(seed)
    base = assign(index, max_per_employer=2)
    pins = [
        (p.candidate_id, p.alternatives[0].workplace_id) for p in base.proposals if p.alternatives
    ][:2]
    result = assign(index, max_per_employer=2, pinned=pins, time_limit_s=20)
    if result.status == "PINNED_INFEASIBLE":  # two pins on one full workplace or employer
        assert result.problems and not result.pairs()
        return
    assert result.method == "cp_sat" and result.status == "OPTIMAL"
    _check(index, result, 2, pinned=pins)
    assert result.objective <= base.objective + 1e-9


def test_assign_reports_infeasible_pin_with_reason():
    cand = make_candidate(max_travel_minutes=10)
    far = make_workplace(1, lat=52.6)
    near = make_workplace(2)
    result = assign(build_index([cand], [far, near]), pinned=[(1, 1)])
    assert result.status == "PINNED_INFEASIBLE"
    assert "travel_too_far" in result.problems[0]
    assert result.pairs() == []


def test_assign_min_proposals_reaches_hard_to_place_candidate():
    # Candidate 1 fits workplace 10 best; candidate 2 can only go there. Score alone gives 10
    # to candidate 1 (0.9 > 0.3 + 0.55); a minimum of one proposal covers both.
    scores = np.array([[0.9, 0.3], [0.55, 0.0]], dtype=np.float32)
    feasible = np.array([[True, True], [True, False]])
    graph = graph_from_scores(scores, [1, 2], [10, 20], [1, 1], [100, 200], feasible=feasible)
    plain = assign(graph)
    fair = assign(graph, min_proposals_per_candidate=1)
    assert plain.pairs() == [(1, 10)]
    assert fair.method == "min_cost_flow" and fair.status == "OPTIMAL"
    assert sorted(fair.pairs()) == [(1, 20), (2, 10)]
    assert fair.below_minimum == ()


@settings(max_examples=25, deadline=None)
@given(
    seeds,
    st.integers(min_value=2, max_value=10),
    st.integers(min_value=2, max_value=10),
    st.integers(min_value=1, max_value=3),
)
def test_floor_of_one_by_flow_equals_cp_sat(seed, n_c, n_w, per_candidate):
    """The flow's floor (a bonus per first proposal) reaches CP-SAT's lexicographic optimum:
    as many candidates covered, and the same score."""
    rng = np.random.default_rng(seed)
    scores = np.round(rng.random((n_c, n_w)), 6).astype(np.float32)
    feasible = rng.random((n_c, n_w)) < 0.5
    capacity = rng.integers(1, 3, n_w)
    graph = graph_from_scores(scores, np.arange(n_c) + 1, np.arange(n_w) + 1, capacity,
                              np.arange(n_w) % 3, feasible=feasible)  # fmt: skip
    flow = assign(graph, min_proposals_per_candidate=1, proposals_per_candidate=per_candidate,
                  max_per_employer=2)  # fmt: skip
    cp = assign(graph, min_proposals_per_candidate=1, proposals_per_candidate=per_candidate,
                max_per_employer=2, method="cp_sat")  # fmt: skip
    assert flow.method == "min_cost_flow" and cp.status == "OPTIMAL"
    covered = lambda r: len({c for c, _ in r.pairs()})  # noqa: E731
    assert covered(flow) == covered(cp)
    assert flow.objective_units == cp.objective_units
    assert flow.below_minimum == cp.below_minimum


@settings(max_examples=10, deadline=None)
@given(seeds, st.integers(min_value=2, max_value=12), st.integers(min_value=2, max_value=12))
def test_flow_objective_equals_linear_sum_assignment(seed, n_c, n_w):
    rng = np.random.default_rng(seed)
    scores = np.round(rng.random((n_c, n_w)), 6).astype(np.float32)
    feasible = rng.random((n_c, n_w)) < 0.7
    capacity = rng.integers(1, 4, n_w)
    graph = graph_from_scores(scores, np.arange(n_c) + 1, np.arange(n_w) + 1, capacity,
                              np.arange(n_w), feasible=feasible)  # fmt: skip
    result = assign(graph)
    expanded = np.where(feasible, scores.astype(np.float64), 0)[
        :, np.repeat(np.arange(n_w), capacity)
    ]
    rows, cols = linear_sum_assignment(expanded, maximize=True)
    units = np.floor(expanded * 1e6 + 0.5)[rows, cols].sum()
    assert result.objective_units == units
    cp = assign(graph, method="cp_sat")
    assert cp.objective_units == result.objective_units


def test_assign_is_deterministic_and_lists_alternatives():
    index = _index(7)
    first, second = assign(index, max_per_employer=2), assign(index, max_per_employer=2)
    assert first == second
    graph = build_graph(index)
    assert assign(graph, max_per_employer=2).pairs() == first.pairs()
    some = [p for p in first.proposals if p.alternatives]
    assert some and all(
        a.score <= b.score
        for p in some
        for a, b in zip(p.alternatives[1:], p.alternatives, strict=False)
    )


def test_split_exact_keeps_sum_and_rounds_fairly():
    assert split_exact(10, [3.4, 3.3, 3.3]) == [4, 3, 3]
    assert sum(split_exact(7, [0.6] * 11)) == 7
    assert split_exact(0, [0.0, 0.0]) == [0, 0]


@settings(max_examples=6, deadline=None)
@given(seeds, st.integers(min_value=1, max_value=4))
def test_assign_stays_exact_when_top_k_cut_is_tiny(seed, k):
    # Dense scores with few places: the top-k cut drops edges the optimum needs, pricing
    # against the LP duals must pull them back in.
    n_c, n_w = 30, 12
    rng, scores = _dense(seed, n_c, n_w)
    capacity = rng.integers(1, 3, n_w)
    graph = graph_from_scores(scores, np.arange(n_c) + 1, np.arange(n_w) + 1, capacity,
                              np.arange(n_w), top_k=k)  # fmt: skip
    expanded = scores.astype(np.float64)[:, np.repeat(np.arange(n_w), capacity)]
    rows, cols = linear_sum_assignment(expanded, maximize=True)
    assert assign(graph).objective_units == np.floor(expanded * 1e6 + 0.5)[rows, cols].sum()


def test_assign_from_index_matches_optimum_of_full_score_matrix():
    index = _index(3, n_c=60, n_w=40)
    block = score_block(index)
    capacity = index.workplaces.capacity
    expanded = np.where(block.feasible, block.scores, 0).astype(np.float64)
    expanded = expanded[:, np.repeat(np.arange(len(capacity)), capacity)]
    rows, cols = linear_sum_assignment(expanded, maximize=True)
    best = np.floor(expanded * 1e6 + 0.5)[rows, cols].sum()
    assert assign(index, top_k=2).objective_units == best


@settings(max_examples=6, deadline=None)
@given(seeds, st.integers(min_value=1, max_value=3))
def test_pricing_stays_exact_under_employer_caps(seed, k):
    # Employer caps make the duals move more between rounds; the working set must still end
    # at the optimum of the full graph (CP-SAT on every pair as the reference).
    n_c, n_w = 24, 12
    rng, scores = _dense(seed, n_c, n_w)
    args = (np.arange(n_c) + 1, np.arange(n_w) + 1, rng.integers(1, 3, n_w), np.arange(n_w) // 3)
    full = assign(graph_from_scores(scores, *args), max_per_employer=2, method="cp_sat")
    pruned = assign(graph_from_scores(scores, *args, top_k=k), max_per_employer=2)
    assert full.status == pruned.status == "OPTIMAL"
    assert pruned.objective_units == full.objective_units


@settings(max_examples=12, deadline=None)
@given(seeds, st.integers(min_value=1, max_value=3), st.integers(min_value=1, max_value=2))
def test_floor_with_pricing_is_exact_for_all_pairs(seed, k, per_candidate):
    """The floor of one is priced in its own model: on a tiny top-k cut it reaches the floor
    optimum of the graph with every feasible pair (as many candidates covered, then the same
    score), and never breaks a capacity or an employer cap."""
    n_c, n_w = 24, 10
    rng, scores = _dense(seed, n_c, n_w)
    feasible = rng.random((n_c, n_w)) < 0.6
    capacity = rng.integers(1, 3, n_w)
    args = (np.arange(n_c) + 1, np.arange(n_w) + 1, capacity, np.arange(n_w) // 3)
    kwargs = {"max_per_employer": 2, "min_proposals_per_candidate": 1,
              "proposals_per_candidate": per_candidate}  # fmt: skip
    full = assign(graph_from_scores(scores, *args, feasible=feasible), **kwargs)
    pruned = assign(graph_from_scores(scores, *args, feasible=feasible, top_k=k), **kwargs)
    assert full.status == pruned.status == "OPTIMAL"
    covered = lambda r: len({c for c, _ in r.pairs()})  # noqa: E731
    assert covered(pruned) == covered(full)
    assert pruned.objective_units == full.objective_units
    pairs = pruned.pairs()
    assert all(feasible[c - 1, w - 1] for c, w in pairs)
    per_wp = np.bincount([w - 1 for _, w in pairs], minlength=n_w)
    assert (per_wp <= capacity).all()
    assert (np.bincount(np.arange(n_w) // 3, weights=per_wp) <= 2).all()


def test_pricing_cut_off_by_round_limit_is_not_called_optimal(monkeypatch):
    import matching.assignment as assignment_module

    _, scores = _dense(5, 30, 12)
    graph = graph_from_scores(scores, np.arange(30) + 1, np.arange(12) + 1,
                              np.ones(12, np.int64), np.arange(12), top_k=1)  # fmt: skip
    monkeypatch.setattr(assignment_module, "MAX_ROUNDS", 0)
    assert assign(graph).status == "FEASIBLE"
    monkeypatch.undo()
    assert assign(graph).status == "OPTIMAL"


def test_two_scoring_threads_build_the_same_graph_and_scores(monkeypatch):
    import matching.scoring as scoring_module

    index = _index(11, n_c=120, n_w=90)
    monkeypatch.setattr(scoring_module, "CHUNK_ROWS", 16)  # several chunks per thread
    monkeypatch.setattr(scoring_module, "PARALLEL_MIN_ROWS", 0)
    monkeypatch.setattr(scoring_module, "PARALLEL_MIN_PAIRS", 0)
    graphs, blocks = [], []
    for threads in (1, 2):
        monkeypatch.setattr(scoring_module, "SCORING_THREADS", threads)
        graphs.append(build_graph(index, top_k=3))
        blocks.append(score_block(index))
    one, two = graphs
    for field in ("edge_cand", "edge_wp", "edge_score"):
        assert np.array_equal(getattr(one, field), getattr(two, field))
    reserve_one = sorted(zip(one.reserve_cand.tolist(), one.reserve_wp.tolist(), strict=True))
    reserve_two = sorted(zip(two.reserve_cand.tolist(), two.reserve_wp.tolist(), strict=True))
    assert reserve_one == reserve_two and len(reserve_one) > 0
    assert np.array_equal(blocks[0].scores, blocks[1].scores)
    assert np.array_equal(blocks[0].feasible, blocks[1].feasible)


@settings(max_examples=8, deadline=None)
@given(seeds)
def test_floor_never_covers_fewer_candidates_than_no_floor(seed):
    index = _index(seed)
    plain = assign(index, max_per_employer=2)
    fair = assign(index, max_per_employer=2, min_proposals_per_candidate=1)
    assert len({c for c, _ in fair.pairs()}) >= len({c for c, _ in plain.pairs()})
    assert fair.status == "OPTIMAL"
