"""Block scoring: all factors and constraints for a set of candidates × workplaces."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from matching.arrays import MatchIndex
from matching.components import pair_details
from matching.core import cand_block, cheap_checks, workplace_rows
from matching.env_pairs import FEW_WORKPLACES, env_pairs
from matching.factors import NEG
from matching.pairs import interest_table, pair_tables, score_pairs
from matching.profiles import DEFAULT_POLICY, Policy
from matching.weights import DEFAULT_WEIGHTS, FACTOR_INDEX, WeightProfile

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]
BOOL = npt.NDArray[np.bool_]
CHUNK_ROWS = 256
CHUNK_CELL_KM = 20.0
MAX_DETAIL_PAIRS = 4_000_000
SCORING_THREADS = min(2, os.cpu_count() or 1)
FEW_PAIRS = 8192  # pairs per chunk when a block has only a few workplaces
PARALLEL_MIN_ROWS = 4 * CHUNK_ROWS
# Below this many pairs (one workplace's 20,000 candidates) a second thread costs more than it
# saves, and on a busy server it takes a core from another request: 2.6 ms alone vs 5.6 ms.
PARALLEL_MIN_PAIRS = 200_000  # below this a second thread costs more than it saves
T = TypeVar("T")
Blocks = Iterator[tuple[I64, I64, F32]]


@dataclass(frozen=True)
class BlockScores:
    """Scores of a candidates × workplaces block.

    Attributes
    ----------
    candidate_ids, workplace_ids : ndarray of int64
        Row and column labels.
    scores : ndarray of float32, shape (n, m)
        Weighted total in [0, 1]; exactly 0 where the pair is infeasible.
    feasible : ndarray of bool, shape (n, m)
    components : ndarray of float32, shape (n, m, len(FACTORS)) or None
        Raw factor scores in [0, 1], when requested.
    reasons : ndarray of uint16, shape (n, m) or None
        Bit mask of failed hard constraints (see ``decode_reasons``), when requested.
    """

    candidate_ids: I64
    workplace_ids: I64
    scores: F32
    feasible: BOOL
    components: F32 | None = None
    reasons: npt.NDArray[np.uint16] | None = None


def as_positions(values: npt.ArrayLike | None, size: int) -> I64:
    if values is None:
        return np.arange(size, dtype=np.int64)
    out = np.asarray(values, dtype=np.int64).reshape(-1)
    if out.size and (out.min() < 0 or out.max() >= size):
        raise IndexError("position out of range")
    return out


def _spatial_order(index: MatchIndex, cand_idx: I64) -> I64:
    """Z-order of candidates over a grid, so a chunk covers a compact area."""
    ci = index.candidates
    x, y = ci.x_km[cand_idx], ci.y_km[cand_idx]
    cx = np.floor((x - (x.min() if len(x) else 0)) / CHUNK_CELL_KM).astype(np.int64)
    cy = np.floor((y - (y.min() if len(y) else 0)) / CHUNK_CELL_KM).astype(np.int64)
    code = np.zeros(len(cand_idx), dtype=np.int64)
    for bit in range(16):
        code |= ((cx >> bit) & 1) << (2 * bit) | ((cy >> bit) & 1) << (2 * bit + 1)
    return np.lexsort((cand_idx, code)).astype(np.int64)


def iter_blocks(
    index: MatchIndex,
    policy: Policy,
    weights: WeightProfile,
    cand_idx: I64,
    wp_idx: I64,
    chunk_rows: int | None = None,
) -> Iterator[tuple[I64, I64, F32]]:
    """Score the feasible pairs chunk by chunk (infeasible pairs are never yielded).

    Yields
    ------
    rows : ndarray of int
        Per pair, index into ``cand_idx``.
    cols : ndarray of int
        Per pair, index into ``wp_idx``.
    total : ndarray of float32
        Per pair score.
    """
    wi, ci = index.workplaces, index.candidates
    w = weights.vector
    margin = float(policy.buildup_margin_hours_per_week)
    tables = pair_tables(index, cand_idx, wp_idx, w, margin)
    wx, wy, arranged = wi.x_km[wp_idx], wi.y_km[wp_idx], wi.arranged[wp_idx]
    order = _spatial_order(index, cand_idx)
    few = len(wp_idx) <= FEW_WORKPLACES  # e.g. one workplace's suggestions: no tables
    if chunk_rows is None:
        # A chunk's cost is mostly per-call overhead when it has few columns: one workplace's
        # candidates go in chunks of FEW_PAIRS rows rather than CHUNK_ROWS.
        chunk_rows = max(CHUNK_ROWS, FEW_PAIRS // max(len(wp_idx), 1)) if few else CHUNK_ROWS
    for start in range(0, len(order), chunk_rows):
        local = order[start : start + chunk_rows]
        cb = cand_block(index, cand_idx[local], w, margin, tables=not few)
        reach = float(np.sqrt(max(float(cb.reach_km2.max()), 0.0))) if len(local) else 0.0
        near = (
            (wx >= cb.x.min() - reach)
            & (wx <= cb.x.max() + reach)
            & (wy >= cb.y.min() - reach)
            & (wy <= cb.y.max() + reach)
        )
        sub = np.flatnonzero(near | arranged)
        if sub.size == 0:
            continue
        sub_cols = wp_idx[sub]
        ok, d2 = cheap_checks(cb, *workplace_rows(index, sub_cols))
        flat = np.flatnonzero(ok)  # flat positions: np.take on them beats 2-D fancy indexing
        rr, cc = np.divmod(flat, len(sub))
        if few:
            rows_abs = np.take(cb.rows, rr)
            env = env_pairs(
                ci.levels[rows_abs],
                ci.strict_bits[rows_abs],
                np.take(wi.code_a[sub_cols], cc),
                np.take(wi.code_b[sub_cols], cc),
                w,
            )
        else:
            env = np.take(cb.table_a, rr * 625 + np.take(wi.code_a[sub_cols], cc))
            env += np.take(cb.table_b, rr * 1700 + np.take(wi.code_b[sub_cols], cc))
        keep = np.flatnonzero(env > NEG / 2)
        if keep.size == 0:
            continue
        rr, cc, env, flat = rr[keep], cc[keep], env[keep], flat[keep]
        cols = np.take(sub_cols, cc)
        tagsets, tag_of = np.unique(index.concepts.tagset_of_wp[sub_cols], return_inverse=True)
        interest = interest_table(index, cb.rows, tagsets, w[FACTOR_INDEX["interests"]])
        interest = np.take(interest, rr * len(tagsets) + np.take(tag_of.reshape(-1), cc))
        total, reachable = score_pairs(
            index, tables, cb, rr, cols, np.take(d2, flat), env, interest
        )
        yield local[rr[reachable]], sub[cc[reachable]], total[reachable]


def blocks_in_threads(
    index: MatchIndex,
    policy: Policy,
    weights: WeightProfile,
    cand_idx: I64,
    wp_idx: I64,
    consume: Callable[[Blocks], T],
    threads: int | None = None,
) -> list[T]:
    """Run ``consume`` over the scored blocks of spatially contiguous parts of the candidates,
    one thread per part (default ``SCORING_THREADS``); returns what each call returned, in part
    order.

    The blocks are those of :func:`iter_blocks` (rows are positions into ``cand_idx``). numpy
    releases the GIL inside its array loops, so two threads score a large block about 1.4x as
    fast on two cores. ``consume`` must only write state of its own or disjoint rows.
    """
    threads = SCORING_THREADS if threads is None else threads
    small = len(cand_idx) * len(wp_idx) < PARALLEL_MIN_PAIRS
    if threads <= 1 or len(cand_idx) < PARALLEL_MIN_ROWS or small:
        return [consume(iter_blocks(index, policy, weights, cand_idx, wp_idx))]
    parts = np.array_split(_spatial_order(index, cand_idx), threads)

    def run(part: I64) -> T:
        def blocks() -> Blocks:
            for rows, cols, total in iter_blocks(index, policy, weights, cand_idx[part], wp_idx):
                yield part[rows], cols, total

        return consume(blocks())

    with ThreadPoolExecutor(threads, thread_name_prefix="scoring") as pool:
        return list(pool.map(run, parts))


def score_block(
    index: MatchIndex,
    policy: Policy = DEFAULT_POLICY,
    weights: WeightProfile = DEFAULT_WEIGHTS,
    cand_idx: npt.ArrayLike | None = None,
    wp_idx: npt.ArrayLike | None = None,
    *,
    include_components: bool = False,
    include_reasons: bool = False,
) -> BlockScores:
    """Score every pair of a candidates × workplaces block.

    Parameters
    ----------
    index : MatchIndex
        From :func:`build_index`.
    policy : Policy
        Supplies the build-up margin for hours.
    weights : WeightProfile
    cand_idx, wp_idx : array_like of int, optional
        Candidate and workplace positions (default: all, in index order).
    include_components : bool
        Also return raw factor scores per pair (memory n × m × 11 float32).
    include_reasons : bool
        Also return the bit mask of failed hard constraints per pair.

    Returns
    -------
    BlockScores
    """
    rows_pos = as_positions(cand_idx, len(index.candidates.ids))
    cols_pos = as_positions(wp_idx, len(index.workplaces.ids))
    scores = np.zeros((len(rows_pos), len(cols_pos)), dtype=np.float32)
    feasible = np.zeros(scores.shape, dtype=bool)

    def fill(blocks: Blocks) -> None:  # each thread writes its own candidates' rows
        for rows, cols, total in blocks:
            flat = rows * len(cols_pos) + cols
            np.put(scores, flat, total)
            np.put(feasible, flat, True)

    blocks_in_threads(index, policy, weights, rows_pos, cols_pos, fill)
    components = reasons = None
    if include_components or include_reasons:
        if scores.size > MAX_DETAIL_PAIRS:
            raise ValueError("components and reasons are for small blocks; split the request")
        details = pair_details(index, rows_pos, cols_pos, policy)
        components = details.components if include_components else None
        reasons = details.reasons if include_reasons else None
    return BlockScores(
        candidate_ids=index.candidates.ids[rows_pos],
        workplace_ids=index.workplaces.ids[cols_pos],
        scores=scores,
        feasible=feasible,
        components=components,
        reasons=reasons,
    )
