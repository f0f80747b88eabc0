"""Jinja2 setup and one render helper that adds the CSRF token (and its cookie) to each page."""

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app.web import choices
from app.web.security import CSRF_FIELD, csrf_token, set_csrf_cookie

WEB_DIR = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(WEB_DIR / "templates"))
templates.env.globals["choices"] = choices
templates.env.globals["csrf_field"] = CSRF_FIELD
# Pages hold personal data or one-time links: never cached, never framed, never sniffed.
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    token, fresh_nonce = csrf_token(request)
    ctx = {"csrf": token, **(context or {})}
    response = templates.TemplateResponse(
        request, name, ctx, status_code=status_code, headers=PAGE_HEADERS
    )
    set_csrf_cookie(response, fresh_nonce)
    return response


def message(
    request: Request, title: str, text: str, status_code: int, back: str | None = None
) -> HTMLResponse:
    context = {"title": title, "text": text, "back": back}
    return render(request, "message.html", context, status_code)
