"""The jobhunter's question: for this candidate and this employer, which bundle fits best?"""

from __future__ import annotations

from dataclasses import replace

from matching.carving.fit import TaskFit
from matching.carving.solve import CarvingOptions, CarvingResult, carve


def best_bundle(
    fit: TaskFit, cand_pos: int, options: CarvingOptions | None = None
) -> CarvingResult:
    """The single best role for one candidate from all tasks in ``fit``.

    The same model as :func:`carve` with one candidate and K = 1, never reduced, so the
    answer is optimal when the status is ``OPTIMAL``.

    Parameters
    ----------
    fit : TaskFit
    cand_pos : int
        Position of the candidate in ``fit.candidates``.
    options : CarvingOptions

    Returns
    -------
    CarvingResult
        At most one role; status ``NO_ROLE`` when no task set fits the candidate's hours.
    """
    base = options or CarvingOptions()
    single = replace(base, max_roles=1, exact_pairs=max(base.exact_pairs, len(fit.tasks)))
    return carve(fit, single, candidate_positions=[cand_pos])
