"""Issue 16's pages in a real browser: charts that read, tables beside them, WCAG 2.1 AA."""

from typing import Any

from sqlmodel import Session

from tests.api.test_learning import _reviewed_pairs
from tests.api.test_placements import make_workplace
from tests.conftest import Api
from tests.web.conftest import SCREENSHOTS
from tests.web.data import candidate
from tests.web.test_browser import Axe, _sign_in


def test_fairness_outcomes_and_weights_pages_are_accessible(
    page: Any, server: str, admin: Api, session: Session, check_axe: Axe
) -> None:
    workplaces = [make_workplace(admin, kvk_number=f"2712345{i}")["id"] for i in range(3)]
    groups = {"pro": 15, "vso_arbeid": 15, "mbo1": 12}
    people = {
        school: [candidate(admin, school_type=school, last_name=f"{school} {i}")["id"]
                 for i in range(n)]
        for school, n in groups.items()
    }  # fmt: skip
    proposed = people["pro"] + people["vso_arbeid"][:10] + people["mbo1"]
    _reviewed_pairs(session, proposed, workplaces, runs=3)
    assert admin.post("/api/v1/weight-proposals", json={}).status_code == 201
    assert admin.key is not None
    _sign_in(page, server, admin.key)

    page.goto(f"{server}/app/eerlijkheid")
    section = page.locator("section", has=page.get_by_role("heading", name="Schooltype"))
    chart = section.locator("svg[role=img]").first
    assert "vso (uitstroom arbeid) (0.76)" in (chart.locator("desc").text_content() or "")
    assert check_axe(page) == []
    section.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "fairness-page.png"), full_page=False)

    page.click("nav >> text=Uitkomsten")
    page.wait_for_selector("h1:has-text('Uitkomsten')")
    assert check_axe(page) == []

    page.click("nav >> text=Gewichten")
    page.wait_for_selector("text=Versie 1: voorstel, wacht op u")
    assert check_axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "weights-page.png"), full_page=False)
    page.get_by_role("button", name="Goedkeuren versie 1").click()
    page.wait_for_selector("text=Versie 1: in gebruik")
