"""The employer form over plain HTTP: spam and forgery protections, invites and edit links."""

from datetime import timedelta

from sqlmodel import Session, select

from app.core.timeutil import utcnow
from app.employers.models import Employer, Workplace
from app.web.choices import ENVIRONMENT, TASK_SCALES
from app.web.models import EmployerInvite
from matching.vocab import SCALES
from tests.conftest import Api
from tests.factories import employer_payload
from tests.web.helpers import client, form_fields, post_form


def _count(session: Session, model: type) -> int:
    session.expire_all()
    return len(session.exec(select(model)).all())


def test_submit_open_form_creates_employer_and_workplace_to_verify(
    server: str, session: Session
) -> None:
    with client(server, "127.0.0.11") as http:
        response = post_form(http, "/werkgevers/aanmelden", form_fields())
        assert response.status_code == 303
        profile = http.get(response.headers["location"])
    assert profile.status_code == 200
    assert "Bedankt! Wij hebben uw werkplek ontvangen." in profile.text
    workplace = session.exec(select(Workplace)).one()
    assert workplace.status == "to_verify"
    assert [t.name for t in workplace.tasks] == ["Blad ruimen", "Schoffelen"]


def test_submit_without_csrf_token_is_refused_with_a_clear_message(
    server: str, session: Session
) -> None:
    with client(server, "127.0.0.12") as http:
        response = http.post("/werkgevers/aanmelden", data=form_fields())
    assert response.status_code == 403
    assert "CSRF" in response.text and "Formulier verlopen" in response.text
    assert _count(session, Workplace) == 0


def test_submit_with_forged_csrf_token_is_refused(server: str, session: Session) -> None:
    with client(server, "127.0.0.13") as http:
        http.get("/werkgevers/aanmelden")
        response = http.post("/werkgevers/aanmelden", data=form_fields(csrf_token="f" * 64))
    assert response.status_code == 403
    assert _count(session, Workplace) == 0


def test_filled_honeypot_looks_accepted_but_stores_nothing(server: str, session: Session) -> None:
    with client(server, "127.0.0.14") as http:
        response = post_form(http, "/werkgevers/aanmelden", form_fields(website="http://spam"))
    assert response.status_code == 200
    assert "Bedankt" in response.text
    assert _count(session, Workplace) == 0
    assert _count(session, Employer) == 0


def test_too_many_posts_from_one_address_get_429(server: str, session: Session) -> None:
    with client(server, "127.0.0.15") as http:
        statuses = [
            post_form(http, "/werkgevers/aanmelden", form_fields(w_postcode="0000")).status_code
            for _ in range(11)
        ]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429
    assert _count(session, Workplace) == 0


def test_adding_and_removing_task_rows_without_javascript_never_hits_the_limit(
    server: str, session: Session
) -> None:
    with client(server, "127.0.0.18") as http:
        statuses = [
            post_form(http, "/werkgevers/aanmelden", form_fields(action=action)).status_code
            for action in ["add_task"] * 12 + ["remove_task:1"] * 3
        ]
        assert statuses == [200] * 15
        submitted = post_form(http, "/werkgevers/aanmelden", form_fields())
    assert submitted.status_code == 303
    assert _count(session, Workplace) == 1


def test_errors_are_shown_next_to_fields_and_input_is_kept(server: str, session: Session) -> None:
    fields = form_fields(e_kvk_number="1234", w_postcode="0000", w_hours_per_week_max="4")
    with client(server, "127.0.0.16") as http:
        response = post_form(http, "/werkgevers/aanmelden", fields)
    assert response.status_code == 422
    html = response.text
    assert 'id="e_kvk_number-error"' in html and "precies 8 cijfers" in html
    assert 'aria-describedby="e_kvk_number-hint e_kvk_number-error" aria-invalid="true"' in html
    assert 'id="w_postcode-error"' in html and 'id="w_hours_per_week_max-error"' in html
    assert 'href="#e_kvk_number"' in html  # the error summary links to the field
    assert 'value="Hoveniersbedrijf De Groene Vinger"' in html and 'value="Schoffelen"' in html
    assert _count(session, Workplace) == 0


def test_extra_task_button_adds_a_row_without_javascript(server: str) -> None:
    with client(server, "127.0.0.17") as http:
        response = post_form(http, "/werkgevers/aanmelden", form_fields(action="add_task"))
    assert response.status_code == 200
    assert 'id="t2_name"' in response.text and "Taak 3" in response.text
    assert 'value="Blad ruimen"' in response.text


def test_invite_prefills_the_employer_and_ties_the_submission(
    admin: Api, server: str, session: Session
) -> None:
    employer = admin.post("/api/v1/employers", json=employer_payload()).json()
    invite = admin.post(f"/api/v1/employers/{employer['id']}/invites")
    assert invite.status_code == 201, invite.text
    path = invite.json()["url"].removeprefix(server)
    fields = {k: v for k, v in form_fields().items() if not k.startswith("e_")}
    with client(server, "127.0.0.18") as http:
        page = http.get(path)
        assert (
            "Hoveniersbedrijf De Groene Vinger" in page.text
            and 'id="e_kvk_number"' not in page.text
        )
        response = post_form(http, path, fields)
    assert response.status_code == 303
    workplace = session.exec(select(Workplace)).one()
    assert workplace.employer_id == employer["id"] and workplace.status == "to_verify"
    stored = session.exec(select(EmployerInvite)).one()
    assert stored.token_hash not in invite.json()["url"]


