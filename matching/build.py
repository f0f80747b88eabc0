"""Build the index: validate profiles and turn them into arrays, once per data set."""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from matching.arrays import F32, I64, CandidateArrays, MatchIndex, WorkplaceArrays
from matching.factors import SKILL_STEPS, code_a, code_b
from matching.profiles import (
    CandidateProfile,
    WorkplaceProfile,
    check_candidate,
    check_workplace,
)
from matching.rowmemo import RowMemo, rows
from matching.sustain import sustainability_base
from matching.text import build_concepts, normalise
from matching.travel import max_reach_km2, project_km, slot_row
from matching.vocab import CANDIDATE_LEVEL_KEYS, STRICT_BIT, WANTS_CHALLENGE_BIT

GRID_CELL_KM = 5.0
LICENCE, STARTKWALIFICATIE = "__licence__", "__startkwalificatie__"
# Nieuw beschut werk needs a UWV indication: a beschut place "requires" it like a certificate.
BESCHUT_INDICATION = "__beschut_indication__"
CERTIFICATE_ALIASES = {"vcabasis": "vca", "vcavol": "vca", "heftruckcertificaat": "heftruck"}


def certificate_key(name: str) -> str:
    """Comparable form of a certificate name ("VCA-basis" and "vca basis" are one)."""
    key = normalise(name).replace(" ", "")
    return CERTIFICATE_ALIASES.get(key, key)


