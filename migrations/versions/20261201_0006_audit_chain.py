"""hash-chained access log and erasure

Adds the chain columns to access_log (filling them for rows already there), makes the table
append-only with triggers, and adds candidate.erased_at for erasure tombstones.

Revision ID: 0006_audit_chain
Revises: 0005_consent
Create Date: 2026-12-01 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from app.audit import triggers

revision: str = "0006_audit_chain"
down_revision: str | None = "0005_consent"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_HASH = sqlmodel.sql.sqltypes.AutoString(length=64)


def _backfill_chain() -> None:
    import hashlib

    from app.audit.chain import canonical
    from app.audit.models import GENESIS_HASH

    def compute_hash(row: dict[str, object]) -> str:
        # This revision's chain was plain SHA-256; 0012 re-seals every row with the HMAC key.
        return hashlib.sha256(canonical(row)).hexdigest()

    log = sa.table(
        "access_log",
        sa.column("id", sa.Integer()),
        sa.column("at", sqlmodel.sql.sqltypes.UTCDateTime()),
        sa.column("account_id", sa.Integer()),
        sa.column("role", sa.String()),
        sa.column("candidate_id", sa.Integer()),
        sa.column("purpose", sa.String()),
        sa.column("action", sa.String()),
        sa.column("seq", sa.Integer()),
        sa.column("prev_hash", sa.String()),
        sa.column("row_hash", sa.String()),
    )
    connection = op.get_bind()
    prev_hash = GENESIS_HASH
    rows = connection.execute(sa.select(log).order_by(log.c.id)).mappings().all()
    for seq, row in enumerate(rows, start=1):
        entry = {**row, "seq": seq, "prev_hash": prev_hash}
        prev_hash = compute_hash(entry)
        connection.execute(
            sa.update(log)
            .where(log.c.id == row["id"])
            .values(seq=seq, prev_hash=entry["prev_hash"], row_hash=prev_hash)
        )


def upgrade() -> None:
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", _HASH, nullable=True))
        batch_op.add_column(sa.Column("row_hash", _HASH, nullable=True))
    _backfill_chain()
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("prev_hash", existing_type=_HASH, nullable=False)
        batch_op.alter_column("row_hash", existing_type=_HASH, nullable=False)
        batch_op.create_unique_constraint("uq_access_log_seq", ["seq"])
    triggers.install_v1(op.get_bind())

    with op.batch_alter_table("candidate", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("erased_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_candidate_erased_at"), ["erased_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidate_erased_at"))
        batch_op.drop_column("erased_at")

    triggers.remove(op.get_bind())
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.drop_constraint("uq_access_log_seq", type_="unique")
        batch_op.drop_column("row_hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")
