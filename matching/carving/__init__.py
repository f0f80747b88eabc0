"""Job carving (jobcarving, IHW 2.0): from an employer's task inventory to roles that fit people.

The field's method takes the simple tasks out of skilled staff's packages and bundles them into
a new role that fits a person (DOMAIN.md §5). Here that happens against a real pool:

1. :func:`task_fit` scores every candidate × task pair with the engine itself (one-task
   workplaces, the same factors, constraints and weights as any workplace), plus the days.
2. :func:`carve` proposes up to K roles (task sets, one candidate each) with OR-Tools CP-SAT:
   first as many candidates placed as possible, then the highest total fit (a role's fit is
   the hours-weighted mean of its tasks' scores), then the most hours of skilled work freed.
3. :func:`best_bundle` answers a jobhunter's question for one candidate and one employer;
   :func:`tasks_to_drop` says which tasks would have to go for an existing job to fit.
4. :func:`explain_role` says it all in plain Dutch (B1).

Pure library: no database, settings or I/O, like the rest of ``matching``.
"""

from matching.carving.bundle import best_bundle
from matching.carving.drop import DropAdvice, tasks_to_drop
from matching.carving.explain import RoleExplanation, explain_role, role_workplace
from matching.carving.fit import DAY_UNAVAILABLE, TaskFit, task_fit, task_workplace
from matching.carving.profiles import (
    TIMES_OF_DAY,
    WEEKDAYS,
    CarvingCandidate,
    InventoryTask,
    TaskSite,
    check_inventory,
    check_task,
)
from matching.carving.solve import CarvedRole, CarvingOptions, CarvingResult, carve

__all__ = [
    "DAY_UNAVAILABLE",
    "TIMES_OF_DAY",
    "WEEKDAYS",
    "CarvedRole",
    "CarvingCandidate",
    "CarvingOptions",
    "CarvingResult",
    "DropAdvice",
    "InventoryTask",
    "RoleExplanation",
    "TaskFit",
    "TaskSite",
    "best_bundle",
    "carve",
    "check_inventory",
    "check_task",
    "explain_role",
    "role_workplace",
    "task_fit",
    "task_workplace",
    "tasks_to_drop",
]
