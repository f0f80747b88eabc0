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
    SKILL,
    STIMULUS,
    STRICT_A,
    STRICT_SUPERVISION_B,
    STRUCTURE,
    SUPERVISION,
    TIME_PRESSURE,
)

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
    lv = levels - 1
    stim, struct, press, cust = code_a % 5, code_a // 5 % 5, code_a // 25 % 5, code_a // 125
    env_a = (w[0] * STIMULUS)[lv[:, 0], stim] + (w[1] * STRUCTURE)[lv[:, 1], struct]
    env_a += (w[3] * TIME_PRESSURE)[lv[:, 3], press]
    env_a += (w[4] * CUSTOMER_CONTACT)[lv[:, 4], cust]
    for bit, name, col in ((1, "stimulus", 0), (2, "structure", 1), (8, "time_pressure", 3),
                           (16, "customer_contact", 4)):  # fmt: skip
        strict = (strict_bits & bit).astype(bool)
        if strict.any():
            bad = strict & STRICT_A[name][lv[:, col], code_a]
            env_a[bad] = NEG
    sup, support, phys, skill = code_b % 5, code_b // 5 % 4, code_b // 20 % 5, code_b // 100
    env_b = (w[6] * SKILL)[lv[:, 6], skill] + (w[5] * PHYSICAL)[lv[:, 5], phys]
    env_b += (w[2] * SUPERVISION)[lv[:, 2], sup, support]
    bad_b = OVER_CAPACITY_B[lv[:, 5], code_b]
    strict_sup = (strict_bits & 4).astype(bool)
    if strict_sup.any():
        bad_b = bad_b | (strict_sup & STRICT_SUPERVISION_B[lv[:, 2], code_b])
    env_b[bad_b] = NEG
    env_a += env_b
    return env_a
