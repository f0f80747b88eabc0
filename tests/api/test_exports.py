"""Exports: CSV and XLSX that match the API lists, log every candidate, and never run a
formula someone typed into a note."""

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from app.audit.models import AccessLog
from app.core.vocab import Role
from tests.api.test_matching_flow import _candidate, _setup, _wait
from tests.api.test_placements import make_candidate, make_workplace, open_placement, to_placed
from tests.conftest import Api

INJECTION = '=HYPERLINK("http://evil.example","klik")'


def _csv(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())  # Excel needs the BOM to read UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _xlsx(body: bytes) -> list[tuple]:  # type: ignore[type-arg]
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def _logged(engine: Engine, action: str) -> int:
    with Session(engine) as session:
        statement = select(func.count()).where(col(AccessLog.action) == action)
        return session.exec(statement).one()


def _run_with_a_rejected_proposal(api: Api) -> tuple[dict, list[dict]]:
    _setup(api)
    for i in range(3):
        _candidate(api, last_name=f"Export{i}", max_travel_minutes=60)
    run = _wait(api, api.post("/api/v1/match-runs", json={}).json()["id"])
    proposals = api.get(f"/api/v1/match-runs/{run['id']}/proposals").json()["items"]
    review = {"decision": "reject", "reason": "other", "note": INJECTION}
    rejected = api.post(f"/api/v1/proposals/{proposals[0]['id']}/review", json=review)
    assert rejected.status_code == 200, rejected.text
    return run, proposals


def test_proposals_export_as_csv_and_xlsx_matches_the_list(jobhunter: Api, engine: Engine) -> None:
    run, proposals = _run_with_a_rejected_proposal(jobhunter)
    before = _logged(engine, "export_proposals")
    response = jobhunter.get("/api/v1/exports/proposals.csv", params={"run_id": run["id"]})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="voorstellen-' in response.headers["content-disposition"]
    rows = _csv(response.content)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["voorstel_id", "run_id", "kandidaat_id", "pseudoniem"]
    assert sorted(int(r[0]) for r in body) == sorted(p["id"] for p in proposals)
    assert "Export0" not in response.text and "Sanne" not in response.text  # no names
    # Every candidate in the file is in the access log.
    assert _logged(engine, "export_proposals") - before == len(proposals)
    note = [r[header.index("notitie")] for r in body if r[header.index("status")] == "rejected"]
    assert note == ["'" + INJECTION]  # shown as text, never evaluated
    book = jobhunter.get("/api/v1/exports/proposals.xlsx", params={"run_id": run["id"]})
    assert book.status_code == 200 and book.content[:2] == b"PK"
    sheet = _xlsx(book.content)
    assert list(sheet[0]) == header and len(sheet) == len(rows)
    notes = [
        r[header.index("notitie")] for r in sheet[1:] if r[header.index("status")] == "rejected"
    ]
    assert notes == ["'" + INJECTION]
    scores = [r[header.index("score")] for r in sheet[1:]]
    assert all(isinstance(s, float) for s in scores)  # numbers stay numbers


def test_placements_export_carries_phase_and_outcome(admin: Api, jobhunter: Api) -> None:
    workplace = make_workplace(admin)
    placement = open_placement(jobhunter, make_candidate(jobhunter), workplace)
    placed = to_placed(jobhunter, placement)
    listed = jobhunter.get("/api/v1/placements").json()["total"]
    rows = _csv(jobhunter.get("/api/v1/exports/placements.csv").content)
    assert len(rows) - 1 == listed
    header = rows[0]
    mine = next(r for r in rows[1:] if int(r[0]) == placed["id"])
    assert mine[header.index("fase")] == "placed"
    assert mine[header.index("start")] == placed["start_date"]
    only_ended = jobhunter.get("/api/v1/exports/placements.csv", params={"state": "ended"})
    assert len(_csv(only_ended.content)) == 1  # the header only


def test_follow_ups_export_lists_what_the_api_lists(admin: Api, jobhunter: Api) -> None:
    workplace = make_workplace(admin)
    to_placed(jobhunter, open_placement(jobhunter, make_candidate(jobhunter), workplace))
    listed = jobhunter.get("/api/v1/follow-ups", params={"limit": 200}).json()
    sheet = _xlsx(jobhunter.get("/api/v1/exports/follow-ups.xlsx").content)
    assert listed["total"] > 0 and len(sheet) - 1 == listed["total"]
    assert sorted(r[0] for r in sheet[1:]) == sorted(f["id"] for f in listed["items"])


def test_bad_export_requests_name_the_problem(jobhunter: Api, make_api) -> None:  # type: ignore[no-untyped-def]
    pdf = jobhunter.get("/api/v1/exports/placements.pdf")
    assert pdf.status_code == 422 and "fmt" in pdf.json()["fields"]
    no_run = jobhunter.get("/api/v1/exports/proposals.csv")
    assert no_run.status_code == 422 and "run_id" in no_run.json()["fields"]
    unknown = jobhunter.get("/api/v1/exports/proposals.csv", params={"run_id": 987654})
    assert unknown.status_code == 404 and unknown.json()["error"]
    wsp = make_api(Role.wsp_frontend)
    assert wsp.get("/api/v1/exports/placements.csv").status_code == 403
