"""Dutch words: lemmas and compound parts, offline, computed once per distinct word.

Lemmas come from simplemma (its Dutch dictionary ships in the wheel). Compounds are split on
word frequencies from wordfreq (its Dutch list ships in the wheel too): ``tuinonderhoud`` is rare
while ``tuin`` and ``onderhoud`` are common, so it splits into ``tuin + onderhoud``. A left part
may carry a linking ``-s-`` or ``-e-`` (``arbeids|markt``, ``hoveniers|bedrijf``); parts split
further when the right part is itself a compound (``dieren|speciaal|zaak``). Common words are
never split (``groenten`` is not ``groen + ten``), and every part has at least three letters.

Dutch compounds are right-headed: the last part says what the thing *is*, the parts before say
what kind. ``tuinonderhoud`` is maintenance (of gardens); ``tuinstoel`` is a chair (for a
garden). :func:`analyse` keeps the two apart so that the caller can trust a modifier only when
the head is a generic word for work, a worker or a workplace (``onderhoud``, ``medewerker``,
``winkel``), see :data:`GENERIC_HEADS`.

Nothing here downloads anything; both packages read data files installed with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import simplemma
from wordfreq import available_languages, read_cBpack

MIN_PART = 3  # letters in a compound part
PART_ZIPF = 3.0  # a part must be at least this common (Zipf scale: 3 = once per million words)
KEEP_ZIPF = 2.0  # rarer words count as unknown
SPLIT_BELOW_ZIPF = 3.5  # words at least this common are taken whole
LINKING = ("s", "e")
LINK_PENALTY = 1.0  # Zipf points
# Heads that say "work on / worker in / place for" the modifier; their modifier names the domain.
GENERIC_HEADS = frozenset((
    "medewerker", "medewerkster", "werker", "werk", "werkzaamheden", "onderhoud", "beheer",
    "verzorging", "verzorger", "verzorgster", "zorg", "hulp", "man", "vrouw", "maker", "aanleg",
    "winkel", "zaak", "bedrijf", "centrum", "dienst", "afdeling", "opvang", "service", "technicus",
    "monteur", "assistent", "begeleider", "begeleiding", "kwekerij", "handel", "markt",
    "speciaalzaak", "bewerking", "bouw", "teelt", "verkoop", "verkoper", "specialist", "boer",
    "knecht", "leerling",
))  # fmt: skip


@dataclass(frozen=True)
class Analysis:
    """What a word can be matched on.

    Attributes
    ----------
    whole : frozenset of str
        The word, its lemma and, for a compound, its head (last part) with its lemma.
    modifiers : frozenset of str
        The parts before the head, with their lemmas (empty for a simple word).
    generic_head : bool
        The head is a generic word for work, worker or workplace (see :data:`GENERIC_HEADS`).
    """

    whole: frozenset[str]
    modifiers: frozenset[str]
    generic_head: bool


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """Zipf frequency of every Dutch word at ``KEEP_ZIPF`` or more, read from wordfreq's own
    data file (the full list would hold 300,000 words in memory for nothing)."""
    buckets = read_cBpack(available_languages("best")["nl"])
    keep = int(900 - 100 * KEEP_ZIPF)  # bucket i holds words at -i centibels
    return {
        word: (900 - cb) / 100.0 for cb, bucket in enumerate(buckets[: keep + 1]) for word in bucket
    }


def zipf(word: str) -> float:
    """Zipf frequency of a Dutch word (0 when rarer than ``KEEP_ZIPF`` or unknown)."""
    return _frequencies().get(word, 0.0)


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """Dictionary form of a lowercase Dutch word (the word itself when unknown)."""
    return str(simplemma.lemmatize(word, lang="nl"))


@lru_cache(maxsize=65536)
def _known(part: str) -> bool:
    if len(part) < MIN_PART:
        return False
    if zipf(part) >= PART_ZIPF:  # short fragments (soe, ing) must also be dictionary words
        return len(part) > MIN_PART or bool(simplemma.is_known(part, lang="nl"))
    # a rarer part still counts when the lemma dictionary knows it (afval|sorteerder)
    return len(part) >= 6 and bool(simplemma.is_known(part, lang="nl"))


def _left(part: str) -> tuple[str, float] | None:
    """A left part as its word (dropping a linking -s-/-e- when that is the commoner reading)
    and a penalty that makes a split without a linking element win a tie (paarden|stal, not
    paardens|tal)."""
    readings = [(part, 0.0)] if _known(part) else []
    for link in LINKING:
        if part.endswith(link) and _known(part[: -len(link)]):
            readings.append((part[: -len(link)], LINK_PENALTY))
    if not readings:
        return None
    return max(readings, key=lambda r: zipf(r[0]))


@lru_cache(maxsize=65536)
def _split_rest(word: str) -> tuple[tuple[str, ...], float] | None:
    """Split ``word`` into the fewest known parts, then the one whose rarest part is commonest.

    Returns the parts and the Zipf frequency of the rarest part, or None if no split exists. A
    known word whose frequency is at least :data:`SPLIT_BELOW_ZIPF` stays whole.
    """
    whole = _known(word)
    if whole and (zipf(word) >= SPLIT_BELOW_ZIPF or len(word) < 2 * MIN_PART):
        return (word,), zipf(word)
    best = _best_cut(word)
    if whole and (best is None or len(best[0]) > 1):
        return (word,), zipf(word)  # a known word is one part, however rare
    return best


def _best_cut(word: str) -> tuple[tuple[str, ...], float] | None:
    best: tuple[tuple[str, ...], float] | None = None
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        found = _left(word[:cut])
        if found is None:
            continue
        rest = _split_rest(word[cut:])
        if rest is None:
            continue
        left, penalty = found
        parts = (left, *rest[0])
        score = min(zipf(left), rest[1]) - penalty
        if best is None or (len(parts), -score) < (len(best[0]), -best[1]):
            best = (parts, score)
    return best


@lru_cache(maxsize=65536)
def split_compound(word: str) -> tuple[str, ...]:
    """Parts of a compound, head last; a common or unsplittable word is one part.

    Examples
    --------
    >>> split_compound("tuinonderhoud")
    ('tuin', 'onderhoud')
    >>> split_compound("groenten")
    ('groenten',)
    """
    if len(word) < 2 * MIN_PART or zipf(word) >= SPLIT_BELOW_ZIPF:
        return (word,)
    best = _best_cut(word)
    if best is None:
        return (word,)
    return best[0]


@lru_cache(maxsize=65536)
def analyse(word: str) -> Analysis:
    """Lemma and compound parts of one normalised word (see :class:`Analysis`)."""
    parts = split_compound(word)
    head = parts[-1]
    whole = {word, lemma(word)}
    modifiers: set[str] = set()
    if len(parts) > 1:
        whole |= {head, lemma(head)}
        for part in parts[:-1]:
            modifiers |= {part, lemma(part)}
    generic = len(parts) > 1 and (head in GENERIC_HEADS or lemma(head) in GENERIC_HEADS)
    return Analysis(frozenset(whole), frozenset(modifiers - whole), generic)
