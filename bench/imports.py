"""Import benchmark (issue 13 item 4): 100,000 candidate rows, CSV, generic profile.

``import_rows_per_s_sqlite`` / ``import_rows_per_s_postgres`` (target ≥ 3,000 each): a real
import into an empty, migrated database; ``import_dry_run_rows_per_s`` (at least as fast): the
same file checked without writing (SQLite); ``import_extra_mb`` (target ≤ 300): the largest
peak-RSS increase of the import process over its state before the import started. A real
import includes the duplicates check of the new candidates (``import_duplicates_s_*``).
Each run is a fresh subprocess, so one run's memory never counts for the next.

Run alone: ``python -m bench.imports`` (PostgreSQL at PASSEND_BENCH_DATABASE_URL, default
postgresql+psycopg://postgres@127.0.0.1:5432/bench; a scratch database beside it is used).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROWS = int(os.environ.get("PASSEND_BENCH_IMPORT_ROWS", "100000"))
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench"
ROOT = Path(__file__).resolve().parents[1]


def _measure(url: str, path: str, dry_run: bool) -> dict[str, Any]:
    """In this (fresh) process: migrate, import, report rows/s and the peak RSS increase."""
    import resource

    os.environ["PASSEND_DATABASE_URL"] = url
    os.environ.setdefault("PASSEND_IMPORT_BSN_KEY", "bench-import-bsn-key-" + "k" * 40)
    os.environ["PASSEND_IMPORT_MAX_MB"] = "200"
    import app.models  # noqa: F401
    from app.cli import migrate
    from app.core.db import get_engine
    from app.core.security import Principal
    from app.core.vocab import Role
    from app.imports import service

    migrate()
    engine = get_engine()
    # Resident memory now, not the peak so far: migrating can peak higher than the import,
    # and "peak after minus peak before" then reads 0 however much the import held.
    with open("/proc/self/statm") as statm:
        before_kb = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    started = time.perf_counter()
    report = service.import_file(
        engine,
        actor=Principal(0, "bench", Role.admin, None),
        entity="candidates",
        path=Path(path),
        profile="generic",
        dry_run=dry_run,
    )
    elapsed = time.perf_counter() - started
    after_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if report.status != "succeeded" or report.created != ROWS:
        raise RuntimeError(f"import did not succeed: {report.message} {report.problems[:3]}")
    return {
        "rows": report.rows,
        "s": round(elapsed, 2),
        "rows_per_s": round(report.rows / elapsed),
        "extra_mb": round((after_kb - before_kb) / 1024),
        "duplicates_s": report.post_import_s,
    }


def _run(url: str, path: Path, dry_run: bool) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.imports", "--measure", url, str(path)]
    if dry_run:
        command.append("--dry-run")
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"import bench failed: {done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _scratch_postgres(url: str) -> tuple[str, Any]:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from app.core.db import make_engine

    scratch = f"{make_url(url).database}_import_bench"
    admin = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {scratch}"))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)"))
        admin.dispose()

    return make_url(url).set(database=scratch).render_as_string(hide_password=False), drop


def run() -> dict[str, Any]:
    from seed.import_files import candidate_rows, write_csv

    url = os.environ.get("PASSEND_BENCH_DATABASE_URL", DEFAULT_URL)
    out: dict[str, Any] = {"import_rows": ROWS}
    with tempfile.TemporaryDirectory(prefix="passend-import-") as tmp_dir:
        tmp = Path(tmp_dir)
        path = write_csv(tmp / "candidates.csv", candidate_rows(ROWS, seed=2015))
        out["import_file_mb"] = round(path.stat().st_size / 1e6, 1)
        print(f"  {ROWS} rows, {out['import_file_mb']} MB", flush=True)
        dry = _run(f"sqlite:///{tmp / 'dry.db'}", path, dry_run=True)
        print(f"  dry run: {dry}", flush=True)
        sqlite = _run(f"sqlite:///{tmp / 'import.db'}", path, dry_run=False)
        print(f"  sqlite: {sqlite}", flush=True)
        pg_url, drop = _scratch_postgres(url)
        try:
            postgres = _run(pg_url, path, dry_run=False)
        finally:
            drop()
        print(f"  postgres: {postgres}", flush=True)
    out |= {
        "import_dry_run_rows_per_s": dry["rows_per_s"],
        "import_rows_per_s_sqlite": sqlite["rows_per_s"],
        "import_rows_per_s_postgres": postgres["rows_per_s"],
        "import_s_sqlite": sqlite["s"],
        "import_s_postgres": postgres["s"],
        # Part of the import as users get it: the duplicates check of the new candidates.
        "import_duplicates_s_sqlite": sqlite["duplicates_s"],
        "import_duplicates_s_postgres": postgres["duplicates_s"],
        "import_extra_mb": max(dry["extra_mb"], sqlite["extra_mb"], postgres["extra_mb"]),
        "import_load_avg": [round(x, 2) for x in os.getloadavg()],
    }
    return out


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--measure":
        print(json.dumps(_measure(argv[1], argv[2], dry_run="--dry-run" in argv)))
        return 0
    print(json.dumps(run(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
