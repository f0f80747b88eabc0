"""``POST /api/v1/imports``: upload, background job with progress, error report, rejected rows,
confirm a dry run; and every bad request a clear 4xx."""

import csv
import io
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session, col

from app.audit.models import AccessLog
from app.candidates.models import Candidate
from app.imports.models import ImportKey
from tests.api.test_hardening import NO_WORKER, own_server
from tests.conftest import Api
from tests.imports.helpers import csv_file, rows

API = "/api/v1/imports"


def upload(api: Api, path: Path, **form: Any) -> httpx.Response:
    fields = {"entity": "candidates", "profile": "generic"} | {k: str(v) for k, v in form.items()}
    with path.open("rb") as handle:
        return api.post(API, data=fields, files={"file": (path.name, handle, "text/csv")})


def finished(api: Api, import_id: int, timeout_s: float = 60) -> dict[str, Any]:
    """Poll like a client would; progress only ever goes up."""
    deadline, seen = time.monotonic() + timeout_s, 0.0
    while True:
        body = api.get(f"{API}/{import_id}").json()
        assert body["progress_pct"] >= seen
        seen = body["progress_pct"]
        if body["status"] in ("succeeded", "rejected", "failed"):
            return dict(body)
        assert time.monotonic() < deadline, f"import {import_id} still {body['status']}"
        time.sleep(0.1)


def candidates_held(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.execute(select(func.count()).select_from(Candidate)).scalar_one())


