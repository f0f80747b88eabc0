"""Issue 16's staff pages over HTTP: outcomes, fairness with charts, weights for admins."""

from sqlmodel import Session

from tests.api.test_learning import _reviewed_pairs
from tests.api.test_matching_flow import _candidate, _setup
from tests.conftest import Api
from tests.web.helpers import CSRF
from tests.web.test_staff_http import _signed_in


def test_outcome_and_fairness_pages_show_suppressed_tables_and_charts(
    server: str, jobhunter: Api
) -> None:
    _setup(jobhunter)
    for i in range(11):
        _candidate(jobhunter, last_name=f"K{i}")
    assert jobhunter.key is not None
    with _signed_in(server, jobhunter.key, "127.0.0.81") as (http, _):
        outcomes = http.get("/app/uitkomsten", params={"gemeente": "Delft"})
        assert outcomes.status_code == 200
        assert "Uitkomsten: werken ze nog?" in outcomes.text and "&lt; 10" in outcomes.text
        fairness = http.get("/app/eerlijkheid")
        assert fairness.status_code == 200
        assert "<svg" in fairness.text and "verhouding tot de regio" in fairness.text
        assert "Beschikbaar, maar nooit voorgesteld (11)" in fairness.text
        csv = http.get("/app/eerlijkheid.csv")
        assert csv.headers["content-type"].startswith("text/csv")
        assert csv.text.splitlines()[1].startswith("region,alle kandidaten,11,")
        assert (
            http.get(
                "/app/eerlijkheid", params={"van": "2026-05-01", "tot": "2026-01-01"}
            ).status_code
            == 422
        )
        # Weights are for admins only: a jobhunter gets a Dutch refusal.
        refused = http.get("/app/gewichten")
        assert refused.status_code == 403 and "beheerder" in refused.text


def test_admin_approves_a_weight_proposal_on_the_page(
    server: str, admin: Api, jobhunter: Api, session: Session
) -> None:
    _, places = _setup(jobhunter)
    candidates = [_candidate(jobhunter, last_name=f"K{i}")["id"] for i in range(3)]
    _reviewed_pairs(session, candidates, [p["id"] for p in places], runs=40)
    assert admin.key is not None
    with _signed_in(server, admin.key, "127.0.0.82") as (http, _):
        page = http.get("/app/gewichten")
        token = CSRF.search(page.text)
        assert token is not None
        made = http.post("/app/gewichten", data={"csrf_token": token.group(1)})
        assert made.status_code == 303 and made.headers["location"].endswith("gedaan=proposed")
        page = http.get("/app/gewichten")
        assert "Versie 1: voorstel, wacht op u" in page.text and "Reistijd" in page.text
        proposal = admin.get("/api/v1/weight-proposals").json()["items"][0]
        token = CSRF.search(page.text)
        assert token is not None
        decided = http.post(
            f"/app/gewichten/{proposal['id']}",
            data={"csrf_token": token.group(1), "decision": "approve", "note": "Akkoord"},
        )
        assert decided.status_code == 303
        assert "Versie 1: in gebruik" in http.get("/app/gewichten").text


def test_region_page_charts_placements_per_month_and_suppresses_small_groups(
    server: str, jobhunter: Api
) -> None:
    from tests.api.test_placements import make_workplace
    from tests.api.test_reports import _candidates, _placed

    workplace = make_workplace(jobhunter, capacity=20)
    for person in _candidates(jobhunter, 10):
        _placed(jobhunter, person, workplace)
    assert jobhunter.key is not None
    with _signed_in(server, jobhunter.key, "127.0.0.83") as (http, _):
        region = http.get("/app/regio")
        assert region.status_code == 200
        assert "Regiorapportage" in region.text and "<svg" in region.text
        assert "Gestarte plaatsingen per maand" in region.text
        assert "Het meeste in 2026-01 (10)." in region.text  # the chart's text summary
        assert "Per soort plek" in region.text and "Per instrument" in region.text
        empty = http.get("/app/regio", params={"van": "2099-01-01"})
        assert "Alle aantallen zijn kleiner dan 10" in empty.text
        csv = http.get("/app/regio.csv")
        assert csv.headers["content-type"].startswith("text/csv")
        assert csv.text.splitlines()[1].startswith("total,totaal,totaal,10,")
