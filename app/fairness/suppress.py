"""Small-number suppression for aggregate reports (DOMAIN §8): no published count below 10.

A municipality may have only ~10 such clients a year, so a count of 3 can point at a person.
Every count under ``MIN_CELL`` (zero included: "none of the 12 in this group" discloses as
much as "one") is replaced by ``None``. A second cell is suppressed where one suppressed cell
could be recovered from the published total minus the other groups (complementary
suppression). Shares and ratios are computed only from published counts.
"""

from collections.abc import Iterable, Sequence

MIN_CELL = 10


def cell(count: int | None) -> int | None:
    """The count when it may be published, else ``None``."""
    if count is None or count < MIN_CELL:
        return None
    return count


def share(numerator: int | None, denominator: int | None) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return round(numerator / denominator, 4)


def ratio(value: float | None, reference: float | None) -> float | None:
    if value is None or reference is None or reference == 0:
        return None
    return round(value / reference, 3)


def complementary(cells: Sequence[int | None], raw: Sequence[int]) -> list[int | None]:
    """Suppress one more cell of a group of cells that add up to a published total when only
    one was suppressed: the smallest published one, so the first cannot be derived."""
    result = list(cells)
    hidden = [i for i, c in enumerate(result) if c is None]
    if len(hidden) == 1:
        shown = [i for i, c in enumerate(result) if c is not None]
        if shown:
            smallest = min(shown, key=lambda i: (raw[i], i))
            result[smallest] = None
    return result


def suppressed_counts(raw: Iterable[int]) -> list[int | None]:
    """Primary and complementary suppression of counts that add up to one total."""
    values = list(raw)
    return complementary([cell(v) for v in values], values)
