"""PostgreSQL roles: migrations run as the owner, the service as a role that cannot undo the
access log's protection (docs/decisions/121).

The owner role owns the schema and every table (it runs ``passend migrate``). The service
role may read and write rows, but not TRUNCATE, ALTER, DROP or disable triggers (only an
owner can), and on ``access_log`` it may only insert rows and set the three chain columns
(the triggers allow that once, on an unsealed row). ``grant_service_role`` is idempotent: run
it (``passend grant-service-role ROLE``, as the owner) after every migration.
"""

import re

from sqlalchemy import Connection, text

from app.core.errors import Invalid

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _statements(role: str) -> list[str]:
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {role}",
        f"REVOKE UPDATE, DELETE ON access_log FROM {role}",
        f"GRANT UPDATE (seq, prev_hash, row_hash) ON access_log TO {role}",
        f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {role}",
    ]


def grant_service_role(connection: Connection, role: str) -> None:
    """Give ``role`` exactly the rights the service needs on the current schema."""
    if not _NAME.match(role):
        raise Invalid("A role name is lower-case letters, digits and _.", fields={"role": role})
    if connection.dialect.name != "postgresql":
        raise Invalid("Database roles exist on PostgreSQL only.", fields={"role": role})
    for statement in _statements(role):
        connection.execute(text(statement))
