"""Accounts and API keys: created by the CLI, never listed with their secrets."""

from sqlmodel import Session, select

from app.accounts.models import Account, ApiKey
from app.core.errors import Invalid, NotFound
from app.core.security import new_key
from app.core.timeutil import utcnow
from app.core.vocab import Role


def create_account_with_key(
    session: Session, name: str, role: Role, *, employer_id: int | None = None
) -> tuple[Account, str]:
    if (role == Role.employer) != (employer_id is not None):
        raise Invalid(
            "An employer account needs an employer id; other roles must not have one.",
            fields={"employer_id": "required for role employer only"},
        )
    account = Account(name=name, role=role, employer_id=employer_id)
    session.add(account)
    session.flush()
    return account, issue_key(session, account)


def issue_key(session: Session, account: Account) -> str:
    assert account.id is not None
    key, prefix, key_hash = new_key()
    session.add(ApiKey(account_id=account.id, prefix=prefix, key_hash=key_hash))
    session.flush()
    return key


def revoke_key(session: Session, prefix: str) -> ApiKey:
    api_key = session.exec(select(ApiKey).where(ApiKey.prefix == prefix)).first()
    if api_key is None:
        raise NotFound(f"No API key with prefix {prefix}.")
    api_key.revoked_at = utcnow()
    session.add(api_key)
    session.flush()
    return api_key
