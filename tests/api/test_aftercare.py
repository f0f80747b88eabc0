"""After-care without holes (issue 16): the proefplaatsing, renewals, moves from work to work,
the cadence after the first year, jobcoach reports and the loonwaarde series."""

from typing import Any

from tests.api.test_placements import (
    PLACED,
    follow_ups_of,
    make_candidate,
    make_workplace,
    move,
    move_body,
    open_placement,
    placed_placement,
    step,
)
from tests.conftest import Api


def _open(api: Api, placement: dict) -> dict[tuple[str, int | None], str]:
    return {
        (f["kind"], f["month"]): f["due_on"]
        for f in follow_ups_of(api, placement)
        if f["status"] == "open"
    }


def _in_proef(api: Api) -> dict[str, Any]:
    placement = open_placement(api, make_candidate(api), make_workplace(api))
    placement = step(api, placement, "consent_recorded", consent_recorded_on="2025-12-01")
    placement = step(api, placement, "introduced", introduced_on="2025-12-10")
    return step(
        api, placement, "proefplaatsing", proef_start="2025-12-15", proef_planned_end="2026-02-15"
    )


def test_proefplaatsing_plans_check_ins_and_an_end_alert_in_dutch(jobhunter: Api) -> None:
    proef = _in_proef(jobhunter)
    rows = follow_ups_of(jobhunter, proef)
    assert [(f["kind"], f["with_whom"], f["due_on"]) for f in rows] == [
        ("proef_first_week", "both", "2025-12-22"),
        ("proef_four_weeks_employer", "employer", "2026-01-12"),
        ("proef_four_weeks_candidate", "candidate", "2026-01-12"),
        ("proef_end_alert", "both", "2026-02-01"),  # 14 days before the planned end
    ]
    assert rows[-1]["label"] == "Proefplaatsing loopt af: besluit over contract of stoppen"
    due = jobhunter.get("/api/v1/follow-ups", params={"due_before": "2025-12-31"}).json()
    assert [f["kind"] for f in due["items"]] == ["proef_first_week"]


def test_proefplaatsing_ending_cancels_its_open_check_ins(jobhunter: Api) -> None:
    proef = _in_proef(jobhunter)
    ended = step(
        jobhunter,
        proef,
        "ended",
        ended_on="2026-01-02",
        outcome="dropout",
        dropout_reason="poor_fit_over_demand",
    )
    assert {f["status"] for f in follow_ups_of(jobhunter, ended)} == {"cancelled"}


def test_renewal_moves_the_end_date_rearms_the_alert_and_keeps_history(jobhunter: Api) -> None:
    placed = placed_placement(jobhunter)
    assert ("contract_end_alert", None) in _open(jobhunter, placed)
    assert "placed" in placed["allowed_next"]

    renewed = step(
        jobhunter,
        placed,
        "placed",
        renewed_on="2026-10-15",
        end_date="2027-12-31",
        hours_per_week=28,
    )
    assert renewed["state"] == "placed" and renewed["end_date"] == "2027-12-31"
    assert renewed["hours_per_week"] == 28 and renewed["version"] == placed["version"] + 1
    assert renewed["contract_history"] == [
        {
            "contract_type": "temporary",
            "hours_per_week": 24,
            "start_date": "2026-01-05",
            "end_date": "2026-12-31",
            "replaced_on": "2026-10-15",
        }
    ]
    rows = follow_ups_of(jobhunter, renewed)
    alerts = {f["due_on"]: f["status"] for f in rows if f["kind"] == "contract_end_alert"}
    assert alerts == {"2026-10-31": "cancelled", "2027-10-31": "open"}
    still_open = _open(jobhunter, renewed)
    # The longer contract now also gets the 12-month talk and the contacts after the year.
    assert still_open[("quarterly_12m", 12)] == "2027-01-05"
    assert still_open[("periodic", 15)] == "2027-04-05"
    assert ("periodic", 24) not in still_open  # after the new end date
    decisions = jobhunter.get(
        "/api/v1/decisions", params={"placement_id": placed["id"], "sort": "id"}
    ).json()
    assert decisions["items"][-1]["action"] == "transition:renewed"


