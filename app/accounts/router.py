"""Rotate the calling key or one of your own account's keys, and revoke any key (admin).

A publishable (widget) key never gets here: it is refused outside the widget endpoints."""

from typing import Annotated

from fastapi import Path, Request, status

from app.accounts import service
from app.accounts.schemas import KeyRevoked, KeyRotated, SharingIn, SharingPublic
from app.core.config import get_settings
from app.core.db import SessionDep
from app.core.routing import Router
from app.core.security import PrincipalDep, allow
from app.core.vocab import Role

router = Router(prefix="/keys", tags=["accounts"])
accounts_router = Router(prefix="/accounts", tags=["accounts"])
Prefix = Annotated[str, Path(pattern=r"^[0-9a-f]{1,16}$", description="The key's public prefix.")]


@router.post("/rotate", status_code=status.HTTP_201_CREATED)
def rotate(request: Request, session: SessionDep) -> KeyRotated:
    """A new key for the caller; the calling key keeps working for a grace period, then 401."""
    grace = get_settings().key_rotation_grace_seconds
    key, new, old = service.rotate_key(session, request.state.api_key_prefix, grace_seconds=grace)
    assert old.expires_at is not None
    return KeyRotated(
        key=key, prefix=new.prefix, old_prefix=old.prefix, old_key_valid_until=old.expires_at
    )


@router.post("/{prefix}/rotate", status_code=status.HTTP_201_CREATED)
def rotate_other(prefix: Prefix, session: SessionDep, principal: PrincipalDep) -> KeyRotated:
    """A new key for a key of your own account (e.g. the publishable widget key, rotated with
    the secret key); admins may rotate any key. The old key works for a grace period."""
    grace = get_settings().key_rotation_grace_seconds
    key, new, old = service.rotate_for(session, principal, prefix, grace_seconds=grace)
    assert old.expires_at is not None
    return KeyRotated(
        key=key, prefix=new.prefix, old_prefix=old.prefix, old_key_valid_until=old.expires_at
    )


@router.post("/{prefix}/revoke", dependencies=[allow(Role.admin)])
def revoke(prefix: Prefix, session: SessionDep) -> KeyRevoked:
    """Revoke a key at once (admin): its next request gets 401."""
    api_key = service.revoke_key(session, prefix)
    assert api_key.revoked_at is not None
    return KeyRevoked(prefix=api_key.prefix, revoked_at=api_key.revoked_at)


@accounts_router.put("/{account_id}/sharing")
def put_sharing(account_id: int, sharing_in: SharingIn, session: SessionDep) -> SharingPublic:
    """Admins: whose candidates this jobhunter may identify besides the own caseload."""
    account = service.set_sharing(
        session,
        account_id=account_id,
        team=sharing_in.team,
        municipalities=sharing_in.municipalities,
    )
    assert account.id is not None
    return SharingPublic(
        account_id=account.id,
        name=account.name,
        team=account.team,
        municipalities=account.municipalities,
    )
