"""Policy per labour-market region and municipality: stored, versioned, validated, and used
by suggestions, runs and after-care for the candidate's own municipality."""

from app.core.vocab import Role
from tests.api.test_matching_flow import _candidate, _setup, _wait
from tests.conftest import Api

DELFT = "/api/v1/policies/municipality/Delft"


def _effective(api: Api, municipality: str | None = None) -> dict:
    params = {"municipality": municipality} if municipality else {}
    response = api.get("/api/v1/policies/effective", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_shipped_defaults_then_region_then_municipality(admin: Api, jobhunter: Api) -> None:
    shipped = _effective(jobhunter, "Delft")
    assert shipped["version"] == "shipped" and shipped["region"] == "Haaglanden"
    assert shipped["values"]["proefplaatsing_max_months"] == 6
    region = {"values": {"proefplaatsing_max_months": 4}, "reason": "regionaal besluit"}
    assert admin.put("/api/v1/policies/region/Haaglanden", json=region).status_code == 200
    own = {"values": {"aftercare_interval_months": 2}, "reason": "raadsbesluit Delft 2026"}
    stored = admin.put(DELFT, json=own)
    assert stored.status_code == 200, stored.text
    assert stored.json()["version"] == 1 and stored.json()["created_by"] == admin.account_id
    delft = _effective(jobhunter, "Delft")
    assert delft["version"] == "Haaglanden@1+Delft@1"
    assert delft["values"]["proefplaatsing_max_months"] == 4  # from the region
    assert delft["values"]["aftercare_interval_months"] == 2  # its own
    westland = _effective(jobhunter, "Westland")
    assert westland["values"]["aftercare_interval_months"] == 3
    assert westland["values"]["proefplaatsing_max_months"] == 4
    # Zoetermeer is in the labour-market region Zuid-Holland Centraal, not Haaglanden.
    elsewhere = _effective(jobhunter, "Zoetermeer")
    assert elsewhere["region"] == "Zuid-Holland Centraal"
    assert elsewhere["values"]["proefplaatsing_max_months"] == 6
    # A name not in the table is refused, not answered with the default (a typo would pass).
    unknown = jobhunter.get("/api/v1/policies/effective", params={"municipality": "Atlantis"})
    assert unknown.status_code == 422 and "municipality" in unknown.json()["fields"]


def test_every_change_is_a_version_with_who_and_why(admin: Api) -> None:
    for months, why in ((2, "eerste"), (4, "tweede")):
        body = {"values": {"aftercare_interval_months": months}, "reason": why}
        assert admin.put(DELFT, json=body).status_code == 200
    history = admin.get(f"{DELFT}/history").json()
    assert [(h["version"], h["reason"]) for h in history] == [(2, "tweede"), (1, "eerste")]
    assert admin.get("/api/v1/policies").json()[0]["version"] == 2


def test_bad_policies_are_refused_naming_the_field(admin: Api, jobhunter: Api) -> None:
    cases = [
        ({"values": {"proefplaatsing_maanden": 3}, "reason": "x" * 5}, "values"),
        ({"values": {"proefplaatsing_max_months": -1}, "reason": "x" * 5}, "values"),
        ({"values": {"proefplaatsing_max_months": 2.5}, "reason": "x" * 5}, "values"),
        ({"values": {"beschut_werk_offered": "ja"}, "reason": "x" * 5}, "values"),
        ({"values": {"weight_profile": "onbekend"}, "reason": "x" * 5}, "values.weight_profile"),
        ({"values": {}}, "reason"),
    ]
    for body, field in cases:
        response = admin.put(DELFT, json=body)
        assert response.status_code == 422, (body, response.text)
        fields = response.json()["fields"]
        assert any(k == field or k in body.get("values", {}) for k in fields), (body, fields)
    unknown = admin.put("/api/v1/policies/region/Atlantis", json={"values": {}, "reason": "xyz"})
    assert unknown.status_code == 422 and "name" in unknown.json()["fields"]
    assert jobhunter.put(DELFT, json={"values": {}, "reason": "xyz"}).status_code == 403
    assert admin.get(f"{DELFT}/history").json() == []  # nothing half-written


def test_runs_record_their_policy_and_say_what_changed(admin: Api, jobhunter: Api) -> None:
    _setup(jobhunter)
    _candidate(jobhunter, max_travel_minutes=60)
    body = {"municipality": "Delft"}
    first = _wait(jobhunter, jobhunter.post("/api/v1/match-runs", json=body).json()["id"])
    assert first["parameters"]["policy"]["version"] == "shipped"
    assert first["parameters"]["weight_profile"] == "default"
    change = {"values": {"hard_to_place_min_proposals": 0}, "reason": "geen vloer"}
    assert admin.put(DELFT, json=change).status_code == 200
    second = _wait(jobhunter, jobhunter.post("/api/v1/match-runs", json=body).json()["id"])
    assert second["parameters"]["policy"]["version"] == "Delft@1"
    assert second["parameters"]["min_proposals_per_candidate"] == 0
    assert second["policy_changes"] == ["hard_to_place_min_proposals: 1 → 0"]
    assert second["input_hash"] != first["input_hash"]


def test_wsp_and_employer_keys_cannot_read_policy(make_api) -> None:  # type: ignore[no-untyped-def]
    assert make_api(Role.wsp_frontend).get("/api/v1/policies/effective").status_code == 403


def test_after_care_follows_the_candidates_municipality(admin: Api, jobhunter: Api) -> None:
    from tests.api.test_placements import make_candidate, make_workplace, open_placement, to_placed

    body = {"values": {"contract_end_alert_months": 1}, "reason": "later seintje in Delft"}
    assert admin.put(DELFT, json=body).status_code == 200
    workplace = make_workplace(admin)
    alerts = {}
    for town in ("Delft", "Zoetermeer"):
        person = make_candidate(jobhunter, municipality=town, last_name=f"Uit {town}")
        placed = to_placed(jobhunter, open_placement(jobhunter, person, workplace))
        assert placed["end_date"] == "2026-12-31"
        rows = jobhunter.get(f"/api/v1/placements/{placed['id']}/follow-ups").json()
        alerts[town] = [f["due_on"] for f in rows if f["kind"] == "contract_end_alert"]
    assert alerts == {"Delft": ["2026-11-30"], "Zoetermeer": ["2026-10-31"]}


def test_segmentation_follows_the_municipality(admin: Api, jobhunter: Api) -> None:
    person = _candidate(jobhunter)  # Delft, loonwaarde 37%
    url = f"/api/v1/candidates/{person['id']}/suggestions"
    assert jobhunter.get(url).json()["segment"] == "Segment loonwaarde 30–80% WML"
    bands = {"values": {"loonwaarde_segment_bands": [40, 80]}, "reason": "Delftse indeling"}
    assert admin.put(DELFT, json=bands).status_code == 200
    body = jobhunter.get(url).json()
    assert body["segment"] == "Segment loonwaarde 0–40% WML"
    assert body["policy_version"] == "Delft@1"
    none = {"values": {"loonwaarde_segment_bands": []}, "reason": "Delft segmenteert niet"}
    assert admin.put(DELFT, json=none).status_code == 200
    assert jobhunter.get(url).json()["segment"] is None
    falling = {"values": {"loonwaarde_segment_bands": [80, 30]}, "reason": "verkeerd om"}
    refused = admin.put(DELFT, json=falling)
    assert refused.status_code == 422 and "loonwaarde_segment_bands" in refused.json()["fields"]


def test_workplace_suggestions_explain_each_candidate_under_their_own_policy(
    admin: Api, jobhunter: Api
) -> None:
    _, (calm, _busy, _far) = _setup(jobhunter)  # an employer in Delft
    no_forfait = {"values": {"forfaitaire_lks_offered": False}, "reason": "Zoetermeer meet eerst"}
    assert admin.put("/api/v1/policies/municipality/Zoetermeer", json=no_forfait).status_code == 200
    for town in ("Delft", "Zoetermeer"):
        _candidate(jobhunter, municipality=town, last_name=f"Uit {town}", loonwaarde=[])
    items = jobhunter.get(f"/api/v1/workplaces/{calm['id']}/suggestions").json()["items"]
    lks = {
        i["candidate"]["last_name"]: next(
            x for x in i["explanation"]["instruments"] if x["instrument"] == "loonkostensubsidie"
        )
        for i in items
    }
    assert lks["Uit Delft"]["status"] == "eligible"
    assert lks["Uit Delft"]["reason"].startswith("Forfaitaire loonkostensubsidie")
    assert lks["Uit Zoetermeer"]["status"] == "unknown"
