"""Browser-side protections: CSRF tokens, the signed session cookie, a per-IP rate limit.

CSRF uses a signed double submit: a random nonce in an HttpOnly cookie, and in the form its
HMAC under ``Settings.secret_key``. A cross-site page can neither read the cookie nor forge the
HMAC. The session cookie carries ``account_id.api_key_id.expiry`` plus an HMAC; the key row is
re-checked on every request, so revoking the key ends the session at once.
"""

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass

from fastapi import Request, Response
from sqlmodel import Session

from app.accounts.models import Account, ApiKey
from app.core.config import get_settings
from app.core.security import Principal, key_usable, principal_of
from app.core.vocab import Role

CSRF_COOKIE = "psd_csrf"
CSRF_FIELD = "csrf_token"
SESSION_COOKIE = "psd_session"
STAFF_ROLES = (Role.admin, Role.jobhunter)


def _sign(value: str, purpose: str) -> str:
    secret = get_settings().secret_key.encode()
    return hmac.new(secret, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A random URL token and the hash stored for it."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def csrf_token(request: Request) -> tuple[str, str | None]:
    """(token for the form, new cookie nonce to set or None when the cookie is reused)."""
    nonce = request.cookies.get(CSRF_COOKIE)
    fresh = None
    if not nonce or len(nonce) > 100:
        nonce = fresh = secrets.token_urlsafe(24)
    return _sign(nonce, "csrf"), fresh


def set_csrf_cookie(response: Response, nonce: str | None) -> None:
    if nonce is not None:
        response.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="lax", path="/")


def csrf_valid(request: Request, submitted: str | None) -> bool:
    nonce = request.cookies.get(CSRF_COOKIE)
    if not nonce or not submitted:
        return False
    return hmac.compare_digest(_sign(nonce, "csrf"), submitted)


def session_value(account_id: int, api_key_id: int) -> str:
    expires = int(time.time()) + get_settings().web_session_hours * 3600
    body = f"{account_id}.{api_key_id}.{expires}"
    return f"{body}.{_sign(body, 'session')}"


def principal_from_session(session: Session, value: str | None) -> Principal | None:
    """The staff member behind a session cookie, or None when it is missing, forged or stale."""
    if not value or len(value) > 200:
        return None
    body, _, signature = value.rpartition(".")
    if not hmac.compare_digest(_sign(body, "session"), signature):
        return None
    parts = body.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    account_id, api_key_id, expires = (int(p) for p in parts)
    if expires < time.time():
        return None
    api_key = session.get(ApiKey, api_key_id)
    account = session.get(Account, account_id)
    if api_key is None or account is None or api_key.account_id != account_id:
        return None
    if not key_usable(api_key) or account.role not in STAFF_ROLES:
        return None
    return principal_of(session, account)


@dataclass
class RateLimiter:
    """At most ``max_events`` per key in a sliding window; in memory, per process."""

    max_events: int
    window_seconds: float

    def __post_init__(self) -> None:
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            if len(self._events) > 10_000:  # bound memory under a flood of addresses
                self._events.clear()
            events = self._events.setdefault(key, deque())
            while events and events[0] <= now - self.window_seconds:
                events.popleft()
            if len(events) >= self.max_events:
                return False
            events.append(now)
            return True
