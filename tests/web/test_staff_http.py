"""Jobhunter screens over plain HTTP: sign-in, session cookie, CSRF, actions and audit."""

import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from sqlmodel import Session, select

from app.audit.decisions import Decision
from app.audit.models import AccessLog
from app.matches.models import PairRule, Proposal
from app.placements.models import Placement
from tests.conftest import Api
from tests.factories import workplace_payload
from tests.web.data import active_workplace, candidate
from tests.web.helpers import CSRF, client, csrf_token


@contextmanager
def _signed_in(
    server: str, key: str, source_ip: str
) -> Iterator[tuple[httpx.Client, httpx.Response]]:
    with client(server, source_ip) as http:
        token = csrf_token(http, "/app/inloggen")
        response = http.post("/app/inloggen", data={"api_key": key, "csrf_token": token})
        assert response.status_code == 303, response.text
        yield http, response


def test_pages_redirect_to_login_without_a_session(server: str) -> None:
    with client(server, "127.0.0.50") as http:
        response = http.get("/app/kandidaten")
    assert response.status_code == 303
    assert response.headers["location"] == "/app/inloggen"


def test_login_sets_a_signed_httponly_lax_cookie(server: str, jobhunter: Api) -> None:
    assert jobhunter.key is not None
    with _signed_in(server, jobhunter.key, "127.0.0.51") as (http, response):
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
        assert jobhunter.key not in response.headers["set-cookie"]
        assert http.get("/app/kandidaten").status_code == 200
        token = CSRF.search(http.get("/app/kandidaten").text)
        assert token is not None
        out = http.post("/app/uitloggen", data={"csrf_token": token.group(1)})
        assert out.status_code == 303
        assert http.get("/app/kandidaten").status_code == 303


def test_wrong_or_non_staff_key_cannot_sign_in(server: str, make_api) -> None:  # type: ignore[no-untyped-def]
    from app.core.vocab import Role

    wsp = make_api(Role.wsp_frontend)
    with client(server, "127.0.0.52") as http:
        for key in ("psd_nope_nope", wsp.key):
            token = csrf_token(http, "/app/inloggen")
            response = http.post("/app/inloggen", data={"api_key": key, "csrf_token": token})
            assert response.status_code == 401
            assert "niet geldig" in response.text


def test_staff_action_without_csrf_is_refused(server: str, jobhunter: Api, admin: Api) -> None:
    workplace = active_workplace(admin)
    person = candidate(jobhunter)
    assert jobhunter.key is not None
    with _signed_in(server, jobhunter.key, "127.0.0.53") as (http, _):
        response = http.post(
            f"/app/kandidaten/{person['id']}/suggesties",
            data={"workplace_id": str(workplace["id"]), "action": "pin"},
        )
    assert response.status_code == 403
    assert "CSRF" in response.text and "<html" in response.text


def test_suggestion_actions_pin_reject_accept(
    server: str, jobhunter: Api, admin: Api, session: Session
) -> None:
    workplace = active_workplace(admin)
    person = candidate(jobhunter)
    assert jobhunter.key is not None
    url = f"/app/kandidaten/{person['id']}/suggesties"
    with _signed_in(server, jobhunter.key, "127.0.0.54") as (http, _):
        page = http.get(f"/app/kandidaten/{person['id']}")
        assert page.status_code == 200 and "Medewerker groenonderhoud" in page.text
        token = csrf_token(http, f"/app/kandidaten/{person['id']}")
        base = {"workplace_id": str(workplace["id"]), "csrf_token": token}
        assert http.post(url, data={**base, "action": "pin"}).status_code == 303
        no_reason = http.post(url, data={**base, "action": "reject"})
        assert no_reason.status_code == 422 and "reden" in no_reason.text
        assert http.post(url, data={**base, "action": "reject", "reason": "travel"}).is_redirect
        assert http.post(url, data={**base, "action": "accept"}).is_redirect
        again = http.post(url, data={**base, "action": "accept"})
        assert again.status_code == 409 and "<html" in again.text
    assert session.exec(select(PairRule)).one().kind == "pin"
    assert session.exec(select(Placement)).one().candidate_id == person["id"]
    actions = {d.action for d in session.exec(select(Decision)).all()}
    assert {"pair:pin", "suggestion:rejected", "placement_opened"} <= actions
    reads = session.exec(select(AccessLog).where(AccessLog.candidate_id == person["id"])).all()
    assert any(r.action == "web_suggest" for r in reads)


