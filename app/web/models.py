"""Tables of the people's side: invite, edit and confirm links and widget origins.

Tokens are random (256 bits) and stored only as SHA-256 hashes, like API keys.
"""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.timeutil import utcnow


class EmployerInvite(SQLModel, table=True):
    """A link a WSP account manager sends to a known employer; it pre-fills the form."""

    __tablename__ = "employer_invite"

    id: int | None = Field(default=None, primary_key=True)
    employer_id: int = Field(foreign_key="employer.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    created_by: int = Field(foreign_key="account.id")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime


class WorkplaceEditLink(SQLModel, table=True):
    """The employer's private link to view and edit a submitted workplace later."""

    __tablename__ = "workplace_edit_link"

    id: int | None = Field(default=None, primary_key=True)
    workplace_id: int = Field(foreign_key="workplace.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


class WorkplaceConfirmLink(SQLModel, table=True):
    """A one-click link for the employer to confirm a workplace is still there; works once."""

    __tablename__ = "workplace_confirm_link"

    id: int | None = Field(default=None, primary_key=True)
    workplace_id: int = Field(foreign_key="workplace.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class WidgetOrigin(SQLModel, table=True):
    """A web origin (scheme://host[:port]) allowed to use one wsp_frontend key in the widget."""

    __tablename__ = "widget_origin"
    __table_args__ = (UniqueConstraint("api_key_id", "origin"),)

    id: int | None = Field(default=None, primary_key=True)
    api_key_id: int = Field(foreign_key="api_key.id", index=True, ondelete="CASCADE")
    origin: str = Field(max_length=200, index=True)
    created_at: datetime = Field(default_factory=utcnow)
