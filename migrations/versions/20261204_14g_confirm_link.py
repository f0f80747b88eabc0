"""One-click confirm links for workplaces (issue 14 item 3, docs/decisions/143)

Revision ID: 14g_confirm_link
Revises: 14g_workplace_freshness
Create Date: 2026-12-04 15:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "14g_confirm_link"
down_revision: str | None = "14g_workplace_freshness"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workplace_confirm_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workplace_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["workplace_id"], ["workplace.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("workplace_confirm_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_workplace_confirm_link_workplace_id"), ["workplace_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("workplace_confirm_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workplace_confirm_link_workplace_id"))
    op.drop_table("workplace_confirm_link")
