"""Suggestion endpoints over real HTTP on the demo data, warm service.

Starts `python -m app.cli serve` on a fresh SQLite file loaded with the demo region, warms it,
then times sequential keep-alive requests (one client, like a jobhunter's screen).
"""

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def run(requests_per_endpoint: int = 300) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "PASSEND_DATABASE_URL": f"sqlite:///{tmp}/bench.db",
            "PASSEND_PORT": str(_free_port()),
            "PASSEND_RUN_WORKER": "false",
            "PASSEND_DEMO_KEYS_FILE": f"{tmp}/keys.txt",
            # One client sends ~700 requests in well under a minute: measure the service, not
            # the per-key rate limit (which would answer 429 after its budget).
            "PASSEND_RATE_LIMIT_JOBHUNTER_PER_MINUTE": "1000000",
        }
        python = sys.executable
        subprocess.run([python, "-m", "app.cli", "migrate"], env=env, cwd=ROOT, check=True)
        subprocess.run(
            [python, "-m", "app.cli", "seed"],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        keys = dict(
            line.split("=", 1)
            for line in Path(env["PASSEND_DEMO_KEYS_FILE"]).read_text().splitlines()
            if "=" in line and not line.startswith("#")
        )
        server = subprocess.Popen(
            [
                python,
                "-m",
                "uvicorn",
                "app.main:app",
                "--port",
                env["PASSEND_PORT"],
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        try:
            return _measure(f"http://127.0.0.1:{env['PASSEND_PORT']}", keys, requests_per_endpoint)
        finally:
            server.terminate()
            server.wait(timeout=10)


def _measure(base: str, keys: dict[str, str], n: int) -> dict[str, float]:
    headers = {"X-API-Key": keys["jobhunter"]}
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        deadline = time.monotonic() + 30
        while True:
            try:
                if client.get("/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.1)
        candidates = [c["id"] for c in client.get("/api/v1/candidates?limit=200").json()["items"]]
        workplaces = [
            w["id"]
            for w in client.get("/api/v1/workplaces?status=active&limit=200").json()["items"]
        ]
        paths = {
            "candidate": [f"/api/v1/candidates/{i}/suggestions?limit=20" for i in candidates],
            "workplace": [f"/api/v1/workplaces/{i}/suggestions?limit=20" for i in workplaces],
        }
        for group in paths.values():  # warm: snapshot built, code paths hot
            for path in group[:20]:
                assert client.get(path).status_code == 200
        out: dict[str, float] = {}
        # Reference in the same run: what this machine charges for the smallest request.
        health = []
        for _ in range(n):
            start = time.perf_counter()
            client.get("/healthz")
            health.append((time.perf_counter() - start) * 1000)
        out["healthz_http_p50_ms"] = round(statistics.median(health), 2)
        all_ms: list[float] = []
        for name, group in paths.items():
            timings = []
            for i in range(n):
                start = time.perf_counter()
                response = client.get(group[i % len(group)])
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.text
            out[f"suggest_{name}_http_p50_ms"] = round(statistics.median(timings), 2)
            out[f"suggest_{name}_http_p95_ms"] = round(_percentile(timings, 95), 2)
            all_ms += timings
        out["suggest_http_p95_ms"] = round(_percentile(all_ms, 95), 2)
        out["suggest_http_p50_ms"] = round(statistics.median(all_ms), 2)
        return out


if __name__ == "__main__":
    print(run())
