"""`make bench STEPS=…`: the step names are checked before anything slow runs."""

import pytest

from bench.run import STEPS, parse_steps


def test_steps_are_chosen_by_name_in_order_and_default_to_all() -> None:
    assert parse_steps("load,assign") == ["load", "assign"]
    assert parse_steps(" load , load ") == ["load"]
    assert parse_steps("") == list(STEPS)
    assert {"rank", "assign", "http", "carving", "fairness", "load"} <= set(STEPS)


def test_an_unknown_step_is_refused_with_the_known_names() -> None:
    with pytest.raises(SystemExit, match=r"unknown bench step.*lod.*known: rank"):
        parse_steps("lod")
