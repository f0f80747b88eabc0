"""Rate limits: a token bucket per API key (sized by the key's role) and per client IP.

* Requests to ``/api/v1/...`` with an ``X-API-Key`` header are limited per key prefix, after the
  key is authenticated (``check_key``, called by ``get_principal``), with the role's limit.
  Failed authentications are counted per client IP, and an IP that keeps failing is refused
  before its keys are even looked at, so guessing keys is slow.
* Everything else (pages, the widget, docs, health, API calls without a key) is limited per
  client IP. The widget counts here too: its key is public in the embedding page, so the
  visitor's IP is the meaningful unit.

The state lives **in memory, per process**: with N worker processes a client gets up to N times
the limit, and a restart forgets everything. That is enough as a brake on runaway scripts and
key guessing on one machine; several machines would need a shared store (e.g. Redis).
The client IP is the socket peer; behind a proxy run uvicorn with ``--proxy-headers`` so it is
the real client.
"""

import math
import threading
import time
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.config import Settings
from app.core.errors import DomainError, error_response
from app.core.vocab import Role

API_PREFIX = "/api/v1/"
WIDGET_PREFIX = "/api/v1/widget/"
_MAX_BUCKETS = 50_000  # bound memory under a flood of addresses or forged prefixes


class TooManyRequests(DomainError):
    status_code = 429
    code = "too_many_requests"

    def __init__(self, detail: str, *, retry_after_seconds: int) -> None:
        super().__init__(detail)
        self.retry_after_seconds = retry_after_seconds


class TokenBuckets:
    """Buckets of ``per_minute`` tokens, refilled continuously at ``per_minute / 60`` per second."""

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, name: str, per_minute: int, *, consume: bool = True) -> float:
        """Take one token; return 0 when allowed, else the seconds until a token is back."""
        now = time.monotonic()
        capacity = float(max(per_minute, 1))
        rate = capacity / 60.0
        with self._lock:
            if len(self._buckets) > _MAX_BUCKETS:
                self._buckets.clear()
            tokens, last = self._buckets.get(name, (capacity, now))
            tokens = min(capacity, tokens + (now - last) * rate)
            if tokens >= 1.0:
                self._buckets[name] = (tokens - 1.0 if consume else tokens, now)
                return 0.0
            self._buckets[name] = (tokens, now)
            return (1.0 - tokens) / rate


@dataclass
class RateLimits:
    """The limits of one app (read from settings when the app is created) and their buckets."""

    per_role: dict[Role, int]
    anonymous_per_minute: int
    auth_failures_per_minute: int
    buckets: TokenBuckets = field(default_factory=TokenBuckets)

    @classmethod
    def from_settings(cls, settings: Settings) -> "RateLimits":
        return cls(
            per_role={
                Role.admin: settings.rate_limit_admin_per_minute,
                Role.jobhunter: settings.rate_limit_jobhunter_per_minute,
                Role.employer: settings.rate_limit_employer_per_minute,
                Role.wsp_frontend: settings.rate_limit_wsp_frontend_per_minute,
            },
            anonymous_per_minute=settings.rate_limit_anonymous_per_minute,
            auth_failures_per_minute=settings.rate_limit_auth_failures_per_minute,
        )

    def check_key(self, prefix: str, role: Role) -> None:
        wait = self.buckets.take(f"key:{prefix}", self.per_role[role])
        if wait:
            raise TooManyRequests(
                "Too many requests with this API key; try again later.",
                retry_after_seconds=_seconds(wait),
            )


def _seconds(wait: float) -> int:
    return max(1, math.ceil(wait))


def _too_many(wait: float, detail: str) -> ASGIApp:
    response = error_response(429, "too_many_requests", detail)
    response.headers["Retry-After"] = str(_seconds(wait))
    return response


class RateLimit:
    """ASGI middleware: the per-IP limits (see the module docstring); keys are limited later."""

    def __init__(self, app: ASGIApp, limits: RateLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        ip = client[0] if client else "unknown"
        path: str = scope["path"]
        has_key = any(name == b"x-api-key" for name, _ in scope.get("headers", []))
        buckets = self.limits.buckets
        if not (has_key and path.startswith(API_PREFIX) and not path.startswith(WIDGET_PREFIX)):
            wait = buckets.take(f"ip:{ip}", self.limits.anonymous_per_minute)
            if wait:
                await _too_many(wait, "Too many requests from this address.")(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return

        failures = f"fail:{ip}"
        wait = buckets.take(failures, self.limits.auth_failures_per_minute, consume=False)
        if wait:
            detail = "Too many failed authentications from this address."
            await _too_many(wait, detail)(scope, receive, send)
            return
        status = 0

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, watch)
        if status == 401:
            buckets.take(failures, self.limits.auth_failures_per_minute)
