"""Review queue of possible duplicate candidates (issue 13, docs/decisions/175)

Revision ID: 13d_duplicate_pair
Revises: 11n_national_runs
Create Date: 2026-12-04 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "13d_duplicate_pair"
down_revision: str | None = "11n_national_runs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "duplicate_pair",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_low_id", sa.Integer(), nullable=False),
        sa.Column("candidate_high_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("name_score", sa.Float(), nullable=False),
        sa.Column("date_match", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("survivor_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("candidate_low_id < candidate_high_id", name="ck_duplicate_pair_order"),
        sa.ForeignKeyConstraint(["candidate_high_id"], ["candidate.id"]),
        sa.ForeignKeyConstraint(["candidate_low_id"], ["candidate.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("candidate_low_id", "candidate_high_id"),
    )
    with op.batch_alter_table("duplicate_pair", schema=None) as batch_op:
        for column in ("candidate_low_id", "candidate_high_id", "status"):
            batch_op.create_index(batch_op.f(f"ix_duplicate_pair_{column}"), [column])


def downgrade() -> None:
    with op.batch_alter_table("duplicate_pair", schema=None) as batch_op:
        for column in ("candidate_low_id", "candidate_high_id", "status"):
            batch_op.drop_index(batch_op.f(f"ix_duplicate_pair_{column}"))
    op.drop_table("duplicate_pair")
