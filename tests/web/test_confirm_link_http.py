"""The one-click confirm link (docs/decisions/143): a GET page that changes nothing, a POST
with a CSRF token that renews the confirmation once; forged, used and expired links are a clear
4xx; the reminder job lists the workplaces that expire soon, each with its link."""

import os
import subprocess
import sys
from datetime import timedelta

from sqlalchemy import Engine, update
from sqlmodel import Session

from app.core.config import PROJECT_ROOT, get_settings
from app.core.timeutil import today, utcnow
from app.core.vocab import Role
from app.employers.models import Workplace
from app.web.models import WorkplaceConfirmLink
from matching import DEFAULT_POLICY
from tests.conftest import Api
from tests.factories import employer_payload, workplace_payload
from tests.web.helpers import client, csrf_token

LIMIT = DEFAULT_POLICY.workplace_confirmation_max_days


def _workplace(api: Api, kvk: str = "27123456", **overrides: object) -> dict:
    employer = api.post(
        "/api/v1/employers",
        json=employer_payload(kvk_number=kvk, contact_email=f"info{kvk}@example.nl"),
    ).json()
    response = api.post("/api/v1/workplaces", json=workplace_payload(employer["id"], **overrides))
    assert response.status_code == 201, response.text
    return response.json()


def _confirmed_days_ago(engine: Engine, workplace_id: int, days: int) -> None:
    with Session(engine) as session:
        session.exec(
            update(Workplace)  # type: ignore[call-overload]
            .where(Workplace.id == workplace_id)  # type: ignore[arg-type]
            .values(confirmed_on=today() - timedelta(days=days), updated_at=utcnow())
        )
        session.commit()


def _link(api: Api, workplace_id: int) -> str:
    response = api.post(f"/api/v1/workplaces/{workplace_id}/confirm-link")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["url"].startswith(get_settings().public_url + "/werkgevers/bevestigen/")
    return str(body["url"]).removeprefix(get_settings().public_url)


def test_the_confirm_link_works_once_and_renews_the_date(
    jobhunter: Api, engine: Engine, server: str
) -> None:
    workplace = _workplace(jobhunter)
    _confirmed_days_ago(engine, workplace["id"], LIMIT + 5)
    assert jobhunter.get(f"/api/v1/workplaces/{workplace['id']}").json()["expires_on"] < str(
        today()
    )
    path = _link(jobhunter, workplace["id"])
    with client(server, "127.0.0.41") as http:
        page = http.get(path)
        assert page.status_code == 200
        assert "Is deze werkplek er nog?" in page.text and workplace["title"] in page.text
        # Opening the link (a mail scanner, a preview) confirms nothing.
        stale = jobhunter.get(f"/api/v1/workplaces/{workplace['id']}").json()
        assert stale["confirmed_on"] == (today() - timedelta(days=LIMIT + 5)).isoformat()
        token = csrf_token(http, path)
        done = http.post(path, data={"csrf_token": token})
        assert done.status_code == 200, done.text
        assert "Bedankt, bevestigd" in done.text
        until = today() + timedelta(days=LIMIT)
        assert f"{until:%d-%m-%Y}" in done.text
        again = http.post(path, data={"csrf_token": token})
        assert again.status_code == 409 and "al gebruikt" in again.text
        assert http.get(path).status_code == 409
    fresh = jobhunter.get(f"/api/v1/workplaces/{workplace['id']}").json()
    assert fresh["confirmed_on"] == today().isoformat()
    assert fresh["expires_on"] == until.isoformat()


def test_forged_expired_links_and_missing_csrf_are_refused(
    jobhunter: Api, engine: Engine, server: str
) -> None:
    mine = _workplace(jobhunter)
    path = _link(jobhunter, mine["id"])
    token = path.rsplit("/", 1)[1]
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    with client(server, "127.0.0.42") as http:
        for bad in (flipped, "abc", "x" * 300):
            response = http.get(f"/werkgevers/bevestigen/{bad}")
            assert response.status_code == 404, (bad, response.status_code)
            assert "klopt niet" in response.text
            assert http.post(f"/werkgevers/bevestigen/{bad}", data={}).status_code == 403
        # The POST needs the page's CSRF token; without it nothing changes.
        assert http.post(path, data={}).status_code == 403
        assert http.post(path, data={"csrf_token": "f" * 64}).status_code == 403
        assert http.get(path).status_code == 200  # still unused
        with Session(engine) as session:
            session.exec(
                update(WorkplaceConfirmLink).values(  # type: ignore[call-overload]
                    expires_at=utcnow() - timedelta(minutes=1)
                )
            )
            session.commit()
        expired = http.post(path, data={"csrf_token": csrf_token(http, "/werkgevers/aanmelden")})
    assert expired.status_code == 409 and "verlopen" in expired.text
    assert jobhunter.get(f"/api/v1/workplaces/{mine['id']}").json()["version"] == mine["version"]


