"""Policy per labour-market region and municipality, versioned (issue 14 item 1)

Revision ID: 14p_policy_version
Revises: 14g_confirm_link
Create Date: 2026-12-04 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "14p_policy_version"
down_revision: str | None = "14g_confirm_link"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "policy_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("scope", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.UniqueConstraint("scope", "name", "version"),
    )
    op.create_index("ix_policy_version_scope", "policy_version", ["scope"])
    op.create_index("ix_policy_version_name", "policy_version", ["name"])


def downgrade() -> None:
    op.drop_index("ix_policy_version_name", table_name="policy_version")
    op.drop_index("ix_policy_version_scope", table_name="policy_version")
    op.drop_table("policy_version")
