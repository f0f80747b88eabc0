"""Plant unique strings in sensitive and identity fields, then scan every response body.

One walk is driven by the OpenAPI schema, the other by ``app.routes`` (pages and the widget
too, with error responses for unknown and malformed ids), so a new endpoint or page is covered
without editing this. The planted candidate consented to matching and to a pseudonymous
profile, and to an introduction to the employer, which was then withdrawn: from then on the
employer must see no more than anyone else outside the team.
"""

import re
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.core.vocab import Role
from app.imports.duplicates import find_duplicates
from app.main import create_app
from tests.conftest import Api
from tests.factories import candidate_payload, employer_payload, workplace_payload
from tests.imports.helpers import csv_file, rows
from tests.imports.test_imports_api import finished, upload
from tests.web.data import widget_key

SENSITIVE = {
    "diagnosis": "CANARY-DIAG-7f3a",
    "medical_treatment": "CANARY-MED-19bc",
    "psychosocial_context": "CANARY-PSY-55de",
    "notes": "CANARY-NOTE-a0c1",
}
IDENTITY = {
    "first_name": "Canaryfirst",
    "last_name": "Canarylast",
    "email": "canary-mail@example.nl",
    "phone": "0612345987",
    "date_of_birth": "2004-02-29",
    "postcode": "2611 QX",
}
# As the service stores and returns them; the consent note is personal too.
CANARIES = [
    *SENSITIVE.values(),
    *(v for k, v in IDENTITY.items() if k != "postcode"),
    "2611QX",
    "CANARY-CONSENT-3e9d",
]
# A person in an uploaded file (not the planted candidate): the import's reports show it to
# the uploader only (issue 13).
IMPORT_CANARY = "Canaryimport-51f2"
CANARIES.append(IMPORT_CANARY)
ORIGIN = "https://wsp.example"


def _walk_get_endpoints(api: Api, ids: dict[str, object]) -> list[tuple[str, int, str]]:
    spec = api.get("/openapi.json").json()
    seen = []
    for path, operations in spec["paths"].items():
        if "get" not in operations:
            continue
        url = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)
        response = api.get(url)
        assert response.status_code < 500, (url, response.text)
        seen.append((url, response.status_code, response.text))
    return seen


def _placed(api: Api, placement: dict) -> int:
    """Walk the placement to `placed`, which schedules follow-ups; return one follow-up id."""
    url = f"/api/v1/placements/{placement['id']}/transitions"
    steps = [
        {"to": "consent_recorded", "consent_recorded_on": "2026-11-01"},
        {"to": "introduced", "introduced_on": "2026-11-02"},
        {
            "to": "placed",
            "contract_type": "temporary",
            "hours_per_week": 20,
            "start_date": "2026-11-09",
            "end_date": "2027-11-08",
            "loonwaarde_pct": 40,
        },
    ]
    version = placement["version"]
    for step in steps:
        response = api.post(url, json={**step, "version": version})
        assert response.status_code == 200, response.text
        version = response.json()["version"]
    follow_ups = api.get(f"/api/v1/placements/{placement['id']}/follow-ups").json()
    return int(
        follow_ups[0]["id"] if isinstance(follow_ups, list) else follow_ups["items"][0]["id"]
    )


def _first_proposal(api: Api, run_id: int) -> int:
    # A loaded CI machine can queue the run behind others: wait up to 90 s (usually < 1 s).
    deadline = time.monotonic() + 90
    run: dict[str, Any] = {}
    while time.monotonic() < deadline:
        run = api.get(f"/api/v1/match-runs/{run_id}").json()
        if run["status"] in ("succeeded", "failed"):
            break
        time.sleep(0.1)
    items = api.get(f"/api/v1/match-runs/{run_id}/proposals").json()["items"]
    assert items, f"the planted run proposed nothing: {run}"
    return int(items[0]["id"])


def _flagged_pair(engine: Engine, api: Api, candidate_id: int) -> int:
    """The two planted candidates are one person to the duplicates queue (issue 13)."""
    with Session(engine) as session:
        assert find_duplicates(session, [candidate_id]) == 1
        session.commit()
    return int(api.get("/api/v1/duplicates").json()["items"][0]["id"])


