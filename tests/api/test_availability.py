"""Hours a week must fit in the hours a day and the days a candidate can work: an impossible
availability is refused, and matching uses the hours that really fit (DOMAIN §4)."""

import pytest

from tests.api.test_matching_flow import _candidate, _setup
from tests.conftest import Api
from tests.factories import candidate_payload


@pytest.mark.parametrize(
    ("override", "field", "says"),
    [
        (
            {"hours_per_week_min": 38, "hours_per_week_max": 40, "hours_per_day_max": 2,
             "days_available": ["mon", "tue", "wed", "thu"]},
            "hours_per_week_min",
            "at most 8 hours fit in 4 day(s)",
        ),
        (
            {"hours_per_week_min": 16, "hours_per_day_max": 2},  # days unknown: a whole week
            "hours_per_week_min",
            "at most 14 hours",
        ),
        ({"days_available": ["mon", "mon", "tue"]}, "days_available", "each day at most once"),
    ],
)  # fmt: skip
def test_an_availability_that_cannot_be_worked_is_refused_naming_the_field(
    jobhunter: Api, override: dict, field: str, says: str
) -> None:
    response = jobhunter.post("/api/v1/candidates", json=candidate_payload(**override))
    assert response.status_code == 422, response.text
    assert says in response.json()["fields"][field]
    assert jobhunter.get("/api/v1/candidates").json()["total"] == 0


def test_a_patch_to_fewer_days_than_the_hours_need_is_refused_and_nothing_changes(
    jobhunter: Api,
) -> None:
    created = _candidate(jobhunter, days_available=["mon", "tue", "wed", "thu"])
    url = f"/api/v1/candidates/{created['id']}"
    response = jobhunter.patch(url, json={"days_available": ["mon"]})  # 6 h, needs 16
    assert response.status_code == 422, response.text
    assert "hours_per_week_min" in response.json()["fields"]
    assert jobhunter.get(url).json()["days_available"] == ["mon", "tue", "wed", "thu"]
    # Fewer days with fewer hours is a consistent change.
    fewer = jobhunter.patch(
        url, json={"days_available": ["mon", "tue"], "hours_per_week_min": 8,
                   "hours_per_week_max": 12}
    )  # fmt: skip
    assert fewer.status_code == 200, fewer.text


def test_matching_uses_the_hours_that_fit_in_the_days_available(jobhunter: Api) -> None:
    _setup(jobhunter)  # workplaces of 16-28 hours a week
    # "8 to 24 hours" but 4 hours on two days: 8 hours a week at most.
    two_days = _candidate(
        jobhunter, hours_per_week_min=8, hours_per_week_max=24, hours_per_day_max=4,
        days_available=["mon", "tue"],
    )  # fmt: skip
    whole_week = _candidate(
        jobhunter, hours_per_week_min=8, hours_per_week_max=24, hours_per_day_max=4,
        days_available=["mon", "tue", "wed", "thu", "fri"],
    )  # fmt: skip
    short = jobhunter.get(f"/api/v1/candidates/{two_days['id']}/suggestions").json()
    groups = {g["reason"]: g["count"] for g in short["excluded"]["groups"]}
    assert groups.get("hours_no_overlap") == 3, short["excluded"]
    assert short["items"] == []
    assert "Gematcht op hoogstens 8 uur per week: zoveel passen in 2 dag(en) van 4 uur" in (
        " ".join(short["warnings"])
    )
    full = jobhunter.get(f"/api/v1/candidates/{whole_week['id']}/suggestions").json()
    assert "hours_no_overlap" not in {g["reason"] for g in full["excluded"]["groups"]}
    assert full["items"], full


def test_with_a_gradual_build_up_the_weekly_range_may_exceed_the_days_for_now(
    jobhunter: Api,
) -> None:
    """Ingroeien: 16-24 hours is where the hours grow to; one day of 6 hours is now."""
    growing = jobhunter.post(
        "/api/v1/candidates",
        json=candidate_payload(needs_gradual_buildup=True, days_available=["mon"]),
    )
    assert growing.status_code == 201, growing.text
    body = jobhunter.get(f"/api/v1/candidates/{growing.json()['id']}/suggestions").json()
    assert any(w.startswith("Gematcht op hoogstens 6 uur per week") for w in body["warnings"])
