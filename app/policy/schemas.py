"""Policy per region and municipality: what an admin sends and what everyone reads back."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class PolicyScope(StrEnum):
    """Where a policy applies: the default, a labour-market region or a municipality."""

    default = "default"
    region = "region"
    municipality = "municipality"


class PolicyIn(BaseModel):
    """The overrides of one scope; fields left out follow the wider scope. Replaces the
    scope's previous version."""

    values: dict[str, Any] = Field(
        description='Policy fields and their values, e.g. {"proefplaatsing_max_months": 3}.'
    )
    reason: str = Field(min_length=3, max_length=2000, description="Why (kept with the version).")


class PolicyVersionPublic(BaseModel):
    """One stored version of one scope's overrides."""

    scope: PolicyScope
    name: str
    version: int
    values: dict[str, Any]
    reason: str
    created_by: int
    created_at: datetime


class EffectivePolicyPublic(BaseModel):
    """The policy that applies to a candidate living in ``municipality``."""

    municipality: str | None
    region: str | None
    version: str = Field(description="Which stored versions made it, e.g. default@2+Delft@1.")
    values: dict[str, Any]
