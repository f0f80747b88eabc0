"""Instrument rules by regime and register (DOMAIN.md §6), one scenario per rule.

The cases follow the domain document: a Wajonger with a loonwaarde of 37% (the middle of the
24% → 37% → 50% series), a Participatiewet candidate in the same job, a newcomer whose
loonwaarde is not measured yet, a young person not (yet) in the doelgroepregister, a beschut
place, and a *nugger* (no benefit) offered an unpaid proefplaatsing.
"""

from engine_factories import make_candidate, make_workplace
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import Policy, build_index, explain, rank_for_candidate
from matching.instruments import assess_instruments

LKS_JOB = {"instruments_accepted": ["loonkostensubsidie", "proefplaatsing", "jobcoach"]}


def _advice(cand, wp, policy=None):
    index = build_index([cand], [wp])
    why = explain(index, 0, 0) if policy is None else explain(index, 0, 0, policy)
    return why, {i.instrument: i for i in why.instruments}


def test_wajonger_gets_loondispensatie_via_uwv_and_no_lks():
    wajonger = make_candidate(regime="wajong", benefit="wajong", loonwaarde_pct=37.0)
    why, advice = _advice(wajonger, make_workplace(**LKS_JOB))
    assert why.feasible
    assert advice["loondispensatie"].status == "eligible"
    assert "UWV" in advice["loondispensatie"].reason
    assert "37%" in advice["loondispensatie"].reason
    assert advice["loonkostensubsidie"].status == "not_eligible"
    assert "loondispensatie" in advice["loonkostensubsidie"].reason


def test_participatiewet_candidate_gets_lks_from_the_municipality_and_no_loondispensatie():
    bijstand = make_candidate(regime="participatiewet", benefit="bijstand", loonwaarde_pct=37.0)
    _, advice = _advice(bijstand, make_workplace(**LKS_JOB))
    assert advice["loonkostensubsidie"].status == "eligible"
    assert "gemeente" in advice["loonkostensubsidie"].reason
    assert advice["loondispensatie"].status == "not_eligible"


def test_forfaitaire_lks_while_loonwaarde_is_not_measured_follows_the_policy():
    newcomer = make_candidate(regime="participatiewet", loonwaarde_pct=None)
    _, advice = _advice(newcomer, make_workplace(**LKS_JOB))
    lks = advice["loonkostensubsidie"]
    assert lks.status == "eligible"
    assert "Forfaitaire" in lks.reason and "50%" in lks.reason and "6 maanden" in lks.reason
    elsewhere = Policy(forfaitaire_lks_pct_wml=40, forfaitaire_lks_max_months=3)
    other = _advice(newcomer, make_workplace(**LKS_JOB), elsewhere)[1]["loonkostensubsidie"]
    assert "40%" in other.reason and "3 maanden" in other.reason
    without = Policy(forfaitaire_lks_offered=False)
    none = _advice(newcomer, make_workplace(**LKS_JOB), without)[1]["loonkostensubsidie"]
    assert none.status == "unknown"


def test_wajonger_without_measured_loonwaarde_hears_that_uwv_measures_it():
    wajonger = make_candidate(regime="wajong", benefit="wajong", loonwaarde_pct=None)
    _, advice = _advice(wajonger, make_workplace(**LKS_JOB))
    assert advice["loondispensatie"].status == "unknown"
    assert advice["loonkostensubsidie"].status == "not_eligible"


def test_no_risk_polis_and_banenafspraak_only_with_doelgroepregister():
    registered = make_candidate(doelgroepregister=True)
    not_yet = make_candidate(doelgroepregister=False)
    _, yes = _advice(registered, make_workplace())
    why, no = _advice(not_yet, make_workplace())
    assert yes["no_risk_polis"].eligible and yes["banenafspraak"].eligible
    assert no["no_risk_polis"].status == "not_eligible"
    assert no["banenafspraak"].status == "not_eligible"
    assert "doelgroepregister" in no["no_risk_polis"].reason
    assert "niet" in no["banenafspraak"].reason
    # The pair may still fit; only the promise is withheld.
    assert why.feasible


