"""Explanations: why a pair scores what it scores, in numbers and in plain Dutch."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from matching import sentences
from matching.arrays import MatchIndex
from matching.components import MODES, WL, pair_details
from matching.constraints import decode_reasons, missing_requirements
from matching.instruments import InstrumentAdvice, assess_instruments
from matching.profiles import DEFAULT_POLICY, Policy
from matching.reasons import FactorPart, HardFailure, order_reasons
from matching.scoring import score_block
from matching.text import matched_concepts
from matching.version import ENGINE_VERSION
from matching.weights import DEFAULT_WEIGHTS, FACTOR_INDEX, FACTORS, WeightProfile

DECIMALS = 4


@dataclass(frozen=True)
class Explanation:
    """Everything a jobhunter needs to trust or reject a suggestion."""

    candidate_id: int
    workplace_id: int
    total: float
    feasible: bool
    breakdown: tuple[FactorPart, ...]
    failures: tuple[HardFailure, ...]
    reasons_for: tuple[str, ...]
    reasons_against: tuple[str, ...]
    risks: tuple[str, ...]
    instruments: tuple[InstrumentAdvice, ...]
    travel_minutes: float | None
    travel_mode: str | None
    weight_profile: str
    engine_version: str = ENGINE_VERSION
    risk_factors: tuple[str | None, ...] = ()  # the factor each risk is about, or None

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return dataclasses.asdict(self)


def split_exact(total_units: int, parts: Sequence[float]) -> list[int]:
    """Round parts to integers that add up exactly to ``total_units``.

    Largest-remainder rounding: every part is rounded down, then the missing units go to the
    parts with the largest fractions (ties: earlier factor). If the float total and the sum of
    parts disagree by more than the number of parts, the rest goes to the largest part.

    Parameters
    ----------
    total_units : int
    parts : sequence of float
        Non-negative, in the same units.

    Returns
    -------
    list of int
    """
    floors = [math.floor(p) for p in parts]
    deficit = total_units - sum(floors)
    by_fraction = sorted(range(len(parts)), key=lambda i: (floors[i] - parts[i], i))
    for i in by_fraction[: max(min(deficit, len(parts)), 0)]:
        floors[i] += 1
    rest = total_units - sum(floors)
    if rest and floors:
        largest = max(range(len(floors)), key=lambda i: (floors[i], -i))
        floors[largest] += rest
    return floors


class _Pairs(NamedTuple):
    """The numbers of the pairs to assemble, as Python values (one ``tolist`` per block, not a
    numpy scalar per field per pair): entry ``k`` belongs to pair ``k``."""

    scores: list[float]
    feasible: list[bool]
    components: list[list[float]]
    reasons: list[int]
    minutes: list[float]
    mode: list[int]
    overlap: list[float]
    buildup: list[bool]
    internship: list[bool]
    workplace_levels: list[list[int]]


def _pairs(block: Any, d: Any, ii: npt.NDArray[np.int64], jj: npt.NDArray[np.int64]) -> _Pairs:
    return _Pairs(
        block.scores[ii, jj].tolist(),
        block.feasible[ii, jj].tolist(),
        d.components[ii, jj].astype(np.float64).tolist(),
        d.reasons[ii, jj].tolist(),
        d.minutes[ii, jj].tolist(),
        d.mode[ii, jj].tolist(),
        d.overlap[ii, jj].tolist(),
        d.buildup[ii, jj].tolist(),
        d.internship[ii, jj].tolist(),
        d.workplace_levels[jj].tolist(),
    )


_TRAVEL, _INTERESTS = FACTOR_INDEX["travel"], FACTOR_INDEX["interests"]
_SUSTAINABILITY = FACTOR_INDEX["sustainability"]


def _factor_sentences(
    index: MatchIndex, cand_pos: int, wp_pos: int, p: _Pairs, k: int
) -> dict[str, sentences.Said]:
    cand = index.candidates.profiles[cand_pos]
    wp = index.workplaces.profiles[wp_pos]
    wl = dict(zip(WL, p.workplace_levels[k], strict=True))
    matched = matched_concepts(index.concepts, cand_pos, wp_pos)
    mode = MODES[p.mode[k]] if p.mode[k] >= 0 else None
    feasible_hours = p.overlap[k] >= 0 or p.buildup[k]
    raw = p.components[k]
    return {
        "stimulus": sentences.stimulus(cand["stimulus_tolerance"], wl["stimulus"]),
        "structure": sentences.structure(cand["structure_need"], wl["structure"]),
        "supervision": sentences.supervision(cand["supervision_need"], wl["supervision"], wp),
        "time_pressure": sentences.time_pressure(
            cand["time_pressure_tolerance"], wl["time_pressure"]
        ),
        "customer_contact": sentences.customer_contact(
            cand["customer_contact_tolerance"], wl["customer_contact"]
        ),
        "physical": sentences.physical(cand["physical_capacity"], wl["physical"]),
        "skill": sentences.skill(
            cand["skill_level"],
            wl["skill_x4"] / 4.0,
            bool(cand["needs_challenge"] or "challenge" in cand["strict_needs"]),
        ),
        "travel": sentences.travel(
            p.minutes[k], mode, cand["max_travel_minutes"], wp["transport_arranged"], raw[_TRAVEL]
        ),
        "hours": sentences.hours(cand, wp, p.buildup[k], feasible_hours),
        "interests": sentences.interests(matched, raw[_INTERESTS]),
        "sustainability": sentences.sustainability(wp, p.internship[k], raw[_SUSTAINABILITY]),
    }


def explain(
    index: MatchIndex,
    cand_pos: int,
    wp_pos: int,
    policy: Policy = DEFAULT_POLICY,
    weights: WeightProfile = DEFAULT_WEIGHTS,
) -> Explanation:
    """Explain the score of one candidate-workplace pair.

    The total is the vectorised score (the same number rankings and assignments use), rounded
    to ``DECIMALS``. Contributions are weight × raw score with weights normalised to sum to 1,
    rounded so that they add up exactly to the rounded total (see :func:`split_exact`). An
    infeasible pair scores 0: its contributions are 0, while the raw scores still show what
    else would fit.

    Parameters
    ----------
    index : MatchIndex
    cand_pos, wp_pos : int
        Positions in the index.
    policy : Policy
    weights : WeightProfile

    Returns
    -------
    Explanation
    """
    return explain_block(index, [cand_pos], [wp_pos], policy, weights)[0][0]


def explain_block(
    index: MatchIndex,
    cand_positions: Sequence[int],
    wp_positions: Sequence[int],
    policy: Policy = DEFAULT_POLICY,
    weights: WeightProfile = DEFAULT_WEIGHTS,
) -> list[list[Explanation]]:
    """Explain every pair of a candidates × workplaces block at once.

    The same numbers and sentences as :func:`explain` for each pair, but the scoring and the
    raw factors are computed once for the whole block, so explaining the top 20 suggestions
    of one candidate (1 × 20) or one workplace (20 × 1) costs about one call instead of 20.

    Parameters
    ----------
    index : MatchIndex
    cand_positions, wp_positions : sequence of int
    policy : Policy
    weights : WeightProfile

    Returns
    -------
    list of list of Explanation
        ``out[i][j]`` explains ``(cand_positions[i], wp_positions[j])``.
    """
    rows = np.asarray(cand_positions, dtype=np.int64).reshape(-1)
    cols = np.asarray(wp_positions, dtype=np.int64).reshape(-1)
    if rows.size == 0 or cols.size == 0:
        return [[] for _ in range(rows.size)]
    block = score_block(index, policy, weights, rows, cols)
    d = pair_details(index, rows, cols, policy)
    ii, jj = np.divmod(np.arange(rows.size * cols.size, dtype=np.int64), cols.size)
    p, w = _pairs(block, d, ii, jj), _Weights.of(weights)
    cand_pos, wp_pos = rows.tolist(), cols.tolist()
    return [
        [
            _assemble(index, cand_pos[i], wp_pos[j], i * cols.size + j, p, w, policy, weights)
            for j in range(cols.size)
        ]
        for i in range(rows.size)
    ]


def explain_pairs(
    index: MatchIndex,
    cand_positions: Sequence[int],
    wp_positions: Sequence[int],
    policy: Policy = DEFAULT_POLICY,
    weights: WeightProfile = DEFAULT_WEIGHTS,
    chunk: int = 64,
) -> list[Explanation]:
    """Explain a list of pairs (``cand_positions[k]``, ``wp_positions[k]``), e.g. a run's
    proposals: the same numbers and sentences as :func:`explain` for each pair.

    The vectorised parts run once per chunk of pairs (a chunk × chunk block, of which only the
    diagonal is assembled), instead of once per pair: a run writing 25,000 proposals paid the
    per-call overhead 25,000 times.

    Parameters
    ----------
    index : MatchIndex
    cand_positions, wp_positions : sequence of int
        Equal length; pair ``k`` is ``(cand_positions[k], wp_positions[k])``.
    policy : Policy
    weights : WeightProfile
    chunk : int
        Pairs per block.

    Returns
    -------
    list of Explanation
        ``out[k]`` explains pair ``k``.
    """
    rows_all = np.asarray(cand_positions, dtype=np.int64).reshape(-1)
    cols_all = np.asarray(wp_positions, dtype=np.int64).reshape(-1)
    if rows_all.size != cols_all.size:
        raise ValueError("cand_positions and wp_positions must have the same length")
    w = _Weights.of(weights)
    out: list[Explanation] = []
    for start in range(0, rows_all.size, chunk):
        rows, cols = rows_all[start : start + chunk], cols_all[start : start + chunk]
        block = score_block(index, policy, weights, rows, cols)
        d = pair_details(index, rows, cols, policy)
        diagonal = np.arange(rows.size, dtype=np.int64)
        p = _pairs(block, d, diagonal, diagonal)
        cand_pos, wp_pos = rows.tolist(), cols.tolist()
        out.extend(
            _assemble(index, cand_pos[k], wp_pos[k], k, p, w, policy, weights)
            for k in range(rows.size)
        )
    return out


class _Weights(NamedTuple):
    """A weight profile's vector as Python floats, and rounded as the breakdown shows it."""

    values: list[float]
    shown: list[float]

    @classmethod
    def of(cls, weights: WeightProfile) -> _Weights:
        values = weights.vector.astype(np.float64).tolist()
        return cls(values, [round(v, DECIMALS) for v in values])


