"""Access log: every read of identifiable candidate data, who, when, which candidate, why.

Requests insert rows without ``seq``, ``prev_hash`` and ``row_hash``; the sealer then chains
them: ``row_hash`` is an HMAC over the row's fields and ``prev_hash`` (the previous row's
``row_hash``), and ``seq`` numbers the sealed rows 1, 2, 3, ... without gaps. Database
triggers reject DELETE, any UPDATE but sealing an unsealed row, and rows inserted sealed.
Only pseudonymous values are hashed (ids, role, purpose, action, time), so erasing a
candidate never has to touch this table and the chain keeps verifying.
"""

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.core.timeutil import utcnow

GENESIS_HASH = "0" * 64


class AccessLog(SQLModel, table=True):
    __tablename__ = "access_log"

    id: int | None = Field(default=None, primary_key=True)
    # Position in the chain (None until sealed); unique, so two sealers can never fork it.
    seq: int | None = Field(default=None, unique=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    account_id: int = Field(index=True)
    role: str = Field(max_length=20)
    candidate_id: int = Field(index=True)
    purpose: str = Field(max_length=40)
    action: str = Field(max_length=80)
    prev_hash: str | None = Field(default=None, max_length=64)
    row_hash: str | None = Field(default=None, max_length=64)
