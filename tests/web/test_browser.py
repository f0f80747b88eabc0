"""Real-browser tests: Debian's Chromium via Playwright, with axe-core for WCAG 2.1 AA."""

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from app.employers.models import Workplace
from tests.api.test_canary import IDENTITY
from tests.conftest import Api
from tests.web.conftest import SCREENSHOTS
from tests.web.data import active_workplace, candidate, widget_key
from tests.web.helpers import client, form_fields, post_form

Axe = Callable[[Any], list[dict[str, Any]]]


def _fill_employer_form(page: Any) -> None:
    page.fill("#e_name", "Bakkerij Het Volle Korenaar")
    page.fill("#e_kvk_number", "12345678")
    page.fill("#e_sector", "voedingsmiddelen")
    page.fill("#e_sbi_code", "1071")
    page.select_option("#e_size_class", "small")
    page.fill("#e_postcode", "2611 AB")
    page.fill("#e_municipality", "Delft")
    page.check("#e_willingness-4")
    page.check("#e_motive-intrinsic")
    page.fill("#w_title", "Medewerker inpak")
    page.check("#w_kind-latent")
    page.select_option("#w_place_type", "lks")
    page.fill("#w_postcode", "2611")
    page.fill("#w_capacity", "1")
    page.fill("#w_hours_per_week_min", "12")
    page.fill("#w_hours_per_week_max", "24")
    page.fill("#w_hours_per_day_max", "6")
    page.select_option("#w_contract_type", "permanent")
    page.fill("#w_team_size", "5")
    for name, level in [
        ("stimulus_level", 2),
        ("structure_offered", 4),
        ("supervision_offered", 4),
        ("time_pressure_level", 2),
        ("customer_contact_level", 1),
        ("physical_demand", 2),
    ]:
        page.check(f"#w_{name}-{level}")
    page.check("#w_jobcoach_welcome")
    page.check("#w_instruments_accepted-jobcoach")
    for i, (task, hours) in enumerate(
        [("Broodjes inpakken", "10"), ("Bestellingen klaarzetten", "8")]
    ):
        page.fill(f"#t{i}_name", task)
        page.fill(f"#t{i}_hours_per_week", hours)
        for scale in ("stimulus_level", "structure_level", "physical_load", "skill_level"):
            page.select_option(f"#t{i}_{scale}", "2")


def test_employer_submits_form_with_two_tasks(
    page: Any, server: str, session: Session, check_axe: Axe
) -> None:
    page.goto(f"{server}/werkgevers/aanmelden")
    assert page.get_attribute("html", "lang") == "nl"
    assert check_axe(page) == []
    _fill_employer_form(page)
    page.click("#add-task")  # JavaScript adds a fourth row without a page load
    assert page.locator("[data-task-row]").count() == 4
    page.locator("[data-task-row]").nth(3).get_by_role("button").click()
    assert page.locator("[data-task-row]").count() == 3
    page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / "employer-form.png"))
    page.click("#submit")
    page.wait_for_url("**/werkgevers/profiel/**")
    assert page.get_by_text("Bedankt! Wij hebben uw werkplek ontvangen.").is_visible()
    assert check_axe(page) == []
    workplace = session.exec(select(Workplace)).one()
    assert workplace.status == "to_verify"
    assert [t.name for t in workplace.tasks] == ["Broodjes inpakken", "Bestellingen klaarzetten"]


def test_errors_appear_next_to_fields_and_input_is_kept(
    page: Any, server: str, session: Session, check_axe: Axe
) -> None:
    page.goto(f"{server}/werkgevers/aanmelden")
    _fill_employer_form(page)
    page.fill("#e_kvk_number", "1234")
    page.fill("#w_postcode", "0000")
    page.click("#submit")
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "precies 8 cijfers" in page.inner_text("#e_kvk_number-error")
    assert page.get_attribute("#e_kvk_number", "aria-invalid") == "true"
    assert "e_kvk_number-error" in (page.get_attribute("#e_kvk_number", "aria-describedby") or "")
    assert "bestaat niet" in page.inner_text("#w_postcode-error")
    assert page.input_value("#e_kvk_number") == "1234"
    assert page.input_value("#e_name") == "Bakkerij Het Volle Korenaar"
    assert page.input_value("#t1_name") == "Bestellingen klaarzetten"
    assert page.is_checked("#w_kind-latent")
    page.click("#error-summary a[href='#e_kvk_number']")
    assert page.evaluate("document.activeElement.id") == "e_kvk_number"
    assert check_axe(page) == []
    assert session.exec(select(Workplace)).first() is None


def _sign_in(page: Any, server: str, key: str) -> None:
    page.goto(f"{server}/app/inloggen")
    page.fill("#api_key", key)
    page.click("button[type=submit]")
    page.wait_for_url("**/app/kandidaten")