def test_renewal_rejects_an_end_date_before_the_start(jobhunter: Api) -> None:
    placed = placed_placement(jobhunter)
    response = move(jobhunter, placed, "placed", renewed_on="2026-10-15", end_date="2025-01-01")
    assert response.status_code == 422
    assert "end_date" in response.json()["fields"]
    missing = move(jobhunter, placed, "placed", end_date="2027-01-01")
    assert missing.status_code == 422 and "renewed_on" in missing.json()["fields"]


def test_move_to_other_work_ends_this_job_and_starts_a_linked_one(jobhunter: Api) -> None:
    placed = placed_placement(jobhunter)
    other = make_workplace(jobhunter, kvk_number="27654321")
    body = move_body(placed, other)
    response = jobhunter.post(f"/api/v1/placements/{placed['id']}/moves", json=body)
    assert response.status_code == 201, response.text
    successor = response.json()
    assert successor["state"] == "placed" and successor["previous_placement_id"] == placed["id"]
    assert successor["workplace_id"] == other["id"]
    old = jobhunter.get(f"/api/v1/placements/{placed['id']}").json()
    assert old["state"] == "ended" and old["outcome"] == "moved_to_other_job"
    assert old["ended_on"] == "2026-05-31" and old["in_work_at_6_months"] is True
    # The old job's outcome checks stay: "still in work" asks about any job.
    assert {k for k, _ in _open(jobhunter, old)} == {"outcome_6m", "outcome_12m"}
    assert ("first_day", None) in _open(jobhunter, successor)
    again = jobhunter.post(f"/api/v1/placements/{placed['id']}/moves", json=body)
    assert again.status_code == 409


def test_jobcoach_reports_are_follow_ups_every_six_months(jobhunter: Api) -> None:
    placed = placed_placement(jobhunter, end_date=None, with_jobcoach=True)
    reports = sorted(m for k, m in _open(jobhunter, placed) if k == "jobcoach_report")
    assert reports == [6, 12, 18, 24, 30, 36]
    labels = {f["label"] for f in follow_ups_of(jobhunter, placed)}
    assert "Rapportage jobcoach na 18 maanden" in labels
    assert "Gesprek na 36 maanden" in labels
    # A renewal without a jobcoach cancels the reports still to come; done ones would stay.
    renewed = step(jobhunter, placed, "placed", renewed_on="2026-06-01", end_date=None,
                   with_jobcoach=False)  # fmt: skip
    assert renewed["with_jobcoach"] is False
    assert not [k for k, _ in _open(jobhunter, renewed) if k == "jobcoach_report"]


def test_loonwaarde_at_placement_joins_the_candidates_series(jobhunter: Api) -> None:
    candidate = make_candidate(jobhunter)
    placement = open_placement(jobhunter, candidate, make_workplace(jobhunter))
    placement = step(jobhunter, placement, "consent_recorded", consent_recorded_on="2025-12-01")
    placement = step(jobhunter, placement, "introduced", introduced_on="2025-12-10")
    step(jobhunter, placement, "placed", **PLACED)
    series = jobhunter.get(f"/api/v1/candidates/{candidate['id']}/loonwaarde").json()
    measured = sorted((m["measured_on"], m["loonwaarde_pct"]) for m in series)
    assert measured == [("2026-01-05", 45), ("2026-03-01", 37)]  # placement, intake
    assert any(m["method"] == "vastgesteld bij plaatsing" for m in series)


def test_early_warnings_are_in_dutch(jobhunter: Api) -> None:
    placed = placed_placement(jobhunter)
    first_day = next(f for f in follow_ups_of(jobhunter, placed) if f["kind"] == "first_day")
    response = jobhunter.post(
        f"/api/v1/follow-ups/{first_day['id']}/check-in",
        json={"signals": {"late_arrivals": 2, "feels_valued": False}},
    )
    assert [w["message"] for w in response.json()["warnings"]] == [
        "Sinds het vorige contact 2 keer te laat gekomen.",
        "De jongere voelt zich niet gewaardeerd.",
    ]
