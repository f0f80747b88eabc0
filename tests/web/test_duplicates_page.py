"""The duplicates queue page: both records side by side, merge or keep apart, by form."""

from typing import Any

from sqlmodel import Session, select

from app.candidates.models import Candidate
from tests.conftest import Api
from tests.imports.test_duplicates import flag, new_candidate
from tests.web.conftest import SCREENSHOTS
from tests.web.helpers import CSRF
from tests.web.test_browser import Axe, _sign_in
from tests.web.test_staff_http import _signed_in


def test_staff_merge_one_pair_and_keep_another_apart_in_the_browser(
    page: Any, server: str, admin: Api, session: Session, check_axe: Axe
) -> None:
    first = new_candidate(admin)
    second = new_candidate(admin, first_name="Sane", postcode="2611 CD", phone="0612345678")
    other = new_candidate(admin, first_name="Noah", last_name="Bakker", date_of_birth="2005-02-03")
    namesake = new_candidate(
        admin, first_name="Noa", last_name="Bakker", date_of_birth="2005-02-03"
    )
    assert flag(session, second["id"], namesake["id"]) == 2
    assert admin.key is not None
    _sign_in(page, server, admin.key)

    page.click("nav >> text=Dubbelen")
    page.wait_for_selector("h1:has-text('Mogelijke dubbelen')")
    sanne = page.locator(
        "article", has=page.get_by_role("heading", name="Sanne de Vries en Sane de Vries")
    )
    assert "0612345678" in (sanne.text_content() or "")  # the other record's phone, side by side
    assert check_axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "duplicates-queue.png"), full_page=False)

    sanne.get_by_label(f"Dossier {first['id']} (Sanne de Vries)").check()
    sanne.get_by_role("button", name="Samenvoegen").click()
    page.wait_for_selector("text=Samengevoegd: één dossier is over")
    noah = page.locator(
        "article", has=page.get_by_role("heading", name="Noah Bakker en Noa Bakker")
    )
    noah.get_by_label("Toelichting").fill("tweeling")
    noah.get_by_role("button", name="Apart houden").click()
    page.wait_for_selector("text=Apart gehouden: dit paar komt niet meer terug.")
    page.wait_for_selector("text=Er wachten geen mogelijke dubbelen.")
    assert check_axe(page) == []

    session.expire_all()
    erased = {c.id: c.erased_at is not None for c in session.exec(select(Candidate)).all()}
    assert erased == {first["id"]: False, second["id"]: True, other["id"]: False,
                      namesake["id"]: False}  # fmt: skip
    assert flag(session, other["id"], namesake["id"]) == 0


def test_the_page_refuses_a_form_without_a_choice_or_with_a_stale_version(
    server: str, admin: Api, session: Session
) -> None:
    new_candidate(admin)
    second = new_candidate(admin, postcode="2611 CD")
    flag(session, second["id"])
    pair = admin.get("/api/v1/duplicates").json()["items"][0]
    assert admin.key is not None
    with _signed_in(server, admin.key, "127.0.0.91") as (http, _):
        listing = http.get("/app/dubbelen")
        token = CSRF.search(listing.text)
        assert token is not None and "Sanne de Vries" in listing.text
        form = {"csrf_token": token.group(1), "version": str(pair["version"])}
        nothing = http.post(f"/app/dubbelen/{pair['id']}", data=form)
        assert nothing.status_code == 422 and "Kies samenvoegen of apart houden" in nothing.text
        stale = http.post(
            f"/app/dubbelen/{pair['id']}", data=form | {"version": "7", "action": "keep_apart"}
        )
        assert stale.status_code == 409
        no_token = http.post(
            f"/app/dubbelen/{pair['id']}", data={"action": "keep_apart", "version": "1"}
        )
        assert no_token.status_code == 403
    assert admin.get(f"/api/v1/duplicates/{pair['id']}").json()["status"] == "open"
