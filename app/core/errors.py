"""Domain errors and the one JSON error shape: ``{"error", "detail", "fields"}``.

Services raise these; one handler per kind renders them, so no route formats errors itself.
"""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException


class ErrorBody(BaseModel):
    """The shape of every error response."""

    error: str = Field(description="Machine-readable code, e.g. `not_found`, `invalid`.")
    detail: str = Field(description="A human message in plain language.")
    fields: dict[str, str] = Field(
        description="Field path (dotted) → what is wrong with it; empty when not about fields."
    )


class DomainError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, detail: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.fields = fields or {}


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


class Forbidden(DomainError):
    status_code = 403
    code = "forbidden"


class Unauthorized(DomainError):
    status_code = 401
    code = "unauthorized"


class Invalid(DomainError):
    status_code = 422
    code = "invalid"


class TooLarge(DomainError):
    status_code = 413
    code = "too_large"


def error_response(
    status_code: int, code: str, detail: str, fields: dict[str, str] | None = None
) -> JSONResponse:
    body = {"error": code, "detail": detail, "fields": fields or {}}
    headers = {"WWW-Authenticate": "ApiKey"} if status_code == 401 else None
    return JSONResponse(status_code=status_code, content=body, headers=headers)


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def validation_fields(errors: list[Any]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for err in errors:
        if err.get("type") == "json_invalid":
            # FastAPI puts the character offset where a field name belongs: ("body", 7).
            loc = err.get("loc", ())
            at = loc[-1] if loc and isinstance(loc[-1], int) else 0
            reason = (err.get("ctx") or {}).get("error", "cannot be parsed")
            fields.setdefault("body", f"not valid JSON: {reason} (at character {at})")
            continue
        path = _field_path(err.get("loc", ()))
        message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        fields.setdefault(path, message)
    return fields


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        response = error_response(exc.status_code, exc.code, exc.detail, exc.fields)
        retry_after = getattr(exc, "retry_after_seconds", None)  # set by TooManyRequests
        if retry_after is not None:
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        fields = validation_fields(list(exc.errors()))
        names = ", ".join(sorted(fields))
        return error_response(422, "invalid", f"Some fields are not valid: {names}.", fields)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "error")
        return error_response(exc.status_code, code, str(exc.detail))

    @app.exception_handler(IntegrityError)
    async def _integrity(_: Request, exc: IntegrityError) -> JSONResponse:
        # Unique keys and foreign keys the service did not catch first: a conflict, not a crash.
        return error_response(409, "conflict", "The change conflicts with existing data.")

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def _not_storable(_: Request, exc: Exception) -> JSONResponse:
        # Input the schema allowed but the database cannot hold: an id beyond 64 bits (SQLite
        # raises OverflowError), a number out of a column's range or a NUL byte (PostgreSQL).
        return error_response(
            422, "invalid", "A value is out of range or cannot be stored (e.g. a number too large)."
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeout)
    async def _operational(_: Request, exc: Exception) -> JSONResponse:
        response = error_response(503, "unavailable", "The database is not reachable right now.")
        response.headers["Retry-After"] = "5"
        return response
