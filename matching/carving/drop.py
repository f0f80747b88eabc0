"""Which task would have to go for an existing job to fit this candidate?

The engine averages a workplace's tasks into one profile and takes the heaviest load of any
task, so one heavy one-hour task can make a whole job infeasible. Here the engine scores the
job with candidate task sets removed (fewest hours removed first), and the smallest change
that makes it fit is the advice. Every variant is an ordinary workplace profile scored by
:func:`matching.score_block`; nothing about the scoring is re-implemented.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from itertools import combinations
from typing import cast

from matching import (
    DEFAULT_POLICY,
    DEFAULT_WEIGHTS,
    CandidateProfile,
    Policy,
    WeightProfile,
    WorkplaceProfile,
    build_index,
    explain_block,
    score_block,
)
from matching.carving.explain import hours_text

MAX_VARIANTS = 2500


@dataclass(frozen=True)
class DropAdvice:
    """The answer for one candidate and one existing job."""

    workplace_id: int
    fits_as_is: bool
    score_as_is: float
    possible: bool  # fits as is, or fits after dropping ``drop``
    drop_positions: tuple[int, ...]
    drop_names: tuple[str, ...]
    hours_dropped: float
    score_after: float | None
    sentences: tuple[str, ...]


def without(wp: WorkplaceProfile, positions: tuple[int, ...], new_id: int) -> WorkplaceProfile:
    """``wp`` with the tasks at ``positions`` removed and its hours lowered by theirs."""
    out = copy.deepcopy(wp)
    removed = sum(float(wp["tasks"][p]["hours_per_week"]) for p in positions)
    out["tasks"] = [t for k, t in enumerate(wp["tasks"]) if k not in positions]
    low = max(0, round(wp["hours_per_week_min"] - removed))
    out["hours_per_week_min"] = low
    out["hours_per_week_max"] = max(low, round(wp["hours_per_week_max"] - removed))
    out["id"] = new_id
    return out


def _drop_sets(n_tasks: int, max_drop: int) -> list[tuple[int, ...]]:
    sets: list[tuple[int, ...]] = []
    for size in range(1, min(max_drop, n_tasks - 1) + 1):
        sets += list(combinations(range(n_tasks), size))
        if len(sets) > MAX_VARIANTS:
            return sets[:MAX_VARIANTS]
    return sets


def tasks_to_drop(
    candidate: CandidateProfile,
    workplace: WorkplaceProfile,
    policy: Policy = DEFAULT_POLICY,
    weights: WeightProfile = DEFAULT_WEIGHTS,
    *,
    max_drop: int = 3,
) -> DropAdvice:
    """The fewest task hours to drop from ``workplace`` so that it fits ``candidate``.

    Parameters
    ----------
    candidate : CandidateProfile
    workplace : WorkplaceProfile
    policy, weights
    max_drop : int
        Most tasks dropped at once (never all of them).

    Returns
    -------
    DropAdvice
    """
    sets = _drop_sets(len(workplace["tasks"]), max_drop)
    variants = [workplace] + [without(workplace, s, k + 1) for k, s in enumerate(sets)]
    variants[0] = cast(WorkplaceProfile, {**workplace, "id": 0})
    index = build_index([candidate], variants)
    block = score_block(index, policy, weights)
    as_is = float(block.scores[0, 0])
    if block.feasible[0, 0]:
        text = f"Deze functie past zoals hij is (score {as_is:.2f})."
        return DropAdvice(workplace["id"], True, as_is, True, (), (), 0.0, as_is, (text,))
    why_not = explain_block(index, [0], [0], policy, weights)[0][0]
    parts = [f.sentence.replace(". (", " (").rstrip(".") for f in why_not.failures]
    problem = "; ".join(p[0].lower() + p[1:] for p in parts if p) or "past niet"
    best: tuple[float, float, int] | None = None
    for k, positions in enumerate(sets, start=1):
        if not block.feasible[0, k]:
            continue
        hours = sum(float(workplace["tasks"][p]["hours_per_week"]) for p in positions)
        key = (hours, -float(block.scores[0, k]), k)
        if best is None or key < best:
            best = key
    if best is None:
        text = (
            f"Deze functie past nu niet ({problem}). Ook zonder een of meer taken "
            f"(tot {max_drop}) past hij niet."
        )
        return DropAdvice(workplace["id"], False, 0.0, False, (), (), 0.0, None, (text,))
    hours, neg_score, k = best
    positions = sets[k - 1]
    names = tuple(workplace["tasks"][p]["name"] for p in positions)
    listed = " en ".join(f"'{n}'" for n in names)
    sentences = (
        f"Deze functie past nu niet: {problem}.",
        f"Zonder {listed} ({hours_text(hours)} per week) past hij wel: "
        f"score {-neg_score:.2f}, {variants[k]['hours_per_week_min']} tot "
        f"{variants[k]['hours_per_week_max']} uur per week.",
        "Bespreek met de werkgever wie die taak dan doet; de rest van de functie blijft gelijk.",
    )
    return DropAdvice(
        workplace["id"], False, 0.0, True, positions, names, hours, -neg_score, sentences
    )