def test_run_overview_start_run_and_review_a_proposal(
    server: str, jobhunter: Api, admin: Api
) -> None:
    active_workplace(admin)
    candidate(jobhunter)
    assert jobhunter.key is not None
    with _signed_in(server, jobhunter.key, "127.0.0.55") as (http, _):
        token = csrf_token(http, "/app/runs")
        started = http.post("/app/runs", data={"csrf_token": token, "municipality": ""})
        assert started.status_code == 303
        run_path = started.headers["location"].split("?")[0]
        deadline = time.monotonic() + 30
        while "Status: <strong>Klaar" not in (page := http.get(run_path)).text:
            assert time.monotonic() < deadline, page.text
            time.sleep(0.2)
        proposal = jobhunter.get(
            f"/api/v1/match-runs/{run_path.rsplit('/', 1)[1]}/proposals"
        ).json()
        first = proposal["items"][0]
        reviewed = http.post(
            f"/app/voorstellen/{first['id']}",
            data={"csrf_token": token, "decision": "reject", "reason": "hours", "version": "1"},
        )
        assert reviewed.status_code == 303
        assert "Afgewezen" in http.get(run_path).text
        assert http.get("/app/runs").status_code == 200
        assert http.get("/app/opvolging").status_code == 200


def test_bad_ids_on_pages_give_html_errors_not_500(server: str, jobhunter: Api) -> None:
    assert jobhunter.key is not None
    with _signed_in(server, jobhunter.key, "127.0.0.56") as (http, _):
        for path, status in [
            ("/app/kandidaten/abc", 422),
            ("/app/kandidaten/999999", 404),
            ("/app/runs/999999", 404),
            ("/app/bestaat-niet", 404),
        ]:
            response = http.get(path)
            assert response.status_code == status, path
            assert response.headers["content-type"].startswith("text/html")


def test_candidate_page_shows_consent_and_why_nobody_is_suggested(
    server: str, admin: Api, jobhunter: Api, make_api
) -> None:  # type: ignore[no-untyped-def]
    from app.core.vocab import Role

    active_workplace(admin)
    person = candidate(jobhunter, consents=[])
    assert jobhunter.key is not None
    with _signed_in(server, jobhunter.key, "127.0.0.58") as (http, _):
        page = http.get(f"/app/kandidaten/{person['id']}")
        assert page.status_code == 200
        assert "Er is nog geen toestemming vastgelegd" in page.text
        assert "Geen (actieve) toestemming voor matching" in page.text
        assert "Medewerker groenonderhoud" not in page.text
    given = jobhunter.post(
        f"/api/v1/candidates/{person['id']}/consents",
        json={"purpose": "matching", "given_on": person["readiness_confirmed_on"]},
    )
    assert given.status_code == 201, given.text
    colleague = make_api(Role.jobhunter, name="collega")
    assert colleague.key is not None
    with _signed_in(server, jobhunter.key, "127.0.0.58") as (http, _):
        page = http.get(f"/app/kandidaten/{person['id']}")
        assert "Matching (voorstellen en match-runs)" in page.text
        assert "Medewerker groenonderhoud" in page.text
    with _signed_in(server, colleague.key, "127.0.0.59") as (http, _):
        # need-to-know: not in the colleague's caseload, nothing shared
        assert http.get(f"/app/kandidaten/{person['id']}").status_code == 403
    for account_id in (jobhunter.account_id, colleague.account_id):
        team = admin.put(f"/api/v1/accounts/{account_id}/sharing", json={"team": "Noord"})
        assert team.status_code == 200, team.text
    with _signed_in(server, colleague.key, "127.0.0.59") as (http, _):
        # shared by team: the colleague identifies the candidate, the consents stay own-only
        page = http.get(f"/app/kandidaten/{person['id']}")
        assert page.status_code == 200 and "Toestemming" not in page.text


