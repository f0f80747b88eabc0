"""Scenario tests written from DOMAIN.md: what a jobhunter would notice."""

from engine_factories import LAT, make_candidate, make_task, make_workplace

from matching import build_index, explain, rank_for_candidate, rank_for_workplace


def _ranked_ids(candidates, workplaces, cand_pos=0, k=10):
    index = build_index(candidates, workplaces)
    return index, [int(i) for i in rank_for_candidate(index, cand_pos, k).ids]


def test_rank_excludes_busy_production_line_for_strict_calm_need():
    calm = make_candidate(stimulus_tolerance=1, strict_needs=["stimulus"])
    line = make_workplace(1, title="Productiemedewerker", sector="productie",
                          stimulus_level=5, time_pressure_level=5)  # fmt: skip
    quiet = make_workplace(2, stimulus_level=1, time_pressure_level=2,
                           tasks=[make_task(stimulus_level=1)])  # fmt: skip
    index, ids = _ranked_ids([calm], [line, quiet])
    assert ids == [2]
    why = explain(index, 0, 0)
    assert not why.feasible
    assert "strict_stimulus" in [f.code for f in why.failures]


def test_rank_prefers_calm_place_when_calm_need_is_not_strict():
    calm = make_candidate(stimulus_tolerance=1, time_pressure_tolerance=2)
    line = make_workplace(1, stimulus_level=5, time_pressure_level=5)
    quiet = make_workplace(2, stimulus_level=1, time_pressure_level=2,
                           tasks=[make_task(stimulus_level=1)])  # fmt: skip
    _, ids = _ranked_ids([calm], [line, quiet])
    assert ids[0] == 2


def test_rank_puts_varied_job_above_routine_job_for_able_independent_candidate():
    able = make_candidate(skill_level=5, structure_need=1, stimulus_tolerance=4)
    routine = make_workplace(
        1,
        structure_offered=5,
        stimulus_level=1,
        tasks=[make_task(skill_level=1, structure_level=5, stimulus_level=1)],
    )
    varied = make_workplace(
        2,
        structure_offered=2,
        stimulus_level=3,
        tasks=[make_task(skill_level=4, structure_level=2, stimulus_level=3)],
    )
    _, ids = _ranked_ids([able], [routine, varied])
    assert ids[0] == 2


def test_rank_drops_fifty_minute_bus_trip_without_independent_travel():
    rider = make_candidate(travel_modes=["public_transport"], travels_independently_pt=False,
                           max_travel_minutes=60)  # fmt: skip
    # about 15 km: some 50 minutes door to door by bus
    far = make_workplace(1, lat=LAT + 0.135, reachable_by_public_transport=True)
    index, ids = _ranked_ids([rider], [far])
    assert ids == []
    assert [f.code for f in explain(index, 0, 0).failures] == ["travel_too_far"]


def test_rank_keeps_same_bus_trip_for_independent_traveller():
    rider = make_candidate(travel_modes=["public_transport"], max_travel_minutes=60)
    far = make_workplace(1, lat=LAT + 0.135)
    index, ids = _ranked_ids([rider], [far])
    assert ids == [1]
    why = explain(index, 0, 0)
    assert why.travel_mode == "public_transport"
    assert 40 <= (why.travel_minutes or 0) <= 60


def test_rank_reaches_far_workplace_when_transport_is_arranged():
    cyclist = make_candidate(max_travel_minutes=20)
    far = make_workplace(1, lat=LAT + 0.5, transport_arranged=True)
    index, ids = _ranked_ids([cyclist], [far])
    assert ids == [1]
    why = explain(index, 0, 0)
    travel = {p.factor: p for p in why.breakdown}["travel"]
    # It says how long the candidate's own way takes, and that the arranged transport is why
    # the place is allowed at all.
    assert travel.sentence.startswith("Vervoer wordt geregeld door de werkgever: zelf reizen")
    assert "met de fiets, langer dan de maximale 20 minuten" in travel.sentence
    assert travel.sentence.endswith("daarom kan deze werkplek toch")
    assert not travel.concern and travel.sentence not in why.reasons_against
    assert "Lange reistijd" not in why.risks


def test_score_rises_with_earlier_internship_at_employer():
    plain = make_candidate(1)
    intern = make_candidate(2, internship_employer_ids=[1000])
    index = build_index([plain, intern], [make_workplace(100)])
    ranking = rank_for_workplace(index, 0, 2)
    assert [int(i) for i in ranking.ids] == [2, 1]
    assert ranking.scores[0] > ranking.scores[1] + 0.03


def test_explain_gives_dutch_reasons_and_risks():
    cand = make_candidate(stimulus_tolerance=1, loonwaarde_pct=40.0)
    wp = make_workplace(stimulus_level=1, contract_type="temporary", contract_months=6,
                        instruments_accepted=["jobcoach", "proefplaatsing"],
                        tasks=[make_task(stimulus_level=1)])  # fmt: skip
    why = explain(build_index([cand], [wp]), 0, 0)
    sentences = [p.sentence for p in why.breakdown]
    assert (
        "Drukte op de werkplek: ‘Heel rustig’ (niveau 1); past bij de behoefte aan weinig prikkels"
        in sentences
    )
    assert any(
        s.startswith("Reistijd ongeveer") and "met de fiets, binnen de maximale 30 minuten" in s
        for s in sentences
    )
    assert any("Tijdelijk contract van 6 maanden" in r for r in why.risks)
    assert why.reasons_for
    alone = make_workplace(supervision_offered=1, contract_type="agency", contract_months=6,
                           agency_clause=True)  # fmt: skip
    risks = explain(build_index([cand], [alone]), 0, 0).risks
    assert "Geen begeleiding op de werkvloer" in risks
    assert "Uitzendbeding: het contract stopt als de opdracht stopt" in risks


