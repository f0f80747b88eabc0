"""Numpy arrays built once per data set (see ``build.build_index``); scoring only reads them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from matching.profiles import CandidateProfile, WorkplaceProfile
from matching.text import ConceptIndex

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class CandidateArrays:
    """Per-candidate arrays, row ``i`` is ``profiles[i]``."""

    profiles: tuple[CandidateProfile, ...]
    ids: I64
    x_km: F32
    y_km: F32
    hours_min: F32
    hours_max: F32
    gradual: npt.NDArray[np.bool_]
    max_minutes: F32
    slots: F32  # (n, 6): see travel.candidate_slots
    reach_km2: F32
    levels: I64  # (n, 7): stimulus, structure, supervision, time, customer, physical, skill
    strict_bits: I64
    has_bits: npt.NDArray[np.uint64]  # (n, words)
    loonwaarde: F32  # +inf when unknown: an unknown value never fails a minimum
    intern_indptr: I64
    intern_employers: I64  # employer codes (see WorkplaceArrays.employer_code)
    # Derived tables that depend on the whole data set plus a weight profile (pairs.py): built
    # on first use, then shared by every query on this index. Not part of the data.
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class WorkplaceArrays:
    """Per-workplace arrays plus a uniform grid for spatial queries."""

    profiles: tuple[WorkplaceProfile, ...]
    ids: I64
    id_rank: I64  # rank of the id among all workplaces (tie-breaks by id)
    employer_ids: I64
    employer_code: I64
    x_km: F32
    y_km: F32
    hours_min: F32
    hours_max: F32
    arranged: npt.NDArray[np.bool_]
    pt_block: F32  # 0, or +inf when not reachable by public transport
    code_a: I64
    code_b: I64
    skill: F32  # hours-weighted task skill, rounded to quarter levels
    req_bits: npt.NDArray[np.uint64]  # (n, words)
    req_words: npt.NDArray[np.uint64]  # (words, n): the same bits, one contiguous row per word
    packed: F32  # (n, 5): x_km, y_km, hours_min, hours_max, min_loonwaarde for one gather
    min_loonwaarde: F32  # -inf when none
    sustain: F32
    capacity: I64
    requirement_names: tuple[str, ...]
    grid_order: I64
    grid_start: I64
    grid_origin: tuple[float, float]
    grid_shape: tuple[int, int]
    grid_cell_km: float
    arranged_pos: I64

    grid_packed: F32  # packed rows in grid order, for sequential reads
    grid_req: npt.NDArray[np.uint64]  # (words, n_grid) in grid order
    arranged_packed: F32
    phys_max: npt.NDArray[np.int8]  # heaviest of physical demand and task loads
    codes: I64  # code_a | code_b << 10 | tagset << 21 | arranged << 61 | public transport << 62
    xy: F32  # (n, 2) x_km, y_km side by side for one gather
    bbox: tuple[float, float, float, float]  # min x, min y, max x, max y of all workplaces
    req_sparse: tuple[tuple[I64, npt.NDArray[np.uint64]], ...]  # per word: (positions, bits)
    arranged_req: npt.NDArray[np.uint64]

    def within(self, x: float, y: float, radius_km: float) -> bool:
        """Whether every workplace lies within ``radius_km`` of (x, y) (bounding-box test)."""
        x0, y0, x1, y1 = self.bbox
        far_x = max(abs(x - x0), abs(x - x1))
        far_y = max(abs(y - y0), abs(y - y1))
        return far_x * far_x + far_y * far_y < radius_km * radius_km * 0.999

    def near_count(self, x: float, y: float, radius_km: float) -> int:
        """How many grid workplaces :meth:`near` would return (without gathering them)."""
        rows = self._rows(x, y, radius_km)
        if rows is None:
            return 0
        starts, ends = rows
        return int((ends - starts).sum())

    def _rows(self, x: float, y: float, radius_km: float) -> tuple[I64, I64] | None:
        ny, nx = self.grid_shape
        x0, y0 = self.grid_origin
        cell = self.grid_cell_km
        cx0 = max(int((x - radius_km - x0) // cell), 0)
        cx1 = min(int((x + radius_km - x0) // cell), nx - 1)
        cy0 = max(int((y - radius_km - y0) // cell), 0)
        cy1 = min(int((y + radius_km - y0) // cell), ny - 1)
        if radius_km < 0 or cx0 > cx1 or cy0 > cy1:
            return None
        row = np.arange(cy0, cy1 + 1) * nx
        return self.grid_start[row + cx0], self.grid_start[row + cx1 + 1]

    def near(self, x: float, y: float, radius_km: float) -> tuple[I64, F32, npt.NDArray[Any]]:
        """Workplaces in grid cells touching a square around (x, y), plus every workplace with
        transport arranged (the grid holds only the others, so none appears twice).

        Returns
        -------
        positions : ndarray of int64
        packed : ndarray of float32, shape (n, 5)
            Rows of ``packed`` for those positions.
        req : ndarray of uint64, shape (words, n)
        """
        pos, rows, req = [self.arranged_pos], [self.arranged_packed], [self.arranged_req]
        ranges = self._rows(x, y, radius_km)
        if ranges is not None:
            for a, b in zip(ranges[0].tolist(), ranges[1].tolist(), strict=True):
                if b > a:
                    pos.append(self.grid_order[a:b])
                    rows.append(self.grid_packed[a:b])
                    req.append(self.grid_req[:, a:b])
        return np.concatenate(pos), np.concatenate(rows), np.concatenate(req, axis=1)


class MatchIndex(NamedTuple):
    """Candidates, workplaces and their concept links; unpacks as ``ci, wi``."""

    candidates: CandidateArrays
    workplaces: WorkplaceArrays
    concepts: ConceptIndex
