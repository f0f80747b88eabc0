"""Weight profile versions: propose from data, show beside the current one, a person decides.

Nothing here changes weights on its own: a proposal waits until an admin approves it, and
only then do the next match runs use it (and record its version in their audit record).
"""

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from app.audit import decisions
from app.core.errors import Conflict, Invalid, NotFound
from app.core.pagination import PageParams, paginate
from app.core.security import Principal
from app.core.timeutil import utcnow
from app.learning.data import labelled_pairs
from app.learning.models import WeightProfileVersion
from app.learning.schemas import (
    ProposalStatus,
    WeightDecision,
    WeightDecisionIn,
    WeightProposalCreate,
    WeightProposalPublic,
)
from app.matches.weights import active_profile
from app.web.charts import FACTOR_LABELS
from matching import FACTORS
from matching.backtest import backtest
from matching.learn import NotEnoughData, WeightLearner

MIN_SAMPLES = 200  # below this many labelled pairs the learner refuses (decision 162)


def propose(
    session: Session, *, actor: Principal, proposal_in: WeightProposalCreate
) -> WeightProfileVersion:
    current, current_version = active_profile(session, proposal_in.name)
    data = labelled_pairs(session)
    learner = WeightLearner(min_samples=MIN_SAMPLES, random_state=0)
    try:
        learner.fit(data.X, data.y)
    except NotEnoughData as exc:
        raise Invalid(
            f"Not enough reviewed pairs to propose weights: {exc}.",
            fields={"reviews": f"need at least {MIN_SAMPLES} labelled pairs"},
        ) from None
    proposed = learner.profile(proposal_in.name)
    test = backtest(data.X, data.y, data.groups, current, proposed)
    latest = session.exec(
        select(func.max(WeightProfileVersion.version)).where(
            WeightProfileVersion.name == proposal_in.name
        )
    ).one()
    row = WeightProfileVersion(
        name=proposal_in.name,
        version=(latest or 0) + 1,
        weights=proposed.normalised(),
        based_on_version=current_version,
        created_by=actor.account_id,
        evidence={
            "current": current.normalised(),
            "ci_low": dict(zip(FACTORS, learner.weights_low_.tolist(), strict=True)),
            "ci_high": dict(zip(FACTORS, learner.weights_high_.tolist(), strict=True)),
            "n_samples": learner.n_samples_,
            "n_successes": learner.n_positive_,
            "min_samples": MIN_SAMPLES,
            "brier_score": learner.brier_score_,
            "calibration": [vars(b) for b in learner.calibration_],
            "backtest": vars(test),
        },
    )
    session.add(row)
    session.flush()
    decisions.record(
        session, actor, "weights:proposed", detail={"name": row.name, "version": row.version}
    )
    return row


def get(session: Session, proposal_id: int) -> WeightProfileVersion:
    row = session.get(WeightProfileVersion, proposal_id)
    if row is None:
        raise NotFound("No weight proposal with that id.")
    return row


def list_(session: Session, page: PageParams) -> tuple[list[WeightProfileVersion], int]:
    if page.sort is None:
        page = page.model_copy(update={"sort": "-id"})
    return paginate(session, select(WeightProfileVersion), WeightProfileVersion, page, ("id",))


def decide(
    session: Session, *, actor: Principal, row: WeightProfileVersion, decision_in: WeightDecisionIn
) -> WeightProfileVersion:
    """Approve or reject exactly once; an approval supersedes the previously approved one."""
    status = (
        ProposalStatus.approved
        if decision_in.decision == WeightDecision.approve
        else ProposalStatus.rejected
    )
    if status == ProposalStatus.approved:
        session.exec(
            update(WeightProfileVersion)
            .where(
                col(WeightProfileVersion.name) == row.name,
                col(WeightProfileVersion.status) == ProposalStatus.approved,
            )
            .values(status=ProposalStatus.superseded)
            .execution_options(synchronize_session=False)
        )
    matched = session.exec(
        update(WeightProfileVersion)
        .where(
            col(WeightProfileVersion.id) == row.id,
            col(WeightProfileVersion.status) == ProposalStatus.proposed,
        )
        .values(
            status=status,
            decided_at=utcnow(),
            decided_by=actor.account_id,
            decision_note=decision_in.note,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if matched != 1:
        session.refresh(row)
        raise Conflict(
            f"This proposal was already decided ({row.status}).", fields={"status": row.status}
        )
    session.refresh(row)
    decisions.record(
        session,
        actor,
        f"weights:{status}",
        note=decision_in.note,
        detail={"name": row.name, "version": row.version},
    )
    if status == ProposalStatus.approved:
        active_profile(session, row.name)  # this process uses it at once
    return row


def to_public(row: WeightProfileVersion) -> WeightProposalPublic:
    evidence = row.evidence
    current = evidence.get("current", {})
    factors = [
        {
            "factor": f,
            "label": FACTOR_LABELS.get(f, f),
            "current": round(float(current.get(f, 0.0)), 4),
            "proposed": round(float(row.weights.get(f, 0.0)), 4),
            "change": round(float(row.weights.get(f, 0.0)) - float(current.get(f, 0.0)), 4),
            "ci_low": round(float(evidence.get("ci_low", {}).get(f, 0.0)), 4),
            "ci_high": round(float(evidence.get("ci_high", {}).get(f, 0.0)), 4),
        }
        for f in FACTORS
    ]
    return WeightProposalPublic.model_validate(
        {
            **row.model_dump(),
            "factors": factors,
            "n_samples": evidence.get("n_samples", 0),
            "n_successes": evidence.get("n_successes", 0),
            "min_samples": evidence.get("min_samples", MIN_SAMPLES),
            "brier_score": evidence.get("brier_score"),
            "calibration": evidence.get("calibration", []),
            "backtest": evidence.get("backtest"),
        }
    )
