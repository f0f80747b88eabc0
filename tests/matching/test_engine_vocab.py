"""One vocabulary, one set of validation rules, weights read by factor name.

Reordering a factor or adding a level must not silently break scoring: every scoring path is
checked against the slow per-factor breakdown with one factor weighted at a time, so a path
that reads the weight of factor k at a fixed position scores the wrong factor and fails here.
"""

import math
import re
from pathlib import Path

import numpy as np
import pytest
from engine_factories import make_candidate, make_workplace, random_candidates, random_workplaces
from hypothesis import given, settings
from hypothesis import strategies as st

import matching
from matching import (
    FACTORS,
    ProfileError,
    WeightProfile,
    build_index,
    check_candidate,
    check_workplace,
    explain_block,
    rank_for_candidate,
    rank_for_workplace,
    score_block,
)
from matching import profiles as engine_profiles
from matching.graph import build_graph
from matching.travel import MODE_LABELS_NL, MODE_PARAMS
from matching.vocab import (
    CANDIDATE_LEVEL_KEYS,
    NEED_NAMES,
    SCALES,
    TRAVEL_MODES,
    NeedName,
    TravelMode,
)
from matching.weights import FACTOR_INDEX

INDEX = build_index(
    random_candidates(30, seed=11, spread_deg=0.12), random_workplaces(70, seed=12, spread_deg=0.12)
)
ONE_HOT = {f: WeightProfile(f"only-{f}", {f: 1.0}) for f in FACTORS}


def _raw(factor: str) -> np.ndarray:
    block = score_block(INDEX, include_components=True)
    assert block.components is not None
    return np.where(block.feasible, block.components[:, :, FACTOR_INDEX[factor]], 0.0)


@pytest.mark.parametrize("factor", FACTORS)
def test_every_scoring_path_weighs_each_factor_by_its_name(factor):
    weights = ONE_HOT[factor]
    raw = _raw(factor)
    block = score_block(INDEX, weights=weights)
    assert block.feasible.any()
    # Many workplaces per block (per-candidate tables) and few (per-pair entries).
    np.testing.assert_allclose(block.scores, raw, atol=2e-6)
    few = score_block(INDEX, weights=weights, wp_idx=np.arange(6))
    np.testing.assert_allclose(few.scores, raw[:, :6], atol=2e-6)
    for cand in range(0, 30, 3):
        ranking = rank_for_candidate(INDEX, cand, k=8, weights=weights)
        np.testing.assert_allclose(ranking.scores, raw[cand, ranking.positions], atol=2e-6)
    for wp in range(0, 70, 7):
        ranking = rank_for_workplace(INDEX, wp, k=8, weights=weights)
        np.testing.assert_allclose(ranking.scores, raw[ranking.positions, wp], atol=2e-6)
    graph = build_graph(INDEX, weights=weights, top_k=5)
    np.testing.assert_allclose(graph.edge_score, raw[graph.edge_cand, graph.edge_wp], atol=2e-6)
    feasible = np.argwhere(block.feasible)[:5]
    for cand, wp in feasible:
        why = explain_block(INDEX, [int(cand)], [int(wp)], weights=weights)[0][0]
        part = {p.factor: p for p in why.breakdown}[factor]
        assert part.weight == 1.0
        assert part.contribution == pytest.approx(why.total, abs=1e-4)
        assert why.total == pytest.approx(float(raw[cand, wp]), abs=1e-4)


def test_no_scoring_code_reads_a_weight_by_position():
    root = Path(matching.__file__).parent
    offenders = [
        f"{path.name}:{n}"
        for path in sorted(root.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bw\[\d+\]", line.split("#")[0]) and "``" not in line
    ]
    assert offenders == []


def test_profile_values_come_from_the_one_vocabulary():
    from app.core import vocab as app_vocab

    assert app_vocab.TravelMode is TravelMode and app_vocab.NeedName is NeedName
    assert engine_profiles.TRAVEL_MODES is TRAVEL_MODES
    assert engine_profiles.NEED_NAMES is NEED_NAMES
    assert tuple(MODE_PARAMS) == TRAVEL_MODES and tuple(MODE_LABELS_NL) == TRAVEL_MODES
    # Every environment factor the candidate has a level for has a scale with five words.
    assert set(CANDIDATE_LEVEL_KEYS) <= set(SCALES) <= set(FACTORS)
    assert all(len(set(scale.words)) == 5 for scale in SCALES.values())
    assert SCALES["stimulus"].word(2) == "Rustig"
    assert SCALES["time_pressure"].word(2) == "Weinig"
    assert SCALES["customer_contact"].word(2) == "Heel soms een klant"


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 300),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=4),
    st.lists(st.one_of(st.text(max_size=3), st.integers()), max_size=3),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)


# The keys whose values the engine reads as numbers or vocabulary (free text and id lists are
# the app's to validate).
CHECKED_CANDIDATE_KEYS = sorted(
    {"lat", "lon", "hours_per_week_min", "hours_per_week_max", "travel_modes", "strict_needs",
     "school_type", "max_travel_minutes", "loonwaarde_pct", *CANDIDATE_LEVEL_KEYS.values()}
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(key=st.sampled_from(CHECKED_CANDIDATE_KEYS), value=JUNK, drop=st.booleans())
def test_candidate_validation_names_the_field_or_accepts(key, value, drop):
    profile = dict(make_candidate())
    if drop:
        del profile[key]
    else:
        profile[key] = value
    try:
        check_candidate(profile)
    except ProfileError as error:
        assert error.field.startswith("candidate[")
        assert drop or key in error.field or key in ("hours_per_week_max", "id")
        return
    build_index([profile], [make_workplace()])  # accepted input must be usable


CHECKED_WORKPLACE_KEYS = [
    "lat", "lon", "hours_per_week_min", "hours_per_week_max", "stimulus_level", "physical_demand",
    "employer_willingness", "instruments_accepted", "kind", "place_type", "contract_type",
    "capacity", "tasks",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    key=st.sampled_from(CHECKED_WORKPLACE_KEYS),
    task_key=st.sampled_from(["stimulus_level", "physical_load", "hours_per_week", "skill_level"]),
    value=JUNK,
    in_task=st.booleans(),
)
def test_workplace_validation_names_the_field_or_accepts(key, task_key, value, in_task):
    profile = dict(make_workplace())
    if in_task:
        profile["tasks"] = [dict(profile["tasks"][0], **{task_key: value})]
        key = task_key
    else:
        profile[key] = value
    try:
        check_workplace(profile)
    except ProfileError as error:
        assert error.field.startswith("workplace[")
        assert key in error.field or key == "hours_per_week_max"
        return
    assert not (key in ("lat", "lon") and isinstance(value, float) and not math.isfinite(value))
    build_index([make_candidate()], [profile])
