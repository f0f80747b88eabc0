"""The key for hashing BSNs (duplicate matching only): from a setting or a file, never from
the database, like the access log's key (app/audit/keys.py). Someone with a copy of the
database cannot test the 10^9 possible BSNs against the hashes without it."""

import os
import secrets
from pathlib import Path

from app.core.config import Settings
from app.core.errors import DomainError


class MissingBsnKey(DomainError):
    status_code = 500
    code = "import_bsn_key_missing"


def load_bsn_key(settings: Settings) -> bytes:
    if settings.import_bsn_key:
        if len(settings.import_bsn_key) < 32:
            raise MissingBsnKey("PASSEND_IMPORT_BSN_KEY must be at least 32 characters.")
        return settings.import_bsn_key.encode()
    path = Path(settings.import_bsn_key_file)
    if path.exists():
        key = path.read_text().strip()
        if len(key) < 32:
            raise MissingBsnKey(f"The BSN hash key in {path} is shorter than 32 characters.")
        return key.encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:  # O_EXCL: two imports starting at once must not each write a different key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load_bsn_key(settings)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key.encode()