def test_staff_and_the_employer_can_confirm_through_the_api(
    jobhunter: Api, make_api, engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    workplace = _workplace(jobhunter)
    _confirmed_days_ago(engine, workplace["id"], LIMIT + 1)
    employer = make_api(Role.employer, employer_id=workplace["employer_id"])
    confirmed = employer.post(f"/api/v1/workplaces/{workplace['id']}/confirm")
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["confirmed_on"] == today().isoformat()
    elsewhere = _workplace(jobhunter, kvk="27123459")
    stranger = make_api(Role.employer, employer_id=elsewhere["employer_id"])
    assert stranger.post(f"/api/v1/workplaces/{workplace['id']}/confirm").status_code in (403, 404)
    assert employer.post(f"/api/v1/workplaces/{workplace['id']}/confirm-link").status_code == 403
    assert jobhunter.post("/api/v1/workplaces/987654/confirm-link").status_code == 404


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=PROJECT_ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_reminder_job_lists_what_expires_soon_once(
    jobhunter: Api, engine: Engine, server: str
) -> None:
    soon = _workplace(jobhunter, title="Bijna verlopen")
    gone = _workplace(jobhunter, kvk="27123457", title="Al verlopen")
    _workplace(jobhunter, kvk="27123458", title="Net bevestigd")
    _confirmed_days_ago(engine, soon["id"], LIMIT - 10)
    _confirmed_days_ago(engine, gone["id"], LIMIT + 3)

    dry = _cli("confirm-reminders", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.strip().splitlines()
    assert [line.split("\t")[1] for line in lines] == [str(gone["id"]), str(soon["id"])]
    assert "would remind 2 workplaces" in dry.stderr
    to, _, title, expires, url = lines[1].split("\t")
    assert to == "info27123456@example.nl" and title.endswith("Bijna verlopen")
    assert expires == (today() + timedelta(days=10)).isoformat() and url == "-"
    assert _cli("confirm-reminders", "--within-days", "5").stdout.count("\t") == 4  # gone only

    sent = _cli("confirm-reminders")
    assert sent.returncode == 0 and "reminded 1 workplaces" in sent.stderr  # soon (gone: above)
    assert _cli("confirm-reminders").stdout == ""  # each once, until confirmed again
    url = sent.stdout.strip().split("\t")[-1]
    assert url.startswith(get_settings().public_url + "/werkgevers/bevestigen/")
    path = url.removeprefix(get_settings().public_url)
    with client(server, "127.0.0.44") as http:
        done = http.post(path, data={"csrf_token": csrf_token(http, path)})
    assert done.status_code == 200, done.text
    assert jobhunter.get(f"/api/v1/workplaces/{soon['id']}").json()["confirmed_on"] == str(today())


def test_reminders_and_expiry_follow_the_employers_municipal_policy(
    admin: Api, jobhunter: Api, engine: Engine
) -> None:
    strict = {"values": {"workplace_confirmation_max_days": 30}, "reason": "Delft: maandelijks"}
    assert admin.put("/api/v1/policies/municipality/Delft", json=strict).status_code == 200
    place = _workplace(jobhunter, title="Delftse plek")  # the employer is in Delft
    _confirmed_days_ago(engine, place["id"], 20)
    shown = jobhunter.get(f"/api/v1/workplaces/{place['id']}").json()
    assert shown["expires_on"] == (today() + timedelta(days=10)).isoformat()
    dry = _cli("confirm-reminders", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.strip().splitlines()
    assert [line.split("\t")[1] for line in lines] == [str(place["id"])]  # 20 > 30 - 14
    assert lines[0].split("\t")[3] == (today() + timedelta(days=10)).isoformat()