def test_approved_submission_appears_in_candidate_suggestions(
    page: Any, server: str, jobhunter: Api, check_axe: Axe
) -> None:
    person = candidate(jobhunter)
    with client(server, "127.0.0.40") as http:
        assert post_form(http, "/werkgevers/aanmelden", form_fields()).status_code == 303
    assert jobhunter.key is not None
    _sign_in(page, server, jobhunter.key)
    page.goto(f"{server}/app/kandidaten/{person['id']}")
    assert page.locator("article.card").count() == 0

    page.click("nav >> text=Te controleren")
    page.get_by_role("button", name=re.compile(r"^Goedkeuren\W+Medewerker groenonderhoud")).click()
    page.wait_for_selector("text=Goedgekeurd")

    page.goto(f"{server}/app/kandidaten/{person['id']}")
    card = page.locator("article.card").first
    assert "Medewerker groenonderhoud" in card.inner_text()
    chart = card.locator("svg[role=img]")
    assert chart.locator("title").text_content() == "Score per factor"
    assert "Beste factoren" in (chart.locator("desc").text_content() or "")
    assert card.locator("table.visually-hidden tbody tr").count() >= 5
    assert check_axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "candidate-page.png"), full_page=False)

    card.get_by_role("button", name=re.compile(r"^Vastpinnen")).click()
    page.wait_for_selector("text=Vastgepind")


def _embed(other_origin: tuple[str, dict[str, str]], server: str, key: str, wp: int) -> str:
    origin, documents = other_origin
    documents["/vacature.html"] = (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        "<title>Vacature bij de WSP</title></head><body><main><h1>Medewerker groenonderhoud</h1>"
        f'<script src="{server}/widget.js" data-key="{key}" data-workplace="{wp}"></script>'
        "</main></body></html>"
    )
    return f"{origin}/vacature.html"


def test_widget_renders_suggestions_on_another_origin(
    page: Any,
    server: str,
    admin: Api,
    jobhunter: Api,
    make_api: Any,
    engine: Engine,
    other_origin: tuple[str, dict[str, str]],
    check_axe: Axe,
) -> None:
    workplace = active_workplace(admin)
    person = candidate(jobhunter, **IDENTITY)
    key = widget_key(make_api, engine, [other_origin[0]])
    page.goto(_embed(other_origin, server, key, workplace["id"]))
    page.wait_for_selector(".passend-widget section[data-state=ready]")
    text = page.locator(".passend-widget section").inner_text()
    assert f"Kandidaat {person['pseudonym']}" in text
    for value in IDENTITY.values():
        assert value not in page.content() + text
    page.locator(".passend-widget summary").first.focus()
    page.keyboard.press("Enter")
    assert page.locator(".passend-widget details[open] li").count() >= 1
    assert check_axe(page) == []
    page.locator(".passend-widget section").screenshot(path=str(SCREENSHOTS / "widget.png"))


def test_widget_fails_safely_on_an_unregistered_origin(
    page: Any,
    server: str,
    admin: Api,
    jobhunter: Api,
    make_api: Any,
    engine: Engine,
    other_origin: tuple[str, dict[str, str]],
) -> None:
    workplace = active_workplace(admin)
    person = candidate(jobhunter)
    key = widget_key(make_api, engine, ["https://elders.example"])
    page.goto(_embed(other_origin, server, key, workplace["id"]))
    page.wait_for_selector(".passend-widget section[data-state=error]")
    text = page.locator(".passend-widget section").inner_text()
    assert "kunnen hier nu niet worden getoond" in text
    assert person["pseudonym"] not in text


def test_form_works_without_javascript(browser: Any, server: str, session: Session) -> None:
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(f"{server}/werkgevers/aanmelden")
        _fill_employer_form(page)
        page.click("#add-task")  # a real POST: the server re-renders with one more row
        page.wait_for_selector("#t3_name")
        assert page.locator("[data-task-row]").count() == 4
        assert page.input_value("#t1_name") == "Bestellingen klaarzetten"
        page.click("#submit")
        page.wait_for_url("**/werkgevers/profiel/**")
        assert page.get_by_text("Bedankt! Wij hebben uw werkplek ontvangen.").is_visible()
    finally:
        context.close()
    assert len(session.exec(select(Workplace)).one().tasks) == 2


def test_api_docs_render_under_the_csp(page: Any, server: str) -> None:
    page.goto(f"{server}/docs")
    page.wait_for_selector(".opblock-tag", timeout=15_000)
    assert page.locator(".opblock").count() > 10
    page.locator(".opblock").first.click()
    page.wait_for_selector(".opblock-body")
