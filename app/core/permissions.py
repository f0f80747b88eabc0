"""Object-level rules in one place. Role-level rules are attached where routers are included.

Someone else's object is reported as 404, so a key cannot probe which ids exist.
"""

from app.core.errors import Forbidden, NotFound
from app.core.security import Principal
from app.core.vocab import Role


def ensure_own_employer(principal: Principal, employer_id: int, what: str = "employer") -> None:
    if principal.role == Role.employer and principal.employer_id != employer_id:
        raise NotFound(f"No {what} with that id.")


def ensure_sensitive_access(principal: Principal, jobhunter_id: int | None) -> None:
    """Sensitive data: admin, or the jobhunter who owns the candidate."""
    if principal.role == Role.admin:
        return
    if principal.role == Role.jobhunter and principal.account_id == jobhunter_id:
        return
    raise Forbidden("Only the candidate's own jobhunter may see or change sensitive data.")


def sees_identity(principal: Principal) -> bool:
    """Identity and contact details of candidates: staff only."""
    return principal.is_staff
