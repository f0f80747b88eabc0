"""Eligibility masks over a snapshot's index positions: what a request may be shown.

The engine ranks only where these are True (``matching.suggest_*``), so filters, forbidden
pairs, visibility and readiness cost one vectorised pass instead of a loop after ranking.
"""

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from app.core import visibility
from app.core.security import Principal
from app.core.visibility import FieldGroup, Rule
from app.matches.refresher import Overlay
from app.matches.snapshot import Snapshot

Mask = npt.NDArray[np.bool_]


def workplaces(
    snap: Snapshot, *, place_type: str | None, kind: str | None, forbidden: Iterable[int]
) -> Mask | None:
    """Workplaces passing the list filters and not forbidden for the candidate."""
    mask: Mask | None = None
    if place_type is not None:
        mask = snap.place_type == place_type
    if kind is not None:
        by_kind = snap.kind == kind
        mask = by_kind if mask is None else mask & by_kind
    positions = [snap.workplace_pos[w] for w in forbidden if w in snap.workplace_pos]
    if positions:
        mask = np.ones(len(snap.workplace_pos), dtype=bool) if mask is None else mask.copy()
        mask[positions] = False
    return mask


def functional(principal: Principal, snap: Snapshot, over: Overlay) -> Mask:
    """Candidates whose functional profile the principal may see (the visibility matrix),
    with consent changes since the snapshot applied and excluded candidates left out."""
    n = len(snap.candidate_pos)
    match visibility.rule(principal.role, FieldGroup.functional):
        case Rule.always:
            mask = np.ones(n, dtype=bool)
        case Rule.never:
            mask = np.zeros(n, dtype=bool)
        case Rule.shared:
            mask = snap.shared.copy()
        case _:  # per-candidate rules: ask the matrix for each subject
            mask = np.array(
                [
                    visibility.allowed(principal, FieldGroup.functional, snap.subjects[i])
                    for i in snap.candidate_pos
                ],
                dtype=bool,
            )
    for candidate_id, subject in over.subjects.items():
        mask[snap.candidate_pos[candidate_id]] = visibility.allowed(
            principal, FieldGroup.functional, subject
        )
    for candidate_id in over.excluded:
        mask[snap.candidate_pos[candidate_id]] = False
    return mask


def without(snap: Snapshot, mask: Mask, candidate_ids: Iterable[int]) -> Mask:
    positions = [snap.candidate_pos[c] for c in candidate_ids if c in snap.candidate_pos]
    if not positions:
        return mask
    out = mask.copy()
    out[positions] = False
    return out
