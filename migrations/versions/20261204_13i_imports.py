"""Imports: the import record (progress, counts) and source keys (issue 13 item 1)

Revision ID: 13i_imports
Revises: 14p_policy_version
Create Date: 2026-12-04 16:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "13i_imports"
down_revision: str | None = "14p_policy_version"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "data_import",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("profile", sa.String(length=60), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=60), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("valid_rows_only", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("encoding", sa.String(length=20), nullable=True),
        sa.Column("rows_total", sa.Integer(), nullable=True),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("progress_pct", sa.Float(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("problems", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
    )
    op.create_index("ix_data_import_created_at", "data_import", ["created_at"])
    op.create_index("ix_data_import_actor_id", "data_import", ["actor_id"])
    op.create_index("ix_data_import_source", "data_import", ["source"])
    op.create_index("ix_data_import_status", "data_import", ["status"])
    op.create_table(
        "import_key",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=60), nullable=False),
        sa.Column("external_id", sa.String(length=80), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.Column("import_id", sa.Integer(), sa.ForeignKey("data_import.id"), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("bsn_hmac", sa.String(length=64), nullable=True),
        sa.UniqueConstraint("entity", "source", "external_id"),
    )
    op.create_index("ix_import_key_record_id", "import_key", ["record_id"])
    op.create_index("ix_import_key_import_id", "import_key", ["import_id"])
    op.create_index("ix_import_key_bsn_hmac", "import_key", ["bsn_hmac"])


def downgrade() -> None:
    op.drop_table("import_key")
    op.drop_table("data_import")
