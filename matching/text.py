"""Interests and tasks: Dutch tags and texts turned into concept weights, computed once.

A *concept* is an interest such as ``groen`` with the words of its trade, written from
occupational vocabularies (``groen ≈ hovenier ≈ plantsoen ≈ snoeien ≈ maaien``). A candidate tag
that matches no concept becomes a concept of its own. Every distinct word is analysed once with
:mod:`matching.dutch` (lemma and compound parts) and linked to concepts:

* through its lemma or the head of a compound, fully (``snoeit`` → snoeien; ``hulpkok`` → kok);
* through a modifier of a compound, fully when the head is a generic word for work, worker or
  workplace (``tuinonderhoud``, ``magazijnmedewerker``, ``bloemenwinkel``), otherwise only at
  ``MODIFIER_WEIGHT`` (``tuinstoelen`` are chairs, ``computerschermen`` are screens);
* through a near-identical spelling (rapidfuzz ``ratio`` ≥ ``FUZZY_MIN``: orderpicker ≈
  orderpicken), for words of five letters or more.

What a job *is* comes from its tasks and the occupation word of its title (the first word that is
not a generic ``medewerker``/``hulp``: "**Administratief** medewerker zorgboerderij"). The rest
of the title, the sector and the description say *where* the work is: they can confirm a concept
that the tasks already link to but never add one, so the office job at a care farm is not "groen"
(issue 14). Only when no task links to any concept does the domain count, at ``DOMAIN_ONLY``.
A candidate's *preferred sector* is a wish about the domain, so it gets a column of its own
("sector groen") that the domain matches as fully as the tasks do.
The explanation shows a concept as matched at weight ``MATCH_MIN`` or more.

Each workplace gets a weight per concept, rounded down to 1/128. Workplaces with the same text
share one column (a *tag set*). Because all weights are multiples of 1/128 and candidate vectors
are 0/1, the interest score ``min(1, sum of weights of the candidate's concepts)`` is exact in
float32 whatever the order of summation, so the vectorised paths and brute force agree bit for
bit.
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

from matching.dutch import analyse, lemma
from matching.rowmemo import RowMemo, rows, value

FUZZY_MIN = 90
FUZZY_LETTERS = 5  # both words at least this long for a spelling match
CANDIDATE_MIN = 0.85  # a candidate tag links to a concept at this similarity or more
MODIFIER_WEIGHT = 0.4  # tuinstoel → groen: below MATCH_MIN
DOMAIN_ONLY = 0.4  # the domain's weight when no task links to any concept
MATCH_MIN = 0.5  # shown as "sluit aan bij de interesse in …" from this weight on
QUANTUM = 128
TASK_FIELDS = {"occupation": 1.0, "task": 1.0, "task_description": 0.8}
DOMAIN_FIELDS = {"title": 1.0, "sector": 1.0, "description": 0.5}

SYNONYMS: dict[str, tuple[str, ...]] = {
    "groen": ("groen", "groenvoorziening", "groenonderhoud", "hovenier", "tuin", "tuinieren",
              "tuinman", "tuinbouw", "plantsoen", "kwekerij", "kweker", "plant", "planten",
              "bloem", "bloemen", "bloemist", "boeket", "boom", "struik", "heg", "haag", "gras",
              "gazon", "maaien", "snoeien", "wieden", "schoffelen", "onkruid", "harken",
              "beplanting", "zaaien", "stekken", "oppotten", "oogsten", "plukken", "moestuin",
              "buitenwerk", "bos", "bosbouw", "kas", "boomverzorger"),
    "dieren": ("dieren", "dier", "dierverzorger", "dierenverzorger", "dierenasiel", "dierentuin",
               "kinderboerderij", "manege", "paard", "hond", "kat", "kip", "geit", "koe", "kalf",
               "schaap", "varken", "konijn", "vee", "veehouderij", "melkvee", "stal", "hok",
               "melken", "uitmesten", "aquarium", "vogel", "uitlaten", "hondenuitlaatservice"),
    "koken": ("koken", "kok", "keuken", "keukenhulp", "maaltijd", "bereiden", "bakken", "bakker",
              "bakkerij", "banketbakker", "brood", "deeg", "gebak", "taart", "soep", "broodje",
              "groente", "catering"),
    "horeca": ("horeca", "restaurant", "cafe", "lunchroom", "bediening", "serveren", "gastvrouw",
               "gastheer", "bar", "tappen", "barista", "koffie", "kantine", "afwas", "afwassen",
               "afwasser", "hotel", "gast"),
    "techniek": ("techniek", "technisch", "technicus", "monteur", "monteren", "montage",
                 "assemblage", "assembleren", "productie", "metaal", "lassen", "lasser",
                 "solderen", "machine", "werkplaats", "reparatie", "repareren", "storing",
                 "elektra", "elektromonteur", "installatie", "installeren", "kabel", "motor",
                 "slijpen", "frezen", "fietsenmaker", "onderdeel", "afstellen"),
    "schoonmaak": ("schoonmaak", "schoonmaken", "schoonmaker", "reinigen", "reiniging", "poetsen",
                   "dweilen", "stofzuigen", "zemen", "vegen", "sanitair", "glazenwasser",
                   "interieurverzorger", "interieurverzorging", "afstoffen", "moppen",
                   "ontkalken", "huishouden", "huishoudelijk", "schrobben", "ramen"),
    "logistiek": ("logistiek", "magazijn", "orderpicken", "orderpicker", "order", "inpakken",
                  "verpakken", "expeditie", "distributie", "distributiecentrum", "voorraad",
                  "heftruck", "reachtruck", "pallet", "lossen", "laden", "vracht", "vrachtwagen",
                  "transport", "vervoer", "vervoeren", "bezorgen", "bezorger", "koerier",
                  "pakket", "retour", "verzenden", "chauffeur", "rit"),
    "administratie": ("administratie", "administratief", "kantoor", "archief", "archiveren",
                      "scannen", "receptie", "receptionist", "factuur", "boekhouding", "invoeren",
                      "gegevens", "formulier", "dossier", "document", "secretariaat", "offerte",
                      "afspraak", "postkamer", "poststuk", "salarisadministratie"),
    "zorg": ("zorg", "zorginstelling", "verpleeghuis", "ouderenzorg", "ouderen", "welzijn",
             "thuiszorg", "bewoner", "client", "verpleging", "verzorgende", "dagbesteding",
             "helpende", "gehandicaptenzorg"),
    "winkel": ("winkel", "detailhandel", "supermarkt", "vakkenvullen", "vakkenvuller", "kassa",
               "verkoop", "verkopen", "verkoper", "afrekenen", "schap", "spiegelen", "etaleren",
               "paskamer"),
    "bouw": ("bouw", "bouwplaats", "timmeren", "timmerman", "schilder", "schilderen", "verven",
             "klussen", "klusser", "sloop", "slopen", "metselen", "metselaar", "stratenmaker",
             "bestrating", "tegels", "steiger", "puin", "beton", "dakdekker"),
    "recycling": ("recycling", "kringloop", "afval", "sorteren", "sorteerder", "milieu"),
    "auto": ("auto", "garage", "wasstraat", "autotechnicus", "automonteur", "apk", "occasion",
             "velg", "autobedrijf"),
    "kinderen": ("kinderen", "kind", "kinderopvang", "peuter", "kleuter", "baby", "leerling",
                 "kinderdagverblijf", "bso", "overblijven"),
    "computers": ("computers", "computer", "ict", "digitaal", "laptop", "software", "helpdesk",
                  "netwerk", "app", "digitaliseren"),
    "sport": ("sport", "sporten", "sportinstructeur", "fitness", "training", "sportles"),
    "muziek": ("muziek", "muziekinstrument", "instrument", "geluid", "podium", "poppodium"),
}  # fmt: skip
STOPWORDS = frozenset((
    "aan", "als", "bij", "dat", "de", "den", "der", "des", "die", "dit", "door", "een", "en",
    "er", "het", "hier", "in", "is", "je", "maar", "met", "na", "naar", "niet", "nog", "of", "om",
    "ook", "op", "over", "te", "tot", "uit", "van", "veel", "voor", "wat", "we", "wel", "werk",
    "werken", "wordt", "zijn", "zo", "ons", "onze", "jij", "jouw", "hun", "zij", "wij", "plus",
    "goed", "graag", "samen", "zorgvuldig", "zorgen", "verzorgd", "team", "medewerker",
    "medewerkers", "taken", "taak", "per", "uur", "week", "dag",
))  # fmt: skip
# Words in a title that do not say which occupation it is ("Hulp hovenier", "Leerling kok").
TITLE_GENERIC = frozenset((
    "medewerkster", "hulp", "assistent", "leerling", "junior", "senior", "allround", "stagiair",
    "vrijwilliger", "algemeen", "algemene", "eerste", "tweede", "opleiding", "ervaren",
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
        Concept names, shape (V,); a preferred sector's column is named "sector <concept>".
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


def _title_roles(title: str) -> list[tuple[str, str]]:
    """The title's occupation word (first word that names one) and its domain words."""
    roles: list[tuple[str, str]] = []
    occupation_found = False
    for word in words(title):
        if not occupation_found and word not in TITLE_GENERIC:
            roles.append((word, "occupation"))
            occupation_found = True
        else:
            roles.append((word, "title"))
    return roles