def test_candidate_page_says_why_workplaces_are_out_and_explains_one_by_number(
    server: str, admin: Api, jobhunter: Api
) -> None:
    fitting = active_workplace(admin)
    heavy_in = workplace_payload(
        fitting["employer_id"], title="Sjouwen in het magazijn", physical_demand=5
    )
    heavy = admin.post("/api/v1/workplaces", json=heavy_in).json()
    person = candidate(jobhunter, physical_capacity=3)
    assert jobhunter.key is not None
    with _signed_in(server, jobhunter.key, "127.0.0.60") as (http, _):
        page = http.get(f"/app/kandidaten/{person['id']}")
        assert page.status_code == 200
        assert "Waarom niet?" in page.text
        section = page.text[page.text.index("Waarom niet?") :]
        assert "<td>Te zwaar</td><td>1</td>" in section, section[:1500]
        asked = http.get(f"/app/kandidaten/{person['id']}", params={"werkplek": heavy["id"]})
        assert f"Werkplek {heavy['id']}: valt af" in asked.text
        assert "Het werk is lichamelijk zwaarder dan de kandidaat aankan." in asked.text
        good = http.get(f"/app/kandidaten/{person['id']}", params={"werkplek": fitting["id"]})
        assert f"Werkplek {fitting['id']}: wordt voorgesteld" in good.text
        unknown = http.get(f"/app/kandidaten/{person['id']}", params={"werkplek": 987654})
        assert unknown.status_code == 200
        assert "Er is geen werkplek met nummer 987654." in unknown.text
        bad = http.get(f"/app/kandidaten/{person['id']}", params={"werkplek": "x"})
        assert bad.status_code == 422 and "<html" in bad.text.lower()


def test_candidate_page_says_whether_they_travel_across_the_region(
    server: str, jobhunter: Api
) -> None:
    assert jobhunter.key is not None
    stays, travels = candidate(jobhunter), candidate(jobhunter, cross_region_travel=True)
    line = "ook naar werk buiten de eigen arbeidsmarktregio"
    with _signed_in(server, jobhunter.key, "127.0.0.61") as (http, _):
        assert line in http.get(f"/app/kandidaten/{travels['id']}").text
        assert line not in http.get(f"/app/kandidaten/{stays['id']}").text


def test_run_page_offers_decisions_only_for_the_own_caseload(
    server: str,
    make_api,
    jobhunter: Api,
    admin: Api,
    session: Session,  # type: ignore[no-untyped-def]
) -> None:
    from app.core.vocab import Role
    from tests.api.test_placements import make_proposal

    workplace = active_workplace(admin)
    mine = make_proposal(session, jobhunter, candidate(jobhunter), workplace)
    other_hunter = make_api(Role.jobhunter)
    theirs = make_proposal(session, other_hunter, candidate(other_hunter), workplace)
    run_id = session.get(Proposal, theirs).run_id  # type: ignore[union-attr]
    mine_run = session.get(Proposal, mine).run_id  # type: ignore[union-attr]
    assert jobhunter.key is not None
    with _signed_in(server, jobhunter.key, "127.0.0.56") as (http, _):
        own_page = http.get(f"/app/runs/{mine_run}").text
        assert f'Accepteren<span class="visually-hidden"> voorstel {mine}' in own_page
        page = http.get(f"/app/runs/{run_id}")
        assert page.status_code == 200
        assert f"voorstel {theirs}" not in page.text and "Accepteren" not in page.text
        assert "Een andere jobhunter beslist" in page.text
        token = csrf_token(http, f"/app/runs/{run_id}")
        forced = http.post(
            f"/app/voorstellen/{theirs}",
            data={"csrf_token": token, "decision": "accept", "version": "1"},
        )
        assert forced.status_code == 403 and "<html" in forced.text
    session.expire_all()
    assert session.get(Proposal, theirs).status == "proposed"  # type: ignore[union-attr]
    assert session.exec(select(Placement)).all() == []
