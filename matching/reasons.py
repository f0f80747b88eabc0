"""Which reasons a jobhunter reads first, and which they never read side by side.

Reasons against are ordered by severity, not by weighted points: a hard failure, a factor near
0 or a factor a risk names is what decides a placement, while the sustainability line only sums
up weak signals. A reason for may not praise a factor that a failure or a risk warns about.
See docs/decisions/140-honest-explanations.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matching import sentences

FOR_MIN, AGAINST_MAX, TOP_REASONS = 0.75, sentences.WEAK, 3
# A factor scored below this is always a reason against, however little it weighs.
NEAR_ZERO = 0.2
# Its "against" sentence sums up weak signals (no internship, no permanent contract...); it is
# never specific, so it comes after every specific reason.
GENERIC = "sustainability"


@dataclass(frozen=True)
class FactorPart:
    """One factor of the breakdown; ``contribution`` = weight × raw, rounded (see explain)."""

    factor: str
    raw: float
    weight: float
    contribution: float
    sentence: str
    concern: bool = False


@dataclass(frozen=True)
class HardFailure:
    """A failed hard constraint with its reason code and a Dutch sentence."""

    code: str
    sentence: str


def order_reasons(
    parts: Sequence[FactorPart],
    failures: Sequence[HardFailure],
    risks: Sequence[sentences.Risk],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Reasons for and against, most telling first; never two opposite words on one factor.

    A reason for needs a high score *and* words that say so, and its factor may not be named
    by a hard failure or a risk. Reasons against, after the hard failures: every factor near 0
    and every factor a risk names (by weighted loss), then the other concerns until there are
    :data:`TOP_REASONS`, the generic sustainability line last.
    """
    weighted = [p for p in parts if p.weight > 0]
    flagged = {r.factor for r in risks} | {sentences.FAILURE_FACTOR.get(f.code) for f in failures}
    pros = sorted(
        (p for p in weighted if p.raw >= FOR_MIN and not p.concern and p.factor not in flagged),
        key=lambda p: -p.weight * p.raw,
    )
    # A concern is a reason against even when its score is still fair (mild under-challenge,
    # build-up hours).
    cons = [p for p in weighted if p.raw < AGAINST_MAX or p.concern]

    def severe(p: FactorPart) -> bool:
        return p.raw < NEAR_ZERO or p.factor in flagged

    ordered = sorted(
        cons, key=lambda p: (p.factor == GENERIC, not severe(p), -p.weight * (1 - p.raw))
    )
    n_severe = sum(severe(p) for p in ordered)
    kept = [
        p
        for rank, p in enumerate(ordered)
        if rank < max(TOP_REASONS, n_severe) or p.raw < NEAR_ZERO
    ]
    return tuple(p.sentence for p in pros[:TOP_REASONS]), tuple(p.sentence for p in kept)