def _workplace_fields(wp: Any) -> tuple[tuple[str, float, float], ...]:
    """(word, task weight, domain weight) for every content word of a workplace, sorted."""
    found: dict[str, tuple[float, float]] = {}
    parts: list[tuple[str, str]] = [(w, f) for w, f in _title_roles(wp["title"])]
    for field, text in [("sector", wp["sector"]), ("description", wp["description"])]:
        parts += [(w, field) for w in words(text)]
    for task in wp["tasks"]:
        parts += [(w, "task") for w in words(task["name"])]
        parts += [(w, "task_description") for w in words(task.get("description", ""))]
    for word, field in parts:
        task_w, domain_w = found.get(word, (0.0, 0.0))
        found[word] = (
            max(task_w, TASK_FIELDS.get(field, 0.0)),
            max(domain_w, DOMAIN_FIELDS.get(field, 0.0)),
        )
    return tuple(sorted((w, t, d) for w, (t, d) in found.items()))


def _expand(forms: Sequence[str]) -> set[str]:
    return {f for form in forms for f in (form, lemma(form))}


def _similarity(
    vocab: Sequence[str], concept_forms: Sequence[Sequence[str]]
) -> npt.NDArray[np.float32]:
    """Link strength of every word to every concept, shape (len(vocab), len(concept_forms))."""
    out = np.zeros((len(vocab), len(concept_forms)), dtype=np.float32)
    if not vocab or not concept_forms:
        return out
    concepts_of_term: dict[str, list[int]] = {}
    for c, forms in enumerate(concept_forms):
        for term in _expand(forms):
            concepts_of_term.setdefault(term, []).append(c)
    for row, word in enumerate(vocab):
        found = analyse(word)
        for term in found.modifiers:
            for c in concepts_of_term.get(term, ()):
                out[row, c] = 1.0 if found.generic_head else MODIFIER_WEIGHT
        for term in found.whole:
            for c in concepts_of_term.get(term, ()):
                out[row, c] = 1.0
    long_words = [i for i, w in enumerate(vocab) if len(w) >= FUZZY_LETTERS]
    spelled = [(f, c) for c, fs in enumerate(concept_forms) for f in fs if len(f) >= FUZZY_LETTERS]
    if long_words and spelled:
        ratio = process.cdist(
            [vocab[i] for i in long_words], [f for f, _ in spelled],
            scorer=fuzz.ratio, dtype=np.uint8, workers=1,
        )  # fmt: skip
        fuzzy = np.where(ratio >= FUZZY_MIN, ratio / 100.0, 0.0).astype(np.float32)
        form_concept = np.array([c for _, c in spelled], dtype=np.int64)
        for c in range(len(concept_forms)):
            cols = form_concept == c
            if cols.any():
                rows = np.array(long_words)
                out[rows, c] = np.maximum(out[rows, c], fuzzy[:, cols].max(axis=1))
    return out


