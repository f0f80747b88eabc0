"""Stage 2 of block scoring on a flat list of pairs, with the per-workplace work done once.

``finish`` in ``core.py`` computes every term per pair. Here the terms that depend only on
small classes are looked up instead: the weighted hours score per (candidate hours class,
workplace hours class), the weighted sustainability per workplace (with and without an
internship) and the weighted interest per (candidate, tag set). Each table entry is computed
with exactly the float32 operations ``finish`` applies per pair, so the totals agree bit for
bit; only travel (a continuous distance) is computed per pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from matching.arrays import MatchIndex
from matching.constraints import hours_window
from matching.core import CandBlock, csr_rows, hours_score, travel_score
from matching.sustain import INTERNSHIP_BONUS
from matching.text import QUANTUM
from matching.travel import effective_km
from matching.weights import FACTOR_INDEX, by_name

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]
BOOL = npt.NDArray[np.bool_]
MAX_FULL_TABLE = 1_000_000  # cells of the all-rows hours table before falling back


@dataclass(frozen=True)
class PairTables:
    """Lookup tables for one scoring call (one weight profile and policy)."""

    cand_class: I64  # per candidate position: row of ``hours``
    wp_class: I64  # per workplace position: column of ``hours``
    hours: F32  # (candidate classes, workplace classes): w_hours x hours score
    sustain: F32  # (2, W): w_sustainability x sustainability without / with internship
    w: F32


def _classes(*columns: npt.NDArray[Any]) -> tuple[I64, I64]:
    """Row of the first occurrence of each distinct tuple and the class of every row."""
    stacked = np.stack([c.astype(np.float64) for c in columns], axis=1)
    _, first, inverse = np.unique(stacked, axis=0, return_index=True, return_inverse=True)
    return first.astype(np.int64), inverse.reshape(-1).astype(np.int64)


def _tables(
    index: MatchIndex, cand_idx: I64, wp_idx: I64, w: F32, margin: float, max_cells: float
) -> PairTables | None:
    """The tables for these rows; None when the hours table would exceed ``max_cells``."""
    ci, wi = index.candidates, index.workplaces
    c_first, c_inv = _classes(ci.hours_min[cand_idx], ci.hours_max[cand_idx], ci.gradual[cand_idx])
    w_first, w_inv = _classes(wi.hours_min[wp_idx], wi.hours_max[wp_idx])
    if len(c_first) * len(w_first) > max_cells:
        return None
    cand_class = np.zeros(len(ci.ids), dtype=np.int64)
    wp_class = np.zeros(len(wi.ids), dtype=np.int64)
    cand_class[cand_idx] = c_inv
    wp_class[wp_idx] = w_inv
    c_rows, w_rows = cand_idx[c_first], wp_idx[w_first]
    cand_max = ci.hours_max[c_rows][:, None]
    wp_min = wi.hours_min[w_rows][None, :]
    overlap, normal, buildup = hours_window(
        ci.hours_min[c_rows][:, None], cand_max, ci.gradual[c_rows][:, None], wp_min,
        wi.hours_max[w_rows][None, :], margin,
    )  # fmt: skip
    wt = by_name(w)
    hours = wt["hours"] * hours_score(overlap, normal, buildup, wp_min - cand_max, margin)
    bonus = np.float32(INTERNSHIP_BONUS) * np.array([0.0, 1.0], dtype=np.float32)[:, None]
    sustain = wt["sustainability"] * np.minimum(wi.sustain[None, :] + bonus, np.float32(1.0))
    return PairTables(cand_class, wp_class, hours.astype(np.float32), sustain, w)


def pair_tables(index: MatchIndex, cand_idx: I64, wp_idx: I64, w: F32, margin: float) -> PairTables:
    """Tables covering the candidates ``cand_idx`` and workplaces ``wp_idx``.

    Built once per index, weight vector and margin for *all* candidates and workplaces, and
    kept in ``index.candidates.memo``: a suggestion request scores a handful of pairs, and
    finding the hours classes again each time cost more than the scoring. Entries do not
    depend on which other rows share a table, so the numbers are the same either way. When the
    data set has so many distinct hours ranges that the full table would be large, the tables
    cover only the rows asked for.
    """
    ci, wi = index.candidates, index.workplaces
    key = ("pair_tables", w.tobytes(), float(margin))
    if key not in ci.memo:  # None records "too large": the check is not repeated per call
        all_c = np.arange(len(ci.ids), dtype=np.int64)
        all_w = np.arange(len(wi.ids), dtype=np.int64)
        ci.memo[key] = _tables(index, all_c, all_w, w, margin, MAX_FULL_TABLE)
    shared = ci.memo[key]  # a race only builds the same tables twice
    if isinstance(shared, PairTables):
        return shared
    own = _tables(index, cand_idx, wp_idx, w, margin, np.inf)
    assert own is not None
    return own


def interest_table(index: MatchIndex, rows: I64, tagsets: I64, w9: np.float32) -> F32:
    """w_interests x raw interest, shape (len(rows), len(tagsets)); see ``interest_scores``."""
    concepts = index.concepts
    lengths, flat = csr_rows(concepts.cand_indptr, concepts.cand_concepts, rows)
    used, inverse = np.unique(flat, return_inverse=True)
    member = np.zeros((len(rows), len(used)), dtype=np.float32)
    member[np.repeat(np.arange(len(rows)), lengths), inverse] = 1.0
    weights = concepts.tag_weights[np.ix_(used, tagsets)].astype(np.float32)
    weights *= np.float32(1.0 / QUANTUM)
    return w9 * np.minimum(member @ weights, np.float32(1.0))


def _internship_pairs(index: MatchIndex, cand: I64, rr: I64, cols: I64) -> I64:
    """Pairs (indices into rr) whose candidate did an internship at the workplace's employer.

    ``cand`` holds the candidate position of each chunk row; ``rr`` the chunk row per pair.
    """
    ci, wi = index.candidates, index.workplaces
    counts = np.diff(ci.intern_indptr)
    row_has = counts[cand] > 0
    if not row_has.any():
        return np.zeros(0, dtype=np.int64)
    which = np.flatnonzero(row_has[rr])
    n_employers = np.int64(len(wi.employer_ids) + 1)
    owners = cand[row_has]
    lengths, employers = csr_rows(ci.intern_indptr, ci.intern_employers, owners)
    known = np.sort(np.repeat(owners, lengths) * n_employers + employers)
    keys = cand[rr[which]] * n_employers + wi.employer_code[cols[which]]
    found = np.searchsorted(known, keys)
    hit = known[np.minimum(found, len(known) - 1)] == keys
    return which[hit]


def score_pairs(
    index: MatchIndex,
    tables: PairTables,
    cb: CandBlock,
    rr: I64,
    cols: I64,
    d2: F32,
    env: F32,
    interest: F32,
) -> tuple[F32, BOOL]:
    """Total and reachability per pair, equal bit for bit to ``core.finish``.

    ``rr`` is the row inside ``cb`` of each pair, ``cols`` its workplace position, ``d2`` the
    squared distance, ``env`` the environment table sum and ``interest`` the weighted interest.
    """
    wi = index.workplaces
    w = tables.w
    d = effective_km(d2)
    minutes: F32 | None = None
    for slot in range(3):
        overhead = cb.slots[:, 2 * slot]
        if not np.isfinite(overhead).any():
            continue  # nobody in the block can use this slot: it adds only infinities
        mins = np.take(overhead, rr) + d * np.take(cb.slots[:, 2 * slot + 1], rr)
        if slot == 2:
            mins += np.take(wi.pt_block, cols)
        minutes = mins if minutes is None else np.minimum(minutes, mins)
    if minutes is None:
        minutes = np.full(d.shape, np.inf, dtype=np.float32)
    arranged = np.take(wi.arranged, cols)
    travel, reachable = travel_score(minutes, np.take(cb.max_minutes[:, 0], rr), arranged)
    total = env + w[FACTOR_INDEX["travel"]] * travel
    n_wp_classes = tables.hours.shape[1]
    hours_at = np.take(tables.cand_class[cb.rows], rr) * n_wp_classes
    hours_at += np.take(tables.wp_class, cols)
    total += np.take(tables.hours, hours_at)
    total += interest
    sustain = np.take(tables.sustain[0], cols)
    interned = _internship_pairs(index, cb.rows, rr, cols)
    if interned.size:
        sustain[interned] = tables.sustain[1, cols[interned]]
    total += sustain
    np.clip(total, np.float32(0.0), np.float32(1.0), out=total)
    return total, reachable
