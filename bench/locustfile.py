"""Locust users for the load benchmark (bench/load.py starts `locust --headless` with this file).

Not imported by the service or the tests: Locust monkey-patches the standard library (gevent),
so it always runs in its own process. bench/load.py passes what it knows through environment
variables: the API key, a JSON file with the ids to use, and a file for this run's summary.

Every user counts the candidate rows the service must have logged in the access log for what
it was shown (one per candidate whose identifiable data a response carries, as
app/audit/service.record_reads documents), so the benchmark can compare that count with the
rows the access log gained.
"""

import json
import os
import random
import time
from collections import Counter
from typing import Any

from gevent.event import Event
from locust import HttpUser, constant, events, task
from locust.exception import StopUser

_IDS: dict[str, Any] = json.loads(open(os.environ["PASSEND_BENCH_IDS"]).read())  # noqa: SIM115
_KEY = os.environ["PASSEND_BENCH_KEY"]
_OUT = os.environ["PASSEND_BENCH_OUT"]
_BURST = int(os.environ.get("PASSEND_BENCH_BURST", "200"))
_OPEN_LOOP_PER_USER = float(os.environ.get("PASSEND_BENCH_OPEN_LOOP_PER_USER_RPS", "2"))

counts: Counter[str] = Counter()  # logged reads, statuses per request name, slow answers
latencies: dict[str, list[float]] = {}  # ms per request name, exact (Locust's are bucketed)
_writers = iter(range(1_000_000))
_burst_started = 0
_burst_go = Event()


def _logged_reads(name: str, body: Any) -> int:
    """Access-log rows a 200 answer to ``name`` stands for (app/matches/suggestions.py et al.)."""
    if name in ("candidate suggestions", "candidate", "patch candidate"):
        return 1
    if name == "list candidates":
        return len({item["id"] for item in body["items"]})
    if name == "workplace suggestions":
        shown = sum(
            1
            for item in body["items"]
            if item["candidate"]["id"] is not None or item["candidate"]["last_name"] is not None
        )
        return shown + len(body["not_suggested"])
    return 0


class _Api(HttpUser):
    abstract = True
    # The service answers or sheds within seconds; a long client timeout keeps a slow answer
    # an answer (counted, and logged by the service) instead of a client-side give-up.
    network_timeout = 120.0
    connection_timeout = 120.0

    def on_start(self) -> None:
        self.client.headers["X-API-Key"] = _KEY
        slot = next(_writers)
        self.write_candidate = _IDS["write_candidates"][slot % len(_IDS["write_candidates"])]
        self.write_workplace = _IDS["write_workplaces"][slot % len(_IDS["write_workplaces"])]
        self.flip = False

    def _call(self, method: str, path: str, name: str, body: Any = None) -> None:
        with self.client.request(
            method, path, name=name, json=body, catch_response=True
        ) as response:
            code = response.status_code
            counts[f"{name} {code}"] += 1
            elapsed_ms = float(response.request_meta["response_time"])
            latencies.setdefault(name, []).append(elapsed_ms)
            if elapsed_ms > 10_000:
                counts["slower_than_10s"] += 1
            if code == 200:
                counts["logged_reads"] += _logged_reads(name, response.json())
                response.success()
            elif code == 503 and response.headers.get("Retry-After"):
                counts["shed_503"] += 1
                response.failure("shed 503")
            else:
                counts["errors"] += 1
                response.failure(f"{code}")

    def candidate_suggestions(self) -> None:
        cid = random.choice(_IDS["candidates"])
        self._call("GET", f"/api/v1/candidates/{cid}/suggestions?limit=20", "candidate suggestions")

    def workplace_suggestions(self) -> None:
        wid = random.choice(_IDS["workplaces"])
        self._call("GET", f"/api/v1/workplaces/{wid}/suggestions?limit=20", "workplace suggestions")

    def write(self) -> None:
        # Each user writes its own rows: no version conflicts between users, real changes.
        self.flip = not self.flip
        if self.flip:
            minutes = random.choice((20, 30, 45, 60))
            self._call(
                "PATCH",
                f"/api/v1/candidates/{self.write_candidate}",
                "patch candidate",
                {"max_travel_minutes": minutes},
            )
        else:
            self._call(
                "PATCH",
                f"/api/v1/workplaces/{self.write_workplace}",
                "patch workplace",
                {"mentor_available": random.random() < 0.5},
            )


