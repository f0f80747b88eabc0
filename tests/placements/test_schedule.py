"""The pure after-care rules: follow-up dates, outcomes and early warnings. No database."""

from datetime import date

import pytest

from app.placements.schedule import add_months, age_on, in_work_at, plan_follow_ups
from app.placements.schemas import Signals
from app.placements.signals import early_warnings
from app.placements.vocab import FollowUpKind, Outcome, WithWhom

START = date(2026, 1, 5)


def _by_kind(end_date: date | None, alert_months: int = 2) -> dict[str, date]:
    planned = plan_follow_ups(START, end_date, contract_end_alert_months=alert_months)
    return {p.kind: p.due_on for p in planned}


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 5), 3, date(2026, 4, 5)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 12, 31), -2, date(2026, 10, 31)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 11, 15), 14, date(2028, 1, 15)),
    ],
)
def test_add_months_clips_to_month_end(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_plan_open_ended_contract_covers_the_first_year() -> None:
    assert _by_kind(None) == {
        FollowUpKind.first_day: date(2026, 1, 6),
        FollowUpKind.first_weeks: date(2026, 1, 19),
        FollowUpKind.one_month_employer: date(2026, 2, 9),
        FollowUpKind.one_month_candidate: date(2026, 2, 9),
        FollowUpKind.quarterly_3m: date(2026, 4, 5),
        FollowUpKind.quarterly_6m: date(2026, 7, 5),
        FollowUpKind.quarterly_9m: date(2026, 10, 5),
        FollowUpKind.quarterly_12m: date(2027, 1, 5),
        FollowUpKind.outcome_6m: date(2026, 7, 5),
        FollowUpKind.outcome_12m: date(2027, 1, 5),
    }


def test_plan_one_month_check_in_is_separate_per_side() -> None:
    planned = plan_follow_ups(START, None, contract_end_alert_months=2)
    sides = {p.with_whom for p in planned if p.kind.startswith("one_month")}
    assert sides == {WithWhom.employer, WithWhom.candidate}


def test_plan_with_end_date_clips_contacts_and_alerts_before_the_end() -> None:
    due = _by_kind(date(2026, 12, 31))
    assert due[FollowUpKind.contract_end_alert] == date(2026, 10, 31)
    assert FollowUpKind.quarterly_9m in due
    assert FollowUpKind.quarterly_12m not in due  # after the contract
    assert due[FollowUpKind.outcome_12m] == date(2027, 1, 5)  # asks about any job


def test_plan_alert_months_come_from_the_caller() -> None:
    assert _by_kind(date(2026, 12, 31), alert_months=1)[FollowUpKind.contract_end_alert] == date(
        2026, 11, 30
    )


def test_plan_short_contract_alerts_at_once_and_skips_later_contacts() -> None:
    due = _by_kind(date(2026, 2, 5))
    assert due[FollowUpKind.contract_end_alert] == START
    assert FollowUpKind.first_weeks in due
    assert FollowUpKind.one_month_employer not in due


def test_plan_is_sorted_by_due_date() -> None:
    planned = plan_follow_ups(START, date(2026, 12, 31), contract_end_alert_months=2)
    assert [p.due_on for p in planned] == sorted(p.due_on for p in planned)


def test_age_on_counts_whole_years() -> None:
    assert age_on(date(2009, 6, 1), date(2027, 5, 31)) == 17
    assert age_on(date(2009, 6, 1), date(2027, 6, 1)) == 18


@pytest.mark.parametrize(
    ("ended_on", "outcome", "recorded", "expected"),
    [
        (None, None, None, True),  # still placed past the horizon
        (None, None, False, False),  # a recorded check wins
        (date(2026, 3, 1), Outcome.moved_to_other_job, None, True),  # job to job counts
        (date(2026, 3, 1), Outcome.dropout, None, False),
        (date(2026, 3, 1), Outcome.completed, None, None),  # not known
        (date(2026, 8, 1), Outcome.dropout, None, True),  # worked past 6 months
    ],
)
def test_in_work_at_six_months(
    ended_on: date | None, outcome: Outcome | None, recorded: bool | None, expected: bool | None
) -> None:
    result = in_work_at(
        6,
        start_date=START,
        ended_on=ended_on,
        outcome=outcome,
        recorded=recorded,
        today=date(2026, 11, 1),
    )
    assert result is expected


def test_in_work_at_is_unknown_before_the_horizon_or_without_start() -> None:
    kwargs = {"ended_on": None, "outcome": None, "recorded": None}
    assert in_work_at(12, start_date=START, today=date(2026, 11, 1), **kwargs) is None
    assert in_work_at(6, start_date=None, today=date(2026, 11, 1), **kwargs) is None


def test_early_warnings_compare_sick_reports_with_previous() -> None:
    first = early_warnings(Signals(sick_reports=1), None)
    assert [w.signal for w in first] == ["sick_reports"]
    same = early_warnings(Signals(sick_reports=1), Signals(sick_reports=1))
    assert same == []
    more = early_warnings(Signals(sick_reports=3), Signals(sick_reports=1))
    assert "1 → 3" in more[0].message


def test_early_warnings_for_lateness_feeling_unvalued_and_low_satisfaction() -> None:
    signals = Signals(
        late_arrivals=2, feels_valued=False, satisfaction_candidate=4, satisfaction_employer=2
    )
    warnings = early_warnings(signals, None, still_in_work=False)
    assert [w.signal for w in warnings] == [
        "late_arrivals",
        "feels_valued",
        "satisfaction_employer",
        "still_in_work",
    ]
    calm = Signals(sick_reports=0, late_arrivals=0, feels_valued=True, satisfaction_candidate=4)
    assert early_warnings(calm, None) == []
