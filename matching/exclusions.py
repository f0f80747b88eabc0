"""Why pairs are out: every failed hard constraint of a block, and counts per reason.

``hard_reasons`` is the one place the hard constraints are spelled out as a bit mask per pair
(``pair_details`` uses it for explanations). It computes no factor scores, so one candidate
against every workplace, or one workplace against every candidate, stays a few vectorised
passes: cheap enough to answer "why not" next to every suggestion list.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matching.arrays import MatchIndex
from matching.build import BESCHUT_INDICATION, LICENCE, STARTKWALIFICATIE
from matching.constraints import REASON_BIT, REASON_CODES, hours_window
from matching.core import travel_minutes, travel_score
from matching.factors import STRICT_OVER, SUPERVISION_SHORT, TOO_SIMPLE
from matching.profiles import Policy
from matching.vocab import LEVEL_COLUMN, NEED_NAMES, STRICT_BIT

I64 = npt.NDArray[np.int64]
F32 = npt.NDArray[np.float32]
U16 = npt.NDArray[np.uint16]
Mask = npt.NDArray[np.bool_]
REQUIREMENT_CODES = {
    LICENCE: "licence_missing",
    STARTKWALIFICATIE: "startkwalificatie_missing",
    BESCHUT_INDICATION: "beschut_indication_missing",
}


# Columns of workplace_levels() by name.
WL = {
    "stimulus": 0,
    "structure": 1,
    "supervision": 2,
    "time_pressure": 3,
    "customer_contact": 4,
    "physical": 5,
    "support": 6,
    "skill_step": 7,
    "skill_x4": 8,
}


def workplace_levels(index: MatchIndex, cols: I64) -> I64:
    """Effective workplace levels decoded from the lookup codes.

    Returns
    -------
    ndarray of int, shape (m, 9)
        stimulus, structure, supervision, time pressure, customer contact, physical maximum
        (1..5), support count (0..3), skill step (0..16), skill level x 4.
    """
    a, b = index.workplaces.code_a[cols], index.workplaces.code_b[cols]
    return np.stack(
        [
            a % 5 + 1,
            a // 5 % 5 + 1,
            b % 5 + 1,
            a // 25 % 5 + 1,
            a // 125 + 1,
            b // 20 % 5 + 1,
            b // 5 % 4,
            b // 100,
            4 + b // 100,
        ],
        axis=1,
    ).astype(np.int64)


@dataclass(frozen=True)
class Travel:
    """Squared straight-line distance, door-to-door minutes and reach of each pair."""

    d2_km2: F32
    minutes: F32
    reachable: Mask


def block_travel(index: MatchIndex, rows: I64, cols: I64) -> Travel:
    """Fastest minutes over the candidate's modes, and reach (own limit or arranged transport).

    Parameters
    ----------
    index : MatchIndex
    rows, cols : ndarray of int
        Candidate and workplace positions.

    Returns
    -------
    Travel
    """
    ci, wi = index.candidates, index.workplaces
    dx = ci.x_km[rows][:, None] - wi.x_km[cols][None, :]
    dy = ci.y_km[rows][:, None] - wi.y_km[cols][None, :]
    d2 = dx * dx + dy * dy
    minutes = travel_minutes(ci.slots[rows][:, None, :], d2, wi.pt_block[cols][None, :])
    _, reachable = travel_score(minutes, ci.max_minutes[rows][:, None], wi.arranged[cols][None, :])
    return Travel(d2, minutes, reachable)


def hard_reasons(
    index: MatchIndex,
    rows: I64,
    cols: I64,
    policy: Policy,
    levels: I64,
    travel: Travel | None = None,
) -> U16:
    """Bit mask of every failed hard constraint per pair (see ``decode_reasons``).

    Parameters
    ----------
    index : MatchIndex
    rows, cols : ndarray of int
        Candidate and workplace positions.
    policy : Policy
        Supplies the build-up margin for hours.
    levels : ndarray of int, shape (m, 9)
        The workplaces' levels (``workplace_levels(index, cols)``), columns named by ``WL``.
    travel : Travel, optional
        Already computed for this block.

    Returns
    -------
    ndarray of uint16, shape (n, m)
    """
    ci, wi = index.candidates, index.workplaces
    own = ci.levels[rows] - 1  # one gather; the factors below are views of it (0-based)
    cl = {f: own[:, col, None] for f, col in LEVEL_COLUMN.items()}
    at = {f: levels[None, :, col] for f, col in WL.items()}
    reasons = np.zeros((len(rows), len(cols)), dtype=np.uint16)

    def add(code: str, failed: Mask) -> None:
        # bool x uint16 stays uint16: 5 µs per constraint at 20,000 pairs, where
        # np.where(...).astype() took 84 µs.
        np.bitwise_or(reasons, failed * np.uint16(REASON_BIT[code]), out=reasons)

    strict = ci.strict_bits[rows][:, None]
    for need in NEED_NAMES:
        if need == "supervision":
            over = SUPERVISION_SHORT[cl[need], at[need] - 1, at["support"]]
        elif need == "challenge":
            over = TOO_SIMPLE[cl["skill"], at["skill_step"]]
        else:
            over = STRICT_OVER[need][cl[need], at[need] - 1]
        add(f"strict_{need}", (strict & STRICT_BIT[need]).astype(bool) & over)
    add("physical_over_capacity", at["physical"] > cl["physical"] + 1)

    reach = travel if travel is not None else block_travel(index, rows, cols)
    add("travel_too_far", ~reach.reachable)

    margin = float(policy.buildup_margin_hours_per_week)
    _, normal, buildup = hours_window(
        ci.hours_min[rows][:, None],
        ci.hours_max[rows][:, None],
        ci.gradual[rows][:, None],
        wi.hours_min[cols][None, :],
        wi.hours_max[cols][None, :],
        margin,
    )
    add("hours_no_overlap", ~(normal | buildup))

    for bit, name in enumerate(wi.requirement_names):
        word, mask = bit // 64, np.uint64(1) << np.uint64(bit % 64)
        required = (wi.req_bits[cols, word] & mask) != 0
        if not required.any():  # e.g. one workplace's suggestions: most names do not apply
            continue
        lacks = required[None, :] & ((ci.has_bits[rows, word] & mask) == 0)[:, None]
        add(REQUIREMENT_CODES.get(name, "certificate_missing"), lacks)
    add("loonwaarde_below_minimum", wi.min_loonwaarde[cols][None, :] > ci.loonwaarde[rows][:, None])
    return reasons


@dataclass(frozen=True)
class Exclusions:
    """Pairs left out by hard constraints, counted per reason.

    Attributes
    ----------
    n_excluded : int
        Pairs that fail at least one hard constraint.
    by_reason : tuple of (str, int)
        Reason code and how many excluded pairs fail it, most frequent first (ties in
        ``REASON_CODES`` order). A pair failing several constraints counts under each, so the
        counts can add up to more than ``n_excluded``.
    """

    n_excluded: int
    by_reason: tuple[tuple[str, int], ...]


def count_reasons(reasons: U16) -> Exclusions:
    """Counts per reason code of a bit-mask array (any shape).

    Parameters
    ----------
    reasons : ndarray of uint16

    Returns
    -------
    Exclusions
    """
    flat = np.asarray(reasons, dtype=np.uint16).reshape(-1)
    counts = [
        (code, int(np.count_nonzero(flat & np.uint16(REASON_BIT[code])))) for code in REASON_CODES
    ]
    ordered = sorted(
        ((c, n) for c, n in counts if n), key=lambda item: (-item[1], REASON_CODES.index(item[0]))
    )
    return Exclusions(int(np.count_nonzero(flat)), tuple(ordered))
