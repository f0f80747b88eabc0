"""After-care (nazorg): scheduling follow-ups, the due list, check-ins and cancelling.

A check-in is applied with a conditional ``UPDATE ... WHERE status = 'open'``, so two people
checking in the same follow-up at once cannot both record it.
"""

from collections.abc import Sequence
from datetime import date

from sqlmodel import Session, col, select, update

from app.audit import decisions
from app.audit import service as audit
from app.candidates.models import Candidate
from app.core import visibility
from app.core.errors import Conflict, Invalid, NotFound
from app.core.pagination import Page, PageParams, paginate
from app.core.security import Principal
from app.core.timeutil import today, utcnow
from app.core.vocab import Role
from app.placements.models import FollowUp, Placement
from app.placements.policy import aftercare_policy
from app.placements.schedule import Cadence, PlannedFollowUp, plan_follow_ups, plan_proef_follow_ups
from app.placements.schemas import CheckInIn, EarlyWarning, FollowUpPublic, Signals
from app.placements.signals import early_warnings
from app.placements.vocab import (
    OUTCOME_CHECKS,
    PROEF_KINDS,
    FollowUpKind,
    FollowUpStatus,
    follow_up_label,
)
from matching import Policy

SORTABLE = ("id", "due_on", "kind")


def _policy(session: Session, placement: Placement) -> Policy:
    candidate = session.get(Candidate, placement.candidate_id)
    return aftercare_policy(session, candidate.municipality if candidate else None)


def _cadence(session: Session, placement: Placement) -> Cadence:
    policy = _policy(session, placement)
    return Cadence(
        contract_end_alert_months=policy.contract_end_alert_months,
        interval_months=policy.aftercare_interval_months,
        horizon_months=policy.aftercare_horizon_months,
        jobcoach_report_months=policy.jobcoach_report_months,
        with_jobcoach=placement.with_jobcoach,
    )


def schedule(session: Session, *, placement: Placement) -> list[FollowUp]:
    """Create (or bring up to date) the follow-ups of a placed placement.

    Planning is a difference with what exists, so a renewal re-arms the contract-end alert
    and adds the contacts a longer contract now needs, while done follow-ups stay as history
    and open ones that no longer fit the contract are cancelled.
    """
    assert placement.id is not None and placement.start_date is not None
    cadence = _cadence(session, placement)
    planned = plan_follow_ups(
        placement.start_date,
        placement.end_date,
        contract_end_alert_months=cadence.contract_end_alert_months,
        cadence=cadence,
    )
    return _apply_plan(session, placement, planned, keep=set(PROEF_KINDS))


def schedule_proef(session: Session, *, placement: Placement) -> list[FollowUp]:
    """Check-ins and the end alert of a proefplaatsing that has just started."""
    assert placement.proef_start is not None and placement.proef_planned_end is not None
    days = _policy(session, placement).proef_end_alert_days
    planned = plan_proef_follow_ups(
        placement.proef_start, placement.proef_planned_end, end_alert_days=days
    )
    return _apply_plan(session, placement, planned, keep=set())


def _apply_plan(
    session: Session,
    placement: Placement,
    planned: list[PlannedFollowUp],
    *,
    keep: set[FollowUpKind],
) -> list[FollowUp]:
    assert placement.id is not None
    existing = list_for_placement(session, placement.id)
    live = [f for f in existing if f.status != FollowUpStatus.cancelled]
    have = {_key(f) for f in live}
    wanted = {p.key for p in planned}
    for follow_up in live:
        stale = _key(follow_up) not in wanted and FollowUpKind(follow_up.kind) not in keep
        if follow_up.status == FollowUpStatus.open and stale:
            follow_up.status = FollowUpStatus.cancelled
            session.add(follow_up)
    rows = [
        FollowUp(
            placement_id=placement.id,
            candidate_id=placement.candidate_id,
            jobhunter_id=placement.jobhunter_id,
            kind=item.kind,
            month=item.month,
            with_whom=item.with_whom,
            due_on=item.due_on,
        )
        for item in planned
        if item.key not in have
    ]
    session.add_all(rows)
    session.flush()
    return rows


def _key(follow_up: FollowUp) -> tuple[str, object]:
    if follow_up.kind == FollowUpKind.contract_end_alert:
        return (follow_up.kind, follow_up.due_on)
    return (follow_up.kind, follow_up.month)