def workplace_text(wp: Any) -> tuple[Any, ...]:
    """The raw texts that decide a workplace's concepts (equal texts share a tag set)."""
    return (wp["title"], wp["sector"], wp["description"],
            *((t["name"], t.get("description", "")) for t in wp["tasks"]))  # fmt: skip


def candidate_tags(cand: Any) -> tuple[tuple[str, bool], ...]:
    """A candidate's normalised wishes as (tag, is a preferred sector), sorted."""
    wished = {(normalise(t), False) for t in cand["interests"] + cand["preferred_tasks"]}
    wished |= {(normalise(t), True) for t in cand["preferred_sectors"]}
    return tuple(sorted(t for t in wished if t[0]))


def build_concepts(
    candidates: Sequence[Any], workplaces: Sequence[Any], memo: RowMemo | None = None
) -> ConceptIndex:
    """Link candidate tags and workplace texts to concepts.

    Parameters
    ----------
    candidates : sequence of CandidateProfile
    workplaces : sequence of WorkplaceProfile
    memo : RowMemo, optional
        Per-profile tags and texts, and the word similarities, kept from the previous build
        (the service's snapshot refresh); the result is the same with or without it.

    Returns
    -------
    ConceptIndex
    """
    by_text: dict[tuple[Any, ...], tuple[tuple[str, float, float], ...]] = {}

    def fields(wp: Any) -> tuple[tuple[str, float, float], ...]:
        raw = workplace_text(wp)  # many workplaces share one text word for word
        found = by_text.get(raw)
        if found is None:
            found = by_text[raw] = _workplace_fields(wp)
        return found

    texts = rows(memo, "workplace_fields", workplaces, fields)
    text_keys: dict[tuple[tuple[str, float, float], ...], int] = {}
    by_object: dict[int, int] = {}  # equal texts are mostly one object: skip hashing them
    tagset_of_wp = np.empty(len(workplaces), dtype=np.int64)
    for pos, key in enumerate(texts):
        tagset = by_object.get(id(key))
        if tagset is None:
            tagset = by_object[id(key)] = text_keys.setdefault(key, len(text_keys))
        tagset_of_wp[pos] = tagset

    cand_tags = rows(memo, "candidate_tags", candidates, candidate_tags)
    tag_vocab = tuple(sorted({t for tags in cand_tags for t, _ in tags}))
    labels, concept_forms, tag_concepts = value(
        memo, "tag_concepts", tag_vocab, lambda: _tag_concepts(tag_vocab)
    )

    # A preferred sector is a wish about the domain, so it is its own column, matched by the
    # domain as much as by the tasks; an interest is matched by the tasks (see module doc).
    used = sorted({(c, s) for tags in cand_tags for t, s in tags for c in tag_concepts[t]})
    remap = {key: i for i, key in enumerate(used)}

    def concepts_of(tags: tuple[tuple[str, bool], ...]) -> list[int]:
        return sorted({remap[(c, sector)] for t, sector in tags for c in tag_concepts[t]})

    # Kept per tags object while the concept columns stay the same.
    same_columns = None if memo is None else value(memo, "columns", (tag_vocab, *used), RowMemo)
    chunks = rows(same_columns, "candidate_concepts", cand_tags, concepts_of)
    indptr = np.zeros(len(candidates) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(cs) for cs in chunks])
    cand_concepts = np.array([c for cs in chunks for c in cs], dtype=np.int64)

    vocab = tuple(sorted({w for key in text_keys for w, _, _ in key}))
    # All concepts: "does any task link" needs them all.
    sim = value(memo, "text_similarity", (vocab, labels), lambda: _similarity(vocab, concept_forms))
    vocab_pos = {w: i for i, w in enumerate(vocab)}
    linked = sim.max(axis=1) > 0 if len(concept_forms) else np.zeros(len(vocab), dtype=bool)
    used_idx = np.array([c for c, _ in used], dtype=np.int64)
    is_sector = np.array([sector for _, sector in used], dtype=bool)
    tag_weights = np.zeros((len(used), len(text_keys)), dtype=np.float32)
    for tagset, key in enumerate(text_keys):
        links = [(vocab_pos[w], t, d) for w, t, d in key if linked[vocab_pos[w]]]
        if not links:
            continue
        sim_rows = sim[np.array([h[0] for h in links])]
        task = (sim_rows * np.array([h[1] for h in links], dtype=np.float32)[:, None]).max(axis=0)
        domain = (sim_rows * np.array([h[2] for h in links], dtype=np.float32)[:, None]).max(0)
        if task.max() > 0:  # the domain confirms what the tasks say, never adds to it
            weight = np.where(task >= MATCH_MIN, np.maximum(task, domain), task)
        else:
            weight = DOMAIN_ONLY * domain
        either = np.maximum(task, domain)
        tag_weights[:, tagset] = np.where(is_sector, either[used_idx], weight[used_idx])
    quantised = np.floor(tag_weights * QUANTUM + 1e-6).astype(np.uint8)
    return ConceptIndex(
        labels=tuple(f"sector {labels[c]}" if sector else labels[c] for c, sector in used),
        cand_indptr=indptr,
        cand_concepts=cand_concepts,
        tag_weights=quantised,
        tagset_of_wp=tagset_of_wp,
    )


