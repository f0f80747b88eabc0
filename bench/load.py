"""Load benchmark (issue 10 item 7): the service as production runs it, under Locust.

On PostgreSQL (PASSEND_BENCH_DATABASE_URL, default the local `bench` database, which this step
WIPES: it drops and recreates its `public` schema), for each region size:

1. migrate, bulk-load a region from the `seed` generator (seed/bulk.py; rows/s reported) with
   the demo keys `make run` makes, start `python -m app.cli serve --workers 2`;
2. 3,000 × 2,000: the 50-user mix with /healthz polled in the same run, a burst of 200
   simultaneous requests, suggestions at a steady 30 req/s with 5 % writes, the time from a
   write to the changed suggestion, then `verify-access-log` and the access-log rows added
   against the logged reads the load generator counted; a consent withdrawal must count on
   the very next request;
3. 20,000 × 10,000: one client, sequential suggestions; peak RSS of each worker process.

Durations and sizes come from the environment so a short smoke run is possible, e.g.
PASSEND_BENCH_LOAD_SECONDS=10 PASSEND_BENCH_20K_SECONDS=5 PASSEND_BENCH_REGIONS=600x400,2000x1000.
"""

import json
import os
import resource
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psutil
import psycopg

ROOT = Path(__file__).resolve().parents[1]
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench"


def _setting(name: str, default: str) -> str:
    return os.environ.get(f"PASSEND_BENCH_{name}", default)


def _int(name: str, default: int) -> int:
    return int(_setting(name, str(default)))


