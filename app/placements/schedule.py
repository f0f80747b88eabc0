"""Pure date rules of the pipeline and after-care: no database, no settings, no clock.

The cadence follows DOMAIN §7: contact after the first day and the first weeks, a check-in
at about a month with the employer and the young person separately, then every three months
in the first year, outcome checks at 6 and 12 months, and an alert before a contract ends.
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
    start_date: date, end_date: date | None, *, contract_end_alert_months: int
) -> list[PlannedFollowUp]:
    """Follow-ups for a placement that starts on ``start_date``, sorted by due date.

    Contacts on the work floor are only planned before the contract's end date; the outcome
    checks are planned regardless, because "still in work" asks about any job, not this one.
    """
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
            PlannedFollowUp(kind, WithWhom.both, add_months(start_date, months))
            for months, kind in QUARTERS
        ),
    ]
    planned = [c for c in contacts if end_date is None or c.due_on < end_date]
    planned += [
        PlannedFollowUp(kind, WithWhom.candidate, add_months(start_date, months))
        for months, kind in OUTCOMES
    ]
    if end_date is not None:
        alert_on = max(add_months(end_date, -contract_end_alert_months), start_date)
        planned.append(PlannedFollowUp(FollowUpKind.contract_end_alert, WithWhom.both, alert_on))
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
