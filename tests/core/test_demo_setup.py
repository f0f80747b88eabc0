"""`make run` on a fresh machine and again after a restart: migrate, seed --if-empty, keys.

Runs the CLI as `make run` does, in its own process, on a fresh SQLite file."""

import os
import stat
import subprocess
import sys
from pathlib import Path


def _cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PASSEND_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}",
        "PASSEND_DEMO_KEYS_FILE": str(tmp_path / "keys" / "demo-keys.txt"),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_a_demo_of_size_zero_restarts_and_its_keys_are_the_owners_only(tmp_path: Path) -> None:
    sizes = {"PASSEND_DEMO_CANDIDATES": "0", "PASSEND_DEMO_WORKPLACES": "4"}
    assert _cli(tmp_path, "migrate").returncode == 0
    first = _cli(tmp_path, "seed", "--if-empty", **sizes)
    assert first.returncode == 0, first.stderr
    assert "Loaded 0 candidates" in first.stdout
    keys = tmp_path / "keys" / "demo-keys.txt"
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600
    written = keys.read_text(encoding="utf-8")
    assert "admin=" in written
    # The restart: employers exist although no candidate does; nothing is loaded twice.
    second = _cli(tmp_path, "seed", "--if-empty", **sizes)
    assert second.returncode == 0, second.stderr
    assert "already has data" in second.stdout
    assert keys.read_text(encoding="utf-8") == written  # the keys shown still work


def test_keys_written_again_lose_wider_rights(tmp_path: Path) -> None:
    keys = tmp_path / "keys" / "demo-keys.txt"
    keys.parent.mkdir()
    keys.write_text("old\n", encoding="utf-8")
    keys.chmod(0o644)
    assert _cli(tmp_path, "migrate").returncode == 0
    seeded = _cli(tmp_path, "seed", PASSEND_DEMO_CANDIDATES="2", PASSEND_DEMO_WORKPLACES="2")
    assert seeded.returncode == 0, seeded.stderr
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600


def test_a_worker_on_the_demo_sqlite_says_what_to_do_before_anything_else(tmp_path: Path) -> None:
    """`passend worker` next to `make run`: one clear sentence and exit 1, no banner or task
    registration logged first that reads as if it had started."""
    worker = _cli(tmp_path, "worker")
    assert worker.returncode == 1
    assert "passend worker needs PostgreSQL" in worker.stderr
    assert "with SQLite the web process runs the jobs itself" in worker.stderr
    assert worker.stdout == "" and "Registering task" not in worker.stderr