def _rejected_import(api: Api, tmp_path: Path) -> int:
    """A dry run whose refused row (named like the canary) comes back in the rejected CSV."""
    data = rows(2)
    data[0] |= {"last_name": IMPORT_CANARY, "date_of_birth": "31-02-2004"}
    path = csv_file(tmp_path, data)
    queued = upload(api, path, dry_run="true", valid_rows="true")
    assert queued.status_code == 202, queued.text
    done = finished(api, queued.json()["id"])
    assert IMPORT_CANARY in api.get(done["rejected_url"]).text
    return int(done["id"])


@pytest.fixture
def planted(admin: Api, jobhunter: Api, engine: Engine, tmp_path: Path) -> dict[str, object]:
    employer = admin.post("/api/v1/employers", json=employer_payload()).json()
    workplace = admin.post("/api/v1/workplaces", json=workplace_payload(employer["id"])).json()
    candidate = jobhunter.post("/api/v1/candidates", json=candidate_payload(**IDENTITY)).json()
    sensitive = jobhunter.put(
        f"/api/v1/candidates/{candidate['id']}/sensitive", json={**SENSITIVE, "iq": 71}
    )
    assert sensitive.status_code == 200
    placement = jobhunter.post(
        "/api/v1/placements",
        json={"candidate_id": candidate["id"], "workplace_id": workplace["id"]},
    ).json()
    follow_up = _placed(jobhunter, placement)
    # The consent_recorded step recorded an introduction to this employer; withdraw it.
    consents = jobhunter.get(f"/api/v1/candidates/{candidate['id']}/consents").json()
    introduction = next(c for c in consents if c["purpose"] == "introduce_employer")
    withdrawn = jobhunter.post(
        f"/api/v1/candidates/{candidate['id']}/consents/{introduction['id']}/withdraw",
        json={"note": "CANARY-CONSENT-3e9d"},
    )
    assert withdrawn.status_code == 200, withdrawn.text
    rule = jobhunter.post(
        "/api/v1/pair-rules",
        json={"candidate_id": candidate["id"], "workplace_id": workplace["id"], "kind": "pin"},
    ).json()
    # A second candidate without a placement, so the run (and the widget) has someone to
    # propose: the placed one is in no live suggestion (docs/decisions/143).
    free = jobhunter.post("/api/v1/candidates", json=candidate_payload(**IDENTITY)).json()
    run = jobhunter.post("/api/v1/match-runs", json={}).json()
    proposal_id = _first_proposal(jobhunter, run["id"])
    carved_role = _carved_role(jobhunter, employer["id"], candidate["id"])  # issue 15
    return {
        "placement_id": placement["id"],
        "follow_up_id": follow_up,
        "rule_id": rule["id"],
        "run_id": run["id"],
        "proposal_id": proposal_id,
        "candidate_id": candidate["id"],
        "pseudonym": candidate["pseudonym"],
        "free_pseudonym": free["pseudonym"],
        "employer_id": employer["id"],
        "workplace_id": workplace["id"],
        "task_id": workplace["tasks"][0]["id"],
        "consent_id": introduction["id"],
        "role_id": carved_role,
        "pair_id": _flagged_pair(engine, jobhunter, free["id"]),
        "import_id": _rejected_import(jobhunter, tmp_path),
        "fmt": "csv",  # exports
        "scope": "municipality",  # policies
        "name": "Delft",
    }


def _carved_role(api: Api, employer_id: int, candidate_id: int) -> int:
    """A role carved from one inventory task and sent to the employer for the candidate."""
    task = api.post(
        f"/api/v1/employers/{employer_id}/inventory",
        json={"name": "Post rondbrengen", "hours_per_week": 16, "postcode": "2611",
              "stimulus_level": 2, "structure_level": 4, "supervision_offered": 4,
              "time_pressure_level": 2, "customer_contact_level": 1, "physical_load": 2,
              "skill_level": 2},
    )  # fmt: skip
    assert task.status_code == 201, task.text
    role = api.post(
        "/api/v1/carved-roles",
        json={"employer_id": employer_id, "candidate_id": candidate_id,
              "task_ids": [task.json()["id"]], "title": "Postkamer"},
    )  # fmt: skip
    assert role.status_code == 201, role.text
    return int(role.json()["id"])


