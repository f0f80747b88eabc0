"""Explanations a jobhunter can trust: the worst concern first, no sentence contradicting another,
and level words that are the employer form's words (issue 14, item 4)."""

import re

from engine_factories import LAT, make_candidate, make_task, make_workplace
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import FACTORS, REASON_CODES, build_index, explain
from matching.reasons import NEAR_ZERO
from matching.sentences import FAILURE_FACTOR
from matching.travel import MODE_LABELS_NL
from matching.vocab import SCALES, NeedName

LEVEL = st.integers(1, 5)
NEEDS = tuple(NeedName)
MODES = ("walk", "bicycle", "ebike", "public_transport", "car", "adapted_transport")


@st.composite
def pairs(draw):
    """A candidate and a workplace as a jobhunter meets them: any levels, any distance."""
    low = draw(st.integers(4, 30))
    cand = make_candidate(
        hours_per_week_min=low,
        hours_per_week_max=low + draw(st.integers(0, 14)),
        needs_gradual_buildup=draw(st.booleans()),
        travel_modes=draw(st.lists(st.sampled_from(MODES), min_size=1, max_size=3, unique=True)),
        travels_independently_pt=draw(st.booleans()),
        has_driving_licence=draw(st.booleans()),
        max_travel_minutes=draw(st.integers(5, 90)),
        stimulus_tolerance=draw(LEVEL),
        structure_need=draw(LEVEL),
        supervision_need=draw(LEVEL),
        time_pressure_tolerance=draw(LEVEL),
        customer_contact_tolerance=draw(LEVEL),
        physical_capacity=draw(LEVEL),
        skill_level=draw(LEVEL),
        strict_needs=draw(st.lists(st.sampled_from(NEEDS), max_size=1)),
        needs_challenge=draw(st.booleans()),
        interests=draw(
            st.lists(
                st.sampled_from(["groen", "dieren", "koken", "techniek"]),
                min_size=1,
                max_size=2,
                unique=True,
            )
        ),
        loonwaarde_pct=draw(st.none() | st.floats(15, 90)),
        internship_employer_ids=draw(st.sampled_from([[], [1000]])),
    )
    # Physical load at most one level over capacity: heavier work is out anyway.
    up_to_one_over = st.integers(1, min(cand["physical_capacity"] + 1, 5))
    contract = draw(st.sampled_from(["permanent", "temporary", "agency", "none"]))
    tasks = [
        make_task(
            stimulus_level=draw(LEVEL),
            structure_level=draw(LEVEL),
            physical_load=draw(up_to_one_over),
            skill_level=draw(LEVEL),
            hours_per_week=float(draw(st.integers(1, 20))),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    wp_low = draw(st.integers(max(low - 4, 4), low + 4))
    wp = make_workplace(
        lat=LAT + draw(st.floats(0.0, 0.15)),
        hours_per_week_min=wp_low,
        hours_per_week_max=wp_low + draw(st.integers(2, 12)),
        contract_type=contract,
        contract_months=None if contract in ("permanent", "none") else draw(st.integers(3, 24)),
        agency_clause=contract == "agency" and draw(st.booleans()),
        transport_arranged=draw(st.booleans()),
        reachable_by_public_transport=draw(st.booleans()),
        stimulus_level=draw(LEVEL),
        structure_offered=draw(LEVEL),
        supervision_offered=draw(LEVEL),
        time_pressure_level=draw(LEVEL),
        customer_contact_level=draw(LEVEL),
        physical_demand=draw(up_to_one_over),
        mentor_available=draw(st.booleans()),
        jobcoach_welcome=draw(st.booleans()),
        trained_colleague=draw(st.booleans()),
        employer_willingness=draw(LEVEL),
        employer_experience=draw(st.booleans()),
        employer_contract_policy_max_months=draw(st.sampled_from([None, 12, 36])),
        min_loonwaarde_pct=draw(st.sampled_from([None, 30.0])),
        tasks=tasks,
    )
    return cand, wp


def _explained(pair):
    cand, wp = pair
    return explain(build_index([cand], [wp]), 0, 0)


@settings(max_examples=300, deadline=None)
@given(pairs())
def test_every_factor_near_zero_is_a_reason_against(pair):
    why = _explained(pair)
    for part in why.breakdown:
        if part.weight > 0 and part.raw < NEAR_ZERO:
            assert part.sentence in why.reasons_against, part


@settings(max_examples=300, deadline=None)
@given(pairs())
def test_no_reason_for_is_contradicted_by_a_risk_or_a_reason_against(pair):
    why = _explained(pair)
    factor_of = {p.sentence: p.factor for p in why.breakdown}
    raw = {p.factor: p.raw for p in why.breakdown}
    against = {factor_of.get(s) for s in why.reasons_against}
    against |= {FAILURE_FACTOR[f.code] for f in why.failures}
    flagged = (against | set(why.risk_factors)) - {None}
    assert not {factor_of[s] for s in why.reasons_for} & flagged
    assert len(why.risk_factors) == len(why.risks)
    if "Geen begeleiding op de werkvloer" in why.risks:
        assert raw["supervision"] < 1.0
        assert factor_of.get(why.reasons_against[0]) != "sustainability"


@settings(max_examples=300, deadline=None)
@given(pairs())
def test_a_reason_against_always_says_what_is_weak(pair):
    why = _explained(pair)
    concern = {p.sentence: p.concern for p in why.breakdown}
    assert all(concern.get(s, True) for s in why.reasons_against)
    assert not any(concern.get(s, True) for s in why.reasons_for)


@settings(max_examples=300, deadline=None)
@given(pairs())
def test_generic_sustainability_line_never_comes_before_a_specific_reason(pair):
    why = _explained(pair)
    factor_of = {p.sentence: p.factor for p in why.breakdown}
    kinds = [factor_of.get(s, "failure") for s in why.reasons_against]
    if "sustainability" in kinds:
        assert kinds.index("sustainability") == len(kinds) - 1
    if why.reasons_against and any(k != "sustainability" for k in kinds):
        assert kinds[0] != "sustainability"


def test_every_hard_failure_says_which_factor_it_is_about():
    assert set(FAILURE_FACTOR) == set(REASON_CODES)
    assert set(FAILURE_FACTOR.values()) - {None} <= set(FACTORS)


NAMED = re.compile(r"‘([^’]+)’ \(niveau (\d)\)")


@settings(max_examples=300, deadline=None)
@given(pairs())
def test_level_words_are_the_employer_form_words(pair):
    why = _explained(pair)
    for part in why.breakdown:
        text = part.sentence
        if part.factor in SCALES:
            for word, level in NAMED.findall(text):
                assert word == SCALES[part.factor].word(int(level)), text
        # A bare "niveau N" would be a number the employer never saw on the form.
        assert len(re.findall(r"niveau \d", text)) == len(NAMED.findall(text)), text


@settings(max_examples=300, deadline=None)
@given(pairs())
def test_travel_says_which_mode_and_why_the_place_is_allowed(pair):
    cand, wp = pair
    why = _explained(pair)
    travel = {p.factor: p for p in why.breakdown}["travel"]
    minutes = why.travel_minutes
    limit = cand["max_travel_minutes"]
    shown = re.search(r"ongeveer (\d+) minuten", travel.sentence)
    if shown and "langer dan de maximale" in travel.sentence:
        assert int(shown.group(1)) > limit, travel.sentence
    if shown and "binnen de maximale" in travel.sentence:
        assert int(shown.group(1)) <= limit, travel.sentence
    near_limit = minutes is not None and abs(minutes - limit) <= 0.05  # rounded to 0.1 here
    too_far = minutes is None or minutes > limit
    if wp["transport_arranged"] and too_far and not near_limit:
        assert travel.sentence.startswith("Vervoer wordt geregeld door de werkgever")
        assert "daarom kan deze werkplek toch" in travel.sentence
        if minutes is not None:
            assert f"langer dan de maximale {limit} minuten" in travel.sentence
    elif minutes is not None and not too_far and not near_limit:
        assert f"binnen de maximale {limit} minuten" in travel.sentence
    if why.travel_mode is not None and not (wp["transport_arranged"] and minutes is None):
        assert MODE_LABELS_NL[why.travel_mode] in travel.sentence
