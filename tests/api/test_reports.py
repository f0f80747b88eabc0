"""Outcomes and fairness reports over real HTTP: what staff see, and what stays suppressed."""

import csv
import io
from dataclasses import replace
from typing import Any

import pytest

from app.core.timeutil import today
from app.fairness import monitoring
from matching import DEFAULT_POLICY
from tests.api.test_matching_flow import _wait
from tests.api.test_placements import PLACED, make_workplace, open_placement, step
from tests.conftest import Api
from tests.factories import candidate_payload


def _candidates(api: Api, n: int, **overrides: Any) -> list[dict[str, Any]]:
    made = []
    for i in range(n):
        payload = candidate_payload(last_name=f"Jansen {i}", **overrides)
        response = api.post("/api/v1/candidates", json=payload)
        assert response.status_code == 201, response.text
        made.append(response.json())
    return made


def _placed(api: Api, candidate: dict, workplace: dict) -> dict[str, Any]:
    placement = open_placement(api, candidate, workplace)
    placement = step(api, placement, "consent_recorded", consent_recorded_on="2025-12-01")
    placement = step(api, placement, "introduced", introduced_on="2025-12-10")
    return step(api, placement, "placed", **PLACED)


def test_outcomes_report_counts_lasting_jobs_per_municipality(jobhunter: Api) -> None:
    workplace = make_workplace(jobhunter, capacity=20)
    people = _candidates(jobhunter, 12)
    placements = [_placed(jobhunter, c, workplace) for c in people]
    step(
        jobhunter,
        placements[0],
        "ended",
        ended_on="2026-03-01",
        outcome="dropout",
        dropout_reason="too_little_support",
    )
    report = jobhunter.get("/api/v1/reports/outcomes", params={"since": "2026-01-01"}).json()
    total = report["total"]
    assert total["counts"]["started"] == 12 and total["counts"]["known_6m"] == 12
    assert total["counts"]["working_6m"] == 11
    assert total["counts"]["dropout"] is None  # 1 < 10: suppressed
    assert total["shares"]["working_6m"] == round(11 / 12, 4)
    assert [r["municipality"] for r in report["rows"]] == ["Delft"]
    support = next(r for r in report["dropout_reasons"] if r["reason"] == "too_little_support")
    assert support["label"] == "Te weinig begeleiding of monitoring" and support["count"] is None

    later = jobhunter.get("/api/v1/reports/outcomes", params={"since": "2026-02-01"}).json()
    assert later["total"]["counts"]["started"] is None  # nothing started then: 0 < 10

    response = jobhunter.get("/api/v1/reports/outcomes.csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:3] == ["municipality", "started", "known_6m"]
    assert rows[1][:4] == ["totaal", "12", "12", "11"]


def test_report_period_that_ends_before_it_starts_is_422(jobhunter: Api) -> None:
    response = jobhunter.get(
        "/api/v1/reports/fairness", params={"since": "2026-05-01", "until": "2026-04-01"}
    )
    assert response.status_code == 422 and "until" in response.json()["fields"]


def test_fairness_report_counts_exposure_and_names_who_is_never_proposed(
    jobhunter: Api, admin: Api
) -> None:
    workplace = make_workplace(jobhunter)
    people = _candidates(jobhunter, 12)
    no_consent = candidate_payload(last_name="Zonder", consents=[])
    jobhunter.post("/api/v1/candidates", json=no_consent)
    for _ in range(2):
        shown = jobhunter.get(f"/api/v1/workplaces/{workplace['id']}/suggestions").json()
        assert len(shown["items"]) == 12

    before = jobhunter.get("/api/v1/reports/fairness").json()
    region = before["region"]["counts"]
    assert region["candidates"] == 13 and region["suggested"] == 12
    assert region["exposure"] == 24 and region["proposed"] is None  # 0: suppressed
    assert before["hard_to_place_min_proposals"] == 1 and before["min_cell"] == 10
    reasons = {r["reason"]: r["count"] for r in before["never_proposed"]["reasons"]}
    assert reasons["Beschikbaar, maar in geen enkele match-run voorgesteld"] == 12
    assert reasons["Geen toestemming voor matching"] is None  # 1 < 10
    attention = before["never_proposed"]["attention"]
    assert {a["candidate_id"] for a in attention} == {p["id"] for p in people}
    assert all(a["times_suggested"] == 2 for a in attention)
    dimensions = {r["dimension"] for r in before["rows"]}
    assert dimensions == {"age_band", "school_type", "regime", "municipality"}
    for row in [before["region"], *before["rows"]]:
        assert all(v is None or v >= 10 for v in row["counts"].values())

    run = _wait(jobhunter, jobhunter.post("/api/v1/match-runs", json={}).json()["id"])
    assert run["status"] == "succeeded"
    after = jobhunter.get("/api/v1/reports/fairness").json()
    assert after["never_proposed"]["attention_total"] == 12 - run["n_proposals"]

    response = admin.get("/api/v1/reports/fairness.csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows[0]["dimension"] == "region" and rows[0]["candidates"] == "13"
    assert rows[0]["share_suggested"] == str(round(12 / 13, 4))


def test_characteristics_need_the_region_and_consent_and_show_only_in_the_report(
    jobhunter: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = _candidates(jobhunter, 1)[0]
    path = f"/api/v1/candidates/{person['id']}/characteristics"
    body = {"characteristics": {"migratieachtergrond": "ja"}}
    refused = jobhunter.put(path, json=body)
    assert refused.status_code == 409 and "characteristics" in refused.json()["fields"]

    recording = replace(DEFAULT_POLICY, monitoring_characteristics=("migratieachtergrond",))
    monkeypatch.setattr(monitoring, "aftercare_policy", lambda session, municipality: recording)
    no_consent = jobhunter.put(path, json=body)
    assert no_consent.status_code == 409 and "consent" in no_consent.json()["fields"]
    unknown = jobhunter.put(path, json={"characteristics": {"religie": "x"}})
    assert unknown.status_code == 422 and "characteristics.religie" in unknown.json()["fields"]

    given = {"purpose": "equality_monitoring", "given_on": today().isoformat()}
    assert jobhunter.post(f"/api/v1/candidates/{person['id']}/consents", json=given).is_success
    stored = jobhunter.put(path, json=body)
    assert stored.status_code == 200 and stored.json()["characteristics"] == {
        "migratieachtergrond": "ja"
    }
    report = jobhunter.get("/api/v1/reports/fairness").json()
    row = next(r for r in report["rows"] if r["dimension"] == "kenmerk:migratieachtergrond")
    assert row["group"] == "ja" and row["counts"]["candidates"] is None  # 1 < 10
    exported = jobhunter.get(f"/api/v1/candidates/{person['id']}/export").json()
    assert exported["characteristics"] == {"migratieachtergrond": "ja"}
    # Matching never sees them: the engine's candidate profile has no such key.
    suggestions = jobhunter.get(f"/api/v1/candidates/{person['id']}/suggestions")
    assert suggestions.status_code == 200 and "migratieachtergrond" not in suggestions.text
    assert jobhunter.post(f"/api/v1/candidates/{person['id']}/erase").status_code == 200
    assert jobhunter.get(path).status_code == 404


def test_region_report_by_month_place_type_and_instrument_suppresses_small_numbers(
    jobhunter: Api,
) -> None:
    workplace = make_workplace(jobhunter, capacity=20)  # an lks place (loonkostensubsidie)
    people = _candidates(jobhunter, 11)
    placements = [_placed(jobhunter, c, workplace) for c in people]
    step(jobhunter, placements[0], "ended", ended_on="2026-03-01", outcome="dropout",
         dropout_reason="too_little_support")  # fmt: skip
    report = jobhunter.get("/api/v1/reports/region").json()
    total = report["total"]
    assert total["counts"]["started"] == 11 and total["counts"]["ended"] is None  # 1 < 10
    assert total["median_months"] is not None and total["median_months"] > 0
    sections = {s["dimension"]: s for s in report["sections"]}
    assert set(sections) == {"month", "place_type", "instrument"}
    month = sections["month"]["rows"]
    assert [r["group"] for r in month] == [PLACED["start_date"][:7]]
    assert month[0]["counts"]["started"] == 11
    place = {r["group"]: r for r in sections["place_type"]["rows"]}
    assert (
        place[workplace["place_type"]]["label"]
        and place[workplace["place_type"]]["counts"]["started"] == 11
    )
    instruments = {r["group"] for r in sections["instrument"]["rows"]}
    assert "loonkostensubsidie" in instruments or "geen" in instruments
    for section in report["sections"]:
        for row in section["rows"]:
            assert all(v is None or v >= 10 for v in row["counts"].values())
    narrow = jobhunter.get("/api/v1/reports/region", params={"since": "2099-01-01"}).json()
    assert narrow["total"]["counts"]["started"] is None and narrow["total"]["median_months"] is None
    rows = list(csv.DictReader(io.StringIO(jobhunter.get("/api/v1/reports/region.csv").text)))
    assert rows[0]["dimension"] == "total" and rows[0]["started"] == "11"
    assert {r["dimension"] for r in rows} == {"total", "month", "place_type", "instrument"}
