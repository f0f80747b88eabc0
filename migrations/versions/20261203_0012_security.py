"""security round two: sealed access log, publishable widget keys, shared rate limits,
jobhunter sharing settings

* access_log: ``seq``, ``prev_hash`` and ``row_hash`` become nullable (requests insert
  unsealed rows; the sealer chains them with an HMAC key the database never holds). Rows of
  the old unkeyed chain are unsealed here, so the sealer re-chains them, keyed, in id order.
  New triggers: sealing an unsealed row is the only UPDATE allowed.
* api_key.kind: "secret" or "publishable". Keys with registered widget origins sit in public
  pages, so they become publishable: they keep working on the widget endpoints only.
* rate_limit_bucket: token buckets shared by several processes (PostgreSQL backend).
* account.team and account.municipalities: whose candidates a jobhunter may identify.

Revision ID: 0012_security
Revises: 0016_outcomes
Create Date: 2026-12-03 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from app.audit import triggers

revision: str = "0012_security"
down_revision: str | None = "0016_outcomes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_HASH = sqlmodel.sql.sqltypes.AutoString(length=64)
_CHAIN = [("seq", sa.Integer()), ("prev_hash", _HASH), ("row_hash", _HASH)]


def _chain_nullable(nullable: bool) -> None:
    connection = op.get_bind()
    triggers.remove(connection)
    if not nullable:
        op.execute("DELETE FROM access_log WHERE seq IS NULL")
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        for name, type_ in _CHAIN:
            batch_op.alter_column(name, existing_type=type_, nullable=nullable)
    if nullable:
        op.execute("UPDATE access_log SET seq = NULL, prev_hash = NULL, row_hash = NULL")
        triggers.install(connection)
    else:
        triggers.install_v1(connection)


def upgrade() -> None:
    _chain_nullable(True)

    with op.batch_alter_table("api_key", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind",
                sqlmodel.sql.sqltypes.AutoString(length=12),
                nullable=False,
                server_default="secret",
            )
        )
    op.execute(
        "UPDATE api_key SET kind = 'publishable' "
        "WHERE id IN (SELECT api_key_id FROM widget_origin)"
    )

    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("team", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True)
        )
        batch_op.add_column(
            sa.Column("municipalities", sa.JSON(), nullable=False, server_default="[]")
        )
        batch_op.create_index(batch_op.f("ix_account_team"), ["team"], unique=False)

    op.create_table(
        "rate_limit_bucket",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    with op.batch_alter_table("rate_limit_bucket", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rate_limit_bucket_updated_at"), ["updated_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("rate_limit_bucket", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rate_limit_bucket_updated_at"))
    op.drop_table("rate_limit_bucket")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_team"))
        batch_op.drop_column("municipalities")
        batch_op.drop_column("team")
    with op.batch_alter_table("api_key", schema=None) as batch_op:
        batch_op.drop_column("kind")
    # Unsealed rows cannot get a place in the old unkeyed chain: they are dropped.
    _chain_nullable(False)
