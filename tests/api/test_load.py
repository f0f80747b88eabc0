"""The service as production runs it, under concurrency: a separate `passend serve` process
with the background snapshot refresher and admission control (no read-your-writes mode).

Smoke version of the load benchmark (`make bench STEPS=load`): bounded in size and time.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.candidates.models import Candidate
from seed.generate import generate_region
from seed.load import load_region

BURST = 60


@dataclass
class Served:
    url: str
    keys: dict[str, str]
    candidate_ids: list[int]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def production_server(database: str, engine: Engine) -> Iterator[Served]:
    if database != "postgresql":
        pytest.skip("the load smoke test runs against PostgreSQL, as production does")
    region = generate_region(120, 90, 7, reference_day=date.today())
    with Session(engine) as session:
        keys = load_region(session, region)
        session.commit()
        ids = [i for i in session.exec(select(Candidate.id)).all() if i is not None]
    port = _free_port()
    env = {
        **os.environ,
        "PASSEND_DATABASE_URL": str(engine.url.render_as_string(hide_password=False)),
        "PASSEND_PORT": str(port),
        "PASSEND_SNAPSHOT_READ_YOUR_WRITES": "false",
        "PASSEND_CONCURRENCY": "4",
        "PASSEND_QUEUE_FACTOR": "4",
        "PASSEND_QUEUE_WAIT_SECONDS": "3",
        "PASSEND_WORKERS": "1",
        "PASSEND_DEMO_KEYS_FILE": "/nonexistent/keys.txt",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the production-mode server did not start")
            time.sleep(0.2)
        yield Served(url, keys, ids)
    finally:
        process.terminate()
        process.wait(timeout=15)


def _get(url: str, key: str) -> tuple[int, dict[str, str], bytes, float]:
    started = time.monotonic()
    response = httpx.get(url, headers={"X-API-Key": key}, timeout=15)
    return (
        response.status_code,
        dict(response.headers),
        response.content,
        time.monotonic() - started,
    )


def test_burst_of_suggestions_answers_200_or_503_with_retry_after(production_server: Served):
    served = production_server
    key = served.keys["jobhunter"]
    urls = [
        f"{served.url}/api/v1/candidates/{served.candidate_ids[i % len(served.candidate_ids)]}"
        "/suggestions"
        for i in range(BURST)
    ]
    health: list[float] = []
    with ThreadPoolExecutor(max_workers=BURST + 1) as pool:
        futures = [pool.submit(_get, u, key) for u in urls]
        while not all(f.done() for f in futures):
            started = time.monotonic()
            assert httpx.get(f"{served.url}/healthz", timeout=10).status_code == 200
            health.append(time.monotonic() - started)
            time.sleep(0.05)
        results = [f.result() for f in futures]
    statuses = sorted({status for status, *_ in results})
    assert set(statuses) <= {200, 503}, statuses
    assert max(seconds for *_, seconds in results) < 10
    for status, headers, body, _ in results:
        if status == 503:
            assert int(headers["retry-after"]) >= 1
            assert b'"error":"overloaded"' in body
            assert headers["x-content-type-options"] == "nosniff"
    assert sum(1 for status, *_ in results if status == 200) >= 1
    assert health and max(health) < 2.0, f"/healthz took up to {max(health):.2f} s"


def test_write_is_served_soon_and_withdrawal_at_once(production_server: Served):
    served = production_server
    api = httpx.Client(base_url=served.url, headers={"X-API-Key": served.keys["admin"]})
    candidate_id = served.candidate_ids[0]
    path = f"/api/v1/candidates/{candidate_id}/suggestions"
    before = api.get(path).json()
    assert before["items"], "the demo candidate should have suggestions"
    # A write that changes the ranking: the candidate now accepts only short trips.
    candidate = api.get(f"/api/v1/candidates/{candidate_id}").json()
    changed = api.patch(
        f"/api/v1/candidates/{candidate_id}",
        json={"max_travel_minutes": 5, "version": candidate["version"]},
    )
    assert changed.status_code == 200, changed.text
    written = time.monotonic()
    # Served by the background refresher: never by this request, but within its bound.
    while api.get(path).json()["n_feasible"] >= before["n_feasible"]:
        assert time.monotonic() - written < 10, "the write was not served within 10 s"
        time.sleep(0.1)
    # Withdrawing matching consent counts on the very next request.
    consents = api.get(f"/api/v1/candidates/{candidate_id}/consents").json()
    matching = next(c for c in consents if c["purpose"] == "matching" and c["withdrawn_on"] is None)
    withdrawn = api.post(f"/api/v1/candidates/{candidate_id}/consents/{matching['id']}/withdraw")
    assert withdrawn.status_code == 200, withdrawn.text
    after = api.get(path).json()
    assert after["items"] == [] and after["n_feasible"] == 0
    assert any("toestemming" in w for w in after["warnings"])
