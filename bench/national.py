"""`make bench STEPS=national`: a country-wide run over the 35 labour-market regions (issue 11).

1. Bulk-load 100,000 candidates × 50,000 workplaces generated across every PC4 of the country
   (seed/bulk.py with COPY; rows/s reported) into the bench database (PostgreSQL; **wiped**).
2. Start the server without its worker thread and N worker processes as production starts them
   (`python -m app.cli worker`), POST `{"scope": "national"}` and time it from the request to
   the parent run's end; once with 1 worker, once with 2. Peak RSS per worker is the kernel's
   high-water mark (VmHWM) of each worker process.
3. `blocking_pair_share`: of all candidate × workplace pairs within the candidate's travel
   limit (the engine's own travel rule), the share that regional blocking lets a run consider
   (same region, or a candidate who opted in to cross-region travel). Sampled candidates
   against every workplace.

PASSEND_BENCH_NATIONAL_SIZE=20000x10000 runs it smaller (the keys then say so).
"""

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import psutil

from bench.load import DEFAULT_URL, ROOT, Service, _setting, _settle

SAMPLE_CANDIDATES = 2000


def _workers(service: Service, n: int, tmp: Path) -> list[subprocess.Popen[bytes]]:
    procs = []
    for i in range(n):
        log = open(tmp / f"worker{i}.log", "wb")  # noqa: SIM115 - lives as long as the process
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "app.cli", "worker"],
                env=service.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    return procs


def _peak_rss_mb(proc: subprocess.Popen[bytes]) -> float:
    for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(psutil.Process(proc.pid).memory_info().rss / 2**20, 1)


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _quiet(service: Service, timeout_s: float = 300) -> None:
    """Wait until the API process has built its suggestion snapshot and idles."""
    assert service.server is not None
    tree = [psutil.Process(service.server.pid), *psutil.Process(service.server.pid).children(True)]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for p in tree:
            p.cpu_percent(interval=None)  # starts the measuring interval
        time.sleep(3)
        busy = sum(p.cpu_percent(interval=None) for p in tree)
        if busy < 15:
            return


def _national_run(service: Service, key: str, n_workers: int, tmp: Path) -> dict[str, Any]:
    procs = _workers(service, n_workers, tmp)
    try:
        time.sleep(3)  # the workers have imported the app and polled once
        with httpx.Client(base_url=service.base, headers={"X-API-Key": key}, timeout=60) as client:
            started = time.perf_counter()
            created = client.post("/api/v1/match-runs", json={"scope": "national"})
            assert created.status_code == 202, created.text
            run_id = created.json()["id"]
            deadline = started + 1800
            while time.perf_counter() < deadline:
                try:
                    run = client.get(f"/api/v1/match-runs/{run_id}").json()
                except httpx.TransportError:  # the API process restarted; the run goes on
                    time.sleep(1)
                    continue
                if run["status"] in ("succeeded", "partial", "failed"):
                    break
                time.sleep(0.5)
            elapsed = time.perf_counter() - started
        rss = [_peak_rss_mb(p) for p in procs]
    finally:
        _stop(procs)
    if run["status"] != "succeeded":
        raise RuntimeError(f"national run ended {run['status']}: {run.get('error')}")
    children = run["children"]
    cross = next(c for c in children if c["region"] == "grensoverschrijdend")
    return {
        "s": round(elapsed, 1),
        "rss_mb": rss,
        "children": len(children),
        "candidates": run["n_candidates"],
        "workplaces": run["n_workplaces"],
        "proposals": run["n_proposals"],
        "cross_border_proposals": cross["n_proposals"],
    }


def blocking_pair_share(url: str, sample: int = SAMPLE_CANDIDATES) -> dict[str, Any]:
    """Pairs within travel limits that blocking keeps / all pairs within travel limits."""
    os.environ["PASSEND_DATABASE_URL"] = url
    from sqlmodel import Session, select

    from app.candidates.models import Candidate
    from app.core.db import get_engine
    from app.core.vocab import WorkplaceStatus
    from app.employers.models import Employer, Workplace
    from app.matches.convert import candidate_from_row, workplace_from_row
    from app.policy.regions import region_of
    from matching import build_index
    from matching.exclusions import block_travel

    with Session(get_engine()) as session:
        people = list(session.exec(select(Candidate)))
        people = random.Random(11).sample(people, min(sample, len(people)))
        rows = session.exec(
            select(Workplace, Employer)
            .join(Employer)
            .where(Workplace.status == WorkplaceStatus.active)
        ).all()
        places = [w for w, _ in rows]
        place_region = np.array([region_of(e.municipality, e.pc4) for _, e in rows])
        index = build_index(
            [candidate_from_row(c) for c in people], [workplace_from_row(w) for w in places]
        )
    cols = np.arange(len(places))
    within = kept = 0
    for i, person in enumerate(people):
        reach = block_travel(index, np.array([i]), cols).reachable[0]
        n = int(reach.sum())
        within += n
        if person.cross_region_travel:
            kept += n
        else:
            kept += int(
                (reach & (place_region == region_of(person.municipality, person.pc4))).sum()
            )
    return {
        "blocking_pair_share": round(kept / within, 4) if within else None,
        "blocking_pairs_within_travel_sampled": within,
        "blocking_sample_candidates": len(people),
    }


def run() -> dict[str, Any]:
    url = _setting("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgresql"):
        raise RuntimeError("the national benchmark runs on PostgreSQL (PASSEND_BENCH_DATABASE_URL)")
    size = _setting("NATIONAL_SIZE", "100000x50000").lower()
    candidates, workplaces = (int(n) for n in size.split("x"))
    suffix = "" if size == "100000x50000" else f"_{size}"
    out: dict[str, Any] = {
        f"national_machine_load_avg_before{suffix}": [round(x, 2) for x in os.getloadavg()]
    }
    with tempfile.TemporaryDirectory(prefix="passend-national-") as tmp_dir:
        tmp = Path(tmp_dir)
        service = Service(url, tmp)
        loaded = service.reset_and_load(candidates, workplaces, region="nl")
        out[f"national_load_rows_per_s{suffix}"] = loaded["rows_per_s"]
        out[f"national_load_s{suffix}"] = loaded["load_s"]
        out[f"national_load_rows{suffix}"] = loaded["rows"]
        key = service.keys()["admin"]
        # One API process: it only takes the request and answers polls, and its suggestion
        # snapshot of the whole country should not compete with the match workers for the CPU.
        service.env["PASSEND_WORKERS"] = "1"
        with service.running():
            _settle(service.loaded_at)
            _quiet(service)
            one = _national_run(service, key, 1, tmp)
            two = _national_run(service, key, 2, tmp)
    out.update(blocking_pair_share(url))
    out[f"national_run_s_1w{suffix}"] = one["s"]
    out[f"national_run_s_2w{suffix}"] = two["s"]
    out[f"national_speedup{suffix}"] = round(one["s"] / two["s"], 2)
    out[f"national_peak_rss_mb_per_worker{suffix}"] = {"1w": one["rss_mb"], "2w": two["rss_mb"]}
    out[f"national_run_shape{suffix}"] = {k: v for k, v in two.items() if k not in ("s", "rss_mb")}
    out[f"national_machine_load_avg_after{suffix}"] = [round(x, 2) for x in os.getloadavg()]
    return out


if __name__ == "__main__":  # pragma: no cover
    import json

    print(json.dumps(run(), indent=2))
