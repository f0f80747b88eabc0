"""The slow path: every raw factor score and every failed constraint of a small block.

Used for explanations and tests. It shares the travel, hours, interest and sustainability
functions with the fast path and reads the same lookup tables, so the weighted sum of its
components equals the fast total up to float32 rounding of the summation order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matching.arrays import MatchIndex
from matching.constraints import hours_window
from matching.core import (
    hours_score,
    interest_scores,
    internships,
    travel_score,
)
from matching.exclusions import WL as WL
from matching.exclusions import block_travel, hard_reasons
from matching.exclusions import workplace_levels as workplace_levels
from matching.factors import (
    CUSTOMER_CONTACT,
    PHYSICAL,
    SKILL_BY_WISH,
    STIMULUS,
    STRUCTURE_BY_WISH,
    SUPERVISION,
    TIME_PRESSURE,
    wish_rows,
)
from matching.profiles import Policy
from matching.sustain import INTERNSHIP_BONUS
from matching.travel import MODE_PARAMS, effective_km, usable_modes
from matching.vocab import LEVEL_COLUMN
from matching.weights import FACTOR_INDEX, FACTORS

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]
MODES = tuple(MODE_PARAMS)


@dataclass(frozen=True)
class PairDetails:
    """Raw factor scores, reasons and the facts behind them, shape (n, m) unless noted."""

    components: F32  # (n, m, len(FACTORS))
    reasons: npt.NDArray[np.uint16]
    minutes: F32
    mode: I64  # index into MODES of the fastest usable mode, -1 when none
    overlap: F32
    buildup: npt.NDArray[np.bool_]
    internship: npt.NDArray[np.bool_]
    workplace_levels: I64  # (m, 9): see workplace_levels(), columns named by WL


def pair_details(index: MatchIndex, rows: I64, cols: I64, policy: Policy) -> PairDetails:
    """Compute all raw factors and failed constraints for a block (no pruning).

    Parameters
    ----------
    index : MatchIndex
    rows, cols : ndarray of int
        Candidate and workplace positions.
    policy : Policy

    Returns
    -------
    PairDetails
    """
    ci, wi = index.candidates, index.workplaces
    n, m = len(rows), len(cols)
    cl = {f: (ci.levels[rows, col] - 1)[:, None] for f, col in LEVEL_COLUMN.items()}  # 0-based
    wl = workplace_levels(index, cols)
    at = {f: wl[None, :, col] for f, col in WL.items()}
    comp = np.zeros((n, m, len(FACTORS)), dtype=np.float32)

    def cut(name: str, value: npt.NDArray[np.float32]) -> None:
        comp[:, :, FACTOR_INDEX[name]] = value

    for name, table in (("stimulus", STIMULUS), ("time_pressure", TIME_PRESSURE),
                        ("customer_contact", CUSTOMER_CONTACT),
                        ("physical", PHYSICAL)):  # fmt: skip
        cut(name, table[cl[name], at[name] - 1])
    cut("supervision", SUPERVISION[cl["supervision"], at["supervision"] - 1, at["support"]])
    strict = ci.strict_bits[rows][:, None]
    structure_row = wish_rows(cl["structure"], strict)
    cut("structure", STRUCTURE_BY_WISH[structure_row, at["structure"] - 1])
    cut("skill", SKILL_BY_WISH[wish_rows(cl["skill"], strict), at["skill_step"]])

    reach = block_travel(index, rows, cols)
    minutes = reach.minutes
    travel, _ = travel_score(minutes, ci.max_minutes[rows][:, None], wi.arranged[cols][None, :])
    cut("travel", travel)
    mode = _fastest_mode(index, rows, cols, effective_km(reach.d2_km2), minutes)

    margin = float(policy.buildup_margin_hours_per_week)
    cmin, cmax = ci.hours_min[rows][:, None], ci.hours_max[rows][:, None]
    wmin, wmax = wi.hours_min[cols][None, :], wi.hours_max[cols][None, :]
    overlap, normal, buildup = hours_window(
        cmin, cmax, ci.gradual[rows][:, None], wmin, wmax, margin
    )
    cut("hours", hours_score(overlap, normal, buildup, wmin - cmax, margin))

    cut("interests", interest_scores(index, rows, cols))
    intern = internships(index, rows, cols)
    cut("sustainability", np.minimum(wi.sustain[cols] + np.float32(INTERNSHIP_BONUS) * intern, 1))

    reasons = hard_reasons(index, rows, cols, policy, wl, reach)
    return PairDetails(
        components=comp,
        reasons=reasons,
        minutes=minutes,
        mode=mode,
        overlap=overlap,
        buildup=buildup & ~normal,
        internship=intern > 0,
        workplace_levels=wl,
    )


def _fastest_mode(index: MatchIndex, rows: I64, cols: I64, km: F32, minutes: F32) -> I64:
    """Index of the first mode (in MODES order) that achieves the fastest minutes."""
    wi = index.workplaces
    mode = np.full(minutes.shape, -1, dtype=np.int64)
    for r, pos in enumerate(rows):
        usable = usable_modes(index.candidates.profiles[pos])
        for k in reversed(range(len(MODES))):
            name = MODES[k]
            if name not in usable:
                continue
            overhead, speed = MODE_PARAMS[name]
            mins = np.float32(overhead) + km[r] * np.float32(60.0 / speed)
            if name == "public_transport":
                mins = mins + wi.pt_block[cols]
            mode[r] = np.where(np.isfinite(minutes[r]) & (mins <= minutes[r]), k, mode[r])
    return mode
