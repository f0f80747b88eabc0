"""Accounts and API keys: created by the CLI, never listed with their secrets."""

from datetime import timedelta

from sqlmodel import Session, select

from app.accounts.models import Account, ApiKey
from app.core.errors import Conflict, Invalid, NotFound
from app.core.security import PUBLISHABLE, Principal, key_usable, new_key
from app.core.timeutil import utcnow
from app.core.vocab import Role


def create_account_with_key(
    session: Session,
    name: str,
    role: Role,
    *,
    employer_id: int | None = None,
    publishable: bool = False,
) -> tuple[Account, str]:
    if (role == Role.employer) != (employer_id is not None):
        raise Invalid(
            "An employer account needs an employer id; other roles must not have one.",
            fields={"employer_id": "required for role employer only"},
        )
    account = Account(name=name, role=role, employer_id=employer_id)
    session.add(account)
    session.flush()
    return account, issue_key(session, account, publishable=publishable)


def issue_key(session: Session, account: Account, *, publishable: bool = False) -> str:
    """A new key for the account: secret, or publishable (a widget key, see widget_service)."""
    assert account.id is not None
    if publishable and account.role != Role.wsp_frontend:
        raise Invalid(
            "Only wsp_frontend accounts have publishable (widget) keys.",
            fields={"role": account.role},
        )
    return _issue(session, account.id, PUBLISHABLE if publishable else "secret")[0]


def _issue(session: Session, account_id: int, kind: str = "secret") -> tuple[str, ApiKey]:
    key, prefix, key_hash = new_key()
    api_key = ApiKey(account_id=account_id, prefix=prefix, key_hash=key_hash, kind=kind)
    session.add(api_key)
    session.flush()
    return key, api_key


def _by_prefix(session: Session, prefix: str) -> ApiKey:
    api_key = session.exec(select(ApiKey).where(ApiKey.prefix == prefix)).first()
    if api_key is None:
        raise NotFound(f"No API key with prefix {prefix}.")
    return api_key


def revoke_key(session: Session, prefix: str) -> ApiKey:
    """Revoke at once: the next request with this key gets 401."""
    api_key = _by_prefix(session, prefix)
    if api_key.revoked_at is None:
        api_key.revoked_at = utcnow()
        session.add(api_key)
        session.flush()
    return api_key


def rotate_for(
    session: Session, principal: Principal, prefix: str, *, grace_seconds: int
) -> tuple[str, ApiKey, ApiKey]:
    """Rotate a key of the caller's own account (e.g. its publishable widget key, with the
    secret key); admins may rotate any key. Another account's key is 404, as if absent."""
    target = _by_prefix(session, prefix)
    if principal.role != Role.admin and target.account_id != principal.account_id:
        raise NotFound(f"No API key with prefix {prefix}.")
    return rotate_key(session, prefix, grace_seconds=grace_seconds)


def rotate_key(session: Session, prefix: str, *, grace_seconds: int) -> tuple[str, ApiKey, ApiKey]:
    """A new key for the same account; the old one works ``grace_seconds`` longer, then 401.

    Widget origins registered for the old key move to the new one. Returns
    (new full key, shown once; the new row; the old row).
    """
    from app.web.models import WidgetOrigin

    old = _by_prefix(session, prefix)
    now = utcnow()
    if not key_usable(old, now):
        raise NotFound(f"No usable API key with prefix {prefix}.")
    if old.replaced_by_id is not None:
        raise Conflict("This key was already rotated; use its replacement.")
    key, new = _issue(session, old.account_id, old.kind)
    grace_end = now + timedelta(seconds=max(grace_seconds, 0))
    old.expires_at = grace_end if old.expires_at is None else min(old.expires_at, grace_end)
    old.replaced_by_id = new.id
    session.add(old)
    for origin in session.exec(select(WidgetOrigin).where(WidgetOrigin.api_key_id == old.id)):
        session.add(WidgetOrigin(api_key_id=new.id, origin=origin.origin))  # type: ignore[arg-type]
    session.flush()
    return key, new, old


def set_sharing(
    session: Session, *, account_id: int, team: str | None, municipalities: list[str]
) -> Account:
    """An admin decides whose candidates a jobhunter may identify (docs/decisions/040)."""
    account = session.get(Account, account_id)
    if account is None:
        raise NotFound("No account with that id.")
    if account.role != Role.jobhunter:
        raise Invalid(
            "Sharing settings are for jobhunter accounts.", fields={"account_id": account.role}
        )
    cleaned = [m.strip() for m in municipalities if m.strip()]
    if any(len(m) > 80 for m in cleaned):
        raise Invalid(
            "A municipality name is at most 80 characters.", fields={"municipalities": "too long"}
        )
    account.team = (team or "").strip() or None
    # one entry per municipality, whatever the case it was typed in (the first spelling kept)
    unique = {m.lower(): m for m in reversed(cleaned)}
    account.municipalities = sorted(unique.values(), key=str.lower)
    session.add(account)
    session.flush()
    return account