def test_beschut_place_only_for_a_candidate_with_an_indication():
    beschut = make_workplace(1, place_type="beschut", contract_type="temporary",
                             contract_months=12)  # fmt: skip
    regular = make_workplace(2)
    without = make_candidate(1, beschut_indication=False)
    with_indication = make_candidate(2, beschut_indication=True)
    index = build_index([without, with_indication], [beschut, regular])
    assert [int(i) for i in rank_for_candidate(index, 0, 10).ids] == [2]
    assert set(int(i) for i in rank_for_candidate(index, 1, 10).ids) == {1, 2}
    refused = explain(index, 0, 0)
    assert not refused.feasible
    assert [f.code for f in refused.failures] == ["beschut_indication_missing"]
    assert "indicatie beschut werk" in refused.reasons_against[0]
    assert {i.instrument: i for i in explain(index, 1, 0).instruments}["beschut_werk"].eligible
    # A regular place says nothing about beschut werk.
    assert "beschut_werk" not in {i.instrument for i in explain(index, 1, 1).instruments}
    not_here = Policy(beschut_werk_offered=False)
    advice = {i.instrument: i for i in explain(index, 1, 0, not_here).instruments}
    assert advice["beschut_werk"].status == "not_offered"


def test_unpaid_proefplaatsing_is_flagged_for_someone_without_a_benefit():
    nugger = make_candidate(benefit="none")
    with_benefit = make_candidate(benefit="bijstand")
    job = make_workplace(instruments_accepted=["proefplaatsing"])
    flagged = _advice(nugger, job)[1]["proefplaatsing"]
    assert flagged.eligible and flagged.reason.startswith("Let op")
    assert "zonder inkomen" in flagged.reason
    assert not _advice(with_benefit, job)[1]["proefplaatsing"].reason.startswith("Let op")
    trial = make_workplace(place_type="proefplaatsing", contract_type="none")
    risks = _advice(nugger, trial)[0].risks
    assert any("geen uitkering" in r for r in risks)
    assert not any("geen uitkering" in r for r in _advice(with_benefit, trial)[0].risks)


def test_unknown_regime_asks_to_find_out_who_pays_the_wage_gap():
    unclear = make_candidate(regime="none", benefit="none")
    _, advice = _advice(unclear, make_workplace(**LKS_JOB))
    assert advice["loonkostensubsidie"].status == "unknown"
    assert advice["loondispensatie"].status == "unknown"
    assert "Participatiewet" in advice["loonkostensubsidie"].reason


@settings(max_examples=200, deadline=None)
@given(
    regime=st.sampled_from(["participatiewet", "wajong", "none"]),
    benefit=st.sampled_from(["bijstand", "ww", "wajong", "none"]),
    register=st.booleans(),
    loonwaarde=st.none() | st.floats(0, 120),
    accepts=st.lists(st.sampled_from(["loonkostensubsidie", "proefplaatsing", "jobcoach"])),
    place_type=st.sampled_from(["regular", "lks", "beschut", "proefplaatsing"]),
)
def test_one_regime_one_wage_gap_instrument_and_no_promise_without_register(
    regime, benefit, register, loonwaarde, accepts, place_type
):
    cand = make_candidate(regime=regime, benefit=benefit, doelgroepregister=register,
                          loonwaarde_pct=loonwaarde)  # fmt: skip
    wp = make_workplace(instruments_accepted=accepts, place_type=place_type)
    advice = {i.instrument: i for i in assess_instruments(cand, wp, Policy(), 20.0)}
    assert not (advice["loonkostensubsidie"].eligible and advice["loondispensatie"].eligible)
    if advice["loonkostensubsidie"].eligible:
        assert regime == "participatiewet"
    if advice["loondispensatie"].eligible:
        assert regime == "wajong"
    assert advice["no_risk_polis"].eligible == register
    assert advice["banenafspraak"].eligible == register
    if advice["proefplaatsing"].eligible and benefit == "none":
        assert "zonder inkomen" in advice["proefplaatsing"].reason
    assert all(a.reason.endswith(".") for a in advice.values())