_SCALE = 10**DECIMALS
_NO_UNITS = [0.0] * len(FACTORS)


def _assemble(
    index: MatchIndex,
    cand_pos: int,
    wp_pos: int,
    k: int,
    p: _Pairs,
    w: _Weights,
    policy: Policy,
    weights: WeightProfile,
) -> Explanation:
    ci, wi = index.candidates, index.workplaces
    cand, wp = ci.profiles[cand_pos], wi.profiles[wp_pos]
    feasible = p.feasible[k]
    total_units = math.floor(p.scores[k] * _SCALE + 0.5)
    raw = p.components[k]
    units = split_exact(
        total_units,
        [wk * rk * _SCALE for wk, rk in zip(w.values, raw, strict=True)] if feasible else _NO_UNITS,
    )
    texts = _factor_sentences(index, cand_pos, wp_pos, p, k)
    parts = tuple(
        FactorPart(f, round(raw[n], DECIMALS), w.shown[n], units[n] / _SCALE, *texts[f])
        for n, f in enumerate(FACTORS)
    )
    codes = decode_reasons(p.reasons[k])
    failures = []
    for code in codes:
        text = sentences.REASON_SENTENCES[code]
        if code == "certificate_missing":
            names = missing_requirements(
                ci.has_bits[cand_pos], wi.req_bits[wp_pos], wi.requirement_names
            )
            text += " (" + ", ".join(n for n in names if not n.startswith("__")) + ")"
        failures.append(HardFailure(code, text))
    minutes = p.minutes[k] if math.isfinite(p.minutes[k]) else None
    risks = sentences.risks(
        cand, wp, minutes, policy.contract_end_alert_months, texts["supervision"].concern
    )
    pros, cons = order_reasons(parts, failures, risks)
    agreed = min(cand["hours_per_week_max"], wp["hours_per_week_max"])
    return Explanation(
        candidate_id=int(ci.ids[cand_pos]),
        workplace_id=int(wi.ids[wp_pos]),
        total=total_units / _SCALE,
        feasible=feasible,
        breakdown=parts,
        failures=tuple(failures),
        reasons_for=pros,
        reasons_against=tuple(f.sentence for f in failures) + cons,
        risks=tuple(r.text for r in risks),
        risk_factors=tuple(r.factor for r in risks),
        instruments=assess_instruments(cand, wp, policy, float(agreed)),
        travel_minutes=round(minutes, 1) if minutes is not None else None,
        travel_mode=MODES[p.mode[k]] if p.mode[k] >= 0 else None,
        weight_profile=weights.name,
    )
