"""Job carving: an employer's task inventory and the roles carved from it (issue 15)

Revision ID: 0015_carving
Revises: 0007_key_rotation
Create Date: 2026-12-03 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0015_carving"
down_revision: str | None = "0007_key_rotation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
WHEN = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "carved_role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", WHEN(), nullable=False),
        sa.Column("updated_at", WHEN(), nullable=False),
        sa.Column("status", S(length=10), nullable=False),
        sa.Column("title", S(length=120), nullable=False),
        sa.Column("hours_per_week", sa.Float(), nullable=False),
        sa.Column("tasks_sent", sa.JSON(), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("workplace_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", WHEN(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["employer_id"], ["employer.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["candidate_id"], ["candidate.id"]),
        sa.ForeignKeyConstraint(["created_by"], ["account.id"]),
        sa.ForeignKeyConstraint(["decided_by"], ["account.id"]),
        sa.ForeignKeyConstraint(["workplace_id"], ["workplace.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("carved_role", schema=None) as batch_op:
        for column in ("employer_id", "candidate_id", "status", "workplace_id"):
            batch_op.create_index(f"ix_carved_role_{column}", [column], unique=False)

    op.create_table(
        "inventory_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", WHEN(), nullable=False),
        sa.Column("updated_at", WHEN(), nullable=False),
        sa.Column("source", S(length=10), nullable=False),
        sa.Column("name", S(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("hours_per_week", sa.Float(), nullable=False),
        sa.Column("days", sa.JSON(), nullable=False),
        sa.Column("time_of_day", S(length=10), nullable=False),
        sa.Column("site_name", S(length=80), nullable=False),
        sa.Column("postcode", S(length=6), nullable=False),
        sa.Column("pc4", S(length=4), nullable=False),
        sa.Column("stimulus_level", sa.Integer(), nullable=False),
        sa.Column("structure_level", sa.Integer(), nullable=False),
        sa.Column("supervision_offered", sa.Integer(), nullable=False),
        sa.Column("time_pressure_level", sa.Integer(), nullable=False),
        sa.Column("customer_contact_level", sa.Integer(), nullable=False),
        sa.Column("physical_load", sa.Integer(), nullable=False),
        sa.Column("skill_level", sa.Integer(), nullable=False),
        sa.Column("required_certificate", S(length=60), nullable=True),
        sa.Column("current_role", S(length=80), nullable=False),
        sa.Column("carved_role_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["employer_id"], ["employer.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["carved_role_id"], ["carved_role.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("inventory_task", schema=None) as batch_op:
        batch_op.create_index("ix_inventory_task_employer_id", ["employer_id"], unique=False)
        batch_op.create_index("ix_inventory_task_carved_role_id", ["carved_role_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("inventory_task", schema=None) as batch_op:
        batch_op.drop_index("ix_inventory_task_carved_role_id")
        batch_op.drop_index("ix_inventory_task_employer_id")
    op.drop_table("inventory_task")
    with op.batch_alter_table("carved_role", schema=None) as batch_op:
        for column in ("employer_id", "candidate_id", "status", "workplace_id"):
            batch_op.drop_index(f"ix_carved_role_{column}")
    op.drop_table("carved_role")
