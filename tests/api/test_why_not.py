"""Why not: suggestions count what is out per hard reason, and any pair can be explained."""

from app.core.vocab import Role
from tests.api.test_matching_flow import _candidate, _setup
from tests.conftest import Api
from tests.factories import candidate_payload, intake_consents


def test_suggestions_count_the_excluded_workplaces_by_hard_reason(jobhunter: Api) -> None:
    _, (calm, busy, _far) = _setup(jobhunter)
    candidate = _candidate(jobhunter, stimulus_tolerance=1, strict_needs=["stimulus"])
    body = jobhunter.get(f"/api/v1/candidates/{candidate['id']}/suggestions").json()
    excluded = body["excluded"]
    groups = {g["reason"]: g for g in excluded["groups"]}
    assert groups["strict_stimulus"]["count"] >= 1
    assert groups["strict_stimulus"]["label"] == "te veel prikkels"
    # Every active workplace is either eligible or excluded, never both, never neither.
    active = jobhunter.get("/api/v1/workplaces", params={"limit": 1}).json()["total"]
    assert excluded["total"] + body["n_eligible"] == active == 3
    counts = [g["count"] for g in excluded["groups"]]
    assert counts == sorted(counts, reverse=True)
    # A filter narrows what is counted: only open vacancies (the busy line) are asked for.
    only_open = jobhunter.get(
        f"/api/v1/candidates/{candidate['id']}/suggestions", params={"kind": "open"}
    ).json()
    assert busy["kind"] == "open" and calm["kind"] == "latent"
    assert only_open["n_eligible"] == 0 and only_open["excluded"]["total"] == 1
    assert [g["reason"] for g in only_open["excluded"]["groups"]] == ["strict_stimulus"]


def test_workplace_suggestions_count_the_candidates_that_cannot_do_it(jobhunter: Api) -> None:
    _, (_calm, busy, _far) = _setup(jobhunter)
    _candidate(jobhunter, stimulus_tolerance=1, strict_needs=["stimulus"])
    body = jobhunter.get(f"/api/v1/workplaces/{busy['id']}/suggestions").json()
    assert {g["reason"] for g in body["excluded"]["groups"]} >= {"strict_stimulus"}


def test_fit_explains_an_infeasible_pair_with_every_hard_reason(jobhunter: Api) -> None:
    _, (calm, busy, _far) = _setup(jobhunter)
    candidate = _candidate(
        jobhunter, stimulus_tolerance=1, strict_needs=["stimulus"], physical_capacity=1
    )
    response = jobhunter.get(f"/api/v1/candidates/{candidate['id']}/fit/{busy['id']}")
    assert response.status_code == 200, response.text
    fit = response.json()
    assert fit["feasible"] is False and fit["suggestible"] is False
    reasons = {r["reason"]: r["sentence"] for r in fit["hard_reasons"]}
    assert set(reasons) >= {"strict_stimulus", "physical_over_capacity"}
    assert reasons["physical_over_capacity"].startswith("Het werk is lichamelijk zwaarder")
    assert fit["explanation"]["score"] == 0
    assert {p["factor"] for p in fit["explanation"]["breakdown"]} >= {"stimulus", "travel"}
    heavy_free = jobhunter.get(f"/api/v1/candidates/{candidate['id']}/fit/{calm['id']}").json()
    assert "strict_stimulus" not in {r["reason"] for r in heavy_free["hard_reasons"]}


def test_fit_of_a_good_pair_names_what_else_keeps_it_out(jobhunter: Api) -> None:
    _, (calm, _busy, _far) = _setup(jobhunter)
    candidate = _candidate(jobhunter, max_travel_minutes=60, travel_modes=["bicycle", "ebike"])
    url = f"/api/v1/candidates/{candidate['id']}/fit/{calm['id']}"
    fit = jobhunter.get(url).json()
    assert fit["feasible"] is True and fit["suggestible"] is True, fit
    assert fit["hard_reasons"] == [] and fit["other_reasons"] == []
    assert fit["explanation"]["score"] > 0
    rule = {"candidate_id": candidate["id"], "workplace_id": calm["id"], "kind": "forbid"}
    assert jobhunter.post("/api/v1/pair-rules", json=rule | {"note": "test"}).status_code == 201
    forbidden = jobhunter.get(url).json()
    assert forbidden["feasible"] is True and forbidden["suggestible"] is False
    assert any("uitgesloten" in r for r in forbidden["other_reasons"]), forbidden["other_reasons"]


def test_fit_computes_nothing_without_matching_consent(jobhunter: Api) -> None:
    _, (calm, _busy, _far) = _setup(jobhunter)
    payload = candidate_payload(
        consents=intake_consents("2006-05-14", "share_pseudonymous"), email="geen@example.nl"
    )
    candidate = jobhunter.post("/api/v1/candidates", json=payload).json()
    fit = jobhunter.get(f"/api/v1/candidates/{candidate['id']}/fit/{calm['id']}").json()
    assert fit["feasible"] is None and fit["explanation"] is None
    assert fit["other_reasons"] and "toestemming" in fit["other_reasons"][0]


def test_fit_of_unknown_ids_and_other_roles(jobhunter: Api, make_api) -> None:  # type: ignore[no-untyped-def]
    _, (calm, _busy, _far) = _setup(jobhunter)
    candidate = _candidate(jobhunter)
    missing = jobhunter.get(f"/api/v1/candidates/{candidate['id']}/fit/987654")
    assert missing.status_code == 404 and missing.json()["error"]
    assert jobhunter.get(f"/api/v1/candidates/987654/fit/{calm['id']}").status_code == 404
    bad = jobhunter.get(f"/api/v1/candidates/{candidate['id']}/fit/abc")
    assert bad.status_code == 422 and "workplace_id" in bad.json()["fields"]
    wsp = make_api(Role.wsp_frontend)
    assert wsp.get(f"/api/v1/candidates/{candidate['id']}/fit/{calm['id']}").status_code == 403


def test_every_hard_reason_has_a_dutch_label() -> None:
    from app.matches.explain_out import REASON_LABELS
    from matching import REASON_CODES, TRAVEL_FILTER

    assert set(REASON_LABELS) == {*REASON_CODES, TRAVEL_FILTER}
