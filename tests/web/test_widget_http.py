"""The widget endpoint over plain HTTP: CORS allow-list, keys, and no identity ever."""

import httpx
from sqlalchemy import Engine

from app.core.vocab import Role
from tests.api.test_canary import IDENTITY, SENSITIVE
from tests.conftest import Api
from tests.web.data import active_workplace, candidate, widget_key
from tests.web.helpers import client, post_form

SITE = "https://wsp.example"
PATH = "/api/v1/widget/workplaces/{}/suggestions"


def _get(server: str, workplace_id: int, key: str | None, origin: str | None) -> httpx.Response:
    headers = {k: v for k, v in {"X-API-Key": key, "Origin": origin}.items() if v}
    return httpx.get(server + PATH.format(workplace_id), headers=headers, timeout=30)


def test_registered_origin_gets_pseudonymous_suggestions_with_cors_header(
    server: str,
    admin: Api,
    jobhunter: Api,
    make_api,
    engine: Engine,  # type: ignore[no-untyped-def]
) -> None:
    workplace = active_workplace(admin)
    person = candidate(jobhunter)
    key = widget_key(make_api, engine, [SITE])
    response = _get(server, workplace["id"], key, SITE)
    assert response.status_code == 200, response.text
    assert response.headers["access-control-allow-origin"] == SITE
    assert "Origin" in response.headers["vary"]
    items = response.json()["items"]
    assert [i["pseudonym"] for i in items] == [person["pseudonym"]]
    assert set(items[0]) == {"pseudonym", "summary", "score", "reasons"}


def test_unregistered_origin_gets_403_without_cors_header(
    server: str,
    admin: Api,
    make_api,
    engine: Engine,  # type: ignore[no-untyped-def]
) -> None:
    workplace = active_workplace(admin)
    key = widget_key(make_api, engine, [SITE])
    for origin in ("https://evil.example", None):
        response = _get(server, workplace["id"], key, origin)
        assert response.status_code == 403
        assert response.json()["error"] == "forbidden"
        assert "access-control-allow-origin" not in response.headers


def test_preflight_is_answered_only_for_registered_origins(
    server: str,
    make_api,
    engine: Engine,  # type: ignore[no-untyped-def]
) -> None:
    widget_key(make_api, engine, [SITE])
    headers = {
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "x-api-key",
    }
    ok = httpx.options(server + PATH.format(1), headers={**headers, "Origin": SITE})
    assert ok.status_code == 204
    assert ok.headers["access-control-allow-origin"] == SITE
    assert "X-API-Key" in ok.headers["access-control-allow-headers"]
    bad = httpx.options(server + PATH.format(1), headers={**headers, "Origin": "https://x.example"})
    assert bad.status_code == 403
    assert "access-control-allow-origin" not in bad.headers


def test_widget_needs_a_valid_wsp_frontend_key(
    server: str,
    admin: Api,
    jobhunter: Api,
    make_api,
    engine: Engine,  # type: ignore[no-untyped-def]
) -> None:
    workplace = active_workplace(admin)
    candidate(jobhunter)
    assert _get(server, workplace["id"], None, SITE).status_code == 401
    assert _get(server, workplace["id"], "psd_nope_nope", SITE).status_code == 401
    assert _get(server, workplace["id"], jobhunter.key, SITE).status_code == 403
    key = widget_key(make_api, engine, [SITE])
    assert _get(server, 999_999, key, SITE).status_code == 404


def test_no_identity_or_sensitive_value_on_widget_or_employer_pages(
    server: str,
    admin: Api,
    jobhunter: Api,
    make_api,
    engine: Engine,  # type: ignore[no-untyped-def]
) -> None:
    workplace = active_workplace(admin)
    person = candidate(jobhunter, **IDENTITY)
    assert jobhunter.put(
        f"/api/v1/candidates/{person['id']}/sensitive", json={**SENSITIVE, "iq": 71}
    ).is_success
    key = widget_key(make_api, engine, [SITE])
    bodies = [
        _get(server, workplace["id"], key, SITE).text,
        _get(server, workplace["id"], key, "https://evil.example").text,
        httpx.get(server + "/widget.js").text,
    ]
    invite = admin.post(f"/api/v1/employers/{workplace['employer_id']}/invites").json()["url"]
    with client(server, "127.0.0.30") as http:
        bodies.append(http.get("/werkgevers/aanmelden").text)
        bodies.append(http.get(invite.removeprefix(server)).text)
        sent = post_form(http, "/werkgevers/aanmelden", _minimal_invalid())
        bodies.append(sent.text)
        bodies.append(http.get("/app/kandidaten", follow_redirects=True).text)
    assert person["pseudonym"] in bodies[0]
    for body in bodies:
        for value in [*SENSITIVE.values(), *IDENTITY.values()]:
            assert value not in body


def _minimal_invalid() -> dict[str, str]:
    return {"e_name": "X", "action": "submit"}


def test_the_public_widget_key_opens_nothing_but_the_widget(
    server: str,
    admin: Api,
    jobhunter: Api,
    make_api,
    engine: Engine,  # type: ignore[no-untyped-def]
) -> None:
    """The report: the key from the page, used with curl, listed employers and profiles and
    could rotate itself away. Now it is a publishable key."""
    workplace = active_workplace(admin)
    candidate(jobhunter)
    key = widget_key(make_api, engine, [SITE])
    headers = {"X-API-Key": key}
    for method, path in [
        ("GET", "/api/v1/employers"),
        ("GET", "/api/v1/workplaces"),
        ("GET", f"/api/v1/workplaces/{workplace['id']}/suggestions"),
        ("GET", "/api/v1/profiles"),
        ("GET", "/api/v1/me"),
        ("POST", "/api/v1/keys/rotate"),
        ("POST", f"/api/v1/keys/{key.split('_')[1]}/rotate"),
        ("POST", f"/api/v1/keys/{key.split('_')[1]}/revoke"),
    ]:
        response = httpx.request(method, server + path, headers=headers)
        assert response.status_code == 403, (path, response.text)
        assert "publishable" in response.json()["detail"]
    # from curl (no Origin) the widget endpoint refuses too; from the site it works
    assert _get(server, workplace["id"], key, None).status_code == 403
    assert _get(server, workplace["id"], key, SITE).status_code == 200
    # a secret wsp_frontend key does not work in the widget: it must never sit in a page
    secret = make_api(Role.wsp_frontend)
    assert _get(server, workplace["id"], secret.key, SITE).status_code == 403
