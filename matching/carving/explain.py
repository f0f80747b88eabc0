"""Every proposed role explains itself in plain Dutch (B1): which tasks, from whom, why they
fit, what is left out and why, and which instruments apply.

The per-task reasons are the engine's own explanations of the one-task workplaces
(:func:`matching.explain_block`), so the words match the suggestions elsewhere in the product.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from matching import (
    DEFAULT_POLICY,
    DEFAULT_WEIGHTS,
    InstrumentAdvice,
    Policy,
    WeightProfile,
    WorkplaceProfile,
    assess_instruments,
    explain_block,
)
from matching.carving.fit import TaskFit, task_workplace
from matching.carving.profiles import WEEKDAYS, InventoryTask, TaskSite
from matching.carving.solve import CarvedRole, CarvingResult

DAY_NAMES = dict(zip(WEEKDAYS, ("ma", "di", "wo", "do", "vr", "za", "zo"), strict=True))
TOP_REASONS = 4


@dataclass(frozen=True)
class RoleExplanation:
    """Plain Dutch sentences about one role, for the jobhunter and (pseudonymised) the employer."""

    summary: str
    tasks: tuple[str, ...]
    reasons_for: tuple[str, ...]
    reasons_against: tuple[str, ...]
    left_out: tuple[str, ...]
    freed: tuple[str, ...]
    instruments: tuple[InstrumentAdvice, ...]


def hours_text(hours: float) -> str:
    """'3 uur', '1,5 uur' (Dutch decimal comma)."""
    return f"{hours:g}".replace(".", ",") + " uur"


def days_text(days: Sequence[str]) -> str:
    ordered = [DAY_NAMES[d] for d in WEEKDAYS if d in set(days)]
    return ", ".join(ordered) if ordered else "elke werkdag"


def unfit_sentences(
    fit: TaskFit,
    i: int,
    cols: Sequence[int],
    policy: Policy = DEFAULT_POLICY,
    weights: WeightProfile = DEFAULT_WEIGHTS,
) -> dict[int, str]:
    """Why candidate ``i`` cannot do each infeasible task of ``cols``, one Dutch sentence each.

    The engine's own failure sentences (its explanation of the one-task workplace), plus the
    days, which only carving checks.
    """
    bad = [j for j in cols if not fit.feasible[i, j]]
    if not bad:
        return {}
    whys = explain_block(fit.index, [i], bad, policy, weights)[0]
    out = {}
    for j, why in zip(bad, whys, strict=True):
        task = fit.tasks[j]
        parts = [f.sentence.replace(". (", " (").rstrip(".") for f in why.failures]
        if not fit.day_ok[i, j]:
            parts.append(f"De taak is op {days_text(task['days'])}; dan kan de kandidaat niet")
        text = "; ".join(p[0].lower() + p[1:] for p in parts if p) or "past niet"
        out[j] = f"{task['name']}: {text}."
    return out


def role_workplace(
    tasks: Sequence[InventoryTask], sites: Mapping[str, TaskSite], title: str
) -> WorkplaceProfile:
    """The carved role as a workplace profile, as it would enter the verify queue.

    Levels are chosen so every task that fitted its holder still does: the calmest stimulus
    and the most structure of any task at workplace level (the engine then takes the
    hours-weighted task levels), the highest time pressure and customer contact of any task,
    the least supervision any task offers. Hours: the role's hours, to the whole hour around.
    """
    site = sites[tasks[0]["site"]]
    base: dict[str, Any] = dict(task_workplace(tasks[0], site))
    hours = sum(float(t["hours_per_week"]) for t in tasks)
    base.update(
        title=title,
        description="Functie op maat (jobcarving): " + ", ".join(t["name"] for t in tasks),
        hours_per_week_min=math.floor(hours),
        hours_per_week_max=math.ceil(hours),
        stimulus_level=min(t["stimulus_level"] for t in tasks),
        structure_offered=max(t["structure_level"] for t in tasks),
        supervision_offered=min(t["supervision_offered"] for t in tasks),
        time_pressure_level=max(t["time_pressure_level"] for t in tasks),
        customer_contact_level=max(t["customer_contact_level"] for t in tasks),
        physical_demand=min(t["physical_load"] for t in tasks),
        tasks=[task_workplace(t, site)["tasks"][0] for t in tasks],
    )
    return cast(WorkplaceProfile, base)


def explain_role(
    fit: TaskFit,
    role: CarvedRole,
    result: CarvingResult | None = None,
    policy: Policy = DEFAULT_POLICY,
    weights: WeightProfile = DEFAULT_WEIGHTS,
) -> RoleExplanation:
    """Explain one role of a carving result.

    Parameters
    ----------
    fit : TaskFit
    role : CarvedRole
    result : CarvingResult, optional
        The whole proposal, so tasks that went to another role are named as such.
    policy, weights
        As used for ``fit``.

    Returns
    -------
    RoleExplanation
    """
    i = role.candidate_pos
    cand = fit.candidates[i]
    mine = list(role.task_positions)
    whys = explain_block(fit.index, [i], mine, policy, weights)[0]
    pros: Counter[str] = Counter()
    cons: Counter[str] = Counter()
    for why in whys:
        pros.update(why.reasons_for)
        cons.update(why.reasons_against)
    tasks_out = []
    for j in mine:
        t = fit.tasks[j]
        who = f", nu gedaan door: {t['current_role']}" if t["current_role"] else ", nu door niemand"
        tasks_out.append(
            f"{t['name']} ({hours_text(float(t['hours_per_week']))} per week, "
            f"{days_text(t['days'])}{who})"
        )
    elsewhere = {}
    for k, other in enumerate(result.roles if result else (), start=1):
        if other.candidate_pos != i:
            elsewhere.update(dict.fromkeys(other.task_positions, k))
    left = []
    others = [j for j in range(len(fit.tasks)) if j not in set(mine)]
    unfit = unfit_sentences(fit, i, others, policy, weights)
    for j in others:
        name = fit.tasks[j]["name"]
        if j in unfit:
            left.append(unfit[j])
        elif j in elsewhere:
            left.append(f"{name}: past ook, maar zit in functie {elsewhere[j]}.")
        elif (
            role.hours_per_week + float(fit.tasks[j]["hours_per_week"]) > cand["hours_per_week_max"]
        ):
            left.append(
                f"{name}: past, maar dan wordt het meer dan "
                f"{cand['hours_per_week_max']} uur per week."
            )
        else:
            left.append(f"{name}: past, maar minder goed dan de gekozen taken.")
    freed: dict[str, float] = {}
    for j in mine:
        if fit.tasks[j]["current_role"]:
            who = fit.tasks[j]["current_role"]
            freed[who] = freed.get(who, 0.0) + float(fit.tasks[j]["hours_per_week"])
    freed_text = tuple(
        f"{hours_text(h)} per week minder voor: {who}" for who, h in sorted(freed.items())
    )
    workplace = role_workplace([fit.tasks[j] for j in mine], fit.sites, "Functie op maat")
    days = sorted({d for j in mine for d in fit.tasks[j]["days"]}, key=WEEKDAYS.index)
    summary = (
        f"Een functie op maat van {hours_text(role.hours_per_week)} per week "
        f"({days_text(days)}) met {len(mine)} {'taak' if len(mine) == 1 else 'taken'}; "
        f"de taken passen gemiddeld voor {round(role.fit * 100)}%."
    )
    return RoleExplanation(
        summary=summary,
        tasks=tuple(tasks_out),
        reasons_for=tuple(s for s, _ in pros.most_common(TOP_REASONS)),
        reasons_against=tuple(s for s, _ in cons.most_common(TOP_REASONS)),
        left_out=tuple(left),
        freed=freed_text,
        instruments=assess_instruments(cand, workplace, policy, role.hours_per_week),
    )


def no_role_reasons(
    fit: TaskFit,
    i: int,
    min_role_hours_per_week: float,
    policy: Policy = DEFAULT_POLICY,
    weights: WeightProfile = DEFAULT_WEIGHTS,
) -> list[str]:
    """Why no bundle fits candidate ``i``: the hours that do fit, and each task that does not."""
    cand = fit.candidates[i]
    ok_hours = sum(
        float(t["hours_per_week"]) for j, t in enumerate(fit.tasks) if fit.feasible[i, j]
    )
    low = max(cand["hours_per_week_min"], min_role_hours_per_week)
    out = [
        f"De taken die passen, zijn samen {hours_text(ok_hours)} per week; de kandidaat wil "
        f"{cand['hours_per_week_min']} tot {cand['hours_per_week_max']} uur werken "
        f"(minimaal {hours_text(low)} voor een functie)."
    ]
    out += list(unfit_sentences(fit, i, range(len(fit.tasks)), policy, weights).values())
    return out
