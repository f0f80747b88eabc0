"""Time helpers. Timestamps are timezone-aware UTC (SQLModel stores and returns them so)."""

from datetime import UTC, date, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return utcnow().date()
