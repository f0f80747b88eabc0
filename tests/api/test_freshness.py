"""Freshness on both sides (docs/decisions/143): expired, full or not-yet-available workplaces
and candidates with an open placement (or not yet available) leave live suggestions and runs,
and fit says why in plain Dutch."""

from datetime import timedelta

from sqlalchemy import Engine, update
from sqlmodel import Session

from app.core.timeutil import today, utcnow
from app.employers.models import Workplace
from matching import DEFAULT_POLICY
from tests.api.test_matching_flow import _candidate, _wait
from tests.conftest import Api
from tests.factories import employer_payload, workplace_payload

LIMIT = DEFAULT_POLICY.workplace_confirmation_max_days


def _places(api: Api, n: int, kvk: str = "27123456", **overrides: object) -> list[dict]:
    employer = api.post("/api/v1/employers", json=employer_payload(kvk_number=kvk)).json()
    out = []
    for i in range(n):
        payload = workplace_payload(
            employer["id"], title=f"Groenwerk {i}", postcode="2611", stimulus_level=1, **overrides
        )
        response = api.post("/api/v1/workplaces", json=payload)
        assert response.status_code == 201, response.text
        out.append(response.json())
    return out


def _confirmed_days_ago(engine: Engine, workplace_id: int, days: int) -> None:
    """The employer last confirmed the place ``days`` ago (as if nobody touched it since)."""
    with Session(engine) as session:
        session.exec(
            update(Workplace)  # type: ignore[call-overload]
            .where(Workplace.id == workplace_id)  # type: ignore[arg-type]
            .values(confirmed_on=today() - timedelta(days=days), updated_at=utcnow())
        )
        session.commit()


def _suggested(api: Api, candidate_id: int) -> tuple[set[int], dict]:
    body = api.get(f"/api/v1/candidates/{candidate_id}/suggestions").json()
    return {i["workplace"]["id"] for i in body["items"]}, body


def _fit(api: Api, candidate_id: int, workplace_id: int) -> dict:
    response = api.get(f"/api/v1/candidates/{candidate_id}/fit/{workplace_id}")
    assert response.status_code == 200, response.text
    return response.json()


def _run_pairs(api: Api) -> set[tuple[int, int]]:
    run = _wait(api, api.post("/api/v1/match-runs", json={}).json()["id"])
    assert run["status"] == "succeeded", run
    items = api.get(f"/api/v1/match-runs/{run['id']}/proposals", params={"limit": 100}).json()
    return {(p["candidate_id"], p["workplace_id"]) for p in items["items"]}


def _good_candidate(api: Api, **overrides: object) -> dict:
    return _candidate(api, max_travel_minutes=60, travel_modes=["bicycle", "ebike"], **overrides)


def test_an_expired_workplace_leaves_suggestions_and_runs_until_confirmed(
    jobhunter: Api, engine: Engine
) -> None:
    fresh, stale = _places(jobhunter, 2)
    assert stale["confirmed_on"] == today().isoformat()
    assert stale["expires_on"] == (today() + timedelta(days=LIMIT)).isoformat()
    candidate = _good_candidate(jobhunter)
    assert _suggested(jobhunter, candidate["id"])[0] == {fresh["id"], stale["id"]}

    _confirmed_days_ago(engine, stale["id"], LIMIT + 1)
    shown, body = _suggested(jobhunter, candidate["id"])
    assert shown == {fresh["id"]}
    groups = {g["reason"]: g for g in body["excluded"]["groups"]}
    assert groups["workplace_expired"]["count"] == 1
    assert groups["workplace_expired"]["label"] == "werkplek verlopen (niet bevestigd)"
    assert body["excluded"]["total"] + body["n_eligible"] == 2
    fit = _fit(jobhunter, candidate["id"], stale["id"])
    assert fit["feasible"] is True and fit["suggestible"] is False
    assert any("verlopen" in r for r in fit["other_reasons"]), fit["other_reasons"]
    own = jobhunter.get(f"/api/v1/workplaces/{stale['id']}/suggestions").json()
    assert own["warnings"] and "verlopen" in own["warnings"][0]
    assert {w for _, w in _run_pairs(jobhunter)} == {fresh["id"]}

    # One day inside the limit still counts; an edit by the employer confirms it again.
    _confirmed_days_ago(engine, stale["id"], LIMIT)
    assert _suggested(jobhunter, candidate["id"])[0] == {fresh["id"], stale["id"]}
    _confirmed_days_ago(engine, stale["id"], LIMIT + 30)
    current = jobhunter.get(f"/api/v1/workplaces/{stale['id']}").json()
    assert current["confirmed_on"] == (today() - timedelta(days=LIMIT + 30)).isoformat()
    patch = {"capacity": 3, "version": current["version"]}
    edited = jobhunter.patch(f"/api/v1/workplaces/{stale['id']}", json=patch).json()
    assert edited["confirmed_on"] == today().isoformat()
    assert _suggested(jobhunter, candidate["id"])[0] == {fresh["id"], stale["id"]}


