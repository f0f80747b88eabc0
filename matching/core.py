"""The vectorised hot path shared by ranking, block scoring and assignment.

Two stages over a block of candidates (rows) and workplaces (columns):

1. ``cheap_checks``: straight-line distance bound first, then hours, requirements
   (certificates, licence, startkwalificatie) and minimum loonwaarde; then the environment
   lookup tables (``env_tables``), which also catch physical over-capacity and
   strict needs.
2. ``finish``: only on the surviving pairs, as a flat list — exact travel minutes (still
   hard), then the expensive factors (interests, sustainability) and the weighted total.

Every pair goes through the same float32 operations whichever caller compacted it, so the top-k
of ``rank_for_candidate`` equals sorting a full ``score_block`` bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from matching.arrays import MatchIndex
from matching.constraints import hours_window
from matching.factors import (
    ARRANGED_TRAVEL_SCORE,
    BUILDUP_HIGH,
    BUILDUP_SPAN,
    HOURS_BASE,
    HOURS_PER_SPARE_HOUR,
    TRAVEL_SPAN,
    env_tables,
    env_tables_one,
)
from matching.sustain import INTERNSHIP_BONUS
from matching.text import QUANTUM
from matching.travel import effective_km
from matching.weights import by_name

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]
BOOL = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class CandBlock:
    """Candidate columns shaped (n, 1) plus their weighted lookup tables."""

    rows: I64
    x: F32
    y: F32
    hours_min: F32
    hours_max: F32
    hours_cap: F32  # highest workplace minimum still allowed (build-up margin included)
    gradual: BOOL
    max_minutes: F32
    slots: F32  # (n, 6)
    reach_km2: F32
    has_bits: npt.NDArray[np.uint64]
    loonwaarde: F32
    table_a: F32
    table_b: F32


def cand_block(
    index: MatchIndex, rows: I64, w: F32, margin: float, tables: bool = True
) -> CandBlock:
    """Gather the candidate side of a block once (lookup tables only when ``tables``)."""
    ci = index.candidates
    if tables and len(rows) == 1:
        table_a, table_b = env_tables_one(ci.levels[rows[0]], int(ci.strict_bits[rows[0]]), w)
    elif tables:
        table_a, table_b = env_tables(ci.levels[rows], ci.strict_bits[rows], w)
    else:
        table_a = table_b = np.zeros((len(rows), 0), dtype=np.float32)

    def col(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return values[rows][:, None]

    return CandBlock(
        rows=rows,
        x=col(ci.x_km),
        y=col(ci.y_km),
        hours_min=col(ci.hours_min),
        hours_max=col(ci.hours_max),
        hours_cap=col(ci.hours_max) + np.float32(margin) * col(ci.gradual),
        gradual=col(ci.gradual),
        max_minutes=col(ci.max_minutes),
        slots=ci.slots[rows],
        reach_km2=col(ci.reach_km2),
        has_bits=ci.has_bits[rows],
        loonwaarde=col(ci.loonwaarde),
        table_a=table_a,
        table_b=table_b,
    )


def cheap_checks(
    cb: CandBlock, columns: tuple[F32, ...], arranged: BOOL, req: npt.NDArray[np.uint64]
) -> tuple[BOOL, F32]:
    """Distance bound, hours, requirements and minimum loonwaarde; returns (ok, d2).

    ``columns`` are the workplaces' x, y, hours min, hours max and minimum loonwaarde (the
    columns of ``WorkplaceArrays.packed``); ``arranged`` and ``req`` their transport flag and
    requirement words. The hours test is ``hours_window``'s "overlap or build-up" folded into
    two comparisons: the ranges meet, or the workplace minimum is within ``hours_cap`` (maximum
    plus build-up margin for a candidate who needs *ingroeien*).
    """
    x, y, hours_min, hours_max, min_loonwaarde = columns
    dx = cb.x - x
    dy = cb.y - y
    d2 = dx * dx + dy * dy
    ok = d2 <= cb.reach_km2
    ok |= arranged
    ok &= hours_min <= cb.hours_cap
    ok &= hours_max >= cb.hours_min
    ok &= min_loonwaarde <= cb.loonwaarde
    for word, bits in enumerate(req):
        top = int(bits.max()) if bits.size else 0
        if top == 0:
            continue  # no workplace here requires anything from this word
        # The narrowest unsigned type holding every requirement bit: the same test, 8x fewer
        # bytes when a data set knows only a handful of requirements.
        small = np.min_scalar_type(top)
        have = cb.has_bits[:, word : word + 1].astype(small)
        ok &= (bits.astype(small)[None, :] & ~have) == 0
    return ok, d2


def workplace_rows(
    index: MatchIndex, cols: I64
) -> tuple[tuple[F32, ...], BOOL, npt.NDArray[np.uint64]]:
    """The inputs of :func:`cheap_checks` for workplace positions ``cols``."""
    wi = index.workplaces
    packed = np.take(wi.packed, cols, axis=0)
    return tuple(packed.T), np.take(wi.arranged, cols), np.take(wi.req_words, cols, axis=1)


def travel_minutes(slots: F32, d2: F32, pt_block: F32) -> F32:
    """Fastest usable door-to-door minutes (inf when no mode is usable).

    ``slots`` has the six slot columns on its last axis (see ``candidate_slots``); the rest of
    its shape broadcasts against ``d2``.
    """
    d = effective_km(d2)
    minutes = np.full(np.broadcast_shapes(d.shape, slots.shape[:-1]), np.inf, dtype=np.float32)
    # A slot nobody in the block can use adds only infinities to the minimum: skip it.
    if np.isfinite(slots[..., 0]).any():
        minutes = np.minimum(minutes, slots[..., 0] + d * slots[..., 1])
    if np.isfinite(slots[..., 2]).any():
        minutes = np.minimum(minutes, slots[..., 2] + d * slots[..., 3])
    if np.isfinite(slots[..., 4]).any():
        minutes = np.minimum(minutes, slots[..., 4] + d * slots[..., 5] + pt_block)
    return minutes


def travel_score(minutes: F32, max_minutes: F32, arranged: BOOL) -> tuple[F32, BOOL]:
    """Raw travel score and whether the pair is reachable (own modes or transport arranged)."""
    own = minutes <= max_minutes
    # Where ``own`` holds the ratio is at most 1 already; elsewhere the score is 0 anyway.
    ratio = minutes / np.maximum(max_minutes, np.float32(1.0))
    score = np.where(own, np.float32(1.0) - np.float32(TRAVEL_SPAN) * ratio, np.float32(0.0))
    score = np.where(arranged, np.maximum(score, np.float32(ARRANGED_TRAVEL_SCORE)), score)
    return score, own | arranged


def hours_score(overlap: F32, normal: BOOL, buildup: BOOL, gap: F32, margin: float) -> F32:
    """Raw hours score: 0.8..1 with overlap (more room is better), 0.2..0.5 in build-up."""
    spare = np.minimum(np.maximum(overlap, np.float32(0.0)), np.float32(4.0))
    within = np.float32(HOURS_BASE) + np.float32(HOURS_PER_SPARE_HOUR) * spare
    share = gap / np.float32(max(margin, 1e-6))
    grow = np.float32(BUILDUP_HIGH) - np.float32(BUILDUP_SPAN) * share
    return np.where(normal, within, np.where(buildup, grow, np.float32(0.0))).astype(np.float32)


def csr_rows(indptr: I64, data: I64, rows: I64) -> tuple[I64, I64]:
    """Lengths and concatenated values of the CSR rows ``rows``."""
    starts = indptr[rows]
    lengths = indptr[rows + 1] - starts
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return lengths, data[offsets + np.arange(len(offsets))]


def interest_scores(index: MatchIndex, rows: I64, cols: I64) -> F32:
    """Raw interest score ``min(1, sum of concept weights)``; exact in float32 (see text.py).

    Computed once per distinct tag set among ``cols`` and then spread to the columns.
    """
    concepts = index.concepts
    lengths, flat = csr_rows(concepts.cand_indptr, concepts.cand_concepts, rows)
    used, inverse = np.unique(flat, return_inverse=True)
    member = np.zeros((len(rows), len(used)), dtype=np.float32)
    member[np.repeat(np.arange(len(rows)), lengths), inverse] = 1.0
    tagsets, spread = np.unique(concepts.tagset_of_wp[cols], return_inverse=True)
    weights = concepts.tag_weights[np.ix_(used, tagsets)].astype(np.float32)
    weights *= np.float32(1.0 / QUANTUM)
    return np.minimum(member @ weights, np.float32(1.0))[:, spread]


def tagset_interest(index: MatchIndex, cand_pos: int) -> F32:
    """Raw interest score of one candidate for every tag set (same numbers as
    :func:`interest_scores`, which sums the same dyadic weights)."""
    concepts = index.concepts
    own = concepts.concepts_of(cand_pos)
    weights = concepts.tag_weights[own].astype(np.float32)
    weights *= np.float32(1.0 / QUANTUM)
    return np.minimum(np.ones((1, len(own)), dtype=np.float32) @ weights, np.float32(1.0))[0]


def internships(index: MatchIndex, rows: I64, cols: I64) -> F32:
    """1.0 where the candidate did an internship at the workplace's employer, else 0.0."""
    ci, wi = index.candidates, index.workplaces
    out = np.zeros((len(rows), len(cols)), dtype=np.float32)
    lengths, employers = csr_rows(ci.intern_indptr, ci.intern_employers, rows)
    if len(employers) == 0:
        return out
    col_codes = wi.employer_code[cols]
    order = np.argsort(col_codes, kind="stable")
    sorted_codes = col_codes[order]
    lo = np.searchsorted(sorted_codes, employers, side="left")
    counts = np.searchsorted(sorted_codes, employers, side="right") - lo
    pair_rows = np.repeat(np.repeat(np.arange(len(rows)), lengths), counts)
    offsets = np.repeat(lo - np.cumsum(counts) + counts, counts)
    out[pair_rows, order[offsets + np.arange(len(offsets))]] = 1.0
    return out


