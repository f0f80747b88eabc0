"""API key responses: the secret appears once, in the rotation response, and nowhere else."""

from datetime import datetime

from pydantic import BaseModel, Field


class KeyRotated(BaseModel):
    """The new key (store it now: only its hash is kept) and when the old one stops working."""

    key: str = Field(description="The new API key, shown only in this response.")
    prefix: str
    old_prefix: str
    old_key_valid_until: datetime


class KeyRevoked(BaseModel):
    """A revoked key: requests with it get 401 from now on."""

    prefix: str
    revoked_at: datetime


class SharingIn(BaseModel):
    """Whose candidates a jobhunter may identify besides their own caseload (need-to-know)."""

    team: str | None = Field(
        default=None,
        max_length=80,
        description="Jobhunters with the same team see each other's caseloads; null: no team.",
    )
    municipalities: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="They also see every candidate living in these municipalities.",
    )


class SharingPublic(BaseModel):
    """A jobhunter's sharing settings, as an admin set them."""

    account_id: int
    name: str
    team: str | None
    municipalities: list[str]
