"""Policy per labour-market region and municipality: read by staff, set by admins."""

from typing import Annotated

from fastapi import Path, Query

from app.core.db import SessionDep
from app.core.routing import Router
from app.core.security import PrincipalDep, allow
from app.core.vocab import Role
from app.policy import service
from app.policy.regions import known_municipality
from app.policy.schemas import (
    EffectivePolicyPublic,
    PolicyIn,
    PolicyScope,
    PolicyVersionPublic,
)

router = Router(prefix="/policies", tags=["policy"])
ADMIN = allow(Role.admin)
Name = Annotated[
    str, Path(min_length=1, max_length=80, description="default, region or municipality")
]


@router.get("/effective", response_model=EffectivePolicyPublic)
def effective(
    session: SessionDep,
    municipality: Annotated[str | None, Query(max_length=80)] = None,
) -> EffectivePolicyPublic:
    """The policy for a candidate living in ``municipality`` (empty: the default). A name not
    in the table is a 422: its policy would silently be the default."""
    if municipality:
        municipality = known_municipality(municipality)
    found = service.policy_for(session, municipality)
    return EffectivePolicyPublic(
        municipality=municipality, region=found.region, version=found.version,
        values=service.values_of(found.policy),
    )  # fmt: skip


@router.get("", response_model=list[PolicyVersionPublic])
def list_current(session: SessionDep) -> list[PolicyVersionPublic]:
    """The latest version of every scope that overrides something."""
    return service.current(session)


@router.get("/{scope}/{name}/history", response_model=list[PolicyVersionPublic])
def history(scope: PolicyScope, name: Name, session: SessionDep) -> list[PolicyVersionPublic]:
    """Every version of one scope, newest first: who, when and why."""
    return service.history(session, scope, name)


@router.put("/{scope}/{name}", response_model=PolicyVersionPublic, dependencies=[ADMIN])
def put_policy(
    scope: PolicyScope,
    name: Name,
    policy_in: PolicyIn,
    session: SessionDep,
    principal: PrincipalDep,
) -> PolicyVersionPublic:
    """Set the overrides of one scope (a new version; the old ones stay as history)."""
    row = service.put(
        session, principal=principal, scope=scope, name=name, values=policy_in.values,
        reason=policy_in.reason,
    )  # fmt: skip
    return PolicyVersionPublic.model_validate(row.model_dump())
