"""Object-level rules in one place. Role-level rules are attached where routers are included.

Someone else's object is reported as 404, so a key cannot probe which ids exist. Which parts of
a candidate a role sees (identity, contact, sensitive data, …) is the visibility matrix's
business: app/core/visibility.py.
"""

from app.core.errors import NotFound
from app.core.security import Principal
from app.core.vocab import Role


def ensure_own_employer(principal: Principal, employer_id: int, what: str = "employer") -> None:
    if principal.role == Role.employer and principal.employer_id != employer_id:
        raise NotFound(f"No {what} with that id.")
