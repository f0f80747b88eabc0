"""Workplace freshness: confirmed_on, confirm_reminded_on, available_from (issue 14 item 3)

Existing workplaces count as confirmed on the day they were last changed (docs/decisions/143).

Revision ID: 14g_workplace_freshness
Revises: 14e_needs_challenge
Create Date: 2026-12-04 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "14g_workplace_freshness"
down_revision: str | None = "14e_needs_challenge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workplace", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confirmed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("confirm_reminded_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("available_from", sa.Date(), nullable=True))
    workplace = sa.table(
        "workplace",
        sa.column("confirmed_on", sa.Date()),
        sa.column("updated_at", sa.DateTime()),
        sa.column("created_at", sa.DateTime()),
    )
    last_change = sa.func.coalesce(workplace.c.updated_at, workplace.c.created_at)
    if op.get_bind().dialect.name == "sqlite":  # CAST(... AS DATE) there keeps only the year
        day = sa.func.date(last_change)
    else:
        day = sa.cast(last_change, sa.Date())
    op.execute(workplace.update().values(confirmed_on=day))
    with op.batch_alter_table("workplace", schema=None) as batch_op:
        batch_op.alter_column("confirmed_on", existing_type=sa.Date(), nullable=False)
        batch_op.create_index("ix_workplace_confirmed_on", ["confirmed_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("workplace", schema=None) as batch_op:
        batch_op.drop_index("ix_workplace_confirmed_on")
        batch_op.drop_column("available_from")
        batch_op.drop_column("confirm_reminded_on")
        batch_op.drop_column("confirmed_on")
