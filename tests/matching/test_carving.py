"""Job carving in the engine: per-task fit, the CP-SAT solver against exhaustive search,
field scenarios, and bad input. No database."""

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import ProfileError, build_index, score_block
from matching.carving import (
    CarvingOptions,
    best_bundle,
    carve,
    explain_role,
    task_fit,
    tasks_to_drop,
)
from matching.carving.exhaustive import exhaustive_objective
from matching.carving.units import build_units, role_value
from seed.carving import inventory_tasks, site, small_candidates
from tests.matching.engine_factories import LAT, LON, make_candidate, make_workplace

SITES = {"hq": site("hq", 1, LAT, LON), "annex": site("annex", 1, LAT + 0.01, LON)}


def office_task(id: int, name: str, hours: float, current_role: str, **levels: Any) -> dict:
    task: dict[str, Any] = {
        "id": id,
        "site": "hq",
        "name": name,
        "description": name.lower(),
        "hours_per_week": hours,
        "days": ["mon", "wed"],
        "time_of_day": "morning",
        "stimulus_level": 2,
        "structure_level": 5,
        "supervision_offered": 3,
        "time_pressure_level": 2,
        "customer_contact_level": 1,
        "physical_load": 2,
        "skill_level": 1,
        "required_certificate": None,
        "current_role": current_role,
    }
    return task | levels


def carving_candidate(**overrides: Any) -> dict[str, Any]:
    profile: dict[str, Any] = dict(make_candidate(7))
    profile.update(days_available=["mon", "tue", "wed", "thu"], hours_per_day_max=6)
    return profile | overrides


def random_instance(seed: int) -> tuple[Any, CarvingOptions]:
    rng = random.Random(seed)
    tasks = inventory_tasks(rng.randint(5, 12), seed, ["hq", "annex"])
    candidates = small_candidates(rng.randint(1, 6), seed, LAT, LON)
    options = CarvingOptions(max_roles=rng.randint(1, 4), max_sites_per_role=rng.randint(1, 2))
    return task_fit(candidates, tasks, SITES), options


@pytest.mark.parametrize("seed", [3, 11, 17, 23, 42, 77])
def test_carve_equals_exhaustive_search_on_small_instances(seed: int) -> None:
    fit, options = random_instance(seed)
    result = carve(fit, options)
    assert result.objective == exhaustive_objective(fit, options)
    assert result.status in ("OPTIMAL", "NO_ROLE")


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_every_proposed_role_keeps_the_rules(seed: int) -> None:
    fit, options = random_instance(seed)
    result = carve(fit, options)
    u = build_units(
        fit.scores, fit.feasible, fit.tasks, fit.candidates,
        max_roles=options.max_roles, min_role_hours_per_week=options.min_role_hours_per_week,
    )  # fmt: skip
    used = [j for role in result.roles for j in role.task_positions]
    assert len(used) == len(set(used))  # a task is in one role at most
    assert len(result.roles) <= options.max_roles
    assert len({r.candidate_pos for r in result.roles}) == len(result.roles)
    for role in result.roles:
        ok, units, _ = role_value(u, role.candidate_pos, role.task_positions, 2)
        assert ok
        cand = fit.candidates[role.candidate_pos]
        assert cand["hours_per_week_min"] <= role.hours_per_week <= cand["hours_per_week_max"]
        assert role.fit == units / 1000


