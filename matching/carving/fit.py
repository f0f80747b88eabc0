"""Per-task fit: every candidate × task pair scored by the engine itself, on the same factors.

Each inventory task is turned into a *one-task workplace*: the task's own environment levels,
its site's location, support, contract and employer facts, and the task itself as the only
entry of ``tasks``. With one task the engine's task handling is exact (the stricter of the
workplace and the task level is the task level; the heaviest load is the task's load), so
:func:`matching.score_block` scores the pair with the very factor tables, hard constraints
and weights it uses for any workplace — nothing is re-implemented here.

Hours are a property of a *role*, not of one task: the one-task workplace accepts any hours
(0..60), so its hours factor only reflects the candidate's own room (the same for every task
of that candidate). The role's hours are a hard constraint of the carving solver.

Days are the one check the engine has no field for: a task that happens on a day the
candidate cannot work is infeasible for them (reason ``day_unavailable``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from matching import (
    DEFAULT_POLICY,
    DEFAULT_WEIGHTS,
    MatchIndex,
    Policy,
    WeightProfile,
    WorkplaceProfile,
    build_index,
    decode_reasons,
    score_block,
)
from matching.carving.profiles import (
    MAX_HOURS_PER_WEEK,
    WEEKDAYS,
    CarvingCandidate,
    InventoryTask,
    TaskSite,
    check_candidate_availability,
    check_inventory,
)

F32 = npt.NDArray[np.float32]
BOOL = npt.NDArray[np.bool_]
DAY_UNAVAILABLE = "day_unavailable"
MAX_REASON_PAIRS = 2_000_000  # reasons per pair are for matrices a person looks at


def task_workplace(task: InventoryTask, site: TaskSite) -> WorkplaceProfile:
    """The one-task workplace the engine scores for ``task`` (see the module docstring).

    Parameters
    ----------
    task : InventoryTask
    site : TaskSite

    Returns
    -------
    WorkplaceProfile
    """
    return {
        "id": int(task["id"]),
        "employer_id": int(site["employer_id"]),
        "lat": float(site["lat"]),
        "lon": float(site["lon"]),
        "title": task["name"],
        "description": task["description"],
        "sector": site["sector"],
        "kind": "latent",
        "is_carved": True,
        "place_type": site["place_type"],
        "capacity": 1,
        "hours_per_week_min": 0,
        "hours_per_week_max": int(MAX_HOURS_PER_WEEK),
        "contract_type": site["contract_type"],  # type: ignore[typeddict-item]
        "contract_months": site["contract_months"],
        "agency_clause": False,
        "transport_arranged": bool(site["transport_arranged"]),
        "reachable_by_public_transport": bool(site["reachable_by_public_transport"]),
        "stimulus_level": task["stimulus_level"],
        "structure_offered": task["structure_level"],
        "supervision_offered": task["supervision_offered"],
        "time_pressure_level": task["time_pressure_level"],
        "customer_contact_level": task["customer_contact_level"],
        "physical_demand": task["physical_load"],
        "mentor_available": bool(site["mentor_available"]),
        "jobcoach_welcome": bool(site["jobcoach_welcome"]),
        "trained_colleague": bool(site["trained_colleague"]),
        "instruments_accepted": list(site["instruments_accepted"]),
        "required_certificates": [],
        "requires_driving_licence": False,
        "requires_startkwalificatie": False,
        "min_loonwaarde_pct": site["min_loonwaarde_pct"],
        "tasks": [
            {
                "name": task["name"],
                "description": task["description"],
                "hours_per_week": float(task["hours_per_week"]),
                "stimulus_level": task["stimulus_level"],
                "structure_level": task["structure_level"],
                "physical_load": task["physical_load"],
                "skill_level": task["skill_level"],
                "required_certificate": task["required_certificate"],
            }
        ],
        "employer_willingness": int(site["employer_willingness"]),
        "employer_experience": bool(site["employer_experience"]),
        "employer_contract_policy_max_months": site["employer_contract_policy_max_months"],
    }


@dataclass(frozen=True)
class TaskFit:
    """Fit of every candidate with every task.

    Attributes
    ----------
    index : MatchIndex
        The engine index over the candidates and the one-task workplaces (for explanations).
    candidates : tuple of CarvingCandidate
    tasks : tuple of InventoryTask
    sites : mapping of site key to TaskSite
    scores : ndarray of float32, shape (n, m)
        The engine's weighted score per pair; 0 where infeasible.
    feasible : ndarray of bool, shape (n, m)
        The engine's hard constraints hold and the task's days suit the candidate.
    day_ok : ndarray of bool, shape (n, m)
    reason_bits : ndarray of uint16, shape (n, m) or None
        The engine's failed-constraint bit mask, when reasons were asked for.
    """

    index: MatchIndex
    candidates: tuple[CarvingCandidate, ...]
    tasks: tuple[InventoryTask, ...]
    sites: Mapping[str, TaskSite]
    scores: F32
    feasible: BOOL
    day_ok: BOOL
    reason_bits: npt.NDArray[np.uint16] | None

    def reasons(self, i: int, j: int) -> list[str]:
        """Reason codes why candidate ``i`` cannot do task ``j`` (empty when feasible).

        Engine codes (see :data:`matching.REASON_CODES`) plus ``day_unavailable``.
        """
        codes = [] if self.day_ok[i, j] else [DAY_UNAVAILABLE]
        if self.reason_bits is not None:
            return decode_reasons(int(self.reason_bits[i, j])) + codes
        if self.feasible[i, j] or not self.day_ok[i, j]:
            return codes
        block = score_block(self.index, cand_idx=[i], wp_idx=[j], include_reasons=True)
        assert block.reasons is not None
        return decode_reasons(int(block.reasons[0, 0])) + codes


def day_matrix(candidates: Sequence[Mapping[str, Any]], tasks: Sequence[Mapping[str, Any]]) -> BOOL:
    """Whether each task's days are all days the candidate can work (no days: any day)."""

    def bits(days: Sequence[str]) -> int:
        return sum(1 << WEEKDAYS.index(d) for d in set(days))

    cand = np.array([bits(c["days_available"]) for c in candidates], dtype=np.int64)
    need = np.array([bits(t["days"]) for t in tasks], dtype=np.int64)
    return (need[None, :] & ~cand[:, None]) == 0


