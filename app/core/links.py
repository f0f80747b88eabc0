"""Links the service sends out (invites, private edit links) start with PASSEND_PUBLIC_URL.

Never with the request's ``Host`` header: anyone can send ``Host: evil.example`` and would
otherwise get an invite that points the employer at their own site, token included.
"""

from fastapi import Request

from app.core.config import get_settings


def public_base() -> str:
    settings = get_settings()
    return (settings.public_url or f"http://{settings.host}:{settings.port}").rstrip("/")


def public_link(request: Request, name: str, **params: str) -> str:
    """The absolute public URL of the route ``name``."""
    return public_base() + str(request.app.url_path_for(name, **params))