def pair_internships(index: MatchIndex, cand_pos: I64, cols: I64) -> F32:
    """Per pair 1.0 when the candidate did an internship at the workplace's employer."""
    ci, wi = index.candidates, index.workplaces
    out = np.zeros(len(cols), dtype=np.float32)
    if len(ci.intern_employers) == 0:
        return out
    if cand_pos.size and cand_pos.strides == (0,):  # one candidate broadcast over all pairs
        c = int(cand_pos[0])
        mine = ci.intern_employers[ci.intern_indptr[c] : ci.intern_indptr[c + 1]]
        if mine.size:
            out[np.isin(wi.employer_code[cols], mine)] = 1.0
        return out
    # Internships are rare: only pairs whose candidate has one need the lookup.
    interns = np.diff(ci.intern_indptr)[cand_pos] > 0
    if not interns.any():
        return out
    which = np.flatnonzero(interns)
    pos = cand_pos[which]
    n_employers = np.int64(len(wi.employer_ids) + 1)
    owners = np.flatnonzero(np.diff(ci.intern_indptr) > 0)
    lengths, employers = csr_rows(ci.intern_indptr, ci.intern_employers, owners)
    known = np.sort(np.repeat(owners, lengths) * n_employers + employers)
    keys = pos * n_employers + wi.employer_code[cols[which]]
    found = np.searchsorted(known, keys)
    hit = known[np.minimum(found, len(known) - 1)] == keys
    out[which[hit]] = 1.0
    return out