def task_fit(
    candidates: Sequence[CarvingCandidate],
    tasks: Sequence[InventoryTask],
    sites: Mapping[str, TaskSite],
    policy: Policy = DEFAULT_POLICY,
    weights: WeightProfile = DEFAULT_WEIGHTS,
    *,
    include_reasons: bool = False,
) -> TaskFit:
    """Score every candidate × task pair with the engine.

    Parameters
    ----------
    candidates : sequence of CarvingCandidate
    tasks : sequence of InventoryTask
    sites : mapping of site key to TaskSite
    policy : Policy
    weights : WeightProfile
    include_reasons : bool
        Also keep the failed-constraint bit mask of every pair (small matrices only).

    Returns
    -------
    TaskFit

    Raises
    ------
    ProfileError
        When a task, site or candidate breaks the input contract.
    """
    check_inventory(tasks, sites)
    for cand in candidates:
        check_candidate_availability(cand)
    workplaces = [task_workplace(t, sites[t["site"]]) for t in tasks]
    index = build_index(list(candidates), workplaces)
    want_reasons = include_reasons and len(candidates) * len(tasks) <= MAX_REASON_PAIRS
    block = score_block(index, policy, weights, include_reasons=want_reasons)
    day_ok = day_matrix(candidates, tasks)
    feasible = block.feasible & day_ok
    scores = np.where(feasible, block.scores, np.float32(0.0)).astype(np.float32)
    return TaskFit(
        index=index,
        candidates=tuple(candidates),
        tasks=tuple(tasks),
        sites=dict(sites),
        scores=scores,
        feasible=feasible,
        day_ok=day_ok,
        reason_bits=block.reasons,
    )
