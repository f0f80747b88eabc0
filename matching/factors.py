"""Factor semantics: every factor maps a (candidate, workplace) pair to a raw score in [0, 1].

Environment factors compare the candidate's tolerance or need with the workplace on the same
1..5 scale. Over-demand (the workplace asks more than the candidate can give, or offers less
than they need) costs ``OVER_PENALTY`` per level; under-challenge (a calmer, more rigid or
simpler place than the candidate wants) costs a smaller, factor-specific amount per level,
because a boring place also leads to dropout (DOMAIN.md §4). More supervision than needed costs
nothing, so offering support never lowers a score. A candidate who wants to develop
(``needs_challenge``) pays for skill under-challenge as much as for over-demand, and with the
strict need ``challenge`` work more than ``CHALLENGE_FAR_LEVELS`` below their skill is out.

The level-based factors live in small lookup tables indexed ``[candidate_level - 1,
workplace_level - 1]``. Per candidate, the engine folds the weighted tables into two combined
tables (``env_tables``) indexed by a per-workplace code, so the hot path pays one gather per
table instead of one computation per factor. Hard constraints are folded in as a large negative
sentinel.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from matching.vocab import LEVEL_COLUMN, STRICT_BIT, WANTS_CHALLENGE_BIT
from matching.weights import by_name

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]

OVER_PENALTY = 0.35
SKILL_OVER_PENALTY = 0.30
UNDER_PENALTY = {
    "stimulus": 0.08,
    "structure": 0.10,
    "time_pressure": 0.06,
    "customer_contact": 0.06,
    "skill": 0.12,
}
SUPPORT_STEP = 0.5  # each of mentor / jobcoach welcome / trained colleague adds half a level
PHYSICAL_AT_LIMIT = 0.8
SKILL_STEPS = 17  # workplace skill rounded to quarter levels 1.00, 1.25, ..., 5.00
CHALLENGE_FAR_LEVELS = 1.0  # strict challenge: work more than this below the skill is out
NEG = np.float32(-1.0e4)  # sentinel for a hard-constraint failure inside a lookup table

# Travel, hours and sustainability parameters (documented in docs/decisions/010).
TRAVEL_SPAN = 0.8  # score falls from 1 at 0 minutes to 0.2 at the candidate's maximum
ARRANGED_TRAVEL_SCORE = 0.75
HOURS_BASE = 0.8
HOURS_PER_SPARE_HOUR = 0.05  # up to 4 hours of room to agree on adds 0.2
BUILDUP_HIGH, BUILDUP_SPAN = 0.5, 0.3


def _gap_table(over: float, under: float, needs_more_is_over: bool) -> F32:
    cand = np.arange(1, 6, dtype=np.float64)[:, None]
    work = np.arange(1, 6, dtype=np.float64)[None, :]
    # "demand" is how far the workplace exceeds what the candidate tolerates.
    demand = (cand - work) if needs_more_is_over else (work - cand)
    table = 1.0 - over * np.maximum(demand, 0.0) - under * np.maximum(-demand, 0.0)
    return np.clip(table, 0.0, 1.0).astype(np.float32)


# Tolerances: the workplace level above the tolerance is over-demand.
STIMULUS = _gap_table(OVER_PENALTY, UNDER_PENALTY["stimulus"], needs_more_is_over=False)
TIME_PRESSURE = _gap_table(OVER_PENALTY, UNDER_PENALTY["time_pressure"], False)
CUSTOMER_CONTACT = _gap_table(OVER_PENALTY, UNDER_PENALTY["customer_contact"], False)
# Needs: the workplace offering less than needed is over-demand.
STRUCTURE = _gap_table(OVER_PENALTY, UNDER_PENALTY["structure"], needs_more_is_over=True)
# Rows 5..9 for a candidate who wants to develop: far more fixed routine than they need (no
# room for autonomy) costs as much as too little structure.
STRUCTURE_BY_WISH = np.concatenate(
    [STRUCTURE, _gap_table(OVER_PENALTY, OVER_PENALTY, needs_more_is_over=True)]
)


def supervision_table() -> F32:
    """Raw supervision score, shape (need 5, offered 5, support count 4)."""
    need = np.arange(1, 6, dtype=np.float64)[:, None, None]
    offered = np.arange(1, 6, dtype=np.float64)[None, :, None]
    support = np.arange(4, dtype=np.float64)[None, None, :]
    gap = need - np.minimum(offered + SUPPORT_STEP * support, 5.0)
    return np.clip(1.0 - OVER_PENALTY * np.maximum(gap, 0.0), 0.0, 1.0).astype(np.float32)


def physical_table() -> F32:
    """Raw physical score, shape (capacity 5, demand 5); over capacity scores 0 (hard)."""
    cap = np.arange(1, 6)[:, None]
    demand = np.arange(1, 6)[None, :]
    table = np.where(demand < cap, 1.0, np.where(demand == cap, PHYSICAL_AT_LIMIT, 0.0))
    return table.astype(np.float32)


def skill_table(under_penalty: float = UNDER_PENALTY["skill"]) -> F32:
    """Raw challenge fit, shape (candidate skill 5, workplace skill step 17)."""
    cand = np.arange(1, 6, dtype=np.float64)[:, None]
    work = 1.0 + 0.25 * np.arange(SKILL_STEPS, dtype=np.float64)[None, :]
    over = np.maximum(work - cand, 0.0)
    under = np.maximum(cand - work, 0.0)
    table = 1.0 - SKILL_OVER_PENALTY * over - under_penalty * under
    return np.clip(table, 0.0, 1.0).astype(np.float32)


def wish_rows(levels: I64, bits: I64 | int) -> I64:
    """Row of :data:`SKILL_BY_WISH` or :data:`STRUCTURE_BY_WISH` per candidate: the zero-based
    level, +5 when they want challenge.

    Parameters
    ----------
    levels : ndarray of int
        Zero-based candidate skill (or structure) levels (0..4).
    bits : ndarray of int or int
        The candidates' strict bits (``WANTS_CHALLENGE_BIT`` marks the wish).
    """
    return levels + 5 * ((np.asarray(bits) & WANTS_CHALLENGE_BIT) != 0)


SUPERVISION = supervision_table()
PHYSICAL = physical_table()
SKILL = skill_table()
# Rows 0..4: no wish for challenge; rows 5..9: wants to develop (under-challenge like over-demand).
SKILL_BY_WISH = np.concatenate([SKILL, skill_table(SKILL_OVER_PENALTY)])
# Strict challenge: workplace skill step far below the candidate's skill, shape (5, 17).
TOO_SIMPLE = (1.0 + 0.25 * np.arange(SKILL_STEPS))[None, :] < (
    np.arange(1, 6)[:, None] - CHALLENGE_FAR_LEVELS
)

# Which over-demand cells break a strict need: tolerance/need index vs workplace index.
_LEVELS = np.arange(1, 6)
STRICT_OVER = {
    "stimulus": _LEVELS[None, :] > _LEVELS[:, None],
    "time_pressure": _LEVELS[None, :] > _LEVELS[:, None],
    "customer_contact": _LEVELS[None, :] > _LEVELS[:, None],
    "structure": _LEVELS[None, :] < _LEVELS[:, None],
}
SUPERVISION_SHORT = _LEVELS[:, None, None] > np.minimum(
    _LEVELS[None, :, None] + SUPPORT_STEP * np.arange(4)[None, None, :], 5.0
)


def code_a(stimulus: I64, structure: I64, time_pressure: I64, customer: I64) -> I64:
    """Workplace code for table A (levels 1..5 each); 625 values."""
    return (stimulus - 1) + 5 * (structure - 1) + 25 * (time_pressure - 1) + 125 * (customer - 1)


def code_b(supervision: I64, support: I64, physical: I64, skill_step: I64) -> I64:
    """Workplace code for table B; 5 * 4 * 5 * 17 = 1700 values."""
    return (supervision - 1) + 5 * support + 20 * (physical - 1) + 100 * skill_step


# Decoded levels of every table code (see code_a / code_b), zero-based.
_A = np.arange(625)
A_STIM, A_STRUCT, A_PRESS, A_CUST = _A % 5, _A // 5 % 5, _A // 25 % 5, _A // 125
_B = np.arange(1700)
B_SUP, B_SUPPORT, B_PHYS, B_SKILL = _B % 5, _B // 5 % 4, _B // 20 % 5, _B // 100
# Hard-failure masks per candidate level (row) over the table codes (columns).
STRICT_A = {
    "stimulus": STRICT_OVER["stimulus"][:, A_STIM],
    "structure": STRICT_OVER["structure"][:, A_STRUCT],
    "time_pressure": STRICT_OVER["time_pressure"][:, A_PRESS],
    "customer_contact": STRICT_OVER["customer_contact"][:, A_CUST],
}
STRICT_SUPERVISION_B = SUPERVISION_SHORT[:, B_SUP, B_SUPPORT]
OVER_CAPACITY_B = (_LEVELS[None, :] > _LEVELS[:, None])[:, B_PHYS]
TOO_SIMPLE_B = TOO_SIMPLE[:, B_SKILL]


def env_tables(levels: I64, strict_bits: I64, w: F32) -> tuple[F32, F32]:
    """Weighted combined lookup tables for a block of candidates.

    Parameters
    ----------
    levels : ndarray of int, shape (n, 7)
        Candidate stimulus, structure, supervision, time pressure, customer contact, physical,
        skill levels (1..5).
    strict_bits : ndarray of int, shape (n,)
        Bit i set when ``NEED_NAMES[i]`` is strict; ``WANTS_CHALLENGE_BIT`` for the wish.
    w : ndarray of float32, shape (11,)
        Normalised weights in ``FACTORS`` order.

    Returns
    -------
    table_a : ndarray of float32, shape (n, 625)
        Stimulus, structure, time pressure and customer contact, indexed by ``code_a``.
    table_b : ndarray of float32, shape (n, 1700)
        Supervision, physical and skill, indexed by ``code_b``; failures hold :data:`NEG`.
    """
    lv = levels - 1
    n = len(lv)
    wt = by_name(w)
    lv_of = {name: lv[:, col] for name, col in LEVEL_COLUMN.items()}
    # Outer sums in code order (customer, pressure, structure, stimulus from slow to fast axis);
    # the additions happen in the same order as in env_tables_one, so the floats are identical.
    pair = (wt["stimulus"] * STIMULUS[lv_of["stimulus"]])[:, None, :]
    structure = STRUCTURE_BY_WISH[wish_rows(lv_of["structure"], strict_bits)]
    pair = pair + (wt["structure"] * structure)[:, :, None]
    triple = (
        pair[:, None]
        + (wt["time_pressure"] * TIME_PRESSURE[lv_of["time_pressure"]])[:, :, None, None]
    )
    table_a = (
        triple[:, None]
        + (wt["customer_contact"] * CUSTOMER_CONTACT[lv_of["customer_contact"]])[
            :, :, None, None, None
        ]
    )
    table_a = table_a.reshape(n, 625)
    for name in STRICT_A:
        strict = np.flatnonzero(strict_bits & STRICT_BIT[name])
        if strict.size:
            bad = STRICT_A[name][lv_of[name][strict]]
            table_a[strict] = np.where(bad, NEG, table_a[strict])
    base = (wt["skill"] * SKILL_BY_WISH[wish_rows(lv_of["skill"], strict_bits)])[:, :, None]
    base = base + (wt["physical"] * PHYSICAL[lv_of["physical"]])[:, None, :]
    # (n, support 4, offered 5)
    support = (wt["supervision"] * SUPERVISION[lv_of["supervision"]]).transpose(0, 2, 1)
    # (n, skill x physical 85, support x offered 20): long inner loops, same sums as code_b.
    table_b = base.reshape(n, 85, 1) + support.reshape(n, 1, 20)
    over_capacity = _LEVELS[None, :] > _LEVELS[lv_of["physical"], None]
    bad = over_capacity[:, None, :, None]
    strict_sup = np.flatnonzero(strict_bits & STRICT_BIT["supervision"])
    if strict_sup.size:
        short = np.zeros((n, 1, 1, 20), dtype=bool)
        short[strict_sup, 0, 0] = (
            SUPERVISION_SHORT[lv_of["supervision"][strict_sup]].transpose(0, 2, 1).reshape(-1, 20)
        )
        bad = bad | short
    strict_challenge = np.flatnonzero(strict_bits & STRICT_BIT["challenge"])
    if strict_challenge.size:
        simple = np.zeros((n, 17, 1, 1), dtype=bool)
        simple[strict_challenge, :, 0, 0] = TOO_SIMPLE[lv_of["skill"][strict_challenge]]
        bad = bad | simple
    np.copyto(table_b.reshape(n, 17, 5, 20), NEG, where=bad)
    return table_a, table_b.reshape(n, 1700)


def env_tables_one(levels: I64, strict_bits: int, w: F32) -> tuple[F32, F32]:
    """:func:`env_tables` for a single candidate via outer sums (same terms, same order).

    Parameters
    ----------
    levels : ndarray of int, shape (7,)
    strict_bits : int
    w : ndarray of float32, shape (11,)

    Returns
    -------
    table_a : ndarray of float32, shape (1, 625)
    table_b : ndarray of float32, shape (1, 1700)
    """
    lv = {name: levels[col] - 1 for name, col in LEVEL_COLUMN.items()}
    wt = by_name(w)
    pair = (wt["stimulus"] * STIMULUS[lv["stimulus"]])[None, :]
    structure = STRUCTURE_BY_WISH[wish_rows(lv["structure"], strict_bits)]
    pair = pair + (wt["structure"] * structure)[:, None]
    triple = pair[None] + (wt["time_pressure"] * TIME_PRESSURE[lv["time_pressure"]])[:, None, None]
    customer = wt["customer_contact"] * CUSTOMER_CONTACT[lv["customer_contact"]]
    table_a = (triple[None] + customer[:, None, None, None]).reshape(625)
    base = (wt["skill"] * SKILL_BY_WISH[wish_rows(lv["skill"], strict_bits)])[:, None]
    base = base + (wt["physical"] * PHYSICAL[lv["physical"]])[None, :]
    support = (wt["supervision"] * SUPERVISION[lv["supervision"]]).T  # (support 4, offered 5)
    table_b = (base[:, :, None, None] + support[None, None]).reshape(1700)
    bad_b = OVER_CAPACITY_B[lv["physical"]].copy()
    if strict_bits & STRICT_BIT["supervision"]:
        bad_b |= STRICT_SUPERVISION_B[lv["supervision"]]
    if strict_bits & STRICT_BIT["challenge"]:
        bad_b |= TOO_SIMPLE_B[lv["skill"]]
    table_b[bad_b] = NEG
    for name in STRICT_A:
        if strict_bits & STRICT_BIT[name]:
            table_a[STRICT_A[name][lv[name]]] = NEG
    return table_a[None], table_b[None]
