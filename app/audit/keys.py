"""The access log's HMAC key: from a setting or a file, never from the database.

Whoever can write to the database but does not hold this key cannot compute a row hash or a
checkpoint signature, so a re-chained, forged or appended row is caught by ``verify``.
"""

import os
import secrets
from pathlib import Path

from app.core.config import Settings
from app.core.errors import DomainError


class MissingKey(DomainError):
    status_code = 500
    code = "access_log_key_missing"


def load_key(settings: Settings, *, create: bool = False) -> bytes:
    """The key from ``access_log_key``, else from ``access_log_key_file``.

    ``create`` (the sealer) writes a new random key to the file when neither exists, readable
    by the owner only; verifying never creates one, since a fresh key would call every row
    forged.
    """
    if settings.access_log_key:
        return settings.access_log_key.encode()
    path = Path(settings.access_log_key_file)
    if path.exists():
        key = path.read_text().strip()
        if len(key) < 32:
            raise MissingKey(f"The access-log key in {path} is shorter than 32 characters.")
        return key.encode()
    if not create:
        raise MissingKey(
            "No access-log key: set PASSEND_ACCESS_LOG_KEY or PASSEND_ACCESS_LOG_KEY_FILE "
            f"(looked for {path})."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: two processes starting at once must not each write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load_key(settings)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key.encode()
