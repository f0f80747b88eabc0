"""Back-test a proposed weight profile on past reviewed pairs, before anyone approves it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matching.weights import WeightProfile


@dataclass(frozen=True)
class BackTest:
    """How past reviewed pairs would have ranked under the current and the proposed weights.

    Ranks are within each group (a match run): 1 is the top. ``moved_up`` counts successful
    pairs (accepted, still working where known) that would rank higher under the proposal.
    ``auc_*`` is the chance that a random success outranks a random failure (0.5 is chance).
    """

    n_pairs: int
    n_successes: int
    moved_up: int
    moved_down: int
    unchanged: int
    mean_rank_current: float
    mean_rank_proposed: float
    auc_current: float
    auc_proposed: float


def backtest(
    X: npt.ArrayLike,
    y: npt.ArrayLike,
    groups: npt.ArrayLike,
    current: WeightProfile,
    proposed: WeightProfile,
) -> BackTest:
    """Compare rankings of past pairs under two profiles.

    Parameters
    ----------
    X : array, shape (n, n_factors)
        Raw factor scores of the pairs, in :data:`matching.FACTORS` order.
    y : array, shape (n,)
        1 for a success, 0 for a failure.
    groups : array, shape (n,)
        Group of each pair (e.g. the run id); ranks are computed within a group.
    current, proposed : WeightProfile

    Returns
    -------
    BackTest
    """
    features = np.asarray(X, dtype=np.float64)
    labels = np.asarray(y).astype(bool)
    group = np.asarray(groups)
    before = _ranks(features @ current.vector.astype(np.float64), group)
    after = _ranks(features @ proposed.vector.astype(np.float64), group)
    success = labels
    return BackTest(
        n_pairs=len(labels),
        n_successes=int(success.sum()),
        moved_up=int((after[success] < before[success]).sum()),
        moved_down=int((after[success] > before[success]).sum()),
        unchanged=int((after[success] == before[success]).sum()),
        mean_rank_current=float(before[success].mean()) if success.any() else 0.0,
        mean_rank_proposed=float(after[success].mean()) if success.any() else 0.0,
        auc_current=_auc(features @ current.vector.astype(np.float64), labels),
        auc_proposed=_auc(features @ proposed.vector.astype(np.float64), labels),
    )


def _ranks(
    scores: npt.NDArray[np.float64], groups: npt.NDArray[np.generic]
) -> npt.NDArray[np.int64]:
    """1-based rank of each score within its group, best first (ties share the better rank)."""
    ranks = np.zeros(len(scores), dtype=np.int64)
    order = np.lexsort((-scores, groups))
    sorted_groups, sorted_scores = groups[order], scores[order]
    start = 0
    for end in range(1, len(order) + 1):
        if end == len(order) or sorted_groups[end] != sorted_groups[start]:
            block = sorted_scores[start:end]
            # rank = 1 + number of strictly better scores in the group
            ranks[order[start:end]] = 1 + np.searchsorted(-block, -block, side="left")
            start = end
    return ranks


def _auc(scores: npt.NDArray[np.float64], labels: npt.NDArray[np.bool_]) -> float:
    """Mann–Whitney AUC with ties counted half."""
    positive, negative = scores[labels], scores[~labels]
    if not len(positive) or not len(negative):
        return 0.5
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores), dtype=np.float64)
    sorted_scores = scores[order]
    # average ranks for ties
    unique, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    average = first + (counts + 1) / 2.0
    ranks[order] = np.repeat(average, counts)
    del unique
    sum_positive = ranks[labels].sum()
    n_pos, n_neg = len(positive), len(negative)
    return float((sum_positive - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