def finish(
    index: MatchIndex,
    cb: CandBlock,
    r: I64,
    cols: I64,
    d2: F32,
    env: F32,
    interest: F32,
    w: F32,
    margin: float,
) -> tuple[F32, BOOL]:
    """Stage 2 for a flat list of pairs: travel, hours, sustainability and the total.

    Parameters
    ----------
    r : ndarray of int
        Row inside ``cb`` of each pair (length 1 broadcasts one candidate to all pairs).
    cols : ndarray of int
        Workplace position of each pair.
    d2, env, interest : ndarray of float32
        Per pair, from the earlier stages.

    Returns
    -------
    total : ndarray of float32
        Weighted score clipped to [0, 1]; 0 where not reachable.
    reachable : ndarray of bool
    """
    wi = index.workplaces
    minutes = travel_minutes(cb.slots[r], d2, wi.pt_block[cols])
    travel, reachable = travel_score(minutes, cb.max_minutes[r, 0], wi.arranged[cols])
    cand_max = cb.hours_max[r, 0]
    overlap, normal, buildup = hours_window(
        cb.hours_min[r, 0], cand_max, cb.gradual[r, 0], wi.hours_min[cols], wi.hours_max[cols],
        margin,
    )  # fmt: skip
    hours = hours_score(overlap, normal, buildup, wi.hours_min[cols] - cand_max, margin)
    intern = pair_internships(index, np.broadcast_to(cb.rows[r], cols.shape), cols)
    sustain = np.minimum(wi.sustain[cols] + np.float32(INTERNSHIP_BONUS) * intern, np.float32(1.0))
    wt = by_name(w)
    total = env + wt["travel"] * travel
    total += wt["hours"] * hours
    total += wt["interests"] * interest
    total += wt["sustainability"] * sustain
    total = np.clip(total, np.float32(0.0), np.float32(1.0))
    return np.where(reachable, total, np.float32(0.0)), reachable