class MixUser(_Api):
    """60 % candidate suggestions, 15 % workplace suggestions, 10 % list, 10 % get, 5 % writes."""

    wait_time = constant(0)

    @task(60)
    def t_candidate_suggestions(self) -> None:
        self.candidate_suggestions()

    @task(15)
    def t_workplace_suggestions(self) -> None:
        self.workplace_suggestions()

    @task(10)
    def t_list(self) -> None:
        offset = random.randrange(0, max(1, len(_IDS["candidates"]) - 50))
        self._call("GET", f"/api/v1/candidates?limit=50&offset={offset}", "list candidates")

    @task(10)
    def t_get(self) -> None:
        self._call("GET", f"/api/v1/candidates/{random.choice(_IDS['candidates'])}", "candidate")

    @task(5)
    def t_write(self) -> None:
        self.write()


class OpenLoopUser(_Api):
    """A steady arrival rate: 95 % suggestions, 5 % writes, arriving as independent people do.

    Each user keeps its own Poisson schedule (exponential gaps with mean 1 / rate, planned from
    the previous arrival, not from the previous answer, so a slow answer does not lower the
    rate). Locust's ``constant_throughput`` starts every user at the same instant and keeps
    them in step: 15 users fired 15 requests together every 0.5 s, a burst rather than a
    steady 30 req/s (docs/decisions/100, point 9).
    """

    def on_start(self) -> None:
        super().on_start()
        time.sleep(random.expovariate(_OPEN_LOOP_PER_USER))  # gevent's sleep: the first arrival
        self._next_s = time.monotonic()

    def wait_time(self) -> float:
        self._next_s += random.expovariate(_OPEN_LOOP_PER_USER)
        return max(0.0, self._next_s - time.monotonic())

    @task(76)
    def t_candidate_suggestions(self) -> None:
        self.candidate_suggestions()

    @task(19)
    def t_workplace_suggestions(self) -> None:
        self.workplace_suggestions()

    @task(5)
    def t_write(self) -> None:
        self.write()


class SingleClientUser(_Api):
    """One client, one request after another (a jobhunter's screen): suggestions both ways."""

    wait_time = constant(0)

    @task(3)
    def t_candidate_suggestions(self) -> None:
        self.candidate_suggestions()

    @task(1)
    def t_workplace_suggestions(self) -> None:
        self.workplace_suggestions()


class BurstUser(_Api):
    """Each user waits until all are connected-ready, sends one suggestion request, stops."""

    wait_time = constant(0)

    @task
    def t_once(self) -> None:
        global _burst_started
        _burst_started += 1
        if _burst_started >= _BURST:
            _burst_go.set()
        _burst_go.wait(timeout=30)
        if random.random() < 0.8:
            self.candidate_suggestions()
        else:
            self.workplace_suggestions()
        counts["burst_done"] += 1
        raise StopUser()


class HealthUser(HttpUser):
    """The reference in the same run: /healthz, about 5 times a second."""

    fixed_count = 1
    wait_time = constant(0.2)

    @task
    def healthz(self) -> None:
        with self.client.get("/healthz", name="healthz", catch_response=True) as response:
            latencies.setdefault("healthz", []).append(response.request_meta["response_time"])
            counts[f"healthz {response.status_code}"] += 1


def _percentile(ordered: list[float], pct: float) -> float:
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


@events.quitting.add_listener
def _write_summary(environment: Any, **_: Any) -> None:
    stats = environment.stats
    out: dict[str, Any] = {"counts": dict(counts), "requests": {}, "exact": {}}
    suggestions = latencies.get("candidate suggestions", []) + latencies.get(
        "workplace suggestions", []
    )
    for name, values in [*latencies.items(), ("suggestions", suggestions)]:
        if values:
            ordered = sorted(values)
            out["exact"][name] = {
                "n": len(ordered),
                "p50_ms": round(_percentile(ordered, 50), 2),
                "p95_ms": round(_percentile(ordered, 95), 2),
                "p99_ms": round(_percentile(ordered, 99), 2),
                "max_ms": round(ordered[-1], 2),
            }
    for (name, method), entry in stats.entries.items():
        out["requests"][name] = {
            "method": method,
            "num_requests": entry.num_requests,
            "num_failures": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
            "p99_ms": entry.get_response_time_percentile(0.99),
            "max_ms": entry.max_response_time,
        }
    total = stats.total
    out["total"] = {
        "num_requests": total.num_requests,
        "num_failures": total.num_failures,
        "rps": total.total_rps,
        "p95_ms": total.get_response_time_percentile(0.95),
        "seconds": (total.last_request_timestamp or 0) - (total.start_time or 0),
    }
    with open(_OUT, "w") as fh:
        json.dump(out, fh, indent=2)
