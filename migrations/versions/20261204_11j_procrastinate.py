"""Background jobs on Procrastinate (issue 11): its schema (PostgreSQL only) and the match
run's job id

Revision ID: 11j_procrastinate
Revises: 13d_duplicate_pair
Create Date: 2026-12-04 17:20:00

The schema is Procrastinate 3.10.0's own ``schema.sql``, copied into migrations/sql/ so this
migration stays what it was when the package is upgraded (an upgrade adds a migration with
the package's migration files for the versions in between). SQLite has no Procrastinate
(jobs run in process there): nothing to do.
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "11j_procrastinate"
down_revision: str | None = "13d_duplicate_pair"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = Path(__file__).resolve().parents[1] / "sql" / "procrastinate-3.10.0.sql"


def upgrade() -> None:
    with op.batch_alter_table("match_run") as batch:
        batch.add_column(sa.Column("job_id", sa.BigInteger(), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # On the driver's cursor with no parameters: the file is many statements and has
        # literal % signs, which SQLAlchemy's and psycopg's placeholders would trip over.
        with bind.connection.dbapi_connection.cursor() as cursor:  # type: ignore[union-attr]
            cursor.execute(SCHEMA.read_text())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers, "
            "procrastinate_jobs, procrastinate_workers CASCADE"
        )
        op.execute(
            "DO $$ DECLARE f regprocedure; BEGIN FOR f IN SELECT oid::regprocedure FROM pg_proc "
            "WHERE proname LIKE 'procrastinate%' AND pronamespace = current_schema()::regnamespace "
            "LOOP EXECUTE 'DROP FUNCTION ' || f || ' CASCADE'; END LOOP; END $$"
        )
        op.execute(
            "DROP TYPE IF EXISTS procrastinate_job_status, procrastinate_job_event_type, "
            "procrastinate_job_to_defer_v1 CASCADE"
        )
    with op.batch_alter_table("match_run") as batch:
        batch.drop_column("job_id")
