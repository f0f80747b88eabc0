"""Eligibility masks: the engine's filtered ranking equals filtering the full ranking."""

import numpy as np
from engine_factories import random_candidates, random_workplaces
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import (
    build_index,
    rank_for_candidate,
    rank_for_workplace,
    score_block,
    suggest_candidates,
    suggest_workplaces,
)

SETTINGS = settings(max_examples=15, deadline=None)
seeds = st.integers(min_value=0, max_value=10_000)


def _index(seed: int):
    return build_index(
        random_candidates(30, seed=seed, spread_deg=0.15),
        random_workplaces(80, seed=seed + 1, spread_deg=0.15),
    )


@SETTINGS
@given(seeds, st.integers(min_value=1, max_value=12))
def test_rank_for_candidate_with_mask_equals_filtered_full_ranking(seed, k):
    index = _index(seed)
    rng = np.random.default_rng(seed)
    n_w = len(index.workplaces.ids)
    for cand_pos in range(0, 30, 7):
        eligible = rng.random(n_w) < 0.6
        full = rank_for_candidate(index, cand_pos, k=n_w)
        masked = rank_for_candidate(index, cand_pos, k=k, eligible=eligible)
        expected = [p for p in full.positions.tolist() if eligible[p]][:k]
        assert masked.positions.tolist() == expected
        assert masked.n_feasible == full.n_feasible
        assert masked.n_eligible == sum(1 for p in full.positions.tolist() if eligible[p])


@SETTINGS
@given(seeds, st.floats(min_value=5, max_value=90))
def test_max_minutes_leaves_out_exactly_the_longer_trips(seed, max_minutes):
    index = _index(seed)
    n_w = len(index.workplaces.ids)
    for cand_pos in range(0, 30, 9):
        shown = suggest_workplaces(index, cand_pos, n_w, max_minutes=max_minutes)
        every = suggest_workplaces(index, cand_pos, n_w)
        # Explanations round minutes to 0.1 and the filter allows 0.05 for that rounding: a trip
        # within 0.1 of the limit may go either way.
        edge = {
            w.workplace_id
            for w in every.explanations
            if w.travel_minutes is not None and abs(w.travel_minutes - max_minutes) <= 0.1
        }
        kept = [
            w.workplace_id
            for w in every.explanations
            if w.workplace_id not in edge
            and (w.travel_minutes is None or w.travel_minutes <= max_minutes)
        ]
        assert [w.workplace_id for w in shown.explanations if w.workplace_id not in edge] == kept


@SETTINGS
@given(seeds)
def test_rank_for_workplace_splits_eligible_and_held_back(seed):
    index = _index(seed)
    rng = np.random.default_rng(seed)
    n_c = len(index.candidates.ids)
    for wp_pos in range(0, 80, 13):
        visible = rng.random(n_c) < 0.8
        ready = rng.random(n_c) < 0.7
        full = rank_for_workplace(index, wp_pos, k=n_c)
        got = rank_for_workplace(
            index, wp_pos, k=5, eligible=visible & ready, counted=visible,
            held_back=visible & ~ready, held_k=3,
        )  # fmt: skip
        order = full.positions.tolist()
        assert got.positions.tolist() == [p for p in order if visible[p] and ready[p]][:5]
        assert got.held_positions.tolist() == [p for p in order if visible[p] and not ready[p]][:3]
        assert got.n_feasible == sum(1 for p in order if visible[p])
        assert got.n_held == sum(1 for p in order if visible[p] and not ready[p])


@SETTINGS
@given(seeds)
def test_suggestions_explain_exactly_the_ranked_pairs(seed):
    index = _index(seed)
    out = suggest_candidates(index, 3, 6)
    assert [e.candidate_id for e in out.explanations] == out.ranking.ids.tolist()
    assert all(e.feasible for e in out.explanations)
    for e, score in zip(out.explanations, out.ranking.scores.tolist(), strict=True):
        assert abs(e.total - score) < 1e-3


@SETTINGS
@given(seeds, st.floats(min_value=0.02, max_value=0.6))
def test_rank_for_workplace_pruned_by_reach_equals_scoring_every_candidate(seed, spread_deg):
    """Only candidates who can reach the workplace are scored; the answer must equal scoring
    the whole region (ties by the smaller id), for spread-out regions too."""
    index = build_index(
        random_candidates(60, seed=seed, spread_deg=spread_deg),
        random_workplaces(20, seed=seed + 1, spread_deg=spread_deg),
    )
    block = score_block(index)
    ids = index.candidates.ids
    for wp_pos in range(0, 20, 3):
        ok = block.feasible[:, wp_pos]
        expected = sorted(np.flatnonzero(ok), key=lambda p: (-block.scores[p, wp_pos], ids[p]))
        got = rank_for_workplace(index, wp_pos, k=10)
        assert got.n_feasible == int(ok.sum())
        assert got.positions.tolist() == [int(p) for p in expected[:10]]