def cancel_kinds(session: Session, *, placement_id: int, kinds: Sequence[str]) -> None:
    """Cancel the open follow-ups of these kinds (e.g. the proefplaatsing's, once it ends)."""
    session.exec(
        update(FollowUp)
        .where(
            col(FollowUp.placement_id) == placement_id,
            col(FollowUp.status) == "open",
            col(FollowUp.kind).in_(list(kinds)),
        )
        .values(status=FollowUpStatus.cancelled)
        .execution_options(synchronize_session=False)
    )


def cancel_open(session: Session, *, placement_id: int, keep_outcome_checks: bool = False) -> None:
    conditions = [col(FollowUp.placement_id) == placement_id, col(FollowUp.status) == "open"]
    if keep_outcome_checks:
        conditions.append(col(FollowUp.kind).not_in(list(OUTCOME_CHECKS)))
    session.exec(
        update(FollowUp)
        .where(*conditions)
        .values(status=FollowUpStatus.cancelled)
        .execution_options(synchronize_session=False)
    )


def get(session: Session, follow_up_id: int) -> FollowUp:
    follow_up = session.get(FollowUp, follow_up_id)
    if follow_up is None:
        raise NotFound("No follow-up with that id.")
    return follow_up


def list_due(
    session: Session,
    *,
    principal: Principal,
    due_before: date | None,
    jobhunter_id: int | None,
    include_done: bool,
    page: PageParams,
    action: str = "follow_ups",
) -> tuple[list[FollowUp], int]:
    """Open follow-ups (and done ones if asked), by due date; a jobhunter sees their own.

    The candidates they name are written to the access log."""
    if jobhunter_id is None and principal.role == Role.jobhunter:
        jobhunter_id = principal.account_id
    statuses = [FollowUpStatus.open] + ([FollowUpStatus.done] if include_done else [])
    statement = select(FollowUp).where(col(FollowUp.status).in_(statuses))
    if jobhunter_id is not None:
        statement = statement.where(FollowUp.jobhunter_id == jobhunter_id)
    if due_before is not None:
        statement = statement.where(FollowUp.due_on <= due_before)
    if page.sort is None:
        page = page.model_copy(update={"sort": "due_on"})
    rows, total = paginate(session, statement, FollowUp, page, SORTABLE)
    ids = [f.candidate_id for f in rows]
    audit.record_reads(session, principal, ids, purpose="case_management", action=action)
    return rows, total


def list_for_placement(session: Session, placement_id: int) -> list[FollowUp]:
    statement = select(FollowUp).where(FollowUp.placement_id == placement_id)
    return list(session.exec(statement.order_by(col(FollowUp.due_on), col(FollowUp.id))).all())


