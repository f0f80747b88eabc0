"""Hardening: security headers, HSTS only over TLS, rate limits, nothing secret in the logs.

Tests that need other settings than the shared server start a server of their own (same
process, same database) with those settings, e.g. rate limits low enough to reach.
"""

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine

from app.core import config
from app.core.vocab import Role
from tests.conftest import Api
from tests.factories import candidate_payload, employer_payload

ServeApp = Callable[..., Iterator[str]]


@contextmanager
def own_server(
    log_level: str = "warning", proxy_headers: bool = True, **settings: str
) -> Iterator[str]:
    """Serve a fresh app built with these PASSEND_* settings; the shared settings come back."""
    from app.main import create_app

    saved = {k: os.environ.get(k) for k in settings}
    os.environ.update({k: str(v) for k, v in settings.items()})
    config.get_settings.cache_clear()
    try:
        app = create_app()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        config.get_settings.cache_clear()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # uvicorn.Config reconfigures uvicorn's loggers for the whole process; put them back after,
    # or the shared server would log (e.g. "Shutting down") into a closed capture stream.
    loggers = [logging.getLogger(n) for n in ("uvicorn", "uvicorn.error", "uvicorn.access")]
    saved_logging = [(lg, lg.level, list(lg.handlers), lg.propagate) for lg in loggers]
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level=log_level, proxy_headers=proxy_headers
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)
        for logger, level, handlers, propagate in saved_logging:
            logger.setLevel(level)
            logger.handlers[:] = handlers
            logger.propagate = propagate


NO_WORKER = {"PASSEND_RUN_WORKER": "false"}


def test_every_response_carries_security_headers(server: str, anonymous: Api) -> None:
    for path in ("/healthz", "/werkgevers/aanmelden", "/api/v1/me", "/docs", "/widget.js"):
        response = anonymous.get(path)
        headers = response.headers
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "no-referrer", path
        assert headers["X-Frame-Options"] == "DENY", path
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "Strict-Transport-Security" not in headers, path  # plain HTTP


def test_hsts_only_when_a_trusted_proxy_says_tls(engine: Engine) -> None:
    with own_server(PASSEND_BEHIND_TLS="true", proxy_headers=False, **NO_WORKER) as base:
        tls = httpx.get(f"{base}/healthz", headers={"X-Forwarded-Proto": "https"})
        assert tls.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        plain = httpx.get(f"{base}/healthz", headers={"X-Forwarded-Proto": "http"})
        assert "Strict-Transport-Security" not in plain.headers
    # Not behind a proxy we trust (as `passend serve` runs by default): the header is ignored.
    with own_server(proxy_headers=False, **NO_WORKER) as base:
        forged = httpx.get(f"{base}/healthz", headers={"X-Forwarded-Proto": "https"})
        assert "Strict-Transport-Security" not in forged.headers


def _assert_429(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert response.json()["error"] == "too_many_requests"
    assert set(response.json()) == {"error", "detail", "fields"}
    assert int(response.headers["Retry-After"]) >= 1
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_rate_limit_per_key_by_role(make_api: Callable[..., Api], admin: Api) -> None:
    employer_id = admin.post("/api/v1/employers", json=employer_payload()).json()["id"]
    limits = {
        "PASSEND_RATE_LIMIT_EMPLOYER_PER_MINUTE": "3",
        "PASSEND_RATE_LIMIT_JOBHUNTER_PER_MINUTE": "50",
    }
    with own_server(**limits, **NO_WORKER) as base:
        first = make_api(Role.employer, employer_id=employer_id)
        second = make_api(Role.employer, employer_id=employer_id)
        jobhunter = make_api(Role.jobhunter)
        first.base_url = second.base_url = jobhunter.base_url = base
        assert [first.get("/api/v1/me").status_code for _ in range(3)] == [200, 200, 200]
        _assert_429(first.get("/api/v1/me"))
        _assert_429(first.get(f"/api/v1/employers/{employer_id}"))
        # Per key: another key of the same role, and a jobhunter, are not affected.
        assert second.get("/api/v1/me").status_code == 200
        assert [jobhunter.get("/api/v1/me").status_code for _ in range(5)] == [200] * 5


def test_rate_limit_without_key_is_per_ip(engine: Engine) -> None:
    with own_server(PASSEND_RATE_LIMIT_ANONYMOUS_PER_MINUTE="4", **NO_WORKER) as base:
        statuses = [httpx.get(f"{base}/healthz").status_code for _ in range(4)]
        assert statuses == [200] * 4
        _assert_429(httpx.get(f"{base}/werkgevers/aanmelden"))
        _assert_429(httpx.get(f"{base}/api/v1/me"))


def test_failed_keys_get_429_but_a_valid_key_from_the_same_address_works(
    make_api: Callable[..., Api],
) -> None:
    with own_server(PASSEND_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE="3", **NO_WORKER) as base:
        good = make_api(Role.admin)
        good.base_url = base
        for n in range(3):
            bad = httpx.get(f"{base}/api/v1/me", headers={"X-API-Key": f"psd_00000000000{n}_x"})
            assert bad.status_code == 401
        _assert_429(httpx.get(f"{base}/api/v1/me", headers={"X-API-Key": "psd_0000000000ff_x"}))
        # The report's lockout: a valid key from the guessing address is still served.
        assert [good.get("/api/v1/me").status_code for _ in range(3)] == [200] * 3
        _assert_429(httpx.get(f"{base}/api/v1/me", headers={"X-API-Key": "psd_0000000000fe_x"}))


PLANTED_NAME = "Zwanckelaar"


def test_logs_hold_no_keys_tokens_or_search_terms(
    make_api: Callable[..., Api], capfd: pytest.CaptureFixture[str]
) -> None:
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    keep = Keep()
    try:
        with own_server(log_level="info", **NO_WORKER) as base:
            for name in ("uvicorn.access", "uvicorn.error", "passend", ""):
                logging.getLogger(name).addHandler(keep)
            jobhunter = make_api(Role.jobhunter)
            jobhunter.base_url = base
            assert jobhunter.key is not None
            jobhunter.post("/api/v1/candidates", json=candidate_payload(last_name=PLANTED_NAME))
            found = jobhunter.get("/api/v1/candidates", params={"q": PLANTED_NAME})
            assert found.json()["total"] == 1
            jobhunter.get(f"/api/v1/candidates?municipality={PLANTED_NAME}&q={jobhunter.key}")
            token = "Qm9ndXNUb2tlbkZvclRoZUxvZ1Rlc3RfX19fX19fX19f"
            httpx.get(f"{base}/werkgevers/profiel/{token}?naam={PLANTED_NAME}")
            httpx.get(f"{base}/api/v1/me", headers={"X-API-Key": jobhunter.key + "x"})
    finally:
        for name in ("uvicorn.access", "uvicorn.error", "passend", ""):
            logging.getLogger(name).removeHandler(keep)
    printed = capfd.readouterr()
    logged = "\n".join(records) + printed.out + printed.err
    assert "GET /api/v1/candidates?q=***" in logged  # the access log did run
    for secret in (PLANTED_NAME, jobhunter.key, jobhunter.key.split("_", 2)[2], token):
        assert secret not in logged


def test_ids_beyond_the_database_range_are_422_not_500(admin: Api) -> None:
    huge = 2**70
    for path in (
        f"/api/v1/candidates/{huge}",
        f"/api/v1/employers/{huge}",
        f"/api/v1/match-runs/{huge}",
    ):
        response = admin.get(path)
        assert response.status_code == 422, (path, response.text)
        assert response.json()["error"] == "invalid"
