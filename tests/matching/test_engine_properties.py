"""Property tests over seeded random data sets (hypothesis draws the seeds and sizes)."""

import numpy as np
import pytest
from engine_factories import random_candidates, random_workplaces
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import (
    DEFAULT_POLICY,
    DEFAULT_WEIGHTS,
    FACTORS,
    build_index,
    explain,
    explain_block,
    explain_pairs,
    rank_for_candidate,
    score_block,
)
from matching.rank import top_k

SETTINGS = settings(max_examples=12, deadline=None)
seeds = st.integers(min_value=0, max_value=10_000)


def _index(seed: int, n_c: int = 25, n_w: int = 60, spread: float = 0.15):
    return build_index(
        random_candidates(n_c, seed=seed, spread_deg=spread),
        random_workplaces(n_w, seed=seed + 1, spread_deg=spread),
    )


@SETTINGS
@given(seeds)
def test_score_block_stays_in_unit_interval_and_matches_components(seed):
    index = _index(seed)
    block = score_block(index, include_components=True, include_reasons=True)
    assert block.scores.min() >= 0 and block.scores.max() <= 1
    assert np.all(block.scores[~block.feasible] == 0)
    assert np.array_equal(block.reasons == 0, block.feasible)
    assert block.components is not None
    weighted = (block.components.astype(np.float64) * DEFAULT_WEIGHTS.vector).sum(axis=-1)
    assert np.allclose(np.where(block.feasible, weighted, 0), block.scores, atol=1e-5)


@SETTINGS
@given(seeds, st.integers(min_value=1, max_value=25))
def test_rank_top_k_equals_brute_force(seed, k):
    index = _index(seed)
    block = score_block(index)
    for cand in range(len(index.candidates.ids)):
        feasible = np.flatnonzero(block.feasible[cand])
        expected = feasible[
            top_k(block.scores[cand, feasible], index.workplaces.id_rank[feasible], k)
        ]
        ranking = rank_for_candidate(index, cand, k)
        assert np.array_equal(ranking.positions, expected)
        assert np.array_equal(ranking.scores, block.scores[cand, expected])
        assert ranking.n_feasible == feasible.size


@SETTINGS
@given(seeds)
def test_explain_breakdown_sums_to_vectorised_total(seed):
    index = _index(seed, n_c=8, n_w=20)
    block = score_block(index)
    rng = np.random.default_rng(seed)
    for cand, wp in rng.integers(0, [8, 20], size=(12, 2)):
        why = explain(index, int(cand), int(wp))
        assert why.total == round(float(block.scores[cand, wp]), 4)
        units = [round(p.contribution * 10_000) for p in why.breakdown]
        assert sum(units) == round(why.total * 10_000)
        assert [p.factor for p in why.breakdown] == list(FACTORS)
        assert why.feasible == bool(block.feasible[cand, wp])
        assert why.feasible == (not why.failures)
        assert 0 <= why.total <= 1


@SETTINGS
@given(seeds)
def test_reasons_for_never_name_a_concern(seed):
    """A jobhunter reads "reasons for" aloud: a mismatch sentence must never appear there."""
    index = _index(seed, n_c=8, n_w=20)
    rng = np.random.default_rng(seed)
    for cand, wp in rng.integers(0, [8, 20], size=(12, 2)):
        why = explain(index, int(cand), int(wp))
        concerns = {p.sentence for p in why.breakdown if p.concern}
        assert not concerns & set(why.reasons_for)
        assert not set(why.reasons_for) & set(why.reasons_against)
        assert all("te weinig" not in r and "te zwaar" not in r for r in why.reasons_for)


@settings(max_examples=8, deadline=None)
@given(seeds)
def test_few_workplace_blocks_score_exactly_like_the_full_matrix(seed):
    """One workplace's suggestions skip the lookup tables; the numbers must not change."""
    index = _index(seed, n_c=30, n_w=60)  # 60 workplaces: the table path
    full = score_block(index)
    rng = np.random.default_rng(seed)
    for wp in rng.choice(60, size=6, replace=False):
        one = score_block(index, wp_idx=[int(wp)])  # one workplace: the per-pair path
        assert np.array_equal(one.feasible[:, 0], full.feasible[:, wp])
        assert np.array_equal(one.scores[:, 0], full.scores[:, wp])


@settings(max_examples=6, deadline=None)
@given(seeds)
def test_per_call_hours_tables_score_like_the_shared_ones(seed):
    """Tables built once for the whole index, or per call for a part (the fallback when a data
    set has too many distinct hour ranges): every number must be the same."""
    import matching.pairs as pairs_module

    shared_index, own_index = _index(seed, n_c=30, n_w=60), _index(seed, n_c=30, n_w=60)
    shared = score_block(shared_index, cand_idx=range(0, 30, 3), wp_idx=range(0, 60, 2))
    assert shared_index.candidates.memo  # the shared tables were built and kept
    limit = pairs_module.MAX_FULL_TABLE
    try:
        pairs_module.MAX_FULL_TABLE = 0
        own = score_block(own_index, cand_idx=range(0, 30, 3), wp_idx=range(0, 60, 2))
    finally:
        pairs_module.MAX_FULL_TABLE = limit
    assert list(own_index.candidates.memo.values()) == [None]  # "too large" is remembered
    assert np.array_equal(shared.feasible, own.feasible)
    assert np.array_equal(shared.scores, own.scores)