def test_bins_paper_and_mail_round_become_one_role_for_a_candidate_who_needs_structure() -> None:
    tasks = [
        office_task(1, "Afvalbakken legen", 3, "schoonmaker"),
        office_task(2, "Papier aanvullen bij printers", 2, "secretaresse"),
        office_task(3, "Postronde door het gebouw", 4, "secretaresse"),
        office_task(4, "Bezoekers ontvangen aan de balie", 8, "secretaresse",
                    customer_contact_level=5, structure_level=2, stimulus_level=4),
        office_task(5, "Vergaderingen notuleren", 4, "secretaresse", skill_level=4,
                    structure_level=2),
        office_task(6, "Ramen wassen op hoogte", 3, "schoonmaker", physical_load=4,
                    required_certificate="VCA"),
    ]  # fmt: skip
    person = carving_candidate(
        hours_per_week_min=8, hours_per_week_max=12, structure_need=5, customer_contact_tolerance=1,
        strict_needs=["customer_contact", "structure"], skill_level=2, interests=["post"],
    )  # fmt: skip
    fit = task_fit([person], tasks, SITES)
    result = best_bundle(fit, 0)
    assert result.status == "OPTIMAL"
    (role,) = result.roles
    assert sorted(role.task_ids) == [1, 2, 3]
    assert role.hours_per_week == 9
    why = explain_role(fit, role, result)
    assert "3 uur per week minder voor: schoonmaker" in why.freed
    assert "6 uur per week minder voor: secretaresse" in why.freed
    left = {s.split(":")[0]: s for s in why.left_out}
    assert "te veel klantcontact" in left["Bezoekers ontvangen aan de balie"]
    assert "certificaat (vca)" in left["Ramen wassen op hoogte"]


def test_a_heavy_task_is_dropped_so_a_candidate_with_limited_physical_capacity_fits() -> None:
    light = [
        office_task(1, "Producten sorteren", 8, "magazijnmedewerker"),
        office_task(2, "Etiketten plakken", 6, "magazijnmedewerker"),
        office_task(3, "Dozen vouwen", 4, "magazijnmedewerker"),
    ]
    heavy = office_task(4, "Pallets lossen", 1, "magazijnmedewerker", physical_load=5)
    person = carving_candidate(hours_per_week_min=12, hours_per_week_max=20, physical_capacity=2)
    # The job as the employer packages it: one heavy hour makes all of it infeasible today.
    job = make_workplace(
        id=500, hours_per_week_min=16, hours_per_week_max=20, physical_demand=2,
        tasks=[{k: t[k] for k in ("name", "description", "hours_per_week", "stimulus_level",
               "structure_level", "physical_load", "skill_level", "required_certificate")}
               for t in [*light, heavy]],
    )  # fmt: skip
    assert not score_block(build_index([person], [job])).feasible[0, 0]
    advice = tasks_to_drop(person, job)
    assert advice.possible and not advice.fits_as_is
    assert advice.drop_names == ("Pallets lossen",)
    assert "Zonder 'Pallets lossen' (1 uur per week) past hij wel" in advice.sentences[1]
    # Carving from the inventory leaves the heavy task out and says why.
    fit = task_fit([person], [*light, heavy], SITES)
    (role,) = best_bundle(fit, 0).roles
    assert 4 not in role.task_ids and 12 <= role.hours_per_week <= 20
    why = explain_role(fit, role)
    assert any(s.startswith("Pallets lossen: het werk is lichamelijk") for s in why.left_out)


def test_a_large_pool_is_reduced_and_says_so() -> None:
    tasks = inventory_tasks(60, 5, ["hq"])
    candidates = small_candidates(150, 5, LAT, LON)
    fit = task_fit(candidates, tasks, SITES)
    result = carve(fit, CarvingOptions(max_roles=5, exact_pairs=100, time_limit_s=0.5))
    assert result.reduced and result.status == "FEASIBLE"
    assert result.placed == 5
    assert result.candidates_in_model < len(candidates)


def test_tasks_on_days_the_candidate_cannot_work_are_infeasible() -> None:
    tasks = [office_task(1, "Post", 4, "secretaresse", days=["fri"])]
    fit = task_fit([carving_candidate()], tasks, SITES)
    assert not fit.feasible[0, 0]
    assert fit.reasons(0, 0) == ["day_unavailable"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hours_per_week": 0}, "task[1].hours_per_week"),
        ({"hours_per_week": 61}, "task[1].hours_per_week"),
        ({"days": ["mon", "funday"]}, "task[1].days"),
        ({"physical_load": 6}, "task[1].physical_load"),
        ({"site": "nowhere"}, "task[1].site"),
    ],
)
def test_bad_tasks_are_rejected_naming_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ProfileError) as caught:
        task_fit([carving_candidate()], [office_task(1, "Post", 4, "x") | change], SITES)
    assert caught.value.field == field
