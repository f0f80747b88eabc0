"""Suggestions as a page needs them: the filtered top ``limit``, explained, plus counts.

One call per page: the caller's filters go in as eligibility masks, the ranking prunes on
them, and only the pairs shown are explained (in one scoring pass).
"""

from __future__ import annotations

from dataclasses import dataclass

from matching.arrays import MatchIndex
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
    """

    ranking: Ranking
    explanations: tuple[Explanation, ...]


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
    return Suggested(ranking, tuple(whys))


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
    return Suggested(ranking, tuple(row[0] for row in whys))