def _bits(
    keys_per_row: Sequence[AbstractSet[str]], vocab: dict[str, int]
) -> npt.NDArray[np.uint64]:
    n_words = max(1, (len(vocab) + 63) // 64)
    out = np.zeros((len(keys_per_row), n_words), dtype=np.uint64)
    for row, keys in enumerate(keys_per_row):
        for key in keys:
            if key in vocab:
                bit = vocab[key]
                out[row, bit // 64] |= np.uint64(1) << np.uint64(bit % 64)
    return out


def _task_levels(wp: Any) -> tuple[int, int, int, float]:
    """Effective stimulus, structure, physical maximum and skill from the task list."""
    tasks = wp["tasks"]
    stimulus, structure, physical = wp["stimulus_level"], wp["structure_offered"], 0
    if not tasks:
        return stimulus, structure, wp["physical_demand"], 2.0
    hours = [max(float(t["hours_per_week"]), 0.0) for t in tasks]
    total = sum(hours)
    share = [h / total for h in hours] if total > 0 else [1.0 / len(tasks)] * len(tasks)

    def mean(key: str) -> float:
        return sum(s * t[key] for s, t in zip(share, tasks, strict=True))

    # The stricter of the workplace level and the hours-weighted task level counts.
    stimulus = max(stimulus, int(np.floor(mean("stimulus_level") + 0.5)))
    structure = min(structure, int(np.floor(mean("structure_level") + 0.5)))
    physical = max(wp["physical_demand"], max(t["physical_load"] for t in tasks))
    return stimulus, structure, physical, mean("skill_level")


def _workplace_requirements(wp: Any) -> set[str]:
    required = {certificate_key(c) for c in wp["required_certificates"]}
    required |= {
        certificate_key(t["required_certificate"])
        for t in wp["tasks"]
        if t.get("required_certificate")
    }
    if wp["requires_driving_licence"]:
        required.add(LICENCE)
    if wp["requires_startkwalificatie"]:
        required.add(STARTKWALIFICATIE)
    if wp["place_type"] == "beschut":
        required.add(BESCHUT_INDICATION)
    return required - {""}


def _grid(x: F32, y: F32) -> tuple[I64, I64, tuple[float, float], tuple[int, int], float]:
    x0 = float(x.min()) if len(x) else 0.0
    y0 = float(y.min()) if len(y) else 0.0
    extent = max(float(x.max()) - x0, float(y.max()) - y0) if len(x) else 0.0
    cell_km = max(GRID_CELL_KM, extent / 1000.0)  # at most a million cells, whatever the data
    cx = ((x - x0) // cell_km).astype(np.int64)
    cy = ((y - y0) // cell_km).astype(np.int64)
    nx = int(cx.max()) + 1 if len(x) else 1
    ny = int(cy.max()) + 1 if len(y) else 1
    cell = cy * nx + cx
    order = np.argsort(cell, kind="stable").astype(np.int64)
    start = np.searchsorted(cell[order], np.arange(ny * nx + 1)).astype(np.int64)
    return order, start, (x0, y0), (ny, nx), cell_km


class _WorkplaceRow(NamedTuple):
    """The per-workplace Python work of an index build (kept across builds by a RowMemo)."""

    levels: tuple[int, int, int, float]
    requirements: frozenset[str]
    sustain: float


def _workplace_row(wp: Any) -> _WorkplaceRow:
    return _WorkplaceRow(
        _task_levels(wp), frozenset(_workplace_requirements(wp)), sustainability_base(wp)
    )


class _CandidateRow(NamedTuple):
    levels: tuple[int, ...]  # CANDIDATE_LEVEL_KEYS order
    strict: int
    owned: frozenset[str]
    slots: tuple[float, ...]


def _candidate_row(c: Any) -> _CandidateRow:
    owned = {certificate_key(name) for name in c["certificates"]}
    if c["has_driving_licence"]:
        owned.add(LICENCE)
    if c["startkwalificatie"]:
        owned.add(STARTKWALIFICATIE)
    if c["beschut_indication"]:
        owned.add(BESCHUT_INDICATION)
    keys = tuple(CANDIDATE_LEVEL_KEYS.values())  # columns in LEVEL_COLUMN order
    return _CandidateRow(tuple(c[k] for k in keys), _need_bits(c), frozenset(owned), slot_row(c))


def _build_workplaces(workplaces: Sequence[Any], memo: RowMemo | None) -> WorkplaceArrays:
    ids = np.array([w["id"] for w in workplaces], dtype=np.int64)
    if len(np.unique(ids)) != len(ids):
        raise ValueError("workplace ids must be unique")
    employer_ids = np.array([w["employer_id"] for w in workplaces], dtype=np.int64)
    _, employer_code = np.unique(employer_ids, return_inverse=True)
    x, y = project_km([w["lat"] for w in workplaces], [w["lon"] for w in workplaces])
    derived = rows(memo, "workplace", workplaces, _workplace_row)
    levels = np.array([d.levels for d in derived], dtype=np.float64).reshape(-1, 4)
    skill_step = np.clip(np.floor((levels[:, 3] - 1.0) * 4 + 0.5), 0, SKILL_STEPS - 1)

    def col(key: str) -> I64:
        return np.array([w[key] for w in workplaces], dtype=np.int64)

    support = col("mentor_available") + col("jobcoach_welcome") + col("trained_colleague")
    requirements = [d.requirements for d in derived]
    vocab = {k: i for i, k in enumerate(sorted(set().union(*requirements)))}
    arranged = np.array([bool(w["transport_arranged"]) for w in workplaces], dtype=bool)
    local = np.flatnonzero(~arranged)
    order, start, origin, shape, cell_km = _grid(x[local], y[local])
    order = local[order]
    min_lw = np.array(
        [
            -np.inf if w["min_loonwaarde_pct"] is None else w["min_loonwaarde_pct"]
            for w in workplaces
        ],
        dtype=np.float32,
    )
    req_bits = _bits(requirements, vocab)
    hours = (
        col("hours_per_week_min").astype(np.float32),
        col("hours_per_week_max").astype(np.float32),
    )
    packed = np.ascontiguousarray(np.stack([x, y, hours[0], hours[1], min_lw], axis=1))
    return WorkplaceArrays(
        profiles=tuple(workplaces),
        ids=ids,
        id_rank=np.argsort(np.argsort(ids, kind="stable"), kind="stable").astype(np.int64),
        employer_ids=employer_ids,
        employer_code=employer_code.astype(np.int64),
        x_km=x,
        y_km=y,
        hours_min=hours[0],
        hours_max=hours[1],
        arranged=arranged,
        pt_block=np.where(col("reachable_by_public_transport") > 0, 0.0, np.inf).astype(np.float32),
        code_a=code_a(
            levels[:, 0].astype(np.int64),
            levels[:, 1].astype(np.int64),
            col("time_pressure_level"),
            col("customer_contact_level"),
        ),
        code_b=code_b(
            col("supervision_offered"),
            support,
            levels[:, 2].astype(np.int64),
            skill_step.astype(np.int64),
        ),
        skill=(1.0 + 0.25 * skill_step).astype(np.float32),
        req_bits=req_bits,
        req_words=np.ascontiguousarray(req_bits.T),
        packed=packed,
        min_loonwaarde=min_lw,
        sustain=np.array([d.sustain for d in derived], dtype=np.float32),
        capacity=col("capacity"),
        requirement_names=tuple(vocab),
        grid_order=order,
        grid_start=start,
        grid_origin=origin,
        grid_shape=shape,
        grid_cell_km=cell_km,
        arranged_pos=np.flatnonzero(arranged).astype(np.int64),
        grid_packed=packed[order],
        grid_req=np.ascontiguousarray(req_bits.T[:, order]),
        arranged_packed=packed[arranged],
        phys_max=levels[:, 2].astype(np.int8),
        codes=np.zeros(len(ids), dtype=np.int64),  # completed in build_index
        xy=np.ascontiguousarray(np.stack([x, y], axis=1)),
        bbox=(
            (float(x.min()), float(y.min()), float(x.max()), float(y.max()))
            if len(x)
            else (0.0, 0.0, 0.0, 0.0)
        ),
        req_sparse=tuple((np.flatnonzero(row), row[row != 0]) for row in req_bits.T),
        arranged_req=np.ascontiguousarray(req_bits.T[:, arranged]),
    )


def _need_bits(cand: Any) -> int:
    """Strict needs as bits, plus the wish for challenge (a strict ``challenge`` implies it)."""
    strict = set(cand["strict_needs"])
    bits = sum(STRICT_BIT[n] for n in strict)
    if cand["needs_challenge"] or "challenge" in strict:
        bits |= WANTS_CHALLENGE_BIT
    return bits


def _build_candidates(
    candidates: Sequence[Any], wi: WorkplaceArrays, memo: RowMemo | None
) -> CandidateArrays:
    ids = np.array([c["id"] for c in candidates], dtype=np.int64)
    if len(np.unique(ids)) != len(ids):
        raise ValueError("candidate ids must be unique")
    x, y = project_km([c["lat"] for c in candidates], [c["lon"] for c in candidates])
    derived = rows(memo, "candidate", candidates, _candidate_row)
    levels = np.array([d.levels for d in derived], dtype=np.int64)
    levels = levels.reshape(-1, len(CANDIDATE_LEVEL_KEYS))
    strict = np.array([d.strict for d in derived], dtype=np.int64)
    vocab = {k: i for i, k in enumerate(wi.requirement_names)}
    owned = [d.owned for d in derived]
    slots = np.array([d.slots for d in derived], dtype=np.float32).reshape(-1, 6)
    max_minutes = np.array([c["max_travel_minutes"] for c in candidates], dtype=np.float32)
    employer_codes = {int(e): i for i, e in enumerate(np.unique(wi.employer_ids))}
    interns = [
        sorted({employer_codes[e] for e in c["internship_employer_ids"] if e in employer_codes})
        for c in candidates
    ]
    indptr = np.zeros(len(candidates) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(i) for i in interns])
    return CandidateArrays(
        profiles=tuple(candidates),
        ids=ids,
        x_km=x,
        y_km=y,
        hours_min=np.array([c["hours_per_week_min"] for c in candidates], dtype=np.float32),
        hours_max=np.array([c["hours_per_week_max"] for c in candidates], dtype=np.float32),
        gradual=np.array([bool(c["needs_gradual_buildup"]) for c in candidates], dtype=bool),
        max_minutes=max_minutes,
        slots=slots,
        reach_km2=max_reach_km2(slots, max_minutes),
        levels=levels,
        strict_bits=strict,
        has_bits=_bits(owned, vocab),
        loonwaarde=np.array(
            [np.inf if c["loonwaarde_pct"] is None else c["loonwaarde_pct"] for c in candidates],
            dtype=np.float32,
        ),
        intern_indptr=indptr,
        intern_employers=np.array([e for i in interns for e in i], dtype=np.int64),
    )


def build_index(
    candidates: Sequence[CandidateProfile],
    workplaces: Sequence[WorkplaceProfile],
    *,
    validate: bool = True,
    memo: RowMemo | None = None,
) -> MatchIndex:
    """Validate the profiles and build all arrays once per data set.

    Parameters
    ----------
    candidates : sequence of CandidateProfile
    workplaces : sequence of WorkplaceProfile
    validate : bool
        Check every profile first (default). A caller that re-indexes profiles it has already
        checked (the service's snapshot, which checks each changed row once) may skip it.
    memo : RowMemo, optional
        Per-profile work kept from the previous build of the same caller: profiles that are
        the same objects as last time are not converted again. The index is the same with or
        without it (the service's snapshot refresh passes one; decision 100, point 4).

    Returns
    -------
    MatchIndex
        ``(candidates, workplaces, concepts)``; positions in the arrays follow the input order.

    Raises
    ------
    ProfileError
        When a profile breaks the input contract.
    """
    if validate:
        for cand in candidates:
            check_candidate(cand)
        for wp in workplaces:
            check_workplace(wp)
    wi = _build_workplaces(workplaces, memo)
    ci = _build_candidates(candidates, wi, memo)
    concepts = build_concepts(candidates, workplaces, memo)
    codes = (
        wi.code_a
        | (wi.code_b << 10)
        | (concepts.tagset_of_wp << 21)
        | (wi.arranged.astype(np.int64) << 61)
        | ((wi.pt_block == 0).astype(np.int64) << 62)
    )
    return MatchIndex(ci, replace(wi, codes=codes), concepts)