def test_unknown_or_expired_invite_is_404(admin: Api, server: str, session: Session) -> None:
    employer = admin.post("/api/v1/employers", json=employer_payload()).json()
    url = admin.post(f"/api/v1/employers/{employer['id']}/invites").json()["url"]
    invite = session.exec(select(EmployerInvite)).one()
    invite.expires_at = utcnow() - timedelta(minutes=1)
    session.add(invite)
    session.commit()
    with client(server, "127.0.0.19") as http:
        assert http.get(url.removeprefix(server)).status_code == 404
        assert http.get("/werkgevers/aanmelden/not-a-token").status_code == 404


def test_invites_are_for_staff_only(make_api, admin: Api) -> None:  # type: ignore[no-untyped-def]
    employer = admin.post("/api/v1/employers", json=employer_payload()).json()
    from app.core.vocab import Role

    own = make_api(Role.employer, employer_id=employer["id"])
    assert own.post(f"/api/v1/employers/{employer['id']}/invites").status_code == 403
    assert admin.post("/api/v1/employers/999999/invites").status_code == 404


def test_edit_link_shows_and_updates_the_workplace(server: str, session: Session) -> None:
    with client(server, "127.0.0.20") as http:
        location = post_form(http, "/werkgevers/aanmelden", form_fields()).headers["location"]
        path = location.split("?")[0]
        fields = {k: v for k, v in form_fields(w_capacity="3").items() if not k.startswith("e_")}
        response = post_form(http, path, fields)
        assert response.status_code == 303
        assert "Uw wijzigingen zijn opgeslagen" in http.get(response.headers["location"]).text
        assert http.get("/werkgevers/profiel/unknown-token").status_code == 404
    session.expire_all()
    assert session.exec(select(Workplace)).one().capacity == 3


def test_the_start_date_is_asked_kept_on_edit_and_checked(server: str, session: Session) -> None:
    start = (utcnow().date() + timedelta(days=45)).isoformat()
    with client(server, "127.0.0.21") as http:
        sent = post_form(http, "/werkgevers/aanmelden", form_fields(w_available_from=start))
        assert sent.status_code == 303
        path = sent.headers["location"].split("?")[0]
        page = http.get(path).text
        assert 'type="date" value="' + start + '"' in page  # shown again on the edit page
        fields = {k: v for k, v in form_fields(w_available_from="morgen").items()}
        fields = {k: v for k, v in fields.items() if not k.startswith("e_")}
        bad = post_form(http, path, fields)
        assert bad.status_code == 422 and "Vul een datum in" in bad.text
        fields["w_available_from"] = ""
        assert post_form(http, path, fields).status_code == 303
    session.expire_all()
    assert session.exec(select(Workplace)).one().available_from is None


def test_employer_form_offers_the_engine_scale_words_for_every_level(server: str) -> None:
    # One vocabulary: the form's options are the engine's scales (the same objects), so an
    # explanation that names level 2 uses the word the employer picked for it.
    by_field = {q.name: q for q in ENVIRONMENT}
    assert by_field["w_stimulus_level"].levels is SCALES["stimulus"].answers
    assert by_field["w_time_pressure_level"].levels is SCALES["time_pressure"].answers
    assert by_field["w_customer_contact_level"].levels is SCALES["customer_contact"].answers
    assert TASK_SCALES["stimulus_level"][1] is SCALES["stimulus"].words
    with client(server, "127.0.0.19") as http:
        page = http.get("/werkgevers/aanmelden").text
    for scale in SCALES.values():
        if scale.question in page:
            assert all(answer in page for answer in scale.answers)
    assert "Heel soms een klant" in page and "Rustig: soms wat geluid of drukte" in page


def test_the_form_asks_how_people_get_there_and_keeps_the_answers(
    server: str, session: Session
) -> None:
    with client(server, "127.0.0.22") as http:
        blank = http.get("/werkgevers/aanmelden").text
        assert "Is de werkplek goed te bereiken met het openbaar vervoer?" in blank
        assert 'name="w_reachable_by_public_transport" value="1" checked' in blank
        assert 'name="w_transport_arranged" value="0" checked' in blank
        assert "Zijn de werktijden vast en ruim van tevoren bekend?" in blank
        answers = {
            "w_reachable_by_public_transport": "0",
            "w_transport_arranged": "1",
            "w_schedule_predictable": "0",
        }
        sent = post_form(http, "/werkgevers/aanmelden", form_fields(**answers))
        assert sent.status_code == 303
        edit = http.get(sent.headers["location"].split("?")[0]).text
        assert 'name="w_reachable_by_public_transport" value="0" checked' in edit
        assert 'name="w_transport_arranged" value="1" checked' in edit
    workplace = session.exec(select(Workplace)).one()
    assert workplace.reachable_by_public_transport is False
    assert workplace.transport_arranged is True
    assert workplace.schedule_predictable is False


def test_limits_in_error_messages_are_written_as_people_write_numbers(server: str) -> None:
    fields = form_fields(t0_hours_per_week="61")  # a task's hours: at most 60 (a float field)
    with client(server, "127.0.0.23") as http:
        response = post_form(http, "/werkgevers/aanmelden", fields)
    assert response.status_code == 422
    assert "Dit mag hoogstens 60 zijn." in response.text and "60.0" not in response.text
