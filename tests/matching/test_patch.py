"""A patched index equals the index built from scratch, or the patch declines.

The service's snapshot patches its index when a few rows change (matching/patch.py); a row
patched wrongly would score someone on an old profile, or on someone else's. So every array
and every score must be the same as ``build_index`` on the same profiles, whatever changed.
"""

import dataclasses

import numpy as np
from engine_factories import random_candidates, random_workplaces
from hypothesis import given, settings
from hypothesis import strategies as st
from test_engine_rowmemo import _assert_same, _assert_same_scores

from matching import build_index, patch
from matching.arrays import CandidateArrays, WorkplaceArrays
from matching.patch import patch_index

SETTINGS = settings(max_examples=25, deadline=None)
seeds = st.integers(min_value=0, max_value=10_000)

# What a patch keeps: anything a whole-data-set table is made of.
CANDIDATE_CONTEXT = ("id", "internship_employer_ids", "interests", "preferred_tasks",
                     "preferred_sectors")  # fmt: skip
WORKPLACE_CONTEXT = ("id", "employer_id", "lat", "lon", "transport_arranged", "title", "sector",
                     "description", "tasks", "required_certificates", "requires_driving_licence",
                     "requires_startkwalificatie", "place_type")  # fmt: skip


def _edit(profiles, fresh, rng, share, context):
    """New objects for about ``share`` of the rows: another profile's values, own context."""
    out, edited = [], 0
    for profile, other in zip(profiles, fresh, strict=True):
        if rng.random() < share:
            keep = {k: profile[k] for k in context}
            out.append({**other, **keep})
            edited += 1
        else:
            out.append(profile)
    return out, edited


def _assert_equal_indexes(patched, scratch):
    _assert_same(patched, scratch, "index")
    for got, want in ((patched.candidates.profiles, scratch.candidates.profiles),
                      (patched.workplaces.profiles, scratch.workplaces.profiles)):  # fmt: skip
        assert all(a is b for a, b in zip(got, want, strict=True))
    _assert_same_scores(patched, scratch)


@SETTINGS
@given(seeds, st.integers(min_value=1, max_value=3))
def test_row_edits_are_patched_and_equal_a_full_build(seed, generations):
    rng = np.random.default_rng(seed)
    cands = random_candidates(40, seed=seed)
    wps = random_workplaces(40, seed=seed + 1)
    index = build_index(cands, wps)
    for generation in range(generations):
        cands, n_c = _edit(cands, random_candidates(40, seed=seed + 10 + generation), rng, 0.05,
                           CANDIDATE_CONTEXT)  # fmt: skip
        wps, n_w = _edit(wps, random_workplaces(40, seed=seed + 20 + generation), rng, 0.05,
                         WORKPLACE_CONTEXT)  # fmt: skip
        patched = patch_index(index, cands, wps)
        assert patched is not None, (n_c, n_w)
        _assert_equal_indexes(patched, build_index(cands, wps))
        index = patched  # the next patch starts from a patched index, as the service's does


@SETTINGS
@given(seeds, st.sampled_from(["lat", "employer_id", "tasks", "required_certificates",
                               "transport_arranged", "title", "interests",
                               "internship_employer_ids"]))  # fmt: skip
def test_a_change_to_a_shared_table_is_declined_or_equal(seed, key):
    rng = np.random.default_rng(seed)
    cands = random_candidates(30, seed=seed)
    wps = random_workplaces(30, seed=seed + 1)
    index = build_index(cands, wps)
    other_c, other_w = random_candidates(30, seed=seed + 5), random_workplaces(30, seed=seed + 6)
    n = int(rng.integers(30))
    if key in ("interests", "internship_employer_ids"):
        cands = [*cands[:n], {**cands[n], key: other_c[(n + 1) % 30][key]}, *cands[n + 1 :]]
    else:
        wps = [*wps[:n], {**wps[n], key: other_w[(n + 1) % 30][key]}, *wps[n + 1 :]]
    patched = patch_index(index, cands, wps)
    if patched is not None:  # the value happened to leave every shared table as it was
        _assert_equal_indexes(patched, build_index(cands, wps))


def test_ids_added_removed_or_many_rows_changed_are_declined():
    cands, wps = random_candidates(100, seed=1), random_workplaces(30, seed=2)
    index = build_index(cands, wps)
    assert patch_index(index, cands[:-1], wps) is None
    assert patch_index(index, cands, [*wps, {**wps[0], "id": 999}]) is None
    assert patch_index(index, [{**c} for c in cands], wps) is None  # every row: build instead
    unchanged = patch_index(index, cands, wps)
    assert unchanged is not None
    _assert_equal_indexes(unchanged, build_index(cands, wps))


def test_every_array_is_classified():
    """A new array in the index must be put in a group in matching/patch.py, or the patch
    would silently keep it from the previous index."""
    groups = {
        CandidateArrays: (
            "CANDIDATE_ROW_FIELDS",
            "CANDIDATE_KEPT_FIELDS",
            "CANDIDATE_DERIVED_FIELDS",
        ),
        WorkplaceArrays: (
            "WORKPLACE_ROW_FIELDS",
            "WORKPLACE_KEPT_FIELDS",
            "WORKPLACE_DERIVED_FIELDS",
        ),
    }
    for cls, names in groups.items():
        classified = [f for name in names for f in getattr(patch, name)]
        assert len(classified) == len(set(classified)), cls  # each in one group only
        declared = {f.name for f in dataclasses.fields(cls)}
        assert declared == set(classified), (cls, declared ^ set(classified))