@settings(max_examples=6, deadline=None)
@given(seeds)
def test_explain_block_equals_one_pair_at_a_time(seed):
    """Suggestions explain 20 pairs in one block; each must equal its single-pair explanation."""
    index = _index(seed, n_c=8, n_w=20)
    rng = np.random.default_rng(seed)
    cands = [int(c) for c in rng.choice(8, size=3, replace=False)]
    wps = [int(w) for w in rng.choice(20, size=5, replace=False)]
    block = explain_block(index, cands, wps)
    assert [[e.workplace_id for e in row] for row in block] == [
        [int(index.workplaces.ids[w]) for w in wps]
    ] * 3
    for i, cand in enumerate(cands):
        for j, wp in enumerate(wps):
            assert block[i][j] == explain(index, cand, wp)


IMPROVEMENTS = {
    "more_supervision": lambda w: {"supervision_offered": min(w["supervision_offered"] + 1, 5)},
    "mentor": lambda w: {"mentor_available": True},
    "transport_arranged": lambda w: {"transport_arranged": True},
    "reachable_by_pt": lambda w: {"reachable_by_public_transport": True},
    "wider_hours": lambda w: {
        "hours_per_week_min": max(w["hours_per_week_min"] - 4, 0),
        "hours_per_week_max": w["hours_per_week_max"] + 4,
    },
    "more_willing": lambda w: {"employer_willingness": min(w["employer_willingness"] + 1, 5)},
    "lighter_work": lambda w: {
        "physical_demand": max(w["physical_demand"] - 1, 1),
        "tasks": [{**t, "physical_load": max(t["physical_load"] - 1, 1)} for t in w["tasks"]],
    },
    "permanent": lambda w: {"contract_type": "permanent", "contract_months": None},
    "carved": lambda w: {"is_carved": True},
}


@settings(max_examples=6, deadline=None)
@given(seeds, st.sampled_from(sorted(IMPROVEMENTS)))
def test_score_never_drops_when_workplace_improves(seed, improvement):
    candidates = random_candidates(30, seed=seed, spread_deg=0.15)
    workplaces = random_workplaces(12, seed=seed + 1, spread_deg=0.15)
    before = score_block(build_index(candidates, workplaces))
    better = [{**w, **IMPROVEMENTS[improvement](w)} for w in workplaces]
    after = score_block(build_index(candidates, better))
    assert np.all(after.feasible[before.feasible])
    assert np.all(after.scores >= before.scores - 1e-6)


@pytest.mark.parametrize("mapping", [{"stimulus": -1.0}, {"nonsense": 1.0}, {"travel": 0.0}])
def test_weight_profile_rejects_invalid_weights(mapping):
    from matching import WeightProfile

    with pytest.raises(ValueError):
        WeightProfile("bad", mapping)


def test_weight_profile_normalises_to_one():
    from matching import WeightProfile

    profile = WeightProfile("regio", {"travel": 3, "interests": 1})
    assert float(profile.vector.sum()) == pytest.approx(1.0)
    assert profile.normalised()["travel"] == pytest.approx(0.75)


def test_build_index_rejects_out_of_range_level():
    from matching import ProfileError

    bad = random_candidates(1)[0] | {"stimulus_tolerance": 7}
    with pytest.raises(ProfileError) as error:
        build_index([bad], random_workplaces(2))
    assert error.value.field.endswith("stimulus_tolerance")


def test_policy_from_mapping_rejects_unknown_field():
    from matching import Policy, ProfileError

    assert Policy.from_mapping({"lks_min_loonwaarde_pct": 50}).lks_min_loonwaarde_pct == 50
    with pytest.raises(ProfileError):
        Policy.from_mapping({"jobcoach_max": 1})
    assert DEFAULT_POLICY.jobcoach_min_hours_per_week == 12


@settings(max_examples=5, deadline=None)
@given(seeds)
def test_rank_top_k_equals_brute_force_when_few_workplaces_are_in_reach(seed):
    # Spread over 200 km so most workplaces are out of reach: the grid query path.
    index = _index(seed, n_c=10, n_w=300, spread=0.9)
    block = score_block(index)
    for cand in range(len(index.candidates.ids)):
        feasible = np.flatnonzero(block.feasible[cand])
        expected = feasible[
            top_k(block.scores[cand, feasible], index.workplaces.id_rank[feasible], 5)
        ]
        assert np.array_equal(rank_for_candidate(index, cand, 5).positions, expected)


@settings(max_examples=6, deadline=None)
@given(seeds, st.integers(min_value=1, max_value=7))
def test_explain_pairs_equals_one_pair_at_a_time(seed, chunk):
    """A run explains its proposals as a list of pairs in blocks; each must equal its
    single-pair explanation, whatever the block size (repeated candidates and workplaces too)."""
    index = _index(seed, n_c=8, n_w=20)
    rng = np.random.default_rng(seed)
    cands = [int(c) for c in rng.integers(0, 8, size=15)]
    wps = [int(w) for w in rng.integers(0, 20, size=15)]
    pairs = explain_pairs(index, cands, wps, chunk=chunk)
    assert pairs == [explain(index, c, w) for c, w in zip(cands, wps, strict=True)]
    assert explain_pairs(index, [], []) == []
