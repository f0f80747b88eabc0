"""A fixed piece of work timed before each bench step: the machine's speed at that moment.

The machines this runs on are shared and their speed drifts: code that differed only in one
authentication query gave 94.8 and 202 req/s for ``load_mix_rps`` on two days. ``make bench``
records, per step, how long this reference took just before the step ran, so figures from
different runs can be compared by the machine's speed and not mistaken for a change in the
code.

The work is a mix of what the service spends its time on: Python objects (dicts, strings,
small functions, as in request handling and explanations) and NumPy array arithmetic (as in
scoring). One core only; the median of several repeats.
"""

from __future__ import annotations

import platform
import statistics
import time

import numpy as np

_REPEATS = 7


def _python_work() -> int:
    rows = [{"id": i, "name": f"kandidaat {i}", "hours": i % 40} for i in range(20_000)]
    by_hours: dict[int, list[str]] = {}
    for row in rows:
        by_hours.setdefault(int(row["hours"]), []).append(str(row["name"]).upper())
    return sum(len(names) for names in by_hours.values())


def _numpy_work(rng: np.random.Generator) -> float:
    a = rng.random((400, 2_000), dtype=np.float32)
    b = rng.random((1, 2_000), dtype=np.float32)
    total = np.where(a > b, a - b, 0.5 * (b - a)).sum(axis=1)
    return float(np.partition(total, -20)[-20:].sum())


def reference_ms() -> float:
    """Median milliseconds of the fixed work (lower = faster machine right now)."""
    rng = np.random.default_rng(0)
    times = []
    for _ in range(_REPEATS):
        start = time.perf_counter()
        _python_work()
        _numpy_work(rng)
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (Linux), else what platform reports."""
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()
