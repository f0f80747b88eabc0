"""Building blocks for request/response schemas: bounded types and partial (PATCH) models."""

from typing import Annotated, Any, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, create_model

Scale = Annotated[int, Field(ge=1, le=5, description="1 (low) .. 5 (high)")]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
Hours = Annotated[int, Field(ge=0, le=60, description="Hours per week")]


def _dedupe(values: Any) -> Any:
    if not isinstance(values, list):
        return values
    out, seen = [], set()
    for value in values:
        key = value.strip().lower() if isinstance(value, str) else repr(value)
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out


Tags = Annotated[list[ShortText], BeforeValidator(_dedupe), Field(max_length=30)]
"""A bounded list of short words, duplicates (case-insensitive) removed."""
ShortTags = Annotated[list[ShortText], BeforeValidator(_dedupe), Field(max_length=10)]


def partial_model(
    model: type[BaseModel],
    name: str,
    *,
    examples: list[dict[str, Any]] | None = None,
    exclude: frozenset[str] = frozenset(),
) -> Any:
    """A PATCH schema: every field of ``model`` optional, plus the optimistic-lock ``version``.

    Constraints are checked by the service, which validates the merged record against the
    full create schema, so cross-field rules (min <= max) hold after any partial update.
    """
    fields: dict[str, Any] = {
        "version": (
            int | None,
            Field(default=None, description="If sent, must equal the stored version (else 409)."),
        )
    }
    for field_name, info in model.model_fields.items():
        if field_name in exclude:
            continue
        fields[field_name] = (
            Optional[info.annotation],  # noqa: UP045 - a runtime type expression
            Field(default=None, description=info.description, examples=info.examples),
        )
    extra: dict[str, Any] = {"examples": examples or []}
    config = ConfigDict(extra="forbid", json_schema_extra=extra)
    return create_model(name, __config__=config, __doc__=f"Partial update of {name}.", **fields)
