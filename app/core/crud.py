"""Small helpers every domain service uses: validated merges and optimistic locking."""

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from app.core.errors import Conflict, Invalid, validation_fields

S = TypeVar("S", bound=BaseModel)


def validate(schema: type[S], data: dict[str, Any]) -> S:
    """Validate ``data`` against ``schema``; errors become a 422 naming each field."""
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        fields = validation_fields(list(exc.errors()))
        names = ", ".join(sorted(fields))
        raise Invalid(f"Some fields are not valid: {names}.", fields=fields) from None


def merge_patch(
    schema: type[S], current: dict[str, Any], patch: BaseModel
) -> tuple[S, dict[str, Any]]:
    """Apply a PATCH to the current values and re-validate the whole record.

    Returns the validated record and the fields the patch actually sent.
    """
    changes = patch.model_dump(exclude_unset=True, exclude={"version"})
    merged = validate(schema, {**current, **changes})
    return merged, changes


def check_version(current_version: int, expected: int | None, what: str) -> None:
    if expected is not None and expected != current_version:
        raise Conflict(
            f"The {what} was changed by someone else (version {current_version}, "
            f"you sent {expected}). Reload it and apply your change again.",
            fields={"version": f"expected {current_version}"},
        )


LIKE_ESCAPE = "\\"


def contains_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` literally anywhere: ``%`` and ``_`` typed by a user are
    characters, not wildcards (use with ``escape=LIKE_ESCAPE``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
