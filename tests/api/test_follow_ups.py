"""After-care (nazorg) over real HTTP: the due list, check-ins, warnings and outcomes."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from app.core.timeutil import today
from app.core.vocab import Role
from tests.api.test_placements import (
    follow_ups_of,
    make_candidate,
    make_workplace,
    open_placement,
    placed_placement,
    step,
    to_placed,
)
from tests.conftest import Api


def _follow_up(api: Api, placement: dict, kind: str) -> dict[str, Any]:
    return next(f for f in follow_ups_of(api, placement) if f["kind"] == kind)


def _check_in(api: Api, follow_up: dict, **body: Any) -> Any:
    return api.post(f"/api/v1/follow-ups/{follow_up['id']}/check-in", json=body)


def test_follow_ups_list_what_is_due_per_jobhunter(
    admin: Api, make_api: Callable[..., Api]
) -> None:
    anna, bram = make_api(Role.jobhunter, name="Anna"), make_api(Role.jobhunter, name="Bram")
    workplace = make_workplace(admin)
    to_placed(anna, open_placement(anna, make_candidate(anna), workplace))
    later = {"start_date": "2026-03-02", "end_date": None}
    to_placed(
        bram, open_placement(bram, make_candidate(bram, last_name="Smit"), workplace), **later
    )

    due = anna.get("/api/v1/follow-ups", params={"due_before": "2026-02-09"}).json()
    assert [(f["kind"], f["due_on"]) for f in due["items"]] == [
        ("first_day", "2026-01-06"),
        ("first_weeks", "2026-01-19"),
        ("one_month_employer", "2026-02-09"),
        ("one_month_candidate", "2026-02-09"),
    ]
    assert {f["jobhunter_id"] for f in due["items"]} == {anna.account_id}
    everyone = admin.get("/api/v1/follow-ups", params={"due_before": "2026-03-03"}).json()
    assert everyone["total"] == 5
    dates = [f["due_on"] for f in everyone["items"]]
    assert dates == sorted(dates)
    for_bram = admin.get("/api/v1/follow-ups", params={"jobhunter_id": bram.account_id}).json()
    # Open-ended: the first year's 10, then every 3 months up to 36 months (15, 18, … 36).
    assert for_bram["total"] == 18 and for_bram["items"][0]["due_on"] == "2026-03-03"
    assert admin.get("/api/v1/follow-ups", params={"due_before": "feb"}).status_code == 422


def test_check_in_records_signals_and_returns_warnings(jobhunter: Api) -> None:
    placed = placed_placement(jobhunter)
    first = _check_in(
        jobhunter,
        _follow_up(jobhunter, placed, "first_day"),
        signals={"sick_reports": 0, "satisfaction_candidate": 4, "feels_valued": True},
    )
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "done" and first.json()["warnings"] == []
    assert first.json()["done_by"] == jobhunter.account_id

    worrying = _check_in(
        jobhunter,
        _follow_up(jobhunter, placed, "first_weeks"),
        signals={"sick_reports": 2, "late_arrivals": 3, "feels_valued": False},
        note="Komt vaak te laat, voelt zich niet gezien.",
    )
    body = worrying.json()
    assert [w["signal"] for w in body["warnings"]] == [
        "sick_reports",
        "late_arrivals",
        "feels_valued",
    ]
    assert body["signals"]["sick_reports"] == 2 and body["note"].startswith("Komt")

    decisions = jobhunter.get("/api/v1/decisions", params={"placement_id": placed["id"]}).json()
    check_ins = [d for d in decisions["items"] if d["action"].startswith("check_in:")]
    assert [d["action"] for d in check_ins] == ["check_in:first_day", "check_in:first_weeks"]
    assert check_ins[1]["detail"]["warnings"] == ["sick_reports", "late_arrivals", "feels_valued"]
    assert check_ins[1]["workplace_id"] == placed["workplace_id"]


def test_check_in_twice_is_409_and_bad_signals_are_422(admin: Api) -> None:
    placed = placed_placement(admin)
    follow_up = _follow_up(admin, placed, "first_day")
    bad = _check_in(admin, follow_up, signals={"satisfaction_employer": 9})
    assert bad.status_code == 422 and "signals.satisfaction_employer" in bad.json()["fields"]
    negative = _check_in(admin, follow_up, signals={"sick_reports": -1})
    assert "signals.sick_reports" in negative.json()["fields"]
    assert _check_in(admin, follow_up).status_code == 200
    assert _check_in(admin, follow_up).status_code == 409
    assert admin.post("/api/v1/follow-ups/99999/check-in", json={}).status_code == 404


def test_outcome_check_records_whether_still_in_work(admin: Api) -> None:
    placed = placed_placement(admin)
    outcome = _follow_up(admin, placed, "outcome_6m")
    missing = _check_in(admin, outcome)
    assert missing.status_code == 422 and "still_in_work" in missing.json()["fields"]
    contact = _check_in(admin, _follow_up(admin, placed, "first_day"), still_in_work=True)
    assert contact.status_code == 422 and "still_in_work" in contact.json()["fields"]

    gone = _check_in(admin, outcome, still_in_work=False, same_job=False)
    assert gone.status_code == 200
    assert [w["signal"] for w in gone.json()["warnings"]] == ["still_in_work"]
    placement = admin.get(f"/api/v1/placements/{placed['id']}").json()
    assert placement["in_work_at_6_months"] is False  # the recorded check wins


def test_end_cancels_open_follow_ups(admin: Api) -> None:
    placed = placed_placement(admin)
    assert _check_in(admin, _follow_up(admin, placed, "first_day")).status_code == 200
    step(
        admin,
        placed,
        "ended",
        ended_on="2026-02-20",
        outcome="dropout",
        dropout_reason="poor_fit_over_demand",
        outcome_note="Te druk op de vloer.",
    )
    statuses = {f["kind"]: f["status"] for f in follow_ups_of(admin, placed)}
    assert statuses.pop("first_day") == "done"
    assert set(statuses.values()) == {"cancelled"}
    listed = admin.get("/api/v1/follow-ups", params={"include_done": True}).json()
    assert [f["kind"] for f in listed["items"]] == ["first_day"]
    cancelled = _follow_up(admin, placed, "first_weeks")
    assert _check_in(admin, cancelled).status_code == 409


def test_a_check_in_before_the_job_starts_is_kept_but_flagged(jobhunter: Api) -> None:
    start = today() + timedelta(days=90)
    later = placed_placement(jobhunter, start_date=start.isoformat(), end_date=None)
    first_day = _follow_up(jobhunter, later, "first_day")
    due = date.fromisoformat(first_day["due_on"])
    early = _check_in(jobhunter, first_day, note="Belde al")
    assert early.status_code == 200, early.text
    flagged = [w for w in early.json()["warnings"] if w["signal"] == "recorded_early"]
    assert len(flagged) == 1
    assert f"vóór de datum van dit contact ({due:%d-%m-%Y})" in flagged[0]["message"]
    outcome = _check_in(
        jobhunter, _follow_up(jobhunter, later, "outcome_6m"), still_in_work=True, same_job=True
    )
    assert "recorded_early" in [w["signal"] for w in outcome.json()["warnings"]]


def test_a_check_in_after_the_start_is_not_flagged_as_early(jobhunter: Api) -> None:
    started = placed_placement(jobhunter)  # started 2026-01-05
    on_time = _check_in(jobhunter, _follow_up(jobhunter, started, "first_day"))
    assert on_time.status_code == 200, on_time.text
    assert "recorded_early" not in [w["signal"] for w in on_time.json()["warnings"]]


def test_sick_reports_on_the_first_counting_contact_are_not_compared_with_nothing(
    jobhunter: Api,
) -> None:
    placed = placed_placement(jobhunter)
    first = _check_in(jobhunter, _follow_up(jobhunter, placed, "first_day"),
                      signals={"sick_reports": 3})  # fmt: skip
    [warning] = [w for w in first.json()["warnings"] if w["signal"] == "sick_reports"]
    assert warning["message"] == "3 keer ziek gemeld (het eerste contact dat dit telt)."
    more = _check_in(jobhunter, _follow_up(jobhunter, placed, "first_weeks"),
                     signals={"sick_reports": 4})  # fmt: skip
    [warning] = [w for w in more.json()["warnings"] if w["signal"] == "sick_reports"]
    assert "(3 → 4)" in warning["message"]