def test_a_not_yet_available_workplace_waits_for_its_start_date(jobhunter: Api) -> None:
    (now,) = _places(jobhunter, 1)
    later_day = today() + timedelta(days=20)
    (later,) = _places(jobhunter, 1, kvk="27123457", available_from=later_day.isoformat())
    assert later["available_from"] == later_day.isoformat()
    candidate = _good_candidate(jobhunter)
    shown, body = _suggested(jobhunter, candidate["id"])
    assert shown == {now["id"]}
    assert {g["reason"] for g in body["excluded"]["groups"]} == {"workplace_not_yet_available"}
    fit = _fit(jobhunter, candidate["id"], later["id"])
    assert fit["suggestible"] is False
    assert f"pas beschikbaar vanaf {later_day:%d-%m-%Y}" in " ".join(fit["other_reasons"])
    assert {w for _, w in _run_pairs(jobhunter)} == {now["id"]}
    # Available today: back at once.
    patch = {"available_from": today().isoformat(), "version": later["version"]}
    assert jobhunter.patch(f"/api/v1/workplaces/{later['id']}", json=patch).status_code == 200
    assert _suggested(jobhunter, candidate["id"])[0] == {now["id"], later["id"]}


def test_a_full_workplace_and_a_placed_candidate_leave_live_suggestions(jobhunter: Api) -> None:
    single, other = _places(jobhunter, 2, capacity=1)
    placed = _good_candidate(jobhunter, last_name="Geplaatst")
    looking = _good_candidate(jobhunter, last_name="Zoekend")
    body = {"candidate_id": placed["id"], "workplace_id": single["id"]}
    assert jobhunter.post("/api/v1/placements", json=body).status_code == 201

    # The one place is taken: the other candidate no longer sees it.
    shown, suggestions = _suggested(jobhunter, looking["id"])
    assert shown == {other["id"]}
    assert {g["reason"] for g in suggestions["excluded"]["groups"]} == {"workplace_full"}
    fit = _fit(jobhunter, looking["id"], single["id"])
    assert fit["suggestible"] is False
    assert any("vol" in r and "1 plek" in r for r in fit["other_reasons"]), fit
    own = jobhunter.get(f"/api/v1/workplaces/{single['id']}/suggestions").json()
    assert any("vol" in w for w in own["warnings"])

    # The placed candidate is not offered to the other workplace, and staff see why.
    for_other = jobhunter.get(f"/api/v1/workplaces/{other['id']}/suggestions").json()
    assert [c["candidate"]["id"] for c in for_other["items"]] == [looking["id"]]
    held = {n["candidate_id"]: n["reasons"] for n in for_other["not_suggested"]}
    assert any("lopende plaatsing" in r for r in held[placed["id"]])
    fit = _fit(jobhunter, placed["id"], other["id"])
    assert fit["feasible"] is True and fit["suggestible"] is False
    assert any("lopende plaatsing" in r for r in fit["other_reasons"])
    warnings = _suggested(jobhunter, placed["id"])[1]["warnings"]
    assert any("lopende plaatsing" in w for w in warnings)
    # Runs: neither the full place nor the placed candidate.
    assert _run_pairs(jobhunter) == {(looking["id"], other["id"])}


def test_a_candidate_who_is_not_yet_available_is_held_back(jobhunter: Api) -> None:
    (place,) = _places(jobhunter, 1)
    start = today() + timedelta(days=10)
    later = _good_candidate(jobhunter, available_from=start.isoformat())
    now = _good_candidate(jobhunter, last_name="Nu")
    body = jobhunter.get(f"/api/v1/workplaces/{place['id']}/suggestions").json()
    assert [c["candidate"]["id"] for c in body["items"]] == [now["id"]]
    held = {n["candidate_id"]: n["reasons"] for n in body["not_suggested"]}
    assert held[later["id"]] == [f"Pas beschikbaar vanaf {start:%d-%m-%Y}"]
    assert f"{start:%d-%m-%Y}" in " ".join(
        _fit(jobhunter, later["id"], place["id"])["other_reasons"]
    )
    assert {c for c, _ in _run_pairs(jobhunter)} == {now["id"]}
