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
