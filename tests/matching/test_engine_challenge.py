"""Under-challenge weighs like over-demand where the candidate wants to develop (issue 14, 7).

The story from the case files: a young man at skill level 4-5 burned out as an orderpicker,
in routine work at level 1-2. The same feature that helps one person (a calm, fixed, simple
job) hurts him (DOMAIN.md §4), so his jobhunter marks "wil zich ontwikkelen".
"""

import pytest
from engine_factories import LAT, make_candidate, make_task, make_workplace
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import build_index, explain, rank_for_candidate


def _orderpicker(id: int, **overrides):
    tasks = [
        make_task(name="orderpicken", description="orders verzamelen", skill_level=level,
                  structure_level=5, stimulus_level=2, hours_per_week=10)
        for level in (1, 2)
    ]  # fmt: skip
    return make_workplace(id, title="Orderpicker", sector="logistiek", stimulus_level=2,
                          description="Orders verzamelen", structure_offered=5, tasks=tasks,
                          **overrides)  # fmt: skip


def _stock_keeper(id: int, **overrides):
    task = make_task(
        name="voorraadbeheer",
        skill_level=4,
        structure_level=3,
        stimulus_level=3,
        description="voorraad tellen en bestellingen plaatsen in het magazijn",
    )
    return make_workplace(id, title="Medewerker voorraadbeheer", sector="logistiek",
                          description="Voorraad tellen, bestellen en problemen oplossen",
                          structure_offered=3, contract_type="temporary", contract_months=12,
                          lat=LAT + 0.03, tasks=[task], **overrides)  # fmt: skip


# Routine places are closer and permanent; the varied ones further away and temporary.
REGION = [
    _orderpicker(1),
    _orderpicker(2, lat=LAT + 0.01),
    _orderpicker(3, lat=LAT - 0.01),
    _stock_keeper(4),
    _stock_keeper(5, lon=5.13),
]
ROUTINE, VARIED = {1, 2, 3}, {4, 5}


def _ranking(**needs):
    cand = make_candidate(skill_level=needs.pop("skill_level", 4), structure_need=2,
                          interests=["logistiek"], **needs)  # fmt: skip
    index = build_index([cand], REGION)
    ranking = rank_for_candidate(index, 0, 10)
    return index, [int(i) for i in ranking.ids], [float(s) for s in ranking.scores]


@pytest.mark.parametrize("skill", [4, 5])
def test_burned_out_in_routine_work_gets_no_routine_job_near_the_top(skill):
    _, _, plain = _ranking(skill_level=skill)
    _, ids, scores = _ranking(skill_level=skill, needs_challenge=True)
    # Without the wish the closer, permanent routine jobs sit right behind the varied ones.
    assert plain[0] - plain[len(VARIED)] < 0.02
    # With it every varied place comes before every routine place, with a clear gap.
    assert set(ids[: len(VARIED)]) == VARIED
    assert scores[0] - scores[len(VARIED)] >= 0.08
    assert set(ids) == ROUTINE | VARIED  # still shown further down: not a hard limit


def test_routine_work_is_explained_as_too_little_challenge():
    index, _, _ = _ranking(skill_level=5, needs_challenge=True)
    why = explain(index, 0, 0)  # the first orderpicker place
    raw = {p.factor: p.raw for p in why.breakdown}
    assert raw["skill"] == 0.0 and raw["structure"] == 0.0
    assert any("zich wil ontwikkelen" in r for r in why.reasons_against)


def test_strict_challenge_excludes_routine_work_and_says_why():
    index, ids, _ = _ranking(skill_level=4, strict_needs=["challenge"])
    assert set(ids) == VARIED
    why = explain(index, 0, 0)
    assert not why.feasible
    assert [f.code for f in why.failures] == ["strict_challenge"]
    assert "ontwikkelen" in why.reasons_against[0]


def test_strict_challenge_keeps_work_one_level_below():
    cand = make_candidate(skill_level=4, strict_needs=["challenge"])
    one_below = make_workplace(tasks=[make_task(skill_level=3)])
    assert explain(build_index([cand], [one_below]), 0, 0).feasible


def _skill_raw(cand_level: int, work_level: int, wish: bool) -> float:
    cand = make_candidate(skill_level=cand_level, needs_challenge=wish)
    wp = make_workplace(tasks=[make_task(skill_level=work_level)])
    why = explain(build_index([cand], [wp]), 0, 0)
    return next(p.raw for p in why.breakdown if p.factor == "skill")


@settings(max_examples=40, deadline=None)
@given(low=st.integers(1, 5), high=st.integers(1, 5))
def test_with_the_wish_under_challenge_costs_what_over_demand_costs(low, high):
    low, high = min(low, high), max(low, high)
    # d levels too simple for someone who wants to develop == d levels too hard.
    assert _skill_raw(high, low, wish=True) == _skill_raw(low, high, wish=False)
    # Work at or above the level scores the same with or without the wish.
    assert _skill_raw(low, high, wish=True) == _skill_raw(low, high, wish=False)
    # Without the wish, under-challenge stays the milder penalty.
    assert _skill_raw(high, low, wish=False) >= _skill_raw(high, low, wish=True)
