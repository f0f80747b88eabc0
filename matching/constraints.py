"""Hard constraints: reason codes and the shared checks used by the fast and the slow path.

A pair that fails any hard constraint is never ranked, never assigned and scores 0. The fast
path (``scoring``) only needs "feasible or not" and prunes as early as it can; the slow path
here returns a bit mask of every failed constraint for explanations.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

F32 = npt.NDArray[np.float32]
BOOL = npt.NDArray[np.bool_]

REASON_CODES: tuple[str, ...] = (
    "travel_too_far",
    "hours_no_overlap",
    "physical_over_capacity",
    "certificate_missing",
    "licence_missing",
    "startkwalificatie_missing",
    "loonwaarde_below_minimum",
    "strict_stimulus",
    "strict_structure",
    "strict_supervision",
    "strict_time_pressure",
    "strict_customer_contact",
    "beschut_indication_missing",
    "strict_challenge",
)
REASON_BIT = {code: 1 << i for i, code in enumerate(REASON_CODES)}


def decode_reasons(mask: int) -> list[str]:
    """Reason codes set in a bit mask, in :data:`REASON_CODES` order.

    Parameters
    ----------
    mask : int
        A value from ``BlockScores.reasons``.

    Returns
    -------
    list of str
    """
    return [code for i, code in enumerate(REASON_CODES) if int(mask) >> i & 1]


def hours_window(
    cand_min: F32, cand_max: F32, gradual: BOOL, wp_min: F32, wp_max: F32, margin: float
) -> tuple[F32, BOOL, BOOL]:
    """Overlap of hour ranges and the build-up (ingroeien) exception.

    Parameters
    ----------
    cand_min, cand_max, gradual : ndarray
        Candidate hours and build-up need, broadcastable against the workplace arrays.
    wp_min, wp_max : ndarray
        Workplace hours.
    margin : float
        ``Policy.buildup_margin_hours_per_week``.

    Returns
    -------
    overlap : ndarray of float32
        Hours of room to agree on (negative when the ranges do not touch).
    normal : ndarray of bool
        The ranges overlap (touching counts: 16-24 and 24-32 agree on 24 hours).
    buildup : ndarray of bool
        No overlap, but the workplace minimum is at most ``margin`` hours above the maximum of a
        candidate who needs a gradual build-up.
    """
    overlap = np.minimum(cand_max, wp_max) - np.maximum(cand_min, wp_min)
    normal = overlap >= 0
    gap = wp_min - cand_max
    buildup = gradual & (gap > 0) & (gap <= np.float32(margin))
    return overlap, normal, buildup


def missing_requirements(
    has_bits: npt.NDArray[np.uint64], req_bits: npt.NDArray[np.uint64], names: Sequence[str]
) -> list[str]:
    """Names of the requirements one workplace has and one candidate lacks.

    Parameters
    ----------
    has_bits, req_bits : ndarray of uint64, shape (words,)
    names : sequence of str
        ``WorkplaceArrays.requirement_names``.

    Returns
    -------
    list of str
    """
    out = []
    for bit, name in enumerate(names):
        word, shift = divmod(bit, 64)
        mask = np.uint64(1) << np.uint64(shift)
        if (req_bits[word] & mask) and not (has_bits[word] & mask):
            out.append(name)
    return out
