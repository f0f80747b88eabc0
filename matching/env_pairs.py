"""Environment score per pair, for blocks with few workplaces (one workplace's suggestions).

:func:`matching.factors.env_tables` builds 2,325 table entries per candidate, which pays off
when a block has thousands of workplaces. Ranking candidates for *one* workplace needs one
entry per candidate, so this computes exactly those entries: the same float32 products and
the same order of additions as the tables, so the scores are bit-identical.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from matching.factors import (
    CUSTOMER_CONTACT,
    NEG,
    OVER_CAPACITY_B,
    PHYSICAL,
    SKILL_BY_WISH,
    STIMULUS,
    STRICT_A,
    STRICT_SUPERVISION_B,
    STRUCTURE_BY_WISH,
    SUPERVISION,
    TIME_PRESSURE,
    TOO_SIMPLE_B,
    wish_rows,
)
from matching.vocab import LEVEL_COLUMN, STRICT_BIT
from matching.weights import by_name

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]

# Below this many workplaces per block, per-pair entries are cheaper than per-candidate tables.
FEW_WORKPLACES = 48


def env_pairs(levels: I64, strict_bits: I64, code_a: I64, code_b: I64, w: F32) -> F32:
    """Weighted environment part of the score for each pair; failures hold :data:`NEG`.

    Parameters
    ----------
    levels : ndarray of int, shape (p, 7)
        The pair's candidate levels (1..5), as for ``env_tables``.
    strict_bits : ndarray of int, shape (p,)
    code_a, code_b : ndarray of int, shape (p,)
        The pair's workplace lookup codes.
    w : ndarray of float32, shape (11,)

    Returns
    -------
    ndarray of float32, shape (p,)
        Equal to ``table_a[code_a] + table_b[code_b]`` of the candidate's tables.
    """
    lv = {name: levels[:, col] - 1 for name, col in LEVEL_COLUMN.items()}
    wt = by_name(w)
    stim, struct, press, cust = code_a % 5, code_a // 5 % 5, code_a // 25 % 5, code_a // 125
    env_a = (wt["stimulus"] * STIMULUS)[lv["stimulus"], stim]
    env_a += (wt["structure"] * STRUCTURE_BY_WISH)[wish_rows(lv["structure"], strict_bits), struct]
    env_a += (wt["time_pressure"] * TIME_PRESSURE)[lv["time_pressure"], press]
    env_a += (wt["customer_contact"] * CUSTOMER_CONTACT)[lv["customer_contact"], cust]
    for name in STRICT_A:
        strict = (strict_bits & STRICT_BIT[name]).astype(bool)
        if strict.any():
            bad = strict & STRICT_A[name][lv[name], code_a]
            env_a[bad] = NEG
    sup, support, phys, skill = code_b % 5, code_b // 5 % 4, code_b // 20 % 5, code_b // 100
    env_b = (wt["skill"] * SKILL_BY_WISH)[wish_rows(lv["skill"], strict_bits), skill]
    env_b += (wt["physical"] * PHYSICAL)[lv["physical"], phys]
    env_b += (wt["supervision"] * SUPERVISION)[lv["supervision"], sup, support]
    bad_b = OVER_CAPACITY_B[lv["physical"], code_b]
    strict_sup = (strict_bits & STRICT_BIT["supervision"]).astype(bool)
    if strict_sup.any():
        bad_b = bad_b | (strict_sup & STRICT_SUPERVISION_B[lv["supervision"], code_b])
    strict_challenge = (strict_bits & STRICT_BIT["challenge"]).astype(bool)
    if strict_challenge.any():
        bad_b = bad_b | (strict_challenge & TOO_SIMPLE_B[lv["skill"], code_b])
    env_b[bad_b] = NEG
    env_a += env_b
    return env_a
