"""Rate limits: a token bucket per API key (sized by the key's role) and per client IP, and
brakes on failed authentications that never lock out a valid key (docs/decisions/122).

* Requests to ``/api/v1/...`` with an ``X-API-Key`` header are limited per key prefix, after the
  key is authenticated (``check_key``, called by ``get_principal``), with the role's limit.
* A failed authentication is counted per client IP *and* per key prefix tried
  (``failed``). Over either budget the failure is answered 429 instead of 401, but a request
  whose key is valid is always served: someone else's failures from the same address (a
  NAT, a proxy) or against the same prefix never refuse it. Keys carry 190 bits of
  randomness, so the brake is there to make guessing loud and cheap to answer, not possible.
* Everything else (pages, the widget, docs, health, API calls without a key) is limited per
  client IP. The widget counts here too: its key is public in the embedding page.

The client IP is the socket peer, or what a trusted proxy forwarded (``clientip.py``). Where
the buckets live is configuration (``ratelimit_backends.py``): memory for one process, Redis
or PostgreSQL when several processes must share them.
"""

import math
from dataclasses import dataclass, field

from anyio import to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.config import Settings
from app.core.errors import DomainError, error_response
from app.core.ratelimit_backends import Buckets, MemoryBuckets, make_buckets
from app.core.vocab import Role

API_PREFIX = "/api/v1/"
WIDGET_PREFIX = "/api/v1/widget/"


class TooManyRequests(DomainError):
    status_code = 429
    code = "too_many_requests"

    def __init__(self, detail: str, *, retry_after_seconds: int) -> None:
        super().__init__(detail)
        self.retry_after_seconds = retry_after_seconds


@dataclass
class RateLimits:
    """The limits of one app (read from settings when the app is created) and their buckets."""

    per_role: dict[Role, int]
    anonymous_per_minute: int
    auth_failures_per_minute: int
    buckets: Buckets = field(default_factory=MemoryBuckets)

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
            buckets=make_buckets(settings),
        )

    def check_key(self, prefix: str, role: Role) -> None:
        wait = self.buckets.take(f"key:{prefix}", self.per_role[role])
        if wait:
            raise TooManyRequests(
                "Too many requests with this API key; try again later.",
                retry_after_seconds=_seconds(wait),
            )

    def failed(self, ip: str, prefix: str | None) -> None:
        """Count a failed authentication; 429 when this address or prefix failed too often."""
        budget = self.auth_failures_per_minute
        wait = self.buckets.take(f"fail-ip:{ip}", budget)
        if prefix:
            wait = max(wait, self.buckets.take(f"fail-key:{prefix[:16]}", budget))
        if wait:
            raise TooManyRequests(
                "Too many failed authentications; a valid key still works.",
                retry_after_seconds=_seconds(wait),
            )


def _seconds(wait: float) -> int:
    return max(1, math.ceil(wait))


class RateLimit:
    """ASGI middleware: the per-IP limit for requests without a key (keys are limited later)."""

    def __init__(self, app: ASGIApp, limits: RateLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        has_key = any(name == b"x-api-key" for name, _ in scope.get("headers", []))
        if has_key and path.startswith(API_PREFIX) and not path.startswith(WIDGET_PREFIX):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        name = f"ip:{client[0] if client else 'unknown'}"
        per_minute = self.limits.anonymous_per_minute
        buckets = self.limits.buckets
        if buckets.shared:  # a network round trip: not on the event loop
            wait = await to_thread.run_sync(buckets.take, name, per_minute)
        else:
            wait = buckets.take(name, per_minute)
        if wait:
            response = error_response(429, "too_many_requests", "Too many requests from here.")
            response.headers["Retry-After"] = str(_seconds(wait))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
