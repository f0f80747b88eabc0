"""Interests and tasks: Dutch tags and texts turned into concept weights, computed once.

A *concept* is an interest such as ``groen`` with its surface forms from a small synonym table
(``groen ≈ hovenier ≈ groenvoorziening ≈ tuin ≈ plantsoen``). A candidate tag that matches no
concept becomes a concept of its own. Words are linked to concepts by

* an exact or near-exact spelling (rapidfuzz ``ratio`` ≥ ``FUZZY_MIN``: orderpicker ≈
  orderpicken), or
* character n-gram TF-IDF cosine ≥ ``TFIDF_MIN`` (scikit-learn ``analyzer="char_wb"``, fitted on
  the workplace texts), which catches Dutch compounds: magazijnmedewerker ≈ magazijn.

Each workplace gets a weight per concept: the best link over its words, times the weight of the
field the word came from (sector 1.0, title and task names 0.8, descriptions 0.5), rounded down
to 1/128. Workplaces with the same text share one column (a *tag set*). Because all weights are
multiples of 1/128 and candidate vectors are 0/1, the interest score ``min(1, sum of weights of
the candidate's concepts)`` is exact in float32 whatever the order of summation, so the
vectorised paths and brute force agree bit for bit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import TfidfVectorizer

FUZZY_MIN = 85
TFIDF_MIN = 0.8
CANDIDATE_MIN = 0.85  # a candidate tag links to a concept at this similarity or more
QUANTUM = 128
FIELD_WEIGHTS = {"sector": 1.0, "title": 0.8, "task": 0.8, "description": 0.5}

SYNONYMS: dict[str, tuple[str, ...]] = {
    "groen": ("groen", "hovenier", "groenvoorziening", "tuin", "tuinieren", "tuinman",
              "plantsoen", "kwekerij", "planten", "bloemen", "buitenwerk"),
    "dieren": ("dieren", "dier", "dierenverzorging", "dierenasiel", "dierenverzorger",
               "kinderboerderij", "manege", "paarden", "honden"),
    "koken": ("koken", "keuken", "kok", "horeca", "afwas", "afwassen", "restaurant", "kantine",
              "catering", "lunchroom", "bakkerij", "bakken"),
    "techniek": ("techniek", "technisch", "monteur", "montage", "productie", "metaal",
                 "fietsenmaker", "assemblage", "lassen", "machines", "werkplaats"),
    "schoonmaak": ("schoonmaak", "schoonmaken", "facilitair", "reiniging", "schoonmaker",
                   "poetsen", "glazenwasser"),
    "logistiek": ("logistiek", "magazijn", "orderpicken", "orderpicker", "inpakken", "verpakken",
                  "expeditie", "distributie", "voorraad", "heftruck"),
    "administratie": ("administratie", "kantoor", "post", "postkamer", "archief", "archiveren",
                      "scannen", "receptie"),
    "zorg": ("zorg", "verpleeghuis", "verzorging", "zorginstelling", "ouderenzorg", "ouderen",
             "welzijn"),
    "winkel": ("winkel", "detailhandel", "supermarkt", "vakkenvullen", "vakkenvuller", "kassa",
               "verkoop"),
    "bouw": ("bouw", "timmeren", "timmerman", "schilderen", "schilder", "klussen", "sloop"),
    "recycling": ("recycling", "kringloop", "afval", "sorteren", "milieu"),
    "auto": ("auto", "garage", "wasstraat", "banden"),
    "kinderen": ("kinderen", "kinderopvang", "peuters"),
    "computers": ("computers", "computer", "ict", "digitaal"),
}  # fmt: skip
STOPWORDS = frozenset((
    "aan", "als", "bij", "dat", "de", "den", "der", "des", "die", "dit", "door", "een", "en",
    "er", "het", "hier", "in", "is", "je", "maar", "met", "na", "naar", "niet", "nog", "of", "om",
    "ook", "op", "over", "te", "tot", "uit", "van", "veel", "voor", "wat", "we", "wel", "werk",
    "werken", "wordt", "zijn", "zo", "ons", "onze", "jij", "jouw", "hun", "zij", "wij", "plus",
    "goed", "graag", "samen", "zorgvuldig", "zorgen", "verzorgd", "team", "medewerker",
    "medewerkers", "taken", "taak", "per", "uur", "week", "dag",
))  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Lowercase, strip accents and keep letters, digits and single spaces."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return " ".join(_WORD.findall(plain))


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in normalise(text).split() if len(w) >= 3 and w not in STOPWORDS)


def words(text: str) -> list[str]:
    """Content words of a text (normalised, at least 3 letters, no stopwords)."""
    return list(_words(text))


@dataclass(frozen=True)
class ConceptIndex:
    """Concept weights of workplaces and concept sets of candidates.

    Attributes
    ----------
    labels : tuple of str
        Concept names, shape (V,).
    cand_indptr, cand_concepts : ndarray of int64
        CSR lists of concept indices per candidate.
    tag_weights : ndarray of uint8, shape (V, U)
        Weight of concept v in tag set u, in units of 1/128.
    tagset_of_wp : ndarray of int64, shape (W,)
        Tag set of each workplace.
    """

    labels: tuple[str, ...]
    cand_indptr: npt.NDArray[np.int64]
    cand_concepts: npt.NDArray[np.int64]
    tag_weights: npt.NDArray[np.uint8]
    tagset_of_wp: npt.NDArray[np.int64]

    def concepts_of(self, cand_pos: int) -> npt.NDArray[np.int64]:
        """Concept indices of one candidate."""
        return self.cand_concepts[self.cand_indptr[cand_pos] : self.cand_indptr[cand_pos + 1]]


def _workplace_fields(wp: Any) -> list[tuple[str, float]]:
    found: dict[str, float] = {}
    parts: list[tuple[str, str]] = [
        ("sector", wp["sector"]),
        ("title", wp["title"]),
        ("description", wp["description"]),
    ]
    for task in wp["tasks"]:
        parts += [("task", task["name"]), ("description", task.get("description", ""))]
    for field, text in parts:
        for word in words(text):
            found[word] = max(found.get(word, 0.0), FIELD_WEIGHTS[field])
    return sorted(found.items())


def _similarity(
    vocab: Sequence[str], forms: Sequence[str], form_concept: npt.NDArray[np.int64], n: int,
    vectorizer: TfidfVectorizer,
) -> npt.NDArray[np.float32]:  # fmt: skip
    """Similarity of every vocabulary word to every concept, shape (len(vocab), n)."""
    out = np.zeros((len(vocab), n), dtype=np.float32)
    if not vocab or not forms:
        return out
    ratio = process.cdist(vocab, forms, scorer=fuzz.ratio, dtype=np.uint8, workers=1)
    fuzzy = np.where(ratio >= FUZZY_MIN, ratio / 100.0, 0.0)
    cosine = (vectorizer.transform(vocab) @ vectorizer.transform(forms).T).toarray()
    sim = np.maximum(fuzzy, np.where(cosine >= TFIDF_MIN, np.minimum(cosine, 1.0), 0.0))
    for concept in range(n):
        cols = form_concept == concept
        if cols.any():
            out[:, concept] = sim[:, cols].max(axis=1)
    return out


def build_concepts(candidates: Sequence[Any], workplaces: Sequence[Any]) -> ConceptIndex:
    """Link candidate tags and workplace texts to concepts.

    Parameters
    ----------
    candidates : sequence of CandidateProfile
    workplaces : sequence of WorkplaceProfile

    Returns
    -------
    ConceptIndex
    """
    text_keys: dict[tuple[tuple[str, float], ...], int] = {}
    tagset_of_wp = np.empty(len(workplaces), dtype=np.int64)
    for pos, wp in enumerate(workplaces):
        key = tuple(_workplace_fields(wp))
        tagset_of_wp[pos] = text_keys.setdefault(key, len(text_keys))
    texts = [" ".join(w for w, _ in key) for key in text_keys]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    vectorizer.fit(texts or ["leeg"])

    labels = list(SYNONYMS)
    forms = [f for concept in labels for f in SYNONYMS[concept]]
    form_concept = [i for i, concept in enumerate(labels) for _ in SYNONYMS[concept]]
    cand_tags: list[list[str]] = []
    for cand in candidates:
        tags = cand["interests"] + cand["preferred_sectors"] + cand["preferred_tasks"]
        cand_tags.append(sorted({normalise(t) for t in tags} - {""}))
    tag_vocab = sorted({t for tags in cand_tags for t in tags})
    tag_words = {t: words(t) or [t.replace(" ", "")] for t in tag_vocab}
    flat = sorted({w for ws in tag_words.values() for w in ws})
    known = _similarity(flat, forms, np.array(form_concept), len(labels), vectorizer)
    word_pos = {w: i for i, w in enumerate(flat)}
    tag_concepts: dict[str, set[int]] = {}
    for tag in tag_vocab:
        rows = [word_pos[w] for w in tag_words[tag]]
        hits = {int(c) for c in np.flatnonzero((known[rows] >= CANDIDATE_MIN).any(axis=0))}
        if not hits:  # a tag outside the synonym table becomes a concept of its own
            new = len(labels)
            hits = {new}
            labels.append(tag)
            forms.extend(tag_words[tag])
            form_concept.extend([new] * len(tag_words[tag]))
        tag_concepts[tag] = hits

    used = sorted({c for hits in tag_concepts.values() for c in hits})
    remap = {c: i for i, c in enumerate(used)}
    indptr = np.zeros(len(candidates) + 1, dtype=np.int64)
    chunks = []
    for pos, tags in enumerate(cand_tags):
        concepts = sorted({remap[c] for t in tags for c in tag_concepts[t]})
        chunks.append(concepts)
        indptr[pos + 1] = indptr[pos] + len(concepts)
    cand_concepts = np.array([c for cs in chunks for c in cs], dtype=np.int64)

    vocab = sorted({w for key in text_keys for w, _ in key})
    keep_forms = [i for i, c in enumerate(form_concept) if c in remap]
    sim = _similarity(
        vocab,
        [forms[i] for i in keep_forms],
        np.array([remap[form_concept[i]] for i in keep_forms], dtype=np.int64),
        len(used),
        vectorizer,
    )
    tag_weights = np.zeros((len(used), len(text_keys)), dtype=np.float32)
    vocab_pos = {w: i for i, w in enumerate(vocab)}
    linked = sim.max(axis=1) > 0 if len(used) else np.zeros(len(vocab), dtype=bool)
    for tagset, key in enumerate(text_keys):
        links = [(vocab_pos[w], strength) for w, strength in key if linked[vocab_pos[w]]]
        if links:
            idx = np.array([h[0] for h in links])
            field = np.array([h[1] for h in links], dtype=np.float32)[:, None]
            tag_weights[:, tagset] = (sim[idx] * field).max(axis=0)
    quantised = np.floor(tag_weights * QUANTUM + 1e-6).astype(np.uint8)
    return ConceptIndex(
        labels=tuple(labels[c] for c in used),
        cand_indptr=indptr,
        cand_concepts=cand_concepts,
        tag_weights=quantised,
        tagset_of_wp=tagset_of_wp,
    )
