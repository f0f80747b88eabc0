"""Candidate: wants to develop (needs_challenge), issue 14 item 7

Revision ID: 14e_needs_challenge
Revises: 14e_beschut_indication
Create Date: 2026-12-04 14:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "14e_needs_challenge"
down_revision: str | None = "14e_beschut_indication"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("needs_challenge", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        batch_op.drop_column("needs_challenge")
