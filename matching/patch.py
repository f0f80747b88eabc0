"""Rewrite a few rows of an index instead of building it again.

The service's snapshot changes a few rows at a time (a jobhunter edits a candidate, an
employer confirms a place), yet :func:`~matching.build.build_index` touches every row: about
0.2 s of Python at 20,000 × 10,000, each time, in a process that also answers requests.
:func:`patch_index` builds only the changed rows (with the same code, so the numbers are the
same) and copies them into the previous index's arrays.

It only does so when the change stays inside the rows: the same ids in the same order, and no
change to anything a whole-data-set table is made of — a workplace's place on the map, its
transport arrangement, employer, requirements or texts (grid, requirement vocabulary,
employer codes, concept tag sets), or a candidate's wishes or internships (concept columns,
internship lists). Otherwise it returns ``None`` and the caller builds the index again. The
result equals what ``build_index`` returns for the same profiles (tests/matching/test_patch.py
compares every array).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from matching.arrays import CandidateArrays, MatchIndex, WorkplaceArrays
from matching.build import _build_candidates, _build_workplaces, _workplace_requirements
from matching.profiles import CandidateProfile, WorkplaceProfile
from matching.text import candidate_tags, workplace_text

# Above this many changed rows (and this share of all rows) a full build costs about as much.
MAX_CHANGED_ROWS, MAX_CHANGED_SHARE = 64, 0.1

# Per-row arrays a changed row is copied into. Every other array is either derived below from
# these or guarded by the conditions in ``_same_*_context`` (tests/matching/test_patch.py
# checks that each field of the dataclasses is in exactly one of the three groups).
CANDIDATE_ROW_FIELDS = (
    "x_km", "y_km", "hours_min", "hours_max", "gradual", "max_minutes", "slots", "reach_km2",
    "levels", "strict_bits", "has_bits", "loonwaarde",
)  # fmt: skip
CANDIDATE_KEPT_FIELDS = ("ids", "intern_indptr", "intern_employers")
CANDIDATE_DERIVED_FIELDS = ("profiles", "memo")
WORKPLACE_ROW_FIELDS = (
    "hours_min", "hours_max", "pt_block", "code_a", "code_b", "skill", "packed",
    "min_loonwaarde", "sustain", "capacity", "phys_max",
)  # fmt: skip
WORKPLACE_KEPT_FIELDS = (
    "ids", "id_rank", "employer_ids", "employer_code", "x_km", "y_km", "arranged", "req_bits",
    "req_words", "requirement_names", "grid_order", "grid_start", "grid_origin", "grid_shape",
    "grid_cell_km", "arranged_pos", "grid_req", "xy", "bbox", "req_sparse", "arranged_req",
)  # fmt: skip
WORKPLACE_DERIVED_FIELDS = ("profiles", "codes", "grid_packed", "arranged_packed")


def patch_index(
    index: MatchIndex,
    candidates: Sequence[CandidateProfile],
    workplaces: Sequence[WorkplaceProfile],
) -> MatchIndex | None:
    """The index of ``candidates`` and ``workplaces`` made from ``index`` by rebuilding only
    the rows whose profile is a different object; ``None`` when that is not possible.

    Parameters
    ----------
    index : MatchIndex
        Built (or patched) from the previous profiles.
    candidates, workplaces : sequence of profile
        Checked profiles in index order; an unchanged row must be the same object as in
        ``index``.

    Returns
    -------
    MatchIndex or None
        ``None`` when ids were added, removed or reordered, too many rows changed, or a
        change touches a whole-data-set table (see the module docstring).
    """
    ci, wi = index.candidates, index.workplaces
    if len(candidates) != len(ci.profiles) or len(workplaces) != len(wi.profiles):
        return None
    c_pos = _changed(ci.profiles, candidates)
    w_pos = _changed(wi.profiles, workplaces)
    limit = max(MAX_CHANGED_ROWS, MAX_CHANGED_SHARE * (len(candidates) + len(workplaces)))
    if len(c_pos) + len(w_pos) > limit:
        return None
    if not all(_same_workplace_context(wi.profiles[p], workplaces[p]) for p in w_pos):
        return None
    if not all(_same_candidate_context(ci.profiles[p], candidates[p]) for p in c_pos):
        return None
    new_wi = _patch_workplaces(index, workplaces, w_pos)
    new_ci = _patch_candidates(ci, new_wi, candidates, c_pos)
    return MatchIndex(new_ci, new_wi, index.concepts)


def _changed(old: Sequence[Any], new: Sequence[Any]) -> list[int]:
    return [n for n, (a, b) in enumerate(zip(old, new, strict=True)) if a is not b]


def _same_workplace_context(old: WorkplaceProfile, new: WorkplaceProfile) -> bool:
    keys = ("id", "employer_id", "lat", "lon", "transport_arranged")
    return (
        all(old[k] == new[k] for k in keys)  # type: ignore[literal-required]
        and _workplace_requirements(old) == _workplace_requirements(new)
        and workplace_text(old) == workplace_text(new)
    )


def _same_candidate_context(old: CandidateProfile, new: CandidateProfile) -> bool:
    return (
        old["id"] == new["id"]
        and old["internship_employer_ids"] == new["internship_employer_ids"]
        and candidate_tags(old) == candidate_tags(new)
    )


def _copy_rows(old: Any, mini: Any, positions: list[int], names: Sequence[str]) -> dict[str, Any]:
    """Copies of the named arrays of ``old`` with rows ``positions`` taken from ``mini``."""
    out = {}
    for name in names:
        array = getattr(old, name).copy()
        array[positions] = getattr(mini, name)
        out[name] = array
    return out


def _patch_workplaces(
    index: MatchIndex, workplaces: Sequence[WorkplaceProfile], positions: list[int]
) -> WorkplaceArrays:
    wi = index.workplaces
    if not positions:
        return replace(wi, profiles=tuple(workplaces))
    mini = _build_workplaces([workplaces[p] for p in positions], None)
    rows = _copy_rows(wi, mini, positions, WORKPLACE_ROW_FIELDS)
    codes = wi.codes.copy()
    pos = np.asarray(positions, dtype=np.int64)
    codes[pos] = (
        rows["code_a"][pos]
        | (rows["code_b"][pos] << 10)
        | (index.concepts.tagset_of_wp[pos] << 21)
        | (wi.arranged[pos].astype(np.int64) << 61)
        | ((rows["pt_block"][pos] == 0).astype(np.int64) << 62)
    )
    packed = rows["packed"]
    in_grid = np.flatnonzero(np.isin(wi.grid_order, pos))
    grid_packed = wi.grid_packed.copy()
    grid_packed[in_grid] = packed[wi.grid_order[in_grid]]
    return replace(
        wi,
        profiles=tuple(workplaces),
        codes=codes,
        grid_packed=grid_packed,
        arranged_packed=packed[wi.arranged],
        **rows,
    )


def _patch_candidates(
    ci: CandidateArrays,
    wi: WorkplaceArrays,
    candidates: Sequence[CandidateProfile],
    positions: list[int],
) -> CandidateArrays:
    # Tables derived from the whole data set (pairs.py) are built again on first use.
    if not positions:
        return replace(ci, profiles=tuple(candidates), memo={})
    mini = _build_candidates([candidates[p] for p in positions], wi, None)
    rows = _copy_rows(ci, mini, positions, CANDIDATE_ROW_FIELDS)
    return replace(ci, profiles=tuple(candidates), memo={}, **rows)
