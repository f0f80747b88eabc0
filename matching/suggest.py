"""Suggestions as a page needs them: the filtered top ``limit``, explained, plus counts.

One call per page: the caller's filters go in as eligibility masks, the ranking prunes on
them, and only the pairs shown are explained (in one scoring pass).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.arrays import MatchIndex
from matching.exclusions import (
    Exclusions,
    block_travel,
    count_reasons,
    hard_reasons,
    workplace_levels,
)
from matching.explain import Explanation, explain_block
from matching.profiles import DEFAULT_POLICY, Policy
from matching.rank import Mask, Ranking, rank_for_candidate, rank_for_workplace
from matching.weights import DEFAULT_WEIGHTS, WeightProfile


@dataclass(frozen=True)
class Suggested:
    """A ranking and the explanation of each ranked pair, in the same order.

    Attributes
    ----------
    ranking : Ranking
    explanations : tuple of Explanation
    excluded : Exclusions
        The pairs of the eligible set (or, for candidates, the counted set) that hard
        constraints leave out, per reason; for workplaces also those beyond the request's
        travel filter (``TRAVEL_FILTER``).
    """

    ranking: Ranking
    explanations: tuple[Explanation, ...]
    excluded: Exclusions


TRAVEL_FILTER = "travel_over_filter"


def _positions(mask: Mask | None, size: int) -> np.ndarray:
    return np.arange(size, dtype=np.int64) if mask is None else np.flatnonzero(mask)


def excluded_workplaces(
    index: MatchIndex,
    cand_pos: int,
    *,
    eligible: Mask | None = None,
    max_minutes: float | None = None,
    policy: Policy = DEFAULT_POLICY,
) -> Exclusions:
    """Why the eligible workplaces that are not suggested to this candidate are out.

    Parameters
    ----------
    index : MatchIndex
    cand_pos : int
    eligible : ndarray of bool, optional
    max_minutes : float, optional
        The request's travel filter: feasible workplaces beyond it count as ``TRAVEL_FILTER``.
    policy : Policy

    Returns
    -------
    Exclusions
    """
    rows = np.array([cand_pos], dtype=np.int64)
    cols = _positions(eligible, len(index.workplaces.ids))
    travel = block_travel(index, rows, cols)
    reasons = hard_reasons(index, rows, cols, policy, workplace_levels(index, cols), travel)[0]
    out = count_reasons(reasons)
    if max_minutes is None:
        return out
    beyond = int(np.count_nonzero((reasons == 0) & (travel.minutes[0] > max_minutes)))
    if not beyond:
        return out
    by_reason = sorted([*out.by_reason, (TRAVEL_FILTER, beyond)], key=lambda item: -item[1])
    return Exclusions(out.n_excluded + beyond, tuple(by_reason))


def excluded_candidates(
    index: MatchIndex, wp_pos: int, *, eligible: Mask | None = None, policy: Policy = DEFAULT_POLICY
) -> Exclusions:
    """Why the eligible candidates that are not suggested for this workplace are out.

    Parameters
    ----------
    index : MatchIndex
    wp_pos : int
    eligible : ndarray of bool, optional
    policy : Policy

    Returns
    -------
    Exclusions
    """
    rows = _positions(eligible, len(index.candidates.ids))
    cols = np.array([wp_pos], dtype=np.int64)
    return count_reasons(hard_reasons(index, rows, cols, policy, workplace_levels(index, cols)))


def suggest_workplaces(
    index: MatchIndex,
    cand_pos: int,
    limit: int,
    *,
    eligible: Mask | None = None,
    max_minutes: float | None = None,
    weights: WeightProfile = DEFAULT_WEIGHTS,
    policy: Policy = DEFAULT_POLICY,
) -> Suggested:
    """The ``limit`` best eligible workplaces for one candidate, explained.

    Parameters
    ----------
    index : MatchIndex
    cand_pos : int
    limit : int
    eligible : ndarray of bool, shape (n_workplaces,), optional
    max_minutes : float, optional
        Travel-time filter (see :func:`rank_for_candidate`).
    weights : WeightProfile
    policy : Policy

    Returns
    -------
    Suggested
    """
    ranking = rank_for_candidate(
        index, cand_pos, limit, weights=weights, policy=policy, eligible=eligible,
        max_minutes=max_minutes,
    )  # fmt: skip
    positions = ranking.positions.tolist()
    whys = explain_block(index, [cand_pos], positions, policy, weights)[0] if positions else []
    excluded = excluded_workplaces(
        index, cand_pos, eligible=eligible, max_minutes=max_minutes, policy=policy
    )
    return Suggested(ranking, tuple(whys), excluded)


def suggest_candidates(
    index: MatchIndex,
    wp_pos: int,
    limit: int,
    *,
    eligible: Mask | None = None,
    counted: Mask | None = None,
    held_back: Mask | None = None,
    held_k: int = 0,
    weights: WeightProfile = DEFAULT_WEIGHTS,
    policy: Policy = DEFAULT_POLICY,
) -> Suggested:
    """The ``limit`` best eligible candidates for one workplace, explained.

    Parameters
    ----------
    index : MatchIndex
    wp_pos : int
    limit : int
    eligible, counted, held_back : ndarray of bool, shape (n_candidates,), optional
        See :func:`rank_for_workplace`.
    held_k : int
    weights : WeightProfile
    policy : Policy

    Returns
    -------
    Suggested
    """
    ranking = rank_for_workplace(
        index, wp_pos, limit, weights=weights, policy=policy, eligible=eligible,
        counted=counted, held_back=held_back, held_k=held_k,
    )  # fmt: skip
    positions = ranking.positions.tolist()
    whys = explain_block(index, positions, [wp_pos], policy, weights) if positions else []
    among = counted if counted is not None else eligible
    excluded = excluded_candidates(index, wp_pos, eligible=among, policy=policy)
    return Suggested(ranking, tuple(row[0] for row in whys), excluded)
