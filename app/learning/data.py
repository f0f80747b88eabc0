"""Labelled pairs for the learner, read from reviews and outcomes.

A reviewed proposal is a *success* when it was accepted and the placement, where its outcome
is known, still had the young person in work at 6 and 12 months; a *failure* when it was
rejected for a reason about fit (travel, environment, hours, interests) or when an accepted
pair did not last. Rejections for reasons outside the pair's fit (the employer, the candidate
not available, other) say nothing about the factors and are left out (decision 162).
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.core.timeutil import today
from app.matches.models import Proposal
from app.placements import followups
from app.placements.models import Placement
from app.placements.schedule import in_work_at
from app.placements.vocab import Outcome
from matching import FACTORS

FIT_REASONS = ("travel", "environment", "hours", "interests")


@dataclass(frozen=True)
class Labelled:
    X: npt.NDArray[np.float64]
    y: npt.NDArray[np.int64]
    groups: npt.NDArray[np.int64]


def labelled_pairs(session: Session) -> Labelled:
    columns = [
        col(Proposal.run_id),
        col(Proposal.status),
        col(Proposal.reason),
        col(Proposal.explanation),
        col(Proposal.placement_id),
    ]
    statement = (
        sa_select(*columns)
        .where(col(Proposal.status).in_(("accepted", "rejected")))
        .order_by(col(Proposal.id))
    )
    rows: list[tuple[Any, ...]] = [tuple(r) for r in session.connection().execute(statement)]
    lasted = _lasted(session, [int(r[4]) for r in rows if r[4] is not None])
    features: list[list[float]] = []
    labels: list[int] = []
    groups: list[int] = []
    for run_id, status, reason, explanation, placement_id in rows:
        if status == "rejected" and reason not in FIT_REASONS:
            continue
        raw = {p["factor"]: p["raw"] for p in explanation.get("breakdown", [])}
        if any(f not in raw for f in FACTORS):
            continue
        success = status == "accepted" and lasted.get(placement_id or 0, True)
        features.append([float(raw[f]) for f in FACTORS])
        labels.append(int(success))
        groups.append(run_id)
    return Labelled(
        X=np.array(features, dtype=np.float64).reshape(-1, len(FACTORS)),
        y=np.array(labels, dtype=np.int64),
        groups=np.array(groups, dtype=np.int64),
    )


def _lasted(session: Session, placement_ids: list[int]) -> dict[int, bool]:
    """Placement id → False when it is known not to have lasted 6 or 12 months."""
    if not placement_ids:
        return {}
    recorded = followups.recorded_outcomes(session, placement_ids)
    placements = session.exec(select(Placement).where(col(Placement.id).in_(placement_ids))).all()
    result: dict[int, bool] = {}
    on = today()
    for p in placements:
        outcome = Outcome(p.outcome) if p.outcome else None
        checks = [
            in_work_at(
                months,
                start_date=p.start_date,
                ended_on=p.ended_on,
                outcome=outcome,
                recorded=recorded.get((p.id or 0, months)),
                today=on,
            )
            for months in (6, 12)
        ]
        if False in checks:
            result[p.id or 0] = False
    return result
