"""Authentication and role rules: no key, bad key, revoked key, wrong role."""

from sqlmodel import Session

from app.accounts.service import revoke_key
from app.core.vocab import Role
from tests.conftest import Api
from tests.factories import candidate_payload, employer_payload


def test_missing_or_invalid_key_is_401_with_error_shape(anonymous: Api) -> None:
    response = anonymous.get("/api/v1/candidates")
    assert response.status_code == 401
    assert response.json() == {
        "error": "unauthorized",
        "detail": "An API key is required: send it in the X-API-Key header.",
        "fields": {},
    }
    forged = Api(anonymous.base_url, "psd_deadbeef0000_nope", 0)
    assert forged.get("/api/v1/workplaces").status_code == 401
    assert Api(anonymous.base_url, "garbage", 0).get("/api/v1/me").status_code == 401


def test_revoked_key_stops_working(jobhunter: Api, session: Session) -> None:
    assert jobhunter.get("/api/v1/me").status_code == 200
    assert jobhunter.key is not None
    revoke_key(session, jobhunter.key.split("_")[1])
    session.commit()
    assert jobhunter.get("/api/v1/me").status_code == 401


def test_wsp_frontend_cannot_write_anything(make_api, admin: Api) -> None:  # type: ignore[no-untyped-def]
    wsp = make_api(Role.wsp_frontend)
    assert wsp.post("/api/v1/employers", json=employer_payload()).status_code == 403
    assert wsp.post("/api/v1/candidates", json=candidate_payload()).status_code == 403
    employer = admin.post("/api/v1/employers", json=employer_payload()).json()
    patch = wsp.patch(f"/api/v1/employers/{employer['id']}", json={"willingness": 1})
    assert patch.status_code == 403
    assert admin.get(f"/api/v1/employers/{employer['id']}").json()["willingness"] == 4
    assert wsp.get("/api/v1/workplaces").status_code == 200


def test_employer_and_wsp_cannot_read_candidates(make_api, jobhunter: Api, admin: Api) -> None:  # type: ignore[no-untyped-def]
    candidate = jobhunter.post("/api/v1/candidates", json=candidate_payload()).json()
    employer = admin.post("/api/v1/employers", json=employer_payload()).json()
    for api in (make_api(Role.employer, employer_id=employer["id"]), make_api(Role.wsp_frontend)):
        assert api.get("/api/v1/candidates").status_code == 403
        assert api.get(f"/api/v1/candidates/{candidate['id']}").status_code == 403
        assert api.get(f"/api/v1/candidates/{candidate['id']}/sensitive").status_code == 403
    assert (
        make_api(Role.employer, employer_id=employer["id"]).get("/api/v1/profiles").status_code
        == 403
    )


def test_wsp_profiles_are_pseudonymous(make_api, jobhunter: Api) -> None:  # type: ignore[no-untyped-def]
    created = jobhunter.post("/api/v1/candidates", json=candidate_payload()).json()
    profile = make_api(Role.wsp_frontend).get(f"/api/v1/profiles/{created['pseudonym']}")
    assert profile.status_code == 200
    body = profile.json()
    for identifying in ("first_name", "last_name", "date_of_birth", "email", "postcode"):
        assert identifying not in body
    assert body["pc4"] == "2611" and body["age_band"] in {"18-20", "21-26"}


def test_sensitive_data_only_for_own_jobhunter(make_api, jobhunter: Api) -> None:  # type: ignore[no-untyped-def]
    candidate = jobhunter.post("/api/v1/candidates", json=candidate_payload()).json()
    url = f"/api/v1/candidates/{candidate['id']}/sensitive"
    put = jobhunter.put(url, json={"diagnosis": "ASS", "notes": "woont bij oma"})
    assert put.status_code == 200 and put.json()["diagnosis"] == "ASS"
    assert jobhunter.get(url).json()["notes"] == "woont bij oma"
    colleague = make_api(Role.jobhunter, name="andere jobhunter")
    assert colleague.get(url).status_code == 403
    assert colleague.put(url, json={"diagnosis": "x"}).status_code == 403
    assert make_api(Role.admin).get(url).status_code == 200


def test_oversized_body_is_413(jobhunter: Api) -> None:
    response = jobhunter.post(
        "/api/v1/candidates",
        content=b'{"first_name": "' + b"a" * 1_100_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


def test_malformed_json_is_422_not_500(jobhunter: Api) -> None:
    response = jobhunter.post(
        "/api/v1/candidates", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"] == "invalid"
    # the body is named, not the character offset FastAPI reports as if it were a field
    assert response.json()["fields"] == {
        "body": "not valid JSON: Expecting property name enclosed in double quotes (at character 1)"
    }
