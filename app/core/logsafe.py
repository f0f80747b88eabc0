"""Keep secrets and personal data out of the logs.

uvicorn's access log writes the request line. Query strings can carry search terms and names
(``/api/v1/candidates?q=Jansen``) and some paths carry secret tokens (the employer's private
edit link, invite links). The filter keeps the parameter names and drops their values, masks
long random path segments, and masks anything shaped like an API key in any message. Headers
(``X-API-Key``, cookies) are never logged by uvicorn; nothing in ``app/`` logs them either.
"""

import logging
import re
from typing import Any

API_KEY = re.compile(r"psd_[0-9a-f]{6,32}_[A-Za-z0-9_\-]+")
# Random tokens (token_urlsafe) are 32+ characters; ids and pseudonyms are much shorter.
LONG_TOKEN = re.compile(r"(?<=/)[A-Za-z0-9_\-]{24,}(?=/|$)")
MASK = "***"
# Logger filters do not apply to records of child loggers: name every logger that logs.
LOGGERS = ("uvicorn.access", "uvicorn.error", "uvicorn", "passend", "passend.worker")


def redact_path(full_path: str) -> str:
    """``/x/<token>?q=Jansen&page=2`` → ``/x/***?q=***&page=***``."""
    path, sep, query = full_path.partition("?")
    path = LONG_TOKEN.sub(MASK, API_KEY.sub(MASK, path))
    if not sep:
        return path
    names = [part.partition("=")[0][:40] for part in query.split("&") if part]
    return path + "?" + "&".join(f"{API_KEY.sub(MASK, name)}={MASK}" for name in names)


def _clean(value: Any) -> Any:
    return API_KEY.sub(MASK, value) if isinstance(value, str) else value


class RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "uvicorn.access" and isinstance(record.args, tuple):
            # uvicorn: (client_addr, method, full_path, http_version, status_code)
            args = list(record.args)
            if len(args) >= 3 and isinstance(args[2], str):
                args[2] = redact_path(args[2])
            record.args = tuple(args)
        if isinstance(record.msg, str):
            record.msg = _clean(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_clean(a) for a in record.args)
        return True


_FILTER = RedactFilter()


def install() -> None:
    """Attach the filter to the loggers that can see requests (idempotent).

    Called at start-up (after uvicorn has configured logging, which replaces handlers but
    keeps logger filters).
    """
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