@pytest.mark.parametrize("role", [Role.employer, Role.wsp_frontend])
def test_no_sensitive_or_identity_value_reaches_employer_or_wsp(
    make_api, planted: dict[str, object], role: Role
) -> None:  # type: ignore[no-untyped-def]
    api = make_api(role, employer_id=planted["employer_id"] if role == Role.employer else None)
    responses = _walk_get_endpoints(api, planted)
    assert len(responses) >= 10
    for url, _, body in responses:
        for value in CANARIES:
            assert value not in body, f"{value} leaked through {url} to {role}"


def test_sensitive_values_reach_only_the_own_jobhunter(
    make_api, jobhunter: Api, planted: dict[str, object]
) -> None:  # type: ignore[no-untyped-def]
    colleague = make_api(Role.jobhunter, name="collega")
    for url, _, body in _walk_get_endpoints(colleague, planted):
        for value in SENSITIVE.values():
            assert value not in body, f"{value} leaked through {url} to another jobhunter"
    own = "".join(body for _, _, body in _walk_get_endpoints(jobhunter, planted))
    assert all(value in own for value in SENSITIVE.values())


IDENTITY_CANARIES = [*[v for v in CANARIES if v not in SENSITIVE.values()][:5], IMPORT_CANARY]


def test_identity_reaches_a_jobhunter_only_for_the_caseload_or_when_shared(
    make_api, admin: Api, jobhunter: Api, server: str, planted: dict[str, object]
) -> None:  # type: ignore[no-untyped-def]
    """Need-to-know: a colleague outside the caseload walks every GET route and page (API
    and the same routes with unknown and malformed ids) and meets no name, e-mail, phone or
    birth date; once an admin puts both in one team, the colleague sees them."""
    colleague = make_api(Role.jobhunter, name="collega")
    urls = [u for u in _route_urls(planted) if u.startswith("/api/")]
    walked = [(url, colleague.get(url, params={"limit": 200})) for url in urls]
    for url, response in walked:
        assert response.status_code < 500, (url, response.text)
        for value in IDENTITY_CANARIES:
            assert value not in response.text, f"{value} leaked through {url} to a colleague"
    statuses = {url: r.status_code for url, r in walked}
    assert statuses[f"/api/v1/candidates/{planted['candidate_id']}"] == 403
    assert colleague.get("/api/v1/candidates").json()["total"] == 0
    # pseudonymous for the rest of the region: the profile is there, without the id
    profile = colleague.get(f"/api/v1/profiles/{planted['pseudonym']}").json()
    assert profile["pseudonym"] == planted["pseudonym"] and profile["id"] is None

    for account_id in (jobhunter.account_id, colleague.account_id):
        shared = admin.put(f"/api/v1/accounts/{account_id}/sharing", json={"team": "Noord"})
        assert shared.status_code == 200, shared.text
    now = colleague.get(f"/api/v1/candidates/{planted['candidate_id']}")
    assert now.status_code == 200 and IDENTITY["last_name"] in now.text
    assert colleague.get("/api/v1/candidates").json()["total"] == 2


def _get_paths() -> list[str]:
    """Paths of every GET route in app.routes; included routers are expanded (FastAPI keeps
    them as lazy entries whose ``effective_route_contexts`` yield the real routes)."""
    paths: list[str] = []
    for route in create_app().routes:
        contexts = getattr(route, "effective_route_contexts", None)
        for item in contexts() if contexts else [route]:
            methods = getattr(item, "methods", None) or set()
            if "GET" in methods and isinstance(getattr(item, "path", None), str):
                paths.append(item.path)
    return paths


