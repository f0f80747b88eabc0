"""Why-not counts: the slow reason check agrees with the fast path, pair for pair."""

import numpy as np
from engine_factories import (
    make_candidate,
    make_task,
    make_workplace,
    random_candidates,
    random_workplaces,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import (
    TRAVEL_FILTER,
    build_index,
    decode_reasons,
    excluded_candidates,
    excluded_workplaces,
    score_block,
    suggest_candidates,
    suggest_workplaces,
)

SETTINGS = settings(max_examples=15, deadline=None)
seeds = st.integers(min_value=0, max_value=10_000)


def _index(seed: int):
    return build_index(
        random_candidates(25, seed=seed, spread_deg=0.2),
        random_workplaces(60, seed=seed + 1, spread_deg=0.2),
    )


@SETTINGS
@given(seeds)
def test_a_pair_has_a_hard_reason_exactly_when_the_fast_path_finds_it_infeasible(seed):
    index = _index(seed)
    block = score_block(index, include_reasons=True)
    assert block.reasons is not None
    assert np.array_equal(block.reasons != 0, ~block.feasible)


@SETTINGS
@given(seeds)
def test_counts_cover_every_eligible_pair_that_is_not_feasible(seed):
    index = _index(seed)
    rng = np.random.default_rng(seed)
    block = score_block(index, include_reasons=True)
    assert block.reasons is not None
    n_c, n_w = block.scores.shape
    for cand_pos in range(0, n_c, 6):
        eligible = rng.random(n_w) < 0.7
        got = suggest_workplaces(index, cand_pos, 5, eligible=eligible)
        out = ~block.feasible[cand_pos] & eligible
        assert got.excluded.n_excluded == int(out.sum())
        assert got.excluded.n_excluded + got.ranking.n_eligible == int(eligible.sum())
        for code, count in got.excluded.by_reason:
            has = np.array([code in decode_reasons(int(r)) for r in block.reasons[cand_pos]])
            assert count == int((has & eligible).sum())
        counts = [count for _, count in got.excluded.by_reason]
        assert counts == sorted(counts, reverse=True)
    for wp_pos in range(0, n_w, 13):
        visible = rng.random(n_c) < 0.8
        got = suggest_candidates(index, wp_pos, 5, eligible=visible, counted=visible)
        assert got.excluded.n_excluded == int((~block.feasible[:, wp_pos] & visible).sum())
        assert got.excluded.n_excluded + got.ranking.n_feasible == int(visible.sum())


def test_each_reason_is_named_for_the_workplaces_it_shuts_out():
    person = make_candidate(1, physical_capacity=3, hours_per_week_min=16, hours_per_week_max=24)
    heavy = {"physical_demand": 5, "tasks": [make_task(skill_level=3, physical_load=5)]}
    index = build_index(
        [person],
        [
            make_workplace(100),  # fits
            make_workplace(101, **heavy),  # too heavy
            make_workplace(102, hours_per_week_min=36, hours_per_week_max=38),  # too many hours
            make_workplace(103, **heavy, hours_per_week_min=36, hours_per_week_max=38),
        ],
    )
    got = excluded_workplaces(index, 0)
    assert got.n_excluded == 3
    assert dict(got.by_reason) == {"physical_over_capacity": 2, "hours_no_overlap": 2}
    only_light = excluded_workplaces(index, 0, eligible=np.array([True, False, True, False]))
    assert dict(only_light.by_reason) == {"hours_no_overlap": 1}
    assert excluded_candidates(index, 1).by_reason == (("physical_over_capacity", 1),)


def test_a_travel_filter_counts_the_feasible_workplaces_beyond_it():
    person = make_candidate(1, max_travel_minutes=90)
    near = make_workplace(100)
    far = make_workplace(101, lat=person["lat"] + 0.08, lon=person["lon"])
    index = build_index([person], [near, far])
    assert excluded_workplaces(index, 0).n_excluded == 0
    got = excluded_workplaces(index, 0, max_minutes=20)
    assert got.by_reason == ((TRAVEL_FILTER, 1),)