def check_in(
    session: Session, *, actor: Principal, follow_up: FollowUp, check_in_in: CheckInIn
) -> FollowUp:
    """Record what a follow-up found, mark it done and log the decision."""
    visibility.require_decide(session, actor, follow_up.candidate_id)
    kind = FollowUpKind(follow_up.kind)
    if follow_up.status != FollowUpStatus.open:
        raise Conflict(
            f"This follow-up is already {follow_up.status}.", fields={"status": follow_up.status}
        )
    _check_outcome_fields(kind, check_in_in)
    placement = session.get(Placement, follow_up.placement_id)
    assert placement is not None
    warnings = early_warnings(
        check_in_in.signals,
        _previous_signals(session, follow_up),
        still_in_work=check_in_in.still_in_work,
    )
    if (early := _recorded_early(kind, follow_up, placement, today())) is not None:
        warnings.append(early)
    signals = check_in_in.signals.model_dump(exclude_none=True)
    matched = session.exec(
        update(FollowUp)
        .where(col(FollowUp.id) == follow_up.id, col(FollowUp.status) == FollowUpStatus.open)
        .values(
            status=FollowUpStatus.done,
            done_at=utcnow(),
            done_by=actor.account_id,
            signals=signals,
            warnings=[w.model_dump() for w in warnings],
            note=check_in_in.note,
            still_in_work=check_in_in.still_in_work,
            same_job=check_in_in.same_job,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if matched != 1:
        raise Conflict("Someone checked in on this follow-up just now.", fields={"status": "done"})
    session.refresh(follow_up)
    decisions.record(
        session,
        actor,
        f"check_in:{kind}",
        candidate_id=follow_up.candidate_id,
        workplace_id=placement.workplace_id,
        proposal_id=placement.proposal_id,
        placement_id=placement.id,
        note=check_in_in.note,
        detail={
            "follow_up_id": follow_up.id,
            "signals": signals,
            "warnings": [w.signal for w in warnings],
            "still_in_work": check_in_in.still_in_work,
            "same_job": check_in_in.same_job,
        },
    )
    return follow_up


# Alerts ask staff to act ahead of a date: they may be handled any time.
_ANY_TIME = (FollowUpKind.contract_end_alert, FollowUpKind.proef_end_alert)
# What these record only exists on their date: the first day, being in work at 6 or 12 months.
_ON_THE_DAY = (FollowUpKind.first_day, *OUTCOME_CHECKS)


def _recorded_early(
    kind: FollowUpKind, follow_up: FollowUp, placement: Placement, on: date
) -> EarlyWarning | None:
    """A check-in records what happened: one recorded before the work (or the proefplaatsing)
    it is about has started, or a first-day contact or outcome check before its date, is kept
    (a contact may be noted ahead, a date may be wrong) but flagged for staff to check."""
    if kind in _ANY_TIME:
        return None
    earliest: date | None
    if kind in _ON_THE_DAY:
        earliest, what = follow_up.due_on, "de datum van dit contact"
    elif kind in PROEF_KINDS:
        earliest, what = placement.proef_start, "de start van de proefplaatsing"
    else:
        earliest, what = placement.start_date, "de start van het werk"
    if earliest is None or on >= earliest:
        return None
    return EarlyWarning(
        signal="recorded_early",
        message=f"Vastgelegd op {on:%d-%m-%Y}, vóór {what} ({earliest:%d-%m-%Y}): klopt dat?",
    )


def _check_outcome_fields(kind: FollowUpKind, check_in_in: CheckInIn) -> None:
    if kind not in OUTCOME_CHECKS:
        for name in ("still_in_work", "same_job"):
            if getattr(check_in_in, name) is not None:
                raise Invalid(
                    "Only outcome checks record whether someone is in work.",
                    fields={name: "only for outcome_6m and outcome_12m"},
                )
        return
    if check_in_in.still_in_work is None:
        raise Invalid(
            "An outcome check records whether the young person is still in work.",
            fields={"still_in_work": "required for an outcome check"},
        )
    if check_in_in.still_in_work and check_in_in.same_job is None:
        raise Invalid(
            "Say whether it is the same job.", fields={"same_job": "required when in work"}
        )
    if not check_in_in.still_in_work and check_in_in.same_job:
        raise Invalid("Not in work, so not in the same job.", fields={"same_job": "must be false"})


def _previous_signals(session: Session, follow_up: FollowUp) -> Signals | None:
    """The latest earlier check-in of this placement that recorded sick reports."""
    statement = (
        select(FollowUp)
        .where(
            FollowUp.placement_id == follow_up.placement_id,
            FollowUp.status == FollowUpStatus.done,
        )
        .order_by(col(FollowUp.done_at).desc(), col(FollowUp.id).desc())
    )
    for previous in session.exec(statement).all():
        if previous.signals.get("sick_reports") is not None:
            return Signals.model_validate(previous.signals)
    return None


def recorded_outcomes(
    session: Session, placement_ids: Sequence[int]
) -> dict[tuple[int, int], bool]:
    """(placement id, months) → still in work, from the outcome checks that were done."""
    if not placement_ids:
        return {}
    statement = select(FollowUp).where(
        col(FollowUp.placement_id).in_(placement_ids),
        col(FollowUp.kind).in_(list(OUTCOME_CHECKS)),
        FollowUp.status == FollowUpStatus.done,
    )
    return {
        (f.placement_id, OUTCOME_CHECKS[FollowUpKind(f.kind)]): bool(f.still_in_work)
        for f in session.exec(statement).all()
    }


def to_public(follow_up: FollowUp) -> FollowUpPublic:
    data = follow_up.model_dump()
    data["label"] = follow_up_label(follow_up.kind, follow_up.month)
    return FollowUpPublic.model_validate(data)


def list_due_public(
    session: Session,
    *,
    principal: Principal,
    due_before: date | None,
    jobhunter_id: int | None,
    include_done: bool,
    page: PageParams,
) -> Page[FollowUpPublic]:
    """``list_due`` (which logs the reads) in the public schema, for the route."""
    rows, total = list_due(
        session,
        principal=principal,
        due_before=due_before,
        jobhunter_id=jobhunter_id,
        include_done=include_done,
        page=page,
    )
    items = [to_public(f) for f in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)