def _route_urls(ids: dict[str, object]) -> list[str]:
    """Every GET route of the app (API, pages, widget), each with the planted ids and with an
    unknown and a malformed id, so error responses are scanned too."""
    urls: list[str] = []
    for path in _get_paths():
        names = re.findall(r"\{(\w+)(?::\w+)?\}", path)
        for fill in ("planted", "unknown", "malformed"):
            values: dict[str, Any] = {
                name: {"planted": ids.get(name, 1), "unknown": 987654, "malformed": "x%27"}[fill]
                for name in names
            }
            url = re.sub(r"\{(\w+)(?::\w+)?\}", lambda m, v=values: str(v[m.group(1)]), path)
            if url not in urls:
                urls.append(url)
    return urls


@pytest.mark.parametrize("role", [Role.employer, Role.wsp_frontend])
def test_no_canary_on_any_route_page_or_error_for_employer_or_wsp(
    make_api, engine: Engine, server: str, planted: dict[str, object], role: Role
) -> None:  # type: ignore[no-untyped-def]
    if role == Role.employer:
        api = make_api(role, employer_id=planted["employer_id"])
    else:  # a widget key with a registered origin, so the widget answers with data
        api = Api(server, widget_key(make_api, engine, [ORIGIN]), 0)
    urls = _route_urls(planted)
    assert any(u.startswith("/app/") for u in urls) and any("/widget/" in u for u in urls)
    statuses: dict[int, int] = {}
    for url in urls:
        response = api.get(url, headers={"Origin": ORIGIN}, params={"limit": 20})
        assert response.status_code < 500, (url, response.text)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        for value in CANARIES:
            assert value not in response.text, f"{value} leaked through {url} to {role}"
    assert statuses.get(200, 0) >= 5 and statuses.get(404, 0) >= 5, statuses
    if role == Role.wsp_frontend:  # the walk did reach a canary candidate's pseudonym
        widget = api.get(
            f"/api/v1/widget/workplaces/{planted['workplace_id']}/suggestions",
            headers={"Origin": ORIGIN},
        )
        assert planted["free_pseudonym"] in widget.text
        assert planted["pseudonym"] not in widget.text  # placed: not suggested any more


IDENTITY_SHOWN = ("Canaryfirst", "Canarylast", "canary-mail@example.nl", "0612345987")


def _shows_identity(body: str, candidate_id: int) -> bool:
    """Name or contact details, or the internal id that staff use to open the record (in a
    JSON field or a page link to the candidate)."""
    return any(value in body for value in IDENTITY_SHOWN) or bool(
        re.search(rf'"candidate_id":\s*{candidate_id}\b|/app/kandidaten/{candidate_id}"', body)
    )


def _reads(engine: Engine, candidate_id: int) -> int:
    from sqlmodel import Session

    from app.audit.service import reads_of

    with Session(engine) as session:
        return len(reads_of(session, candidate_id))


def test_every_route_and_page_that_shows_identity_logs_the_read(
    server: str, engine: Engine, jobhunter: Api, planted: dict[str, object]
) -> None:
    """Every GET route and page (found in app.routes, none listed by hand) whose answer shows
    the planted candidate's identity to staff wrote at least one access-log row for them."""
    from tests.web.test_staff_http import _signed_in

    candidate_id = int(planted["candidate_id"])  # type: ignore[call-overload]
    docs = ("/openapi.json", "/docs", "/static/")  # examples there are not anyone's data
    urls = [
        u
        for u in _route_urls(planted)
        if "987654" not in u and "x%27" not in u and not u.startswith(docs)
    ]
    assert jobhunter.key is not None
    shown_by: list[str] = []
    with _signed_in(server, jobhunter.key, "127.0.0.82") as (http, _):
        for url in urls:
            before = _reads(engine, candidate_id)
            if url.startswith("/app"):
                response = http.get(url)
            else:
                response = jobhunter.get(url, params={"limit": 20})
            assert response.status_code < 500, (url, response.text)
            if _shows_identity(response.text, candidate_id):
                shown_by.append(url)
                assert _reads(engine, candidate_id) > before, f"{url} showed identity unlogged"
    # The walk did reach the candidate through the API, the pages and the follow-up screens.
    assert f"/api/v1/candidates/{candidate_id}" in shown_by
    assert f"/app/kandidaten/{candidate_id}" in shown_by
    assert "/app/opvolging" in shown_by or "/api/v1/follow-ups" in shown_by, shown_by
