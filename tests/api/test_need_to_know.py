"""Need-to-know for jobhunters (issue 12 item 6): identity of the own caseload and of what an
admin shared (team, municipality); pseudonymous summaries for the rest of the region."""

from collections.abc import Callable

from app.core.vocab import Role
from tests.conftest import Api
from tests.web.data import active_workplace, candidate


def share(admin: Api, who: Api, **sharing: object) -> None:
    response = admin.put(f"/api/v1/accounts/{who.account_id}/sharing", json=sharing)
    assert response.status_code == 200, response.text


def test_a_new_jobhunter_with_no_candidates_identifies_nobody(
    make_api: Callable[..., Api], jobhunter: Api, admin: Api
) -> None:
    workplace = active_workplace(admin)
    person = candidate(jobhunter, last_name="Eigenaar")
    newcomer = make_api(Role.jobhunter)
    listed = newcomer.get("/api/v1/candidates").json()
    assert listed["items"] == [] and listed["total"] == 0
    for path in ("", "/loonwaarde"):
        refused = newcomer.get(f"/api/v1/candidates/{person['id']}{path}")
        assert refused.status_code == 403 and "caseload" in refused.json()["detail"]
    changed = newcomer.patch(
        f"/api/v1/candidates/{person['id']}", json={"municipality": "Gouda", "version": 1}
    )
    assert changed.status_code == 403
    # the region stays visible pseudonymously, in suggestions too: no name, no id
    items = newcomer.get(f"/api/v1/workplaces/{workplace['id']}/suggestions").json()["items"]
    assert [i["candidate"]["pseudonym"] for i in items] == [person["pseudonym"]]
    summary = items[0]["candidate"]
    assert summary["id"] is None and summary["last_name"] is None
    # the owner sees name and id
    own = jobhunter.get(f"/api/v1/workplaces/{workplace['id']}/suggestions").json()["items"]
    assert own[0]["candidate"]["id"] == person["id"]
    assert own[0]["candidate"]["last_name"] == "Eigenaar"


def test_admins_share_a_municipality_and_it_counts_at_once(
    make_api: Callable[..., Api], jobhunter: Api, admin: Api
) -> None:
    in_delft = candidate(jobhunter, municipality="Delft")
    in_gouda = candidate(jobhunter, municipality="Gouda")
    colleague = make_api(Role.jobhunter)
    share(admin, colleague, municipalities=["delft"])
    listed = colleague.get("/api/v1/candidates").json()
    assert [c["id"] for c in listed["items"]] == [in_delft["id"]] and listed["total"] == 1
    assert colleague.get(f"/api/v1/candidates/{in_delft['id']}").status_code == 200
    assert colleague.get(f"/api/v1/candidates/{in_gouda['id']}").status_code == 403
    # sharing never reaches sensitive data or consent: those stay with the own jobhunter
    assert colleague.get(f"/api/v1/candidates/{in_delft['id']}/sensitive").status_code == 403
    share(admin, colleague, municipalities=[])
    assert colleague.get(f"/api/v1/candidates/{in_delft['id']}").status_code == 403


def test_only_admins_set_sharing_and_only_for_jobhunters(
    make_api: Callable[..., Api], jobhunter: Api, admin: Api
) -> None:
    colleague = make_api(Role.jobhunter)
    own_team = jobhunter.put(
        f"/api/v1/accounts/{jobhunter.account_id}/sharing", json={"team": "Noord"}
    )
    assert own_team.status_code == 403
    wrong = admin.put(f"/api/v1/accounts/{admin.account_id}/sharing", json={"team": "x"})
    assert wrong.status_code == 422 and "account_id" in wrong.json()["fields"]
    assert admin.put("/api/v1/accounts/999999/sharing", json={}).status_code == 404
    body = admin.put(
        f"/api/v1/accounts/{colleague.account_id}/sharing",
        json={"team": " Noord ", "municipalities": ["Delft", "delft ", "Gouda"]},
    ).json()
    assert body["team"] == "Noord" and body["municipalities"] == ["Delft", "Gouda"]
    too_many = admin.put(
        f"/api/v1/accounts/{colleague.account_id}/sharing",
        json={"municipalities": [f"Plaats {n}" for n in range(51)]},
    )
    assert too_many.status_code == 422 and "municipalities" in too_many.json()["fields"]


def test_the_staff_candidate_list_page_shows_the_caseload_only(
    server: str, make_api: Callable[..., Api], jobhunter: Api
) -> None:
    from tests.web.test_staff_http import _signed_in

    mine = candidate(jobhunter, last_name="Mijnkandidaat")
    colleague = make_api(Role.jobhunter)
    theirs = candidate(colleague, last_name="Anderkandidaat")
    assert jobhunter.key is not None
    with _signed_in(server, jobhunter.key, "127.0.0.91") as (http, _):
        page = http.get("/app/kandidaten").text
        assert "Mijnkandidaat" in page and "Anderkandidaat" not in page
        assert http.get(f"/app/kandidaten/{theirs['id']}").status_code == 403
        assert http.get(f"/app/kandidaten/{mine['id']}").status_code == 200
