"""Country-wide runs: parent/child match runs, cross-region travel opt-in (issue 11 item 4)

Revision ID: 11n_national_runs
Revises: 13i_imports
Create Date: 2026-12-04 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "11n_national_runs"
down_revision: str | None = "13i_imports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "cross_region_travel", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    with op.batch_alter_table("match_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("region", sa.String(length=80), nullable=True))
        batch_op.create_index("ix_match_run_parent_id", ["parent_id"])
        batch_op.create_foreign_key(
            "fk_match_run_parent_id", "match_run", ["parent_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("match_run", schema=None) as batch_op:
        batch_op.drop_constraint("fk_match_run_parent_id", type_="foreignkey")
        batch_op.drop_index("ix_match_run_parent_id")
        batch_op.drop_column("region")
        batch_op.drop_column("parent_id")
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        batch_op.drop_column("cross_region_travel")
