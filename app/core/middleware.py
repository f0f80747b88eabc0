"""ASGI middleware: bound request bodies and headers before anything parses them; security
headers, and ``Cache-Control: no-store`` on everything that is not a static file; our JSON
shape for any 500."""

import logging

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import error_response

_log = logging.getLogger("passend.errors")


class BodySizeLimit:
    """Reject bodies over ``max_bytes`` with 413, by header or by counting streamed chunks.

    A chunked body has no Content-Length: it is counted as it arrives. Raising inside
    ``receive`` would reach FastAPI's body parser, which turns any error there into 400; so
    the count only stops the stream, and whatever the app answers to the cut body is
    replaced by the 413.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, larger: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        # Exact paths that take larger bodies (file uploads), each with its own cap.
        self.larger = larger or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self.larger.get(scope.get("path", ""), self.max_bytes)
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > max_bytes:
                await self._reject(scope, receive, send, max_bytes)
                return
        received = 0
        too_large = False

        async def limited_receive() -> Message:
            nonlocal received, too_large
            if too_large:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    too_large = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def guarded_send(message: Message) -> None:
            if not too_large:
                await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not too_large:
                raise
        if too_large:
            await self._reject(scope, receive, send, max_bytes)

    async def _reject(self, scope: Scope, receive: Receive, send: Send, max_bytes: int) -> None:
        response = error_response(
            413, "too_large", f"The request body is larger than {max_bytes} bytes."
        )
        await response(scope, receive, send)


class HeaderLimits:
    """431 for requests with more than ``max_count`` header lines or ``max_bytes`` of them.

    The server has parsed them by then; this keeps them from reaching any code. Memory per
    request is bounded by the proxy in front (SECURITY.md).
    """

    def __init__(self, app: ASGIApp, max_count: int, max_bytes: int) -> None:
        self.app = app
        self.max_count = max_count
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = scope.get("headers", [])
            size = sum(len(name) + len(value) + 4 for name, value in headers)
            if len(headers) > self.max_count or size > self.max_bytes:
                detail = (
                    f"Too many or too large request headers (at most {self.max_count} "
                    f"lines and {self.max_bytes} bytes)."
                )
                response = error_response(431, "headers_too_large", detail)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


# No inline scripts anywhere (the Swagger UI start-up lives in a static file). Styles: the pages
# use one stylesheet; Swagger UI sets style attributes from JavaScript, which the CSSOM allows.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HSTS = "max-age=31536000; includeSubDomains"
CACHEABLE = ("/static/", "/widget.js", "/docs/init.js")


class SecurityHeaders:
    """Security headers on every response; HSTS only when the request came over TLS.

    TLS is known from the ASGI scheme, or from ``X-Forwarded-Proto`` when ``behind_tls`` says
    a proxy we trust terminates TLS. No Cross-Origin-Resource-Policy: other sites load
    ``/widget.js`` and call the widget endpoint (CORS), which that header would block.
    """

    def __init__(self, app: ASGIApp, behind_tls: bool) -> None:
        self.app = app
        self.behind_tls = behind_tls

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tls = scope.get("scheme") == "https"
        path: str = scope["path"]
        if self.behind_tls and not tls:
            forwarded = dict(scope.get("headers", [])).get(b"x-forwarded-proto", b"")
            tls = forwarded.split(b",")[0].strip().lower() == b"https"

        async def add_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                if tls:
                    headers.setdefault("Strict-Transport-Security", HSTS)
                if not path.startswith(CACHEABLE):
                    # Personal data must never sit in a browser or proxy cache; the few
                    # responses that may be cached (static files, widget.js) say so.
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, add_headers)


class ServerErrors:
    """Any exception that escapes the application becomes our JSON 500, never plain text.

    Route errors are rendered by the handlers in ``errors.py``; this catches what happens
    below or around them (a middleware, a response that fails to serialise). It sits inside
    ``SecurityHeaders``, so the 500 carries the security headers too. When the response had
    already started there is nothing to replace; the connection is closed by the server.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            _log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            response = error_response(
                500, "internal", "Something went wrong on our side; it has been logged."
            )
            await response(scope, receive, send)
