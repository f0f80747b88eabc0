"""An index built with a RowMemo across changing data equals one built from scratch.

The service's snapshot refresh keeps per-profile work between builds (decision 100, point 4);
a stale row there would score someone on last week's needs, so every array, every concept and
every score must be the same as a build without the memo, whatever changed in between.
"""

import dataclasses

import numpy as np
from engine_factories import random_candidates, random_workplaces
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import RowMemo, build_index, rank_for_candidate, score_block

SETTINGS = settings(max_examples=15, deadline=None)
seeds = st.integers(min_value=0, max_value=10_000)


def _assert_same(a: object, b: object, where: str) -> None:
    if dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            if f.name in ("memo", "profiles"):
                continue
            _assert_same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray) and a.dtype == b.dtype, where
        assert np.array_equal(a, b), where
    elif isinstance(a, tuple):
        assert len(a) == len(b), where  # type: ignore[arg-type]
        for n, (x, y) in enumerate(zip(a, b, strict=True)):  # type: ignore[call-overload]
            _assert_same(x, y, f"{where}[{n}]")
    else:
        assert a == b, where


def _next_generation(rng, cands, wps, seed):
    """Replace, drop and add some profiles; keep the rest as the same objects."""
    fresh_c = random_candidates(len(cands) + 5, seed=seed + 7)
    fresh_w = random_workplaces(len(wps) + 5, seed=seed + 8)
    next_id = max(p["id"] for p in [*cands, *wps]) + 1
    out_c, out_w = [], []
    for pool, fresh, out in ((cands, fresh_c, out_c), (wps, fresh_w, out_w)):
        for n, profile in enumerate(pool):
            roll = rng.random()
            if roll < 0.15:  # changed: a new object with the same id
                out.append({**fresh[n], "id": profile["id"]})
            elif roll > 0.92:  # removed
                continue
            else:
                out.append(profile)
        for extra in fresh[len(pool) : len(pool) + int(rng.integers(0, 4))]:  # added
            out.append({**extra, "id": next_id})
            next_id += 1
    # New interests now and then: concepts of their own change the concept columns.
    if rng.random() < 0.5 and out_c:
        out_c[0] = {**out_c[0], "interests": [f"hobby{int(rng.integers(1000))}"]}
    return sorted(out_c, key=lambda p: p["id"]), sorted(out_w, key=lambda p: p["id"])


def _assert_same_scores(a, b) -> None:
    """Every pair scores the same, and every candidate's top 5 is the same."""
    sa, sb = score_block(a), score_block(b)
    assert np.array_equal(sa.scores, sb.scores) and np.array_equal(sa.feasible, sb.feasible)
    for pos in range(len(a.candidates.ids)):
        ra, rb = rank_for_candidate(a, pos, 5), rank_for_candidate(b, pos, 5)
        assert np.array_equal(ra.ids, rb.ids) and np.array_equal(ra.scores, rb.scores)


@SETTINGS
@given(seeds, st.integers(min_value=1, max_value=4))
def test_index_with_memo_equals_index_from_scratch(seed, generations):
    rng = np.random.default_rng(seed)
    cands = random_candidates(20, seed=seed)
    wps = random_workplaces(30, seed=seed + 1)
    memo = RowMemo()
    build_index(cands, wps, memo=memo)
    for _ in range(generations):
        cands, wps = _next_generation(rng, cands, wps, seed)
        with_memo = build_index(cands, wps, memo=memo)
        scratch = build_index(cands, wps)
        _assert_same(with_memo, scratch, "index")
        _assert_same_scores(with_memo, scratch)
    assert memo.hits > 0  # unchanged profiles were reused, not recomputed


def test_memo_keeps_only_the_latest_rows():
    cands = random_candidates(10, seed=3)
    wps = random_workplaces(10, seed=4)
    memo = RowMemo()
    build_index(cands, wps, memo=memo)
    replaced = [{**c} for c in cands]  # equal content, new objects: computed again
    misses = memo.misses
    build_index(replaced, wps, memo=memo)
    assert memo.misses - misses >= len(cands)
    assert all(len(table) <= max(len(cands), len(wps)) for table in memo._rows.values())
