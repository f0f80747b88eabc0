"""Brute-force brakes and rate limits across processes (issue 10 item 5, issue 12 item 3).

Two app instances (two uvicorn servers, as two worker processes would be) share one
Redis or PostgreSQL backend: a limit reached on one is reached on the other. Failures count
per client IP and per key prefix, and never refuse a valid key; the client IP comes from
``PASSEND_TRUSTED_PROXIES`` only.
"""

import itertools
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

import httpx
import pytest
import redis

from app.core.vocab import Role
from tests.api.test_hardening import NO_WORKER, _assert_429, own_server
from tests.conftest import Api

REDIS_URL = "redis://127.0.0.1:6379/12"


def _redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def backends(database: str) -> list[dict[str, str]]:
    found = [{"PASSEND_RATE_LIMIT_BACKEND": "redis", "PASSEND_REDIS_URL": REDIS_URL}]
    if database == "postgresql":
        found.append({"PASSEND_RATE_LIMIT_BACKEND": "postgres"})
    return found


@contextmanager
def two_servers(**settings: str) -> Iterator[tuple[str, str]]:
    if settings.get("PASSEND_RATE_LIMIT_BACKEND") == "redis":
        if not _redis_up():
            pytest.fail(f"Redis is not reachable at {REDIS_URL}")
        redis.Redis.from_url(REDIS_URL).flushdb()  # our own database number (12)
    with ExitStack() as stack:
        first = stack.enter_context(own_server(proxy_headers=False, **settings, **NO_WORKER))
        second = stack.enter_context(own_server(proxy_headers=False, **settings, **NO_WORKER))
        yield first, second


def test_a_key_limit_is_shared_by_two_app_instances(
    database: str, make_api: Callable[..., Api]
) -> None:
    for backend in backends(database):
        limits = {"PASSEND_RATE_LIMIT_JOBHUNTER_PER_MINUTE": "4", **backend}
        with two_servers(**limits) as (first, second):
            jobhunter = make_api(Role.jobhunter)
            on = {base: Api(base, jobhunter.key, jobhunter.account_id) for base in (first, second)}
            statuses = [on[base].get("/api/v1/me").status_code for base in (first, second) * 2]
            assert statuses == [200] * 4, backend
            _assert_429(on[first].get("/api/v1/me"))
            _assert_429(on[second].get("/api/v1/me"))
            # another key of the same role has its own bucket
            other = make_api(Role.jobhunter)
            assert Api(second, other.key, other.account_id).get("/api/v1/me").status_code == 200


def test_failures_are_shared_and_never_refuse_a_valid_key(
    database: str, make_api: Callable[..., Api]
) -> None:
    for backend in backends(database):
        limits = {"PASSEND_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE": "4", **backend}
        with two_servers(**limits) as (first, second):
            admin = make_api(Role.admin)
            assert admin.key is not None
            statuses = [
                httpx.get(f"{base}/api/v1/me", headers={"X-API-Key": f"psd_aaaa{n:08x}_x"})
                for n, base in enumerate((first, second) * 2)
            ]
            assert [r.status_code for r in statuses] == [401] * 4, backend
            bad = {"X-API-Key": "psd_bbbbbbbbbbbb_x"}
            _assert_429(httpx.get(f"{first}/api/v1/me", headers=bad))
            _assert_429(httpx.get(f"{second}/api/v1/me", headers=bad))
            for base in (first, second):
                good = httpx.get(f"{base}/api/v1/me", headers={"X-API-Key": admin.key})
                assert good.status_code == 200, backend


def test_failures_against_one_key_prefix_are_counted_from_every_address(
    database: str, make_api: Callable[..., Api]
) -> None:
    limits = {"PASSEND_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE": "3", **backends(database)[-1]}
    with two_servers(**limits) as (first, _):
        victim = make_api(Role.admin)
        assert victim.key is not None
        prefix = victim.key.split("_")[1]
        for n in range(3):  # from three addresses, each far under its own budget
            transport = httpx.HTTPTransport(local_address=f"127.0.9.{n + 1}")
            with httpx.Client(base_url=first, transport=transport) as http:
                guess = http.get("/api/v1/me", headers={"X-API-Key": f"psd_{prefix}_guess{n}"})
                assert guess.status_code == 401
        transport = httpx.HTTPTransport(local_address="127.0.9.9")
        with httpx.Client(base_url=first, transport=transport) as http:
            _assert_429(http.get("/api/v1/me", headers={"X-API-Key": f"psd_{prefix}_guess9"}))
            assert http.get("/api/v1/me", headers={"X-API-Key": victim.key}).status_code == 200


def test_client_ip_comes_from_trusted_proxies_only(engine: object) -> None:
    settings = {"PASSEND_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE": "2", **NO_WORKER}

    prefixes = itertools.count(0xD00000000000)

    def fail(base: str, forwarded_for: str) -> int:
        # a fresh key prefix per call, so only the per-address budget is in play
        headers = {"X-API-Key": f"psd_{next(prefixes):012x}_x", "X-Forwarded-For": forwarded_for}
        return httpx.get(f"{base}/api/v1/me", headers=headers).status_code

    with own_server(
        proxy_headers=False, PASSEND_TRUSTED_PROXIES="127.0.0.1/32", **settings
    ) as behind:
        assert [fail(behind, "10.0.0.1") for _ in range(3)] == [401, 401, 429]
        # another client behind the same proxy is not braked by the first one's failures
        assert fail(behind, "10.0.0.2") == 401
        # a client cannot pick its address: only the proxy's own (right-most) entry counts
        assert fail(behind, "10.0.0.2, 10.0.0.1") == 429
    with own_server(proxy_headers=False, **settings) as direct:
        # no trusted proxy: the header is ignored, every request is the peer 127.0.0.1
        assert [fail(direct, f"10.1.0.{n}") for n in range(3)] == [401, 401, 429]
