"""The policy page: staff read what applies where; admins change one rule with a reason."""

from tests.conftest import Api
from tests.web.helpers import CSRF
from tests.web.test_staff_http import _signed_in


def test_admin_sets_a_municipal_rule_and_everyone_sees_where_it_applies(
    server: str, admin: Api, jobhunter: Api
) -> None:
    assert admin.key is not None and jobhunter.key is not None
    with _signed_in(server, admin.key, "127.0.0.84") as (http, _):
        page = http.get("/app/beleid", params={"gemeente": "Delft"})
        assert page.status_code == 200 and "versie <strong>shipped</strong>" in page.text
        token = CSRF.search(page.text)
        assert token is not None
        form = {
            "csrf_token": token.group(1), "scope": "municipality", "name": "Delft",
            "field": "proefplaatsing_max_months", "value": "3", "reason": "raadsbesluit 2026",
        }  # fmt: skip
        saved = http.post("/app/beleid", data=form)
        assert saved.status_code == 303, saved.text
        page = http.get("/app/beleid", params={"gemeente": "Delft"})
        assert "versie <strong>Delft@1</strong>" in page.text
        assert "<code>proefplaatsing_max_months</code> = 3" in page.text
        assert "raadsbesluit 2026" in page.text
        bad = http.post("/app/beleid", data=form | {"value": "drie"})
        assert bad.status_code == 422 and "Vul een getal in" in bad.text
    assert (
        admin.get("/api/v1/policies/effective", params={"municipality": "Delft"}).json()["values"][
            "proefplaatsing_max_months"
        ]
        == 3
    )
    with _signed_in(server, jobhunter.key, "127.0.0.85") as (http, _):
        page = http.get("/app/beleid")
        assert page.status_code == 200 and "Een regel aanpassen" not in page.text
        token = CSRF.search(page.text)
        assert token is not None
        refused = http.post("/app/beleid", data=form | {"csrf_token": token.group(1)})
        assert refused.status_code == 403 and "beheerder" in refused.text
