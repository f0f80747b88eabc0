"""API keys and who may call what. Every API route passes through `get_principal`.

Keys look like ``psd_<prefix>_<secret>``; they carry 190+ bits of randomness, so a fast
SHA-256 at rest is enough (slow password hashes protect low-entropy secrets, and would cost
~50 ms per request here). Role rules live in this file and in ``permissions.py`` only.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader
from sqlmodel import Session, select

from app.accounts.models import Account, ApiKey
from app.core.db import autocommit_engine
from app.core.errors import Forbidden, Unauthorized
from app.core.timeutil import utcnow
from app.core.vocab import Role

_api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="An API key created with `passend create-key`."
)
READ_METHODS = {"GET", "HEAD", "OPTIONS"}
# The one write a read-only (wsp_frontend) key may do: replace itself.
READ_ONLY_EXEMPT = re.compile(r"^/api/v1/keys/(rotate|[0-9a-f]{1,16}/rotate)$")


@dataclass(frozen=True)
class Principal:
    account_id: int
    name: str
    role: Role
    employer_id: int | None
    # A publishable key sits in public pages: it may only call the widget endpoints.
    publishable: bool = False
    # Need-to-know (jobhunters, set by admins): the other jobhunters whose caseloads they see
    # (their team) and the municipalities (lower case) whose candidates they see.
    shares_with: frozenset[int] = frozenset()
    municipalities: frozenset[str] = frozenset()

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.admin, Role.jobhunter)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> tuple[str, str, str]:
    """Return (full key shown once, prefix stored in clear, hash stored)."""
    prefix = secrets.token_hex(6)
    key = f"psd_{prefix}_{secrets.token_urlsafe(24)}"
    return key, prefix, hash_key(key)


def _prefix_of(key: str) -> str | None:
    parts = key.split("_")
    if len(parts) < 3 or parts[0] != "psd":
        return None
    return parts[1]


def key_usable(api_key: ApiKey, now: datetime | None = None) -> bool:
    """Not revoked, and not past the grace period that follows a rotation."""
    if api_key.revoked_at is not None:
        return False
    return api_key.expires_at is None or api_key.expires_at > (now or utcnow())


def authenticate(session: Session, key: str) -> Principal | None:
    prefix = _prefix_of(key)
    if not prefix:
        return None
    row = session.exec(select(ApiKey, Account).join(Account).where(ApiKey.prefix == prefix)).first()
    if row is None:
        return None
    api_key, account = row
    if not key_usable(api_key) or not hmac.compare_digest(api_key.key_hash, hash_key(key)):
        return None
    assert account.id is not None
    return principal_of(session, account, publishable=api_key.kind == PUBLISHABLE)


PUBLISHABLE = "publishable"


def principal_of(session: Session, account: Account, *, publishable: bool = False) -> Principal:
    assert account.id is not None
    team: frozenset[int] = frozenset()
    if account.team and account.role == Role.jobhunter:
        members = select(Account.id).where(Account.team == account.team, Account.id != account.id)
        team = frozenset(i for i in session.exec(members).all() if i is not None)
    return Principal(
        account.id,
        account.name,
        Role(account.role),
        account.employer_id,
        publishable=publishable,
        shares_with=team,
        municipalities=frozenset(m.strip().lower() for m in account.municipalities or ()),
    )


def get_principal(
    request: Request, key: Annotated[str | None, Depends(_api_key_header)] = None
) -> Principal:
    if not key:
        raise Unauthorized("An API key is required: send it in the X-API-Key header.")
    # A short session of its own: authentication must not share the request's transaction.
    # It only reads, so it runs without one (no BEGIN and ROLLBACK round trips).
    with Session(autocommit_engine()) as session:
        principal = authenticate(session, key)
    limits = getattr(request.app.state, "rate_limits", None)
    if principal is None:
        if limits is not None:  # 429 instead of 401 when this address or prefix fails a lot
            limits.failed(request.client.host if request.client else "unknown", _prefix_of(key))
        raise Unauthorized("The API key is not valid or has been revoked.")
    if limits is not None:
        limits.check_key(_prefix_of(key) or "", principal.role)
    if principal.publishable:
        raise Forbidden(
            "A publishable (widget) key works only on the widget endpoints; "
            "use a secret key for the API, also to rotate keys."
        )
    read_only = request.method not in READ_METHODS and not READ_ONLY_EXEMPT.match(request.url.path)
    if principal.role == Role.wsp_frontend and read_only:
        raise Forbidden("A wsp_frontend key is read-only.")
    request.state.principal = principal
    request.state.api_key_prefix = _prefix_of(key)
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def allow(*roles: Role) -> Any:
    """Router-level dependency: only these roles reach the routes below it."""

    async def _check(principal: PrincipalDep) -> Principal:  # pure: runs in the loop
        if principal.role not in roles:
            raise Forbidden(f"The role '{principal.role}' may not use this endpoint.")
        return principal

    return Depends(_check)