def _csv(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_dry_run_reports_every_problem_then_the_valid_rows_are_imported_on_confirm(
    jobhunter: Api, engine: Engine, tmp_path: Path
) -> None:
    data = rows(4)
    data[2]["date_of_birth"] = "31-02-2006"
    path = csv_file(tmp_path, data)
    queued = upload(jobhunter, path, dry_run="true")
    assert queued.status_code == 202, queued.text
    assert queued.json()["dry_run"] is True and queued.json()["status"] in ("queued", "running")
    checked = finished(jobhunter, queued.json()["id"])
    assert checked["status"] == "rejected" and checked["problems"] >= 1
    assert checked["progress_pct"] == 100 and candidates_held(engine) == 0
    report = _csv(jobhunter.get(checked["problems_url"]))
    assert report[0] == ["row", "column", "value", "message"]
    assert report[1][:3] == ["4", "date_of_birth", "31-02-2006"]  # header is row 1
    assert checked["confirm_url"] == f"{API}/{checked['id']}/confirm"

    refused = jobhunter.post(checked["confirm_url"])  # a bare POST, as the README shows
    assert refused.status_code == 409 and "valid_rows" in refused.json()["fields"]
    confirmed = jobhunter.post(checked["confirm_url"], json={"valid_rows": True})
    assert confirmed.status_code == 202, confirmed.text
    done = finished(jobhunter, confirmed.json()["id"])
    assert (done["status"], done["created"], done["rejected"]) == ("succeeded", 3, 1)
    assert candidates_held(engine) == 3
    rejected = _csv(jobhunter.get(done["rejected_url"]))
    assert rejected[0][-1] == "error" and len(rejected) == 2
    assert rejected[1][rejected[0].index("date_of_birth")] == "31-02-2006"
    # confirmed once: the checked file is gone, a second click cannot import it twice
    assert jobhunter.post(checked["confirm_url"], json={"valid_rows": True}).status_code == 409


def test_a_real_import_runs_in_the_background_and_is_all_or_nothing(
    admin: Api, jobhunter: Api, engine: Engine, tmp_path: Path
) -> None:
    good = upload(admin, csv_file(tmp_path, rows(30), "good.csv"), source="gemeente")
    assert good.status_code == 202, good.text
    done = finished(admin, good.json()["id"])
    assert (done["status"], done["created"], done["source"]) == ("succeeded", 30, "gemeente")
    assert done["problems_url"] is None and done["rejected_url"] is None
    bad = rows(3)
    bad[1]["hours_per_week_min"] = "veel"
    refused = finished(admin, upload(admin, csv_file(tmp_path, bad, "bad.csv")).json()["id"])
    assert refused["status"] == "rejected" and refused["created"] == 0
    assert candidates_held(engine) == 30  # nothing of the refused file was written
    assert admin.get(refused["problems_url"]).status_code == 200
    # another staff member's import is not there for a jobhunter
    assert jobhunter.get(f"{API}/{done['id']}").status_code == 404
    assert jobhunter.get(f"{API}/{done['id']}/problems.csv").status_code == 404
    assert [i["id"] for i in admin.get(API).json()][:2] == [refused["id"], done["id"]]


def test_bad_uploads_get_a_clear_4xx_naming_the_field(admin: Api, tmp_path: Path) -> None:
    path = csv_file(tmp_path, rows(1))
    no_file = admin.post(API, data={"entity": "candidates", "profile": "generic"})
    assert no_file.status_code == 422 and "file" in no_file.json()["fields"]
    wrong_entity = upload(admin, path, entity="hamsters")
    assert wrong_entity.status_code == 422 and "entity" in wrong_entity.json()["fields"]
    unknown = upload(admin, path, profile="nope")
    assert unknown.status_code == 422
    assert unknown.json()["fields"] == {"profile": "unknown profile 'nope'"}
    assert "generic" in unknown.json()["detail"]
    assert admin.get(f"{API}/999999").status_code == 404
    assert admin.post(f"{API}/999999/confirm", json={}).status_code == 404


def test_a_dry_run_that_refused_the_whole_file_offers_nothing_to_confirm(
    jobhunter: Api, tmp_path: Path
) -> None:
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    checked = finished(jobhunter, upload(jobhunter, picture, dry_run="true").json()["id"])
    assert checked["status"] == "rejected" and "neither a CSV nor" in checked["message"]
    assert checked["confirm_url"] is None  # no button that imports nothing
    refused = jobhunter.post(f"{API}/{checked['id']}/confirm", json={"valid_rows": True})
    assert refused.status_code == 409 and refused.json()["fields"] == {"file": "no valid rows"}
    assert len(jobhunter.get(API).json()) == 1  # no second import was started


@pytest.fixture(scope="module")
def one_mb_cap() -> Iterator[str]:
    with own_server(PASSEND_IMPORT_MAX_MB="1", **NO_WORKER) as base:
        yield base


def test_a_file_over_the_size_cap_is_413_and_nothing_is_kept(
    one_mb_cap: str, admin: Api, tmp_path: Path
) -> None:
    for size in (1_500_000, 3_000_000):  # refused while stored, and by Content-Length
        big = tmp_path / f"big-{size}.csv"
        big.write_bytes(b"external_id;first_name\n" + b"x;y\n" * (size // 4))
        with big.open("rb") as handle:
            response = httpx.post(
                f"{one_mb_cap}{API}", headers={"X-API-Key": admin.key or ""},
                data={"entity": "candidates", "profile": "generic"},
                files={"file": (big.name, handle, "text/csv")}, timeout=60,
            )  # fmt: skip
        assert response.status_code == 413, response.text
        assert response.json()["error"] == "too_large"
    assert admin.get(API).json() == []


def test_a_job_whose_file_is_gone_fails_with_a_clear_message(engine: Engine, admin: Api) -> None:
    from app.core.security import Principal
    from app.core.vocab import Role
    from app.imports import jobs, service, storage

    actor = Principal(admin.account_id, "admin", Role.admin, None)
    record = service.open_import(
        engine, actor=actor, entity="candidates", profile="generic", file_name="x.csv"
    )
    assert record.id is not None
    storage.remove(record.id)
    assert jobs.run_import_job(record.id) == "failed"
    body = admin.get(f"{API}/{record.id}").json()
    assert body["status"] == "failed" and "upload it again" in body["message"]
    assert jobs.run_import_job(record.id) == "nothing to do"  # a second delivery of the job


def test_downloading_a_report_is_logged_against_the_candidates_it_names(
    admin: Api, engine: Engine, tmp_path: Path
) -> None:
    first = finished(admin, upload(admin, csv_file(tmp_path, rows(3), "a.csv")).json()["id"])
    assert first["created"] == 3
    data = rows(4)  # the same three people and one new
    data[1]["hours_per_week_min"] = "veel"  # a held person's row refused
    data[3]["external_id"], data[3]["date_of_birth"] = "NIEUW-1", "31-02-2006"  # a new one
    second = upload(admin, csv_file(tmp_path, data, "b.csv"), valid_rows="true")
    done = finished(admin, second.json()["id"])
    assert (done["status"], done["rejected"]) == ("succeeded", 2), done
    with Session(engine) as session:
        named = session.execute(
            select(ImportKey.record_id).where(ImportKey.external_id == data[1]["external_id"])
        ).scalar_one()

    def logged() -> list[tuple[int, int, str, str]]:
        with Session(engine) as session:
            found = session.execute(
                select(AccessLog.account_id, AccessLog.candidate_id, AccessLog.purpose,
                       AccessLog.action).where(col(AccessLog.action).startswith("import_"))
            )  # fmt: skip
            return [tuple(r) for r in found]  # type: ignore[misc]

    assert logged() == []  # the import itself logs as "import"; nothing was downloaded yet
    _csv(admin.get(done["problems_url"]))
    assert logged() == [(admin.account_id, named, "case_management", "import_problems")]
    _csv(admin.get(done["rejected_url"]))
    assert logged()[1:] == [(admin.account_id, named, "case_management", "import_rejected")]
