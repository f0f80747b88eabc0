"""The import page: upload, read the dry-run report, confirm; in a browser and by form."""

import html
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from tests.conftest import Api
from tests.imports.helpers import csv_file, rows
from tests.imports.test_imports_api import candidates_held, finished, upload
from tests.web.conftest import SCREENSHOTS
from tests.web.helpers import CSRF
from tests.web.test_browser import Axe, _sign_in
from tests.web.test_staff_http import _signed_in


def test_upload_check_and_import_the_valid_rows_in_the_browser(
    page: Any, server: str, jobhunter: Api, engine: Engine, tmp_path: Path, check_axe: Axe
) -> None:
    data = rows(4)
    data[1]["postcode"] = "12"
    path = csv_file(tmp_path, data, "klanten.csv")
    assert jobhunter.key is not None
    _sign_in(page, server, jobhunter.key)
    page.click("nav >> text=Importeren")
    page.wait_for_selector("h1:has-text('Importeren')")
    assert check_axe(page) == []
    page.set_input_files("#file", str(path))
    page.select_option("#entity", "candidates")
    page.select_option("#profile", "generic")
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_selector("text=Geweigerd: er is niets opgeslagen", timeout=60_000)
    problem = page.locator("tbody tr", has=page.locator("td", has_text="postcode")).first
    assert problem.locator("td").first.text_content() == "3"  # row 3 of the file
    assert check_axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "import-dry-run.png"), full_page=False)
    assert candidates_held(engine) == 0

    page.get_by_role("button", name="Alleen de goede rijen importeren").click()
    page.wait_for_selector("h1:has-text('Import van klanten.csv')")
    page.wait_for_selector("text=Status: Klaar", timeout=60_000)
    assert page.locator("tr", has_text="Nieuw").locator("td").text_content() == "3"
    with page.expect_download() as download:
        page.click("text=Download de afgekeurde rijen (CSV)")
    rejected = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert rejected.count("\n") == 2 and "error" in rejected.splitlines()[0]
    assert candidates_held(engine) == 3


def test_the_upload_form_refuses_what_it_must(server: str, admin: Api, tmp_path: Path) -> None:
    path = csv_file(tmp_path, rows(2))
    assert admin.key is not None
    with _signed_in(server, admin.key, "127.0.0.93") as (http, _):
        token = CSRF.search(http.get("/app/import").text)
        assert token is not None
        form = {"csrf_token": token.group(1), "entity": "candidates", "profile": "generic"}
        files = {"file": ("c.csv", path.read_bytes(), "text/csv")}
        no_file = http.post("/app/import", data=form)
        assert no_file.status_code == 422 and "Kies een bestand" in no_file.text
        unknown = http.post("/app/import", data=form | {"profile": "nope"}, files=files)
        assert unknown.status_code == 422
        assert "Onbekend profiel 'nope'; bekende profielen" in html.unescape(unknown.text)
        forged = http.post("/app/import", data=form | {"csrf_token": "x"}, files=files)
        assert forged.status_code == 403
        started = http.post("/app/import", data=form, files=files)
        assert started.status_code == 303, started.text
        import_id = int(started.headers["location"].rsplit("/", 1)[1])
    done = finished(admin, import_id)
    assert done["dry_run"] and done["status"] == "succeeded" and done["created"] == 2


def test_the_report_page_speaks_dutch_while_the_api_keeps_its_english(
    server: str, admin: Api, tmp_path: Path
) -> None:
    data = rows(4)
    data[0]["postcode"] = "12"
    data[1]["date_of_birth"] = "31-02-2006"
    data[2]["hours_per_week_min"] = "veel"
    data[3]["stimulus_tolerance"] = "9"
    queued = upload(admin, csv_file(tmp_path, data), dry_run="true")
    done = finished(admin, queued.json()["id"])
    assert done["message"].startswith("4 problem(s) in 4 of 4 rows")  # the API: English
    assert admin.key is not None
    with _signed_in(server, admin.key, "127.0.0.94") as (http, _):
        page = http.get(f"/app/import/{done['id']}")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "4 probleem/problemen in 4 van de 4 rijen; bij echt importeren zou niets worden " \
        "opgeslagen" in text  # fmt: skip
    assert "gelezen als UTF-8, gescheiden door puntkomma's" in text
    assert "geen Nederlandse postcode; gebruik 4 cijfers" in text
    assert "'31-02-2006' is geen bestaande datum" in text
    assert "verwacht een getal (decimale komma mag), niet 'veel'" in text
    assert "mag hoogstens 5 zijn" in text
    for english in ("problem(s)", "expected", "Input should", "not a Dutch", "read as"):
        assert english not in text
