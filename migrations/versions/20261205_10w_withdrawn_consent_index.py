"""A partial index for the withdrawals every suggestion checks (issue 10)

Revision ID: 10w_withdrawn_consent_index
Revises: 11j_procrastinate
Create Date: 2026-12-05 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "10w_withdrawn_consent_index"
down_revision: str | None = "11j_procrastinate"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WITHDRAWN = sa.text("withdrawn_on IS NOT NULL")


def upgrade() -> None:
    op.create_index(
        "ix_consent_withdrawn_updated_at",
        "consent",
        ["updated_at"],
        sqlite_where=WITHDRAWN,
        postgresql_where=WITHDRAWN,
    )


def downgrade() -> None:
    op.drop_index("ix_consent_withdrawn_updated_at", table_name="consent")
