"""API keys are rotated (with a grace period for the old key) and revoked (at once)."""

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.accounts.models import ApiKey
from app.cli import main as cli
from app.core.errors import Invalid
from app.core.timeutil import utcnow
from app.core.vocab import Role
from app.web.models import WidgetOrigin
from app.web.widget_service import add_origins
from tests.conftest import Api


def _prefix(api: Api) -> str:
    assert api.key is not None
    return api.key.split("_")[1]


def _end_grace(engine: Engine, prefix: str) -> None:
    """Let the grace period pass (moving the clock of one row instead of waiting a day)."""
    with Session(engine) as session:
        row = session.exec(select(ApiKey).where(ApiKey.prefix == prefix)).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
        session.add(row)
        session.commit()


@pytest.mark.parametrize("role", [Role.admin, Role.jobhunter, Role.wsp_frontend])
def test_rotation_gives_a_new_key_and_the_old_one_ends_after_grace(
    make_api: Callable[..., Api], engine: Engine, role: Role
) -> None:
    old = make_api(role)
    response = old.post("/api/v1/keys/rotate")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["old_prefix"] == _prefix(old) and body["prefix"] != body["old_prefix"]
    new = Api(old.base_url, body["key"], old.account_id)
    assert new.get("/api/v1/me").json()["account_id"] == old.account_id
    # Grace period: the default is a day, so both keys work now.
    assert old.get("/api/v1/me").status_code == 200
    assert (
        timedelta(hours=23) < _parse(body["old_key_valid_until"]) - utcnow() <= timedelta(hours=24)
    )
    # Rotating the old key again is refused: its replacement exists.
    assert old.post("/api/v1/keys/rotate").status_code == 409
    _end_grace(engine, body["old_prefix"])
    assert old.get("/api/v1/me").status_code == 401
    assert new.get("/api/v1/me").status_code == 200


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_rotating_the_widget_key_needs_the_secret_key_and_keeps_the_origins(
    make_api: Callable[..., Api], engine: Engine
) -> None:
    secret = make_api(Role.wsp_frontend)
    widget = Api(secret.base_url, widget_key_for(engine, secret.account_id), secret.account_id)
    # The publishable key cannot rotate (or kill) itself: that is what the report abused.
    refused = widget.post("/api/v1/keys/rotate")
    assert refused.status_code == 403 and "secret key" in refused.json()["detail"]
    assert widget.post(f"/api/v1/keys/{_prefix(widget)}/rotate").status_code == 403
    # Another account's secret key cannot rotate it either; the own secret key can.
    other = make_api(Role.wsp_frontend)
    assert other.post(f"/api/v1/keys/{_prefix(widget)}/rotate").status_code == 404
    response = secret.post(f"/api/v1/keys/{_prefix(widget)}/rotate")
    assert response.status_code == 201, response.text
    body = response.json()
    with Session(engine) as session:
        new = session.exec(select(ApiKey).where(ApiKey.prefix == body["prefix"])).one()
        assert new.kind == "publishable"
        origins = session.exec(select(WidgetOrigin).where(WidgetOrigin.api_key_id == new.id))
        assert [o.origin for o in origins] == ["https://wsp.example"]


def widget_key_for(engine: Engine, account_id: int) -> str:
    """A publishable key for the account, allowed on https://wsp.example."""
    from app.accounts.models import Account
    from app.accounts.service import issue_key

    with Session(engine) as session:
        account = session.get(Account, account_id)
        assert account is not None
        key = issue_key(session, account, publishable=True)
        row = session.exec(select(ApiKey).where(ApiKey.prefix == key.split("_")[1])).one()
        assert row.id is not None
        add_origins(session, api_key_id=row.id, origins=["https://wsp.example"])
        session.commit()
    return key


def test_origins_belong_to_publishable_keys_only(
    make_api: Callable[..., Api], engine: Engine
) -> None:
    secret = make_api(Role.wsp_frontend)
    with Session(engine) as session:
        row = session.exec(select(ApiKey).where(ApiKey.prefix == _prefix(secret))).one()
        assert row.id is not None
        with pytest.raises(Invalid, match="publishable"):
            add_origins(session, api_key_id=row.id, origins=["https://wsp.example"])


def test_admin_revokes_a_key_and_it_stops_at_once(make_api: Callable[..., Api], admin: Api) -> None:
    jobhunter = make_api(Role.jobhunter)
    other = make_api(Role.jobhunter)
    assert jobhunter.post(f"/api/v1/keys/{_prefix(other)}/revoke").status_code == 403
    assert other.get("/api/v1/me").status_code == 200
    response = admin.post(f"/api/v1/keys/{_prefix(jobhunter)}/revoke")
    assert response.status_code == 200
    assert response.json()["prefix"] == _prefix(jobhunter)
    assert jobhunter.get("/api/v1/me").status_code == 401
    assert jobhunter.post("/api/v1/keys/rotate").status_code == 401
    assert admin.post("/api/v1/keys/0123456789ab/revoke").status_code == 404
    assert admin.post("/api/v1/keys/NOT-A-PREFIX/revoke").status_code == 422


def test_a_rotated_key_can_still_be_revoked_during_grace(
    make_api: Callable[..., Api], admin: Api
) -> None:
    old = make_api(Role.jobhunter)
    new_key = old.post("/api/v1/keys/rotate").json()["key"]
    assert admin.post(f"/api/v1/keys/{_prefix(old)}/revoke").status_code == 200
    assert old.get("/api/v1/me").status_code == 401
    assert Api(old.base_url, new_key, 0).get("/api/v1/me").status_code == 200


def test_cli_rotate_key(
    make_api: Callable[..., Api], engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    old = make_api(Role.jobhunter)
    assert cli(["rotate-key", _prefix(old), "--grace", "0"]) == 0
    out = capsys.readouterr().out
    new_key = next(w for w in out.split() if w.startswith("psd_"))
    assert old.get("/api/v1/me").status_code == 401  # no grace asked for
    assert Api(old.base_url, new_key, 0).get("/api/v1/me").json()["account_id"] == old.account_id
    assert cli(["rotate-key", "0123456789ab"]) == 2
