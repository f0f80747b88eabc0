"""`make bench STEPS=…`: the step names are checked before anything slow runs."""

import json

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


def test_each_step_run_records_the_machine_speed_before_it_and_keeps_the_others(
    tmp_path, monkeypatch
) -> None:
    from bench import run

    results = tmp_path / "results.json"
    results.write_text('{"machine_reference_ms": {"load": 99.0}, "assign_s": 0.9}')
    monkeypatch.setattr(run, "RESULTS", results)
    monkeypatch.setattr(run, "_ensure_bench_database", lambda: None)
    monkeypatch.setitem(run.STEPS, "rank", lambda: {"rank_p95_ms": 1.5})

    assert run.main(["--steps", "rank"]) == 0

    written = json.loads(results.read_text())
    assert written["rank_p95_ms"] == 1.5 and written["assign_s"] == 0.9
    assert written["machine_reference_ms"]["load"] == 99.0  # a step not rerun keeps its own
    assert 0 < written["machine_reference_ms"]["rank"] < 10_000
    assert "cores" in written["machine"]
