"""Is this the same person? Pure comparison of name, birth date and PC4 (no database).

The rules (decision 175): two records are a *candidate pair* when they live in the same PC4
and their birth dates are equal or *near* (day and month swapped, as dd-mm and mm-dd exports
confuse them, or one digit different, a typing slip). Only then are the names compared, with
rapidfuzz's token-sort ratio on a normalised form: accents, punctuation and case removed,
Dutch tussenvoegsels (de, van der, ...) dropped, only the first given name kept, and a given
name shortened to its initial on both sides when one side has only the initial. Thresholds:

* first names must be compatible: ratio >= ``FIRST_NAME_MIN`` (80; ``sanne``/``sane`` 89,
  ``mohammed``/``mohamed`` 93) or an initial that fits. Twins share birth date, postcode and
  surname; their first names (``sanne``/``sara`` 44, ``kim``/``tim`` 67) keep them apart;
* the whole name: >= ``EXACT_DATE_MIN`` (85) with the same birth date, >= ``NEAR_DATE_MIN``
  (92) with a near one, since a near date is weaker evidence and must be made up by the name.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz

FIRST_NAME_MIN = 80.0
EXACT_DATE_MIN = 85.0
NEAR_DATE_MIN = 92.0
TUSSENVOEGSELS = frozenset(
    ("van", "de", "der", "den", "het", "t", "ten", "ter", "te", "in", "op", "aan", "bij", "uit",
     "la", "le", "da", "di", "du", "del", "della", "dos", "von", "vd", "v")
)  # fmt: skip


class DateMatch(StrEnum):
    exact = "exact"
    swapped = "swapped"  # day and month exchanged
    one_digit = "one_digit"  # one digit of ddmmyyyy differs


@dataclass(frozen=True, slots=True)
class NameKey:
    """A name prepared once for many comparisons."""

    first: str  # first given name, normalised
    surname: str  # surname without tussenvoegsels, normalised


def normalise(text: str) -> list[str]:
    """Lower-case words without accents or punctuation: ``"Çelik-de Wit"`` → ``çelik de wit``
    becomes ``["celik", "de", "wit"]``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = "".join(ch if ch.isalnum() else " " for ch in plain)
    return cleaned.split()


def name_key(first_name: str, last_name: str) -> NameKey:
    given = normalise(first_name)
    words = normalise(last_name)
    core = [w for w in words if w not in TUSSENVOEGSELS] or words
    return NameKey(given[0] if given else "", " ".join(core))


def _initial_of(a: str, b: str) -> bool:
    return len(a) == 1 and b.startswith(a)


def first_names_fit(a: NameKey, b: NameKey) -> bool:
    if not a.first or not b.first:
        return False
    if _initial_of(a.first, b.first) or _initial_of(b.first, a.first):
        return True
    return fuzz.ratio(a.first, b.first) >= FIRST_NAME_MIN


def name_score(a: NameKey, b: NameKey) -> float:
    """Token-sort ratio (0-100) of first name + surname; initials compared as initials."""
    first_a, first_b = a.first, b.first
    if len(first_a) == 1 or len(first_b) == 1:
        first_a, first_b = first_a[:1], first_b[:1]
    return float(fuzz.token_sort_ratio(f"{first_a} {a.surname}", f"{first_b} {b.surname}"))


def date_digits(day: date) -> str:
    return f"{day.day:02d}{day.month:02d}{day.year:04d}"


def swapped(day: date) -> date | None:
    """The date with day and month exchanged, when that is a different valid date."""
    if day.day == day.month or day.day > 12:
        return None
    return date(day.year, day.day, day.month)


def date_match(a: date, b: date) -> DateMatch | None:
    if a == b:
        return DateMatch.exact
    if swapped(a) == b:
        return DateMatch.swapped
    differing = sum(x != y for x, y in zip(date_digits(a), date_digits(b), strict=True))
    return DateMatch.one_digit if differing == 1 else None


@lru_cache(maxsize=100_000)  # common names meet each other again and again in a region
def same_person(a: NameKey, b: NameKey, dates: DateMatch) -> float | None:
    """The name score when the pair is worth a human look, else None."""
    if not first_names_fit(a, b):
        return None
    score = name_score(a, b)
    needed = EXACT_DATE_MIN if dates == DateMatch.exact else NEAR_DATE_MIN
    return score if score >= needed else None