def test_explain_jobcoach_follows_policy_thresholds():
    cand = make_candidate(loonwaarde_pct=25.0, hours_per_week_min=8, hours_per_week_max=10,
                          needs_gradual_buildup=True)  # fmt: skip
    wp = make_workplace(hours_per_week_min=8, hours_per_week_max=20, jobcoach_welcome=True,
                        contract_type="temporary", contract_months=12)  # fmt: skip
    why = explain(build_index([cand], [wp]), 0, 0)
    coach = {i.instrument: i for i in why.instruments}["jobcoach"]
    assert coach.status == "eligible_by_exception"
    short = make_workplace(contract_type="temporary", contract_months=3, jobcoach_welcome=True)
    coach = explain(build_index([cand], [short]), 0, 0).instruments[0]
    assert coach.status == "not_eligible" and "korter dan 6 maanden" in coach.reason


def test_explain_lks_respects_municipal_minimum():
    from matching import Policy

    cand = make_candidate(loonwaarde_pct=45.0)
    wp = make_workplace(instruments_accepted=["loonkostensubsidie"])
    index = build_index([cand], [wp])
    assert explain(index, 0, 0).instruments[2].eligible
    strict = Policy(lks_min_loonwaarde_pct=50)
    assert explain(index, 0, 0, strict).instruments[2].status == "not_eligible"


def test_rank_allows_buildup_when_hours_are_slightly_above_candidate():
    grower = make_candidate(hours_per_week_min=8, hours_per_week_max=12, needs_gradual_buildup=True)
    steady = make_candidate(2, hours_per_week_min=8, hours_per_week_max=12)
    wp = make_workplace(hours_per_week_min=16, hours_per_week_max=24)
    index = build_index([grower, steady], [wp])
    assert [int(i) for i in rank_for_workplace(index, 0).ids] == [1]
    assert "ingroeien" in explain(index, 0, 0).breakdown[8].sentence


def test_explain_names_levels_with_the_employer_form_words():
    # The form calls stimulus 2 "Rustig", time pressure 2 "Weinig" and customer contact 2
    # "Heel soms een klant"; the explanation must not call the same place busy.
    sensitive = make_candidate(stimulus_tolerance=1, time_pressure_tolerance=1,
                               customer_contact_tolerance=1)  # fmt: skip
    wp = make_workplace(stimulus_level=2, time_pressure_level=2, customer_contact_level=2,
                        tasks=[make_task(stimulus_level=2)])  # fmt: skip
    said = {p.factor: p.sentence for p in explain(build_index([sensitive], [wp]), 0, 0).breakdown}
    assert said["stimulus"] == (
        "Drukte op de werkplek: ‘Rustig’ (niveau 2); meer dan de kandidaat aankan: "
        "tot ‘Heel rustig’ (niveau 1)"
    )
    assert said["time_pressure"].startswith("Tijdsdruk op de werkplek: ‘Weinig’ (niveau 2)")
    assert said["customer_contact"].startswith(
        "Klantcontact op de werkplek: ‘Heel soms een klant’ (niveau 2)"
    )


def test_time_pressure_at_zero_is_the_first_reason_against_not_the_generic_line():
    # Someone who burns out under pressure, at a place with a strict hourly norm and weak
    # signs of a lasting job: the pressure is the concern to read first.
    pressured = make_candidate(time_pressure_tolerance=1)
    norm = make_workplace(time_pressure_level=5, contract_type="temporary", contract_months=6,
                          employer_willingness=2)  # fmt: skip
    why = explain(build_index([pressured], [norm]), 0, 0)
    parts = {p.factor: p for p in why.breakdown}
    assert parts["time_pressure"].raw == 0.0
    assert why.reasons_against[0] == (
        "Tijdsdruk op de werkplek: ‘Heel veel’ (niveau 5); meer dan de kandidaat aankan: "
        "tot ‘Geen’ (niveau 1)"
    )
    assert why.reasons_against[-1].startswith("Weinig zekerheid over een blijvende plek")


def test_little_supervision_is_a_risk_only_for_someone_who_needs_more():
    alone = make_workplace(supervision_offered=1)
    independent = make_candidate(supervision_need=1)
    why = explain(build_index([independent], [alone]), 0, 0)
    assert {p.factor: p.raw for p in why.breakdown}["supervision"] == 1.0
    assert "Geen begeleiding op de werkvloer" not in why.risks
    needs_help = make_candidate(supervision_need=4)
    why = explain(build_index([needs_help], [alone]), 0, 0)
    assert "Geen begeleiding op de werkvloer" in why.risks
    assert why.reasons_against[0] == (
        "Minder begeleiding op de werkvloer dan nodig: ‘De medewerker werkt alleen’ (niveau 1); "
        "de kandidaat heeft ‘Een vaste collega is vaak in de buurt’ (niveau 4) nodig"
    )