def _tag_concepts(
    tag_vocab: Sequence[str],
) -> tuple[tuple[str, ...], list[list[str]], dict[str, set[int]]]:
    """Concept labels and forms (a tag outside the vocabulary becomes a concept of its own),
    and the concepts each tag links to."""
    labels = list(SYNONYMS)
    concept_forms: list[list[str]] = [list(SYNONYMS[c]) for c in labels]
    tag_words = {t: words(t) or [t.replace(" ", "")] for t in tag_vocab}
    flat = sorted({w for ws in tag_words.values() for w in ws})
    known = _similarity(flat, concept_forms)
    word_pos = {w: i for i, w in enumerate(flat)}
    tag_concepts: dict[str, set[int]] = {}
    for tag in tag_vocab:
        word_rows = [word_pos[w] for w in tag_words[tag]]
        hits = {int(c) for c in np.flatnonzero((known[word_rows] >= CANDIDATE_MIN).any(axis=0))}
        if not hits:
            hits = {len(labels)}
            labels.append(tag)
            concept_forms.append(tag_words[tag])
        tag_concepts[tag] = hits
    return tuple(labels), concept_forms, tag_concepts


def matched_concepts(concepts: ConceptIndex, cand_pos: int, wp_pos: int) -> list[str]:
    """The candidate's concepts that a workplace matches (weight ≥ ``MATCH_MIN``), strongest
    first; what the explanation calls "sluit aan bij de interesse in …"."""
    own = concepts.concepts_of(cand_pos)
    strength = concepts.tag_weights[own, concepts.tagset_of_wp[wp_pos]].astype(np.int64).tolist()
    ranked = sorted(zip(own.tolist(), strength, strict=True), key=lambda t: (-t[1], t[0]))
    floor = MATCH_MIN * QUANTUM
    shown = [concepts.labels[c] for c, v in ranked if v >= floor]
    said = set(shown)
    return [
        label
        for label in shown
        if not (label.startswith("sector ") and label.removeprefix("sector ") in said)
    ]
