"""`make bench`: engine, HTTP and load benchmarks → printed table + bench/results.json.

    make bench                      # every step
    make bench STEPS=load,assign    # only these (python -m bench.run --steps load,assign)

Results of the steps not run stay in bench/results.json. Medians over repeated runs; the
machine is noisy, so compare figures from one run.
"""

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import (
    carving,
    engine,
    fairness,
    http_suggest,
    imports,
    interest,
    load,
    machine,
    national,
)

RESULTS = Path(__file__).resolve().parent / "results.json"
# (key, target, "max" or "min")
TARGETS: list[tuple[str, float, str]] = [
    ("rank_p95_ms", 2.0, "max"),
    ("score_matrix_s", 1.0, "max"),
    ("score_matrix_extra_mb", 300, "max"),
    ("assign_s", 1.0, "max"),
    ("run_e2e_s", 5.0, "max"),
    ("optimality_ratio", 0.9999, "min"),
    ("suggest_http_p95_ms", 25.0, "max"),
    ("carve_s", 2.0, "max"),  # issue 15
    ("carve_optimality", 1.0, "min"),  # issue 15
    ("fairness_report_s", 5.0, "max"),  # issue 16
    ("learner_weight_error", 0.02, "max"),
    # issue 10 item 7: the load step (bench/load.py)
    ("load_mix_rps", 100, "min"),
    ("load_errors", 0, "max"),
    ("load_healthz_p95_ms", 100, "max"),
    ("load_burst_200_status_500", 0, "max"),
    ("load_burst_200_slower_than_10s", 0, "max"),
    ("suggest_open_loop_p95_ms", 50, "max"),
    ("write_visible_s", 2.0, "max"),
    ("suggest_20k_p95_ms", 25, "max"),
    ("interest_f1", 0.85, "min"),  # issue 14
    ("national_run_s_2w", 120, "max"),  # issue 11: 100,000 x 50,000 across 35 regions
    ("national_speedup", 1.5, "min"),
    # issue 13 item 4: bench/imports.py (dry run: at least as fast as the real imports)
    ("import_rows_per_s_sqlite", 3000, "min"),
    ("import_rows_per_s_postgres", 3000, "min"),
    ("import_extra_mb", 300, "max"),
    ("import_dry_run_rows_per_s", 3000, "min"),
]
STEPS: dict[str, Callable[[], dict[str, Any]]] = {
    "rank": lambda: engine.in_subprocess(engine.rank_step),
    "rank_qps": engine.rank_qps,
    "score_matrix": lambda: engine.in_subprocess(engine.score_matrix_step),
    "assign": lambda: engine.in_subprocess(engine.assign_step),
    "optimality": lambda: engine.in_subprocess(engine.optimality_step),
    "lapjv": lambda: engine.in_subprocess(engine.lapjv_step),
    "http": http_suggest.run,
    "carving": lambda: engine.in_subprocess(carving.run),  # issue 15
    "fairness": fairness.run,  # issue 16
    "load": load.run,  # issue 10
    "run_e2e": load.run_e2e,  # issue 10: a ~5k x 4.5k match run over HTTP, queued to explained
    "interest": interest.run,  # issue 14: Dutch interest matching on labelled pairs
    "national": national.run,  # issue 11: a country-wide run with 1 and 2 worker processes
    "import": imports.run,  # issue 13: 100,000 candidate rows from CSV, SQLite and PostgreSQL
}


def parse_steps(text: str) -> list[str]:
    """ "load,assign" → the steps in that order; empty → all. Unknown names are an error."""
    names = [n.strip() for n in text.replace(" ", ",").split(",") if n.strip()]
    unknown = [n for n in names if n not in STEPS]
    if unknown:
        raise SystemExit(f"unknown bench step(s) {', '.join(unknown)}; known: {', '.join(STEPS)}")
    return list(dict.fromkeys(names)) or list(STEPS)


def _ensure_bench_database() -> None:
    """Create the PostgreSQL bench database the PostgreSQL steps use, if it is missing (a
    fresh machine has none); steps that need PostgreSQL still fail clearly when it is down."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(os.environ.get("PASSEND_BENCH_DATABASE_URL", DEFAULT_BENCH_URL))
    server = url.set(drivername="postgresql", database="postgres")
    try:
        with psycopg.connect(server.render_as_string(hide_password=False), autocommit=True) as c:
            if not c.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (url.database,)
            ).fetchone():
                c.execute(f'CREATE DATABASE "{url.database}"')
                print(f"created the bench database {url.database}", flush=True)
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL not reachable ({exc}); its steps will fail", flush=True)


DEFAULT_BENCH_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", default="", help="comma-separated step names (default: all)")
    parser.add_argument("names", nargs="*", help="step names (same as --steps)")
    args = parser.parse_args(argv)
    steps = parse_steps(",".join([args.steps, *args.names]))
    _ensure_bench_database()
    # Merge: a step that is not rerun keeps its last figures.
    results: dict[str, Any] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    references = results.setdefault("machine_reference_ms", {})
    for name in steps:
        # The machine's speed right before the step (bench/machine.py): figures of steps run
        # on other days are compared by it, not taken for a change in the code.
        references[name] = machine.reference_ms()
        started = time.perf_counter()
        print(f"running {name} (machine reference {references[name]} ms) …", flush=True)
        results.update(STEPS[name]())
        print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)
    results["machine"] = (
        f"{platform.machine()} {machine.cpu_model()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores"
    )
    # Shared machine: what else ran shows in the load average (1, 5, 15 min) at the end.
    results["machine_load_avg"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"\n{'metric':34} {'value':>14} {'target':>10}")
    for key, value in sorted(results.items()):
        target = next((t for t in TARGETS if t[0] == key), None)
        verdict = ""
        if target is not None and isinstance(value, int | float):
            ok = value <= target[1] if target[2] == "max" else value >= target[1]
            verdict = (
                f"{'≤' if target[2] == 'max' else '≥'} {target[1]:<6} {'ok' if ok else 'MISS'}"
            )
        print(f"{key:34} {value!s:>14} {verdict:>10}")
    print(f"\nwritten to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
