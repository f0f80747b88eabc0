"""Pure date rules of the pipeline and after-care: no database, no settings, no clock.

The cadence follows DOMAIN §7: contact after the first day and the first weeks, a check-in
at about a month with the employer and the young person separately, then every three months
in the first year, outcome checks at 6 and 12 months, and an alert before a contract ends.
After the first year contacts go on every ``interval_months`` up to ``horizon_months``; with a
jobcoach, a report every ``jobcoach_report_months``. A proefplaatsing gets a check-in after the
first week and at about four weeks (each side apart) and an alert before it ends.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from app.placements.vocab import FollowUpKind, Outcome, WithWhom

# A proefplaatsing is usually 2 months, +1 extension, never more than 6 (DOMAIN §6).
PROEF_MAX_MONTHS = 6
FIRST_DAY_DAYS = 1
FIRST_WEEKS_DAYS = 14
ONE_MONTH_DAYS = 35  # "4–6 weeks": the middle of that window
QUARTERS = (
    (3, FollowUpKind.quarterly_3m),
    (6, FollowUpKind.quarterly_6m),
    (9, FollowUpKind.quarterly_9m),
    (12, FollowUpKind.quarterly_12m),
)
OUTCOMES = ((6, FollowUpKind.outcome_6m), (12, FollowUpKind.outcome_12m))


@dataclass(frozen=True)
class PlannedFollowUp:
    kind: FollowUpKind
    with_whom: WithWhom
    due_on: date
    month: int | None = None  # months after the start, for the periodic kinds

    @property
    def key(self) -> tuple[str, object]:
        """What makes two plans the same follow-up; an alert moves with its date."""
        if self.kind == FollowUpKind.contract_end_alert:
            return (self.kind, self.due_on)
        return (self.kind, self.month)


@dataclass(frozen=True)
class Cadence:
    """The policy's after-care numbers (see ``matching.Policy``)."""

    contract_end_alert_months: int = 2
    interval_months: int = 3
    horizon_months: int = 12
    jobcoach_report_months: int = 6
    with_jobcoach: bool = False


def add_months(day: date, months: int) -> date:
    """Same day of the month ``months`` later (or earlier); clipped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years on a given day."""
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - before_birthday


def plan_follow_ups(
    start_date: date,
    end_date: date | None,
    *,
    contract_end_alert_months: int,
    cadence: Cadence | None = None,
) -> list[PlannedFollowUp]:
    """Follow-ups for a placement that starts on ``start_date``, sorted by due date.

    Contacts on the work floor are only planned before the contract's end date; the outcome
    checks are planned regardless, because "still in work" asks about any job, not this one.
    """
    cadence = cadence or Cadence(contract_end_alert_months=contract_end_alert_months)
    step = max(1, cadence.interval_months)
    later = [
        PlannedFollowUp(FollowUpKind.periodic, WithWhom.both, add_months(start_date, m), m)
        for m in range(12 + step, cadence.horizon_months + 1, step)
    ]
    if cadence.with_jobcoach:
        every = max(1, cadence.jobcoach_report_months)
        later += [
            PlannedFollowUp(
                FollowUpKind.jobcoach_report, WithWhom.both, add_months(start_date, m), m
            )
            for m in range(every, max(cadence.horizon_months, 12) + 1, every)
        ]
    contacts = [
        PlannedFollowUp(FollowUpKind.first_day, WithWhom.both, _days(start_date, FIRST_DAY_DAYS)),
        PlannedFollowUp(
            FollowUpKind.first_weeks, WithWhom.both, _days(start_date, FIRST_WEEKS_DAYS)
        ),
        PlannedFollowUp(
            FollowUpKind.one_month_employer, WithWhom.employer, _days(start_date, ONE_MONTH_DAYS)
        ),
        PlannedFollowUp(
            FollowUpKind.one_month_candidate, WithWhom.candidate, _days(start_date, ONE_MONTH_DAYS)
        ),
        *(
            PlannedFollowUp(kind, WithWhom.both, add_months(start_date, months), months)
            for months, kind in QUARTERS
        ),
        *later,
    ]
    planned = [c for c in contacts if end_date is None or c.due_on < end_date]
    planned += [
        PlannedFollowUp(kind, WithWhom.candidate, add_months(start_date, months), months)
        for months, kind in OUTCOMES
    ]
    if end_date is not None:
        alert_on = max(add_months(end_date, -contract_end_alert_months), start_date)
        planned.append(PlannedFollowUp(FollowUpKind.contract_end_alert, WithWhom.both, alert_on))
    return sorted(planned, key=lambda p: (p.due_on, list(FollowUpKind).index(p.kind)))


def plan_proef_follow_ups(
    proef_start: date, proef_planned_end: date, *, end_alert_days: int
) -> list[PlannedFollowUp]:
    """Check-ins during a proefplaatsing and the alert before it ends, sorted by due date."""
    contacts = [
        PlannedFollowUp(FollowUpKind.proef_first_week, WithWhom.both, _days(proef_start, 7)),
        PlannedFollowUp(
            FollowUpKind.proef_four_weeks_employer, WithWhom.employer, _days(proef_start, 28)
        ),
        PlannedFollowUp(
            FollowUpKind.proef_four_weeks_candidate, WithWhom.candidate, _days(proef_start, 28)
        ),
    ]
    planned = [c for c in contacts if c.due_on < proef_planned_end]
    alert_on = max(proef_planned_end - timedelta(days=end_alert_days), proef_start)
    planned.append(PlannedFollowUp(FollowUpKind.proef_end_alert, WithWhom.both, alert_on))
    return sorted(planned, key=lambda p: (p.due_on, list(FollowUpKind).index(p.kind)))


def in_work_at(
    months: int,
    *,
    start_date: date | None,
    ended_on: date | None,
    outcome: Outcome | None,
    recorded: bool | None,
    today: date,
) -> bool | None:
    """Was the young person in work ``months`` after the start? ``None`` means not known (yet).

    A recorded outcome check wins. Otherwise a placement that ran past the horizon means yes;
    one that ended before it counts as yes only for a move to other work (a move from job to
    job is sustainable) and as no for a dropout.
    """
    if start_date is None:
        return None
    if recorded is not None:
        return recorded
    horizon = add_months(start_date, months)
    if ended_on is not None and ended_on < horizon:
        if outcome == Outcome.moved_to_other_job:
            return True
        return False if outcome == Outcome.dropout else None
    return True if horizon <= today else None


def _days(day: date, days: int) -> date:
    return day + timedelta(days=days)
