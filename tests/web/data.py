"""Test data for the web tests: a matching candidate/workplace pair and a widget key."""

from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from app.accounts.models import ApiKey
from app.core.vocab import Role
from app.web.widget_service import add_origins
from tests.conftest import Api
from tests.factories import candidate_payload, employer_payload, workplace_payload


def active_workplace(admin: Api, **overrides: Any) -> dict[str, Any]:
    employer = admin.post("/api/v1/employers", json=employer_payload()).json()
    response = admin.post("/api/v1/workplaces", json=workplace_payload(employer["id"], **overrides))
    assert response.status_code == 201, response.text
    return dict(response.json())


def candidate(jobhunter: Api, **overrides: Any) -> dict[str, Any]:
    response = jobhunter.post("/api/v1/candidates", json=candidate_payload(**overrides))
    assert response.status_code == 201, response.text
    return dict(response.json())


def widget_key(make_api: Any, engine: Engine, origins: list[str]) -> str:
    """A publishable wsp_frontend key allowed on ``origins``."""
    api: Api = make_api(Role.wsp_frontend, name="WSP site")
    assert api.key is not None
    with Session(engine) as session:
        key = session.exec(select(ApiKey).where(ApiKey.prefix == api.key.split("_")[1])).one()
        assert key.id is not None
        key.kind = "publishable"
        session.add(key)
        session.flush()
        if origins:
            add_origins(session, api_key_id=key.id, origins=origins)
        session.commit()
    return api.key