def _regions() -> list[tuple[int, int]]:
    sizes = _setting("REGIONS", "3000x2000,20000x10000").split(",")
    return [(int(c), int(w)) for c, w in (s.lower().split("x") for s in sizes if s)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


class Service:
    """A bench database and the server on it, configured as production would be."""

    def __init__(self, url: str, tmp: Path) -> None:
        self.url, self.tmp = url, tmp
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        unlimited = "100000000"  # measure the service, not the per-key budget
        self.env = {
            **os.environ,
            "PASSEND_DATABASE_URL": url,
            "PASSEND_PORT": str(self.port),
            "PASSEND_WORKERS": _setting("WORKERS", "2"),
            "PASSEND_RUN_WORKER": "false",
            "PASSEND_DEMO_KEYS_FILE": str(tmp / "keys.txt"),
            "PASSEND_SECRET_KEY": secrets.token_urlsafe(32),
            "PASSEND_ACCESS_LOG_KEY": secrets.token_hex(32),
            "PASSEND_ACCESS_LOG_CHECKPOINT_DIR": str(tmp / "checkpoints"),
            "PASSEND_RATE_LIMIT_BACKEND": _setting("RATE_LIMIT_BACKEND", "memory"),
            "PASSEND_RATE_LIMIT_JOBHUNTER_PER_MINUTE": unlimited,
            "PASSEND_RATE_LIMIT_ADMIN_PER_MINUTE": unlimited,
            "PASSEND_RATE_LIMIT_ANONYMOUS_PER_MINUTE": unlimited,
        }
        self.server: subprocess.Popen[bytes] | None = None
        self.loaded_at = time.monotonic()

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed: {done.stdout}\n{done.stderr}")
        return done.stdout

    def reset_and_load(
        self, candidates: int, workplaces: int, region: str = "haaglanden"
    ) -> dict[str, Any]:
        with psycopg.connect(_libpq(self.url), autocommit=True) as conn:
            conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
            conn.execute("CREATE SCHEMA public")
        self.cli("app.cli", "migrate")
        out = self.cli(
            "seed.bulk",
            "--candidates",
            str(candidates),
            "--workplaces",
            str(workplaces),
            "--region",
            region,
        )
        report: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
        self.loaded_at = time.monotonic()
        return report

    def keys(self) -> dict[str, str]:
        text = Path(self.env["PASSEND_DEMO_KEYS_FILE"]).read_text()
        return dict(
            line.split("=", 1) for line in text.splitlines() if "=" in line and line[0] != "#"
        )

    @contextmanager
    def running(self) -> Iterator["Service"]:
        log = open(self.tmp / "server.log", "wb")  # noqa: SIM115 - closed below
        self.server = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve"],
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_ready()
            yield self
        finally:
            self.server.terminate()
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
            log.close()

    def _wait_ready(self, timeout_s: float = 120) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            assert self.server is not None
            if self.server.poll() is not None:
                raise RuntimeError(f"server exited: {(self.tmp / 'server.log').read_text()}")
            try:
                if httpx.get(f"{self.base}/readyz", timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        raise RuntimeError("server did not become ready")

    def workers(self) -> list[psutil.Process]:
        assert self.server is not None
        children = psutil.Process(self.server.pid).children(recursive=True)
        return [p for p in children if "spawn_main" in " ".join(p.cmdline())]

    def access_log_rows(self) -> int:
        with psycopg.connect(_libpq(self.url)) as conn:
            row = conn.execute("SELECT count(*) FROM access_log").fetchone()
            return int(row[0]) if row else 0


def _settle(loaded_at: float) -> None:
    """Wait until the loaded rows are older than the snapshot's commit lag.

    The suggestion snapshot's incremental refresh reloads every row changed within
    ``COMMIT_LAG`` (30 s) of its last read: right after a bulk load that is the whole region,
    at every refresh. A service that has been up a while does not pay that; measure that one.
    """
    from app.matches.snapshot import COMMIT_LAG

    remaining = loaded_at + COMMIT_LAG.total_seconds() + 5 - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)


def _rebuilds(service: Service, admin_key: str) -> dict[str, float]:
    """Snapshot refreshes so far, summed over the workers (from /metrics)."""
    text = httpx.get(f"{service.base}/metrics", headers={"X-API-Key": admin_key}, timeout=30).text
    out: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith("passend_snapshot_rebuild_seconds_") and "{" in line:
            name, value = line.rsplit(" ", 1)
            metric = name.split("{")[0].removeprefix("passend_snapshot_rebuild_seconds_")
            kind = name.split('kind="')[1].split('"')[0]
            if metric in ("count", "sum"):
                out[f"{kind}_{metric}"] = out.get(f"{kind}_{metric}", 0.0) + float(value)
    return out


def _rebuild_delta(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    count = after.get("incremental_count", 0.0) - before.get("incremental_count", 0.0)
    seconds = after.get("incremental_sum", 0.0) - before.get("incremental_sum", 0.0)
    return {
        "incremental_refreshes": int(count),
        "incremental_refresh_s_total": round(seconds, 2),
        "incremental_refresh_s_mean": round(seconds / count, 3) if count else 0.0,
        "full_rebuilds": int(after.get("full_count", 0.0) - before.get("full_count", 0.0)),
    }


class RssSampler:
    """Peak resident memory of each worker process, sampled twice a second."""

    def __init__(self, service: Service) -> None:
        self.service, self.peak_mb = service, {}  # type: ignore[var-annotated]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for proc in self.service.workers():
                try:
                    mb = proc.memory_info().rss / 2**20
                except psutil.Error:
                    continue
                self.peak_mb[proc.pid] = max(self.peak_mb.get(proc.pid, 0.0), mb)
            self._stop.wait(0.5)

    def __enter__(self) -> "RssSampler":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def _ids(client: httpx.Client) -> dict[str, list[int]]:
    """The jobhunter's caseload and the active workplaces, as the pages list them."""

    def all_ids(path: str) -> list[int]:
        ids, offset = [], 0
        while True:
            page = client.get(f"{path}limit=200&offset={offset}").json()
            ids += [item["id"] for item in page["items"]]
            offset += 200
            if offset >= page["total"]:
                return ids

    candidates = all_ids("/api/v1/candidates?")
    workplaces = all_ids("/api/v1/workplaces?status=active&")
    # Writes go to rows of their own, so they never race the write-visibility probe.
    return {
        "candidates": candidates[:-80],
        "workplaces": workplaces,
        "write_candidates": candidates[-60:],
        "write_workplaces": workplaces[-60:],
        "probe_candidates": candidates[-80:-60],
    }


def _locust(
    service: Service, key: str, ids_file: Path, users: int, seconds: int, classes: list[str]
) -> dict[str, Any]:
    name = "-".join(classes)
    out = service.tmp / f"{name}.json"
    env = {
        **service.env,
        "PASSEND_BENCH_KEY": key,
        "PASSEND_BENCH_IDS": str(ids_file),
        "PASSEND_BENCH_OUT": str(out),
    }
    args = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
    args += ["-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", service.base]
    args += ["--csv", str(service.tmp / name), "--only-summary", "--stop-timeout", "30"]
    args += ["--loglevel", "WARNING", "--exit-code-on-error", "0", *classes]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"locust failed ({done.returncode}): {done.stderr[-3000:]}")
    summary: dict[str, Any] = json.loads(out.read_text())
    # The load generator shares the 2 cores with the service: what it took is reported.
    cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary["generator_cpu_s"] = round(cpu_s, 1)
    return summary


def _rps_without_healthz(summary: dict[str, Any]) -> float:
    total = summary["total"]
    health = summary["requests"].get("healthz", {}).get("num_requests", 0)
    return (total["num_requests"] - health) / total["seconds"] if total["seconds"] else 0.0


def _suggestion_p95(summary: dict[str, Any]) -> float | None:
    """p95 over both suggestion endpoints together, from the exact per-request timings."""
    joint = summary["exact"].get("suggestions")
    return joint["p95_ms"] if joint else None


def _shown(suggestions: dict[str, Any]) -> str:
    return json.dumps([suggestions["n_feasible"], suggestions["items"]], sort_keys=True)


def _write_visible(client: httpx.Client, candidates: list[int]) -> tuple[list[float], int, int]:
    """Seconds from a PATCH's answer to the first suggestions that differ; also the reads
    logged and how many writes never became visible within 30 s."""
    timings, logged, never = [], 0, 0
    for cid in candidates:
        path = f"/api/v1/candidates/{cid}/suggestions?limit=20"
        before = client.get(path).json()
        current = client.get(f"/api/v1/candidates/{cid}").json()["max_travel_minutes"]
        logged += 2
        if not before["items"]:
            continue
        # Travel time bounds feasibility and scores: a big change moves the suggestions.
        response = client.patch(
            f"/api/v1/candidates/{cid}", json={"max_travel_minutes": 15 if current >= 30 else 60}
        )
        logged += 1
        assert response.status_code == 200, response.text
        changed_at = time.perf_counter()
        deadline = changed_at + 30
        while True:
            now = client.get(path).json()
            logged += 1
            if _shown(now) != _shown(before):
                timings.append(time.perf_counter() - changed_at)
                break
            if time.perf_counter() > deadline:
                never += 1
                break
            time.sleep(0.02)
        if len(timings) >= 5:
            break
    return timings, logged, never


def _withdrawal_next_request(client: httpx.Client, candidates: list[int]) -> bool:
    for cid in candidates:
        consents = client.get(f"/api/v1/candidates/{cid}/consents").json()
        active = [
            c for c in consents if c["purpose"] == "matching" and c.get("withdrawn_on") is None
        ]
        if not active:
            continue
        before = client.get(f"/api/v1/candidates/{cid}/suggestions?limit=20").json()
        if not before["items"]:
            continue
        done = client.post(f"/api/v1/candidates/{cid}/consents/{active[0]['id']}/withdraw")
        assert done.status_code == 200, done.text
        after = client.get(f"/api/v1/candidates/{cid}/suggestions?limit=20").json()
        return not after["items"] and after["n_feasible"] == 0
    raise RuntimeError("no probe candidate with an active matching consent and suggestions")


def _region_step(service: Service) -> dict[str, Any]:
    """The mix, burst, open loop, write visibility and access-log accounting on one region."""
    out: dict[str, Any] = {}
    key = service.keys()["jobhunter"]
    users = _int("USERS", 50)
    with (
        service.running(),
        httpx.Client(base_url=service.base, headers={"X-API-Key": key}, timeout=60) as client,
    ):
        ids = _ids(client)
        ids_file = service.tmp / "ids.json"
        ids_file.write_text(json.dumps(ids))
        for cid in ids["candidates"][:40]:  # warm: both workers' snapshots built
            client.get(f"/api/v1/candidates/{cid}/suggestions?limit=20")
        _settle(service.loaded_at)
        rows_before = service.access_log_rows()
        logged = 0
        admin_key = service.keys()["admin"]
        rebuilds_before = _rebuilds(service, admin_key)

        mix = _locust(
            service, key, ids_file, users + 1, _int("LOAD_SECONDS", 60), ["MixUser", "HealthUser"]
        )
        counts = mix["counts"]
        logged += counts.get("logged_reads", 0)
        out["load_mix_rps"] = round(_rps_without_healthz(mix), 1)
        out["load_errors"] = counts.get("errors", 0)
        out["load_shed_503"] = counts.get("shed_503", 0)
        out["load_healthz_p95_ms"] = mix["exact"]["healthz"]["p95_ms"]
        out["load_mix_suggest_p95_ms"] = _suggestion_p95(mix)
        out["load_mix_requests"] = mix["total"]["num_requests"]
        out["load_mix_generator_cpu_s"] = mix["generator_cpu_s"]
        out["load_mix_snapshot"] = _rebuild_delta(rebuilds_before, _rebuilds(service, admin_key))

        burst_n = _int("BURST", 200)
        # Each user stops after its one request; 20 s bounds the run, stragglers get 30 s more.
        burst = _locust(service, key, ids_file, burst_n, 20, ["BurstUser"])
        bc = burst["counts"]
        logged += bc.get("logged_reads", 0)
        out["load_burst_200_status_500"] = sum(v for k, v in bc.items() if k.endswith(" 500"))
        out["load_burst_200_slower_than_10s"] = bc.get("slower_than_10s", 0)
        out["load_burst_200"] = {
            "requests": sum(v for k, v in bc.items() if "suggestions" in k),
            "status_500": sum(v for k, v in bc.items() if k.endswith(" 500")),
            "slower_than_10s": bc.get("slower_than_10s", 0),
            "shed_503": bc.get("shed_503", 0),
            "other_errors": bc.get("errors", 0),
            "max_ms": burst["exact"]["suggestions"]["max_ms"],
        }

        rate = float(_setting("OPEN_LOOP_RPS", "30"))
        per_user = float(_setting("OPEN_LOOP_PER_USER_RPS", "2"))
        open_users = max(1, round(rate / per_user))
        service.env["PASSEND_BENCH_OPEN_LOOP_PER_USER_RPS"] = str(per_user)
        rebuilds_before = _rebuilds(service, admin_key)
        steady = _locust(
            service,
            key,
            ids_file,
            open_users + 1,
            _int("OPEN_LOOP_SECONDS", 60),
            ["OpenLoopUser", "HealthUser"],
        )
        logged += steady["counts"].get("logged_reads", 0)
        out["suggest_open_loop_p95_ms"] = _suggestion_p95(steady)
        out["suggest_open_loop_rps"] = round(_rps_without_healthz(steady), 1)
        out["suggest_open_loop_errors"] = steady["counts"].get("errors", 0)
        out["suggest_open_loop_snapshot"] = _rebuild_delta(
            rebuilds_before, _rebuilds(service, admin_key)
        )

        timings, probe_reads, never = _write_visible(client, ids["probe_candidates"][:10])
        logged += probe_reads
        out["write_never_visible_30s"] = never
        out["write_visible_s"] = round(max(timings), 2) if timings else None
        out["write_visible_median_s"] = round(statistics.median(timings), 2) if timings else None

        service.cli("app.cli", "verify-access-log", "--seal")  # raises unless intact
        out["access_log_verified"] = True
        out["access_log_rows_added"] = service.access_log_rows() - rows_before
        out["access_log_reads_counted"] = logged
        out["withdrawal_counts_next_request"] = _withdrawal_next_request(
            client, ids["probe_candidates"][10:]
        )
    return out


def _single_client_step(service: Service) -> dict[str, Any]:
    key = service.keys()["jobhunter"]
    with (
        service.running(),
        httpx.Client(base_url=service.base, headers={"X-API-Key": key}, timeout=60) as client,
    ):
        ids = _ids(client)
        ids_file = service.tmp / "ids.json"
        ids_file.write_text(json.dumps(ids))
        for cid in ids["candidates"][:40]:
            client.get(f"/api/v1/candidates/{cid}/suggestions?limit=20")
        for wid in ids["workplaces"][:20]:
            client.get(f"/api/v1/workplaces/{wid}/suggestions?limit=20")
        _settle(service.loaded_at)
        with RssSampler(service) as rss:
            one = _locust(service, key, ids_file, 1, _int("20K_SECONDS", 60), ["SingleClientUser"])
    exact = one["exact"]
    return {
        "suggest_20k_p95_ms": _suggestion_p95(one),
        "suggest_20k_candidate_p95_ms": exact["candidate suggestions"]["p95_ms"],
        "suggest_20k_workplace_p95_ms": exact["workplace suggestions"]["p95_ms"],
        "suggest_20k_requests": exact["suggestions"]["n"],
        "suggest_20k_errors": one["counts"].get("errors", 0),
        "suggest_20k_peak_rss_mb_per_worker": sorted(round(v) for v in rss.peak_mb.values()),
    }


def run_e2e() -> dict[str, Any]:
    """A 5,000 × 5,000 match run as users get it: from POST /match-runs to the stored,
    explained proposals being served (worker thread in the server, as `make run` has it).

    The run covers every ready candidate with a matching consent, about a quarter of a
    generated region: the default region of 20,000 × 5,000 gives a run of about 5,000
    candidates × 4,500 workplaces, the size the target is set for (a 5,000 × 5,000 region
    gave a run of only ~1,200 × 4,500). PASSEND_BENCH_E2E_REGION picks another region.
    """
    url = _setting("DATABASE_URL", DEFAULT_URL)
    size = _setting("E2E_REGION", "20000x5000").lower()
    candidates, workplaces = (int(n) for n in size.split("x"))
    with tempfile.TemporaryDirectory(prefix="passend-e2e-") as tmp_dir:
        service = Service(url, Path(tmp_dir))
        service.env["PASSEND_RUN_WORKER"] = "true"
        loaded = service.reset_and_load(candidates, workplaces)
        key = service.keys()["admin"]
        with (
            service.running(),
            httpx.Client(base_url=service.base, headers={"X-API-Key": key}, timeout=120) as client,
        ):
            _settle(service.loaded_at)  # the refreshers have stopped reloading the region
            started = time.perf_counter()
            created = client.post("/api/v1/match-runs", json={})
            assert created.status_code == 202, created.text
            run_id = created.json()["id"]
            deadline = started + 600
            while True:
                run = client.get(f"/api/v1/match-runs/{run_id}").json()
                if run["status"] in ("succeeded", "failed") or time.perf_counter() > deadline:
                    break
                time.sleep(0.05)
            page = client.get(f"/api/v1/match-runs/{run_id}/proposals?limit=200").json()
            elapsed = time.perf_counter() - started
    if run["status"] != "succeeded":
        raise RuntimeError(f"match run did not succeed: {run['status']} {run.get('error')}")
    explained = sum(bool(p["explanation"]) for p in page["items"])
    return {
        "run_e2e_s": round(elapsed, 2),
        "run_e2e_region": size,
        "run_e2e_candidates": run["n_candidates"],
        "run_e2e_workplaces": run["n_workplaces"],
        "run_e2e_proposals": run["n_proposals"],
        "run_e2e_explained_first_page": f"{explained}/{len(page['items'])}",
        "run_e2e_solver_status": run["solver_status"],
        "run_e2e_timings_ms": run["timings_ms"],
        "run_e2e_load_avg": [round(x, 2) for x in os.getloadavg()],
        f"bulk_load_{size}_rows_per_s": loaded["rows_per_s"],
    }


def run() -> dict[str, Any]:
    url = _setting("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgresql"):
        raise RuntimeError("the load benchmark runs on PostgreSQL (PASSEND_BENCH_DATABASE_URL)")
    regions = _regions()
    out: dict[str, Any] = {"load_machine_load_avg": [round(x, 2) for x in os.getloadavg()]}
    with tempfile.TemporaryDirectory(prefix="passend-load-") as tmp_dir:
        for number, (candidates, workplaces) in enumerate(regions):
            tmp = Path(tmp_dir) / f"region{number}"
            tmp.mkdir()
            service = Service(url, tmp)
            loaded = service.reset_and_load(candidates, workplaces)
            size = f"{candidates}x{workplaces}"
            print(f"  {size}: {loaded['rows']} rows in {loaded['load_s']} s", flush=True)
            out[f"bulk_load_{size}_rows_per_s"] = loaded["rows_per_s"]
            out[f"bulk_load_{size}_s"] = loaded["load_s"]
            if number == 0:
                out.update(_region_step(service))
            else:
                out.update(_single_client_step(service))
    out["load_machine_load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    return out


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
