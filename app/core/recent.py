"""Small, region-wide facts every suggestion needs, read once per snapshot interval per process.

The open placements (which workplaces are full, which candidates are busy) and the latest
policy versions were read on every suggestion: two to four statements of the eight or eleven
a suggestion costs, each a round trip and a GIL hand-off under load (docs/decisions/100,
point 9). They are as fresh as the suggestion snapshot they are combined with: a value is
reused for at most ``snapshot_refresh_seconds`` (0.5 s), and not at all when
``snapshot_read_your_writes`` is on (tests).

No lock: two threads that find the value old both read it, and the later one is kept.
"""

import time
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlmodel import Session

from app.core.config import get_settings

T = TypeVar("T")


class Recent(Generic[T]):
    """``read(session)``, remembered for at most the snapshot interval."""

    def __init__(self, read: Callable[[Session], T]) -> None:
        self._read = read
        self._value: tuple[float, T] | None = None

    def get(self, session: Session) -> T:
        settings = get_settings()
        max_age_s = 0.0 if settings.snapshot_read_your_writes else settings.snapshot_refresh_seconds
        held = self._value
        now_s = time.monotonic()
        if held is not None and now_s - held[0] < max_age_s:
            return held[1]
        value = self._read(session)
        self._value = (now_s, value)
        return value

    def clear(self) -> None:
        self._value = None
