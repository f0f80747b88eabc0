"""Issue 12, items 4 and 5: links from configuration, no-store, body and header limits, and
search terms taken literally. Each test repeats the report's reproduction."""

from collections.abc import Iterator

import httpx
import pytest

from app.core.config import get_settings
from tests.api.test_hardening import NO_WORKER, own_server
from tests.conftest import Api
from tests.factories import candidate_payload, employer_payload


def test_invite_links_ignore_the_host_header(admin: Api) -> None:
    employer = admin.post("/api/v1/employers", json=employer_payload()).json()
    response = admin.post(
        f"/api/v1/employers/{employer['id']}/invites", headers={"Host": "evil.example"}
    )
    assert response.status_code == 201, response.text
    url = response.json()["url"]
    assert url.startswith(get_settings().public_url + "/werkgevers/aanmelden/")
    assert "evil.example" not in url


def test_responses_with_personal_data_are_never_cached(
    admin: Api, jobhunter: Api, server: str
) -> None:
    made = jobhunter.post("/api/v1/candidates", json=candidate_payload()).json()
    cid = made["id"]
    for path in (
        f"/api/v1/candidates/{cid}",
        "/api/v1/candidates",
        f"/api/v1/candidates/{cid}/sensitive",
        f"/api/v1/candidates/{cid}/export",
        f"/api/v1/candidates/{cid}/suggestions",
        "/api/v1/profiles",
    ):
        response = jobhunter.get(path)
        assert response.status_code == 200, (path, response.text)
        assert response.headers["Cache-Control"] == "no-store", path
    assert jobhunter.get("/api/v1/candidates/999999").headers["Cache-Control"] == "no-store"
    assert httpx.get(f"{server}/app/inloggen").headers["Cache-Control"] == "no-store"
    # static files may be cached
    assert "no-store" not in httpx.get(f"{server}/widget.js").headers["Cache-Control"]
    assert "no-store" not in httpx.get(f"{server}/static/web/style.css").headers.get(
        "Cache-Control", ""
    )


@pytest.fixture(scope="module")
def small_limits() -> Iterator[str]:
    limits = {
        "PASSEND_MAX_REQUEST_BYTES": "2000",
        "PASSEND_MAX_HEADER_COUNT": "50",
        "PASSEND_MAX_HEADER_BYTES": "4096",
    }
    with own_server(**limits, **NO_WORKER) as base:
        yield base


def _chunks(total: int) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        yield b'{"a": "' + b"x" * 500 + b'"}'[: total - sent]
        sent += 509


def test_an_oversized_chunked_body_gets_413(small_limits: str, jobhunter: Api) -> None:
    headers = {"X-API-Key": jobhunter.key or "", "Content-Type": "application/json"}
    response = httpx.post(
        f"{small_limits}/api/v1/candidates", content=_chunks(100_000), headers=headers
    )
    assert "content-length" not in response.request.headers  # really chunked
    assert response.status_code == 413, response.text
    assert response.json()["error"] == "too_large"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # a small chunked body still reaches the route (and is validated there)
    small = httpx.post(f"{small_limits}/api/v1/candidates", content=iter([b"{}"]), headers=headers)
    assert small.status_code == 422


def test_too_many_or_too_large_headers_get_431(small_limits: str) -> None:
    many = {f"X-Filler-{n}": "1" for n in range(60)}
    response = httpx.get(f"{small_limits}/healthz", headers=many)
    assert response.status_code == 431
    assert set(response.json()) == {"error", "detail", "fields"}
    huge = httpx.get(f"{small_limits}/healthz", headers={"X-Filler": "x" * 5000})
    assert huge.status_code == 431
    assert httpx.get(f"{small_limits}/healthz", headers={"X-Filler": "x"}).status_code == 200


def test_like_wildcards_in_search_terms_match_only_themselves(admin: Api, jobhunter: Api) -> None:
    for name in ("Jansen", "De Vries"):
        assert jobhunter.post(
            "/api/v1/candidates", json=candidate_payload(last_name=name)
        ).is_success
    for term in ("%", "_", "%%", "J_nsen", "\\"):
        found = jobhunter.get("/api/v1/candidates", params={"q": term}).json()
        assert found["total"] == 0, term
    assert jobhunter.get("/api/v1/candidates", params={"q": "ans"}).json()["total"] == 1

    admin.post("/api/v1/employers", json=employer_payload(name="Groen 100% BV"))
    admin.post("/api/v1/employers", json=employer_payload(name="Bakker", kvk_number="87654321"))
    names = [e["name"] for e in admin.get("/api/v1/employers", params={"q": "%"}).json()["items"]]
    assert names == ["Groen 100% BV"]
    assert admin.get("/api/v1/employers", params={"q": "_"}).json()["total"] == 0
