"""The job-carving workbench and the employer's task list in a real browser, checked with axe."""

import re
from collections.abc import Callable
from typing import Any

from sqlmodel import Session, select

from app.carving.models import InventoryTask
from app.employers.models import Workplace
from tests.api.test_carving import office, ok, structured_candidate
from tests.conftest import Api
from tests.factories import employer_payload
from tests.web.conftest import SCREENSHOTS
from tests.web.test_browser import _sign_in

Axe = Callable[[Any], list[dict[str, Any]]]


def test_jobhunter_carves_a_role_sends_it_and_records_the_employers_yes(
    page: Any, server: str, jobhunter: Api, session: Session, check_axe: Axe
) -> None:
    employer = office(jobhunter)
    person = structured_candidate(jobhunter)
    assert jobhunter.key is not None
    _sign_in(page, server, jobhunter.key)
    page.click("nav >> text=Jobcarving")
    page.click(f"text={employer['name']}")
    page.wait_for_selector("#fit-matrix")
    matrix = page.locator("svg#fit-matrix")
    assert matrix.get_attribute("role") == "img"
    assert matrix.locator("title").text_content() == "Passing per kandidaat en taak"
    assert "combinaties passen" in (matrix.locator("desc").text_content() or "")
    hidden = page.locator("table.visually-hidden", has_text="in woorden")
    assert person["pseudonym"] in hidden.inner_text()
    assert "te veel klantcontact" in hidden.inner_text()
    card = page.locator("article.card").first
    text = card.inner_text()
    assert "Afvalbakken legen" in text and "Postronde door het gebouw" in text
    assert "minder voor: secretaresse" in text
    assert check_axe(page) == []
    page.evaluate("document.getElementById('fit-matrix').scrollIntoView()")
    page.screenshot(path=str(SCREENSHOTS / "carving-workbench.png"), full_page=False)

    card.get_by_role("button", name=re.compile(r"^Stuur naar werkgever")).click()
    page.wait_for_selector("text=naar de werkgever gestuurd")
    page.get_by_role("button", name=re.compile(r"^Werkgever is akkoord")).click()
    page.wait_for_selector("text=de werkplek staat bij 'Te controleren'")
    assert check_axe(page) == []
    carved = session.exec(select(Workplace).where(Workplace.status == "to_verify")).one()
    assert (carved.kind, carved.is_carved) == ("latent", True)
    page.click("nav >> text=Te controleren")
    assert carved.title in page.inner_text("main")


def test_employer_adds_a_task_without_a_vacancy_and_sees_errors_by_the_field(
    page: Any, server: str, jobhunter: Api, session: Session, check_axe: Axe
) -> None:
    employer = ok(
        jobhunter.post(
            "/api/v1/employers",
            json=employer_payload(kvk_number="55555555"),
        ),
        201,
    )
    url = ok(jobhunter.post(f"/api/v1/employers/{employer['id']}/invites"), 201)["url"]
    token = url.rsplit("/", 1)[1]
    page.goto(f"{server}/werkgevers/taken/{token}")
    assert check_axe(page) == []
    page.fill("#name", "Koffie rondbrengen")
    page.fill("#hours_per_week", "0")
    page.check("#day-tue")
    for name in (
        "stimulus_level",
        "structure_level",
        "supervision_offered",
        "time_pressure_level",
        "customer_contact_level",
        "physical_load",
        "skill_level",
    ):
        page.select_option(f"#{name}", "2")  # fmt: skip
    page.click("#submit")
    page.wait_for_selector("#hours_per_week-error")
    assert "meer dan 0" in page.inner_text("#hours_per_week-error")
    assert page.get_attribute("#hours_per_week", "aria-invalid") == "true"
    assert page.input_value("#name") == "Koffie rondbrengen"
    assert check_axe(page) == []
    page.fill("#hours_per_week", "2,5")
    page.fill("#current_role", "receptionist")
    page.click("#submit")
    page.wait_for_selector("text=De taak staat in uw takenlijst")
    task = session.exec(select(InventoryTask)).one()
    assert (task.hours_per_week, task.days, task.source) == (2.5, ["tue"], "employer")
    assert session.exec(select(Workplace)).first() is None  # no vacancy was needed
