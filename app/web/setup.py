"""Mount the pages, static files and the widget endpoint on the app (called by create_app)."""

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.config import get_settings
from app.core.errors import DomainError
from app.web import (
    api,
    carving_pages,
    duplicate_pages,
    employer_pages,
    import_pages,
    policy_pages,
    staff_pages,
    staff_reports,
    staff_work,
)
from app.web.deps import LoginRequired
from app.web.security import RateLimiter
from app.web.templating import WEB_DIR, message

PAGE_PREFIXES = ("/app", "/werkgevers")
Handler = Callable[[Request, Any], Any]


def install(app: FastAPI) -> None:
    settings = get_settings()
    app.state.web_limiter = RateLimiter(
        settings.web_form_posts_max, settings.web_form_window_seconds
    )
    app.include_router(employer_pages.router)
    app.include_router(staff_pages.router)
    app.include_router(staff_work.router)
    app.include_router(carving_pages.router)  # issue 15
    app.include_router(staff_reports.router)  # issue 16
    app.include_router(policy_pages.router)  # issue 14
    app.include_router(duplicate_pages.router)  # issue 13
    app.include_router(import_pages.router)  # issue 13
    app.include_router(api.router)
    app.mount("/static/web", StaticFiles(directory=str(WEB_DIR / "static")), name="web-static")

    widget = (WEB_DIR / "static" / "widget.js").read_bytes()  # read once, served from memory

    @app.get("/widget.js", include_in_schema=False)
    async def widget_js() -> Response:
        body = widget
        headers = {"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"}
        return Response(body, media_type="text/javascript", headers=headers)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> RedirectResponse:
        return RedirectResponse("/app/inloggen", status_code=303)

    for kind in (DomainError, RequestValidationError, StarletteHTTPException):
        app.add_exception_handler(kind, _html_on_pages(app.exception_handlers[kind]))


def _html_on_pages(json_handler: Handler) -> Handler:
    """Pages get the error as a Dutch HTML page; the API keeps its one JSON error shape."""

    async def handler(request: Request, exc: Exception) -> Response:
        if not request.url.path.startswith(PAGE_PREFIXES):
            response: Response = await json_handler(request, exc)
            return response
        status = getattr(exc, "status_code", 422)
        detail = getattr(exc, "detail", None)
        if isinstance(exc, RequestValidationError) or not isinstance(detail, str):
            detail = "Deze pagina of dit verzoek klopt niet."
        if status == 404 and not isinstance(exc, DomainError):
            detail = "Deze pagina bestaat niet."
        back = "/app/kandidaten" if request.url.path.startswith("/app") else None
        return message(request, "Dat lukte niet", detail, status, back)

    return handler
