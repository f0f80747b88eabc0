"""Per-row work kept from one index build to the next.

A service rebuilds its index every time a few profiles change (app/matches/snapshot.py), and
most of ``build_index`` is per-profile Python: task levels, requirement sets, travel slots,
interest tags, workplace texts. A :class:`RowMemo` passed to ``build_index`` remembers those
rows by profile *object*: a profile that is the same object as last time (the snapshot keeps
unchanged profiles) gets its row back, a new or replaced profile is computed again. Holding a
reference to the profile keeps its ``id`` from being reused, so a hit is never a stranger.

Only rows used by the latest build are kept, so the memo never outgrows the data set. Whole-
vocabulary tables (``value``) are kept while their key is unchanged.

A memo belongs to one caller that builds one index at a time (the snapshot refresher holds a
lock); a build that fails halfway leaves entries that are still correct for their profiles.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

R = TypeVar("R")


class RowMemo:
    """Derived rows by (kind, profile object), and whole-table values by (kind, key)."""

    def __init__(self) -> None:
        self._rows: dict[str, dict[int, tuple[Any, Any]]] = {}
        self._values: dict[str, tuple[Hashable, Any]] = {}
        self.hits = 0
        self.misses = 0

    def rows(self, kind: str, items: Sequence[Any], compute: Callable[[Any], R]) -> list[R]:
        """``[compute(item) for item in items]``, reusing rows of the same objects as last time."""
        old = self._rows.get(kind, {})
        keys = list(map(id, items))
        found = list(map(old.get, keys))  # the loop below stays cheap: most rows are hits
        out: list[R] = []
        misses = 0
        for n, (item, hit) in enumerate(zip(items, found, strict=True)):
            if hit is not None and hit[0] is item:
                out.append(hit[1])
            else:
                found[n] = (item, compute(item))
                out.append(found[n][1])  # type: ignore[index]
                misses += 1
        self.hits += len(out) - misses
        self.misses += misses
        self._rows[kind] = dict(zip(keys, found, strict=True))  # type: ignore[arg-type]
        return out

    def value(self, kind: str, key: Hashable, compute: Callable[[], R]) -> R:
        """``compute()``, reused while ``key`` equals the key of the last call for ``kind``."""
        last = self._values.get(kind)
        if last is not None and last[0] == key:
            return last[1]
        result = compute()
        self._values[kind] = (key, result)
        return result


def rows(
    memo: RowMemo | None, kind: str, items: Sequence[Any], compute: Callable[[Any], R]
) -> list[R]:
    """Rows through ``memo``, or computed afresh without one."""
    if memo is None:
        return [compute(item) for item in items]
    return memo.rows(kind, items, compute)


def value(memo: RowMemo | None, kind: str, key: Hashable, compute: Callable[[], R]) -> R:
    """A whole-table value through ``memo``, or computed afresh without one."""
    if memo is None:
        return compute()
    return memo.value(kind, key, compute)
