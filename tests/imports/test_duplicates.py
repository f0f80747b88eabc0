"""Duplicates across sources: flagged in a review queue, merged or kept apart by staff."""

from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.audit.decisions import Decision
from app.audit.models import AccessLog
from app.candidates.models import Candidate
from app.core.vocab import Role
from app.imports.duplicates import find_duplicates, service
from app.imports.duplicates.models import DuplicatePair
from app.imports.duplicates.schemas import MergeIn
from app.imports.models import ImportKey
from tests.conftest import Api
from tests.factories import candidate_payload, employer_payload, intake_consents
from tests.imports.helpers import run, staff
from tests.imports.test_candidates_import import EXAMPLES


def new_candidate(api: Api, **overrides: Any) -> dict[str, Any]:
    response = api.post("/api/v1/candidates", json=candidate_payload(**overrides))
    assert response.status_code == 201, response.text
    return dict(response.json())


def flag(session: Session, *ids: int) -> int:
    found = find_duplicates(session, list(ids))
    session.commit()
    return found


def open_pairs(api: Api) -> list[dict[str, Any]]:
    response = api.get("/api/v1/duplicates")
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


def test_same_person_from_two_systems_is_flagged_with_both_records_side_by_side(
    admin: Api, session: Session
) -> None:
    first = new_candidate(admin)
    second = new_candidate(
        admin, first_name="SANNE", last_name="Vries, de", postcode="2611 CD", email=None
    )
    assert flag(session, second["id"]) == 1
    [pair] = open_pairs(admin)
    assert {pair["left"]["id"], pair["right"]["id"]} == {first["id"], second["id"]}
    assert pair["left"]["last_name"] == "de Vries" and pair["right"]["last_name"] == "Vries, de"
    assert pair["date_match"] == "exact" and pair["name_score"] == 100
    assert pair["left"]["active_consents"] == ["matching", "share_pseudonymous"]
    logged = session.exec(
        select(AccessLog.candidate_id).where(AccessLog.action == "duplicates")
    ).all()
    assert sorted(logged) == sorted([first["id"], second["id"]])
    # flagged once: running it again (or for the other record) adds nothing
    assert flag(session, first["id"], second["id"]) == 0


def test_an_unrelated_namesake_with_another_birth_date_is_not_flagged(
    admin: Api, session: Session
) -> None:
    first = new_candidate(admin)
    namesake = new_candidate(admin, date_of_birth="2004-11-23")
    elsewhere = new_candidate(admin, postcode="3011 AA", municipality="Rotterdam")
    twin = new_candidate(admin, first_name="Sara")
    assert flag(session, first["id"], namesake["id"], elsewhere["id"], twin["id"]) == 0
    assert open_pairs(admin) == []


def test_day_and_month_swapped_by_an_export_is_flagged(admin: Api, session: Session) -> None:
    new_candidate(admin, date_of_birth="2006-05-04")
    other = new_candidate(admin, date_of_birth="2006-04-05", first_name="Sane")  # and a typo
    assert flag(session, other["id"]) == 1
    assert open_pairs(admin)[0]["date_match"] == "swapped"


def test_kept_apart_is_never_flagged_again(admin: Api, session: Session) -> None:
    first = new_candidate(admin)
    second = new_candidate(admin, postcode="2611 XY")
    flag(session, second["id"])
    [pair] = open_pairs(admin)
    stale = admin.post(f"/api/v1/duplicates/{pair['id']}/keep-apart", json={"version": 0})
    assert stale.status_code == 409 and "version" in stale.json()["fields"]
    kept = admin.post(
        f"/api/v1/duplicates/{pair['id']}/keep-apart",
        json={"version": pair["version"], "note": "broers, andere BSN"},
    )
    assert kept.status_code == 200, kept.text
    assert kept.json()["status"] == "kept_apart"
    assert flag(session, first["id"], second["id"]) == 0
    assert open_pairs(admin) == []
    body = {"survivor_id": first["id"], "version": kept.json()["version"]}
    again = admin.post(f"/api/v1/duplicates/{pair['id']}/merge", json=body)
    assert again.status_code == 409
    notes = session.exec(
        select(Decision.candidate_id).where(Decision.action == "duplicate:kept_apart")
    ).all()
    assert sorted(notes) == sorted([first["id"], second["id"]])


def test_merge_leaves_one_record_with_everything_of_both(admin: Api, session: Session) -> None:
    employer = admin.post("/api/v1/employers", json=employer_payload()).json()["id"]
    keep = new_candidate(admin, phone=None)
    consents = intake_consents("2006-05-14", "matching")
    consents.append({"purpose": "introduce_employer", "employer_id": employer,
                     "given_on": consents[0]["given_on"]})  # fmt: skip
    gone = new_candidate(
        admin, postcode="2611 CD", phone="0612345678", consents=consents,
        loonwaarde=[{"measured_on": "2026-06-01", "loonwaarde_pct": 45, "method": "Dariuz",
                     "source": "WSP"}] + candidate_payload()["loonwaarde"],
    )  # fmt: skip
    admin.put(f"/api/v1/candidates/{gone['id']}/sensitive", json={"notes": "Uit systeem B"})
    admin.put(f"/api/v1/candidates/{keep['id']}/sensitive", json={"notes": "Uit systeem A"})
    flag(session, gone["id"])
    [pair] = open_pairs(admin)
    wrong = admin.post(f"/api/v1/duplicates/{pair['id']}/merge",
                       json={"survivor_id": 999999, "version": pair["version"]})  # fmt: skip
    assert wrong.status_code == 422 and "survivor_id" in wrong.json()["fields"]

    merged = admin.post(
        f"/api/v1/duplicates/{pair['id']}/merge",
        json={"survivor_id": keep["id"], "version": pair["version"], "note": "zelfde persoon"},
    )
    assert merged.status_code == 200, merged.text
    body = merged.json()
    assert body["pair"]["status"] == "merged" and body["merged_id"] == gone["id"]
    assert admin.get(f"/api/v1/candidates/{gone['id']}").status_code == 404
    survivor = admin.get(f"/api/v1/candidates/{keep['id']}").json()
    assert survivor["phone"] == "0612345678"  # filled from the other record
    assert sorted(m["loonwaarde_pct"] for m in survivor["loonwaarde"]) == [37, 45]  # 37 once
    active = [c for c in admin.get(f"/api/v1/candidates/{keep['id']}/consents").json()
              if c["active"]]  # fmt: skip
    assert sorted(c["purpose"] for c in active) == [
        "introduce_employer",
        "matching",
        "share_pseudonymous",
    ]  # fmt: skip — the union, each purpose once
    notes = admin.get(f"/api/v1/candidates/{keep['id']}/sensitive").json()["notes"]
    assert "Uit systeem A" in notes and "Uit systeem B" in notes
    live = session.exec(
        select(Candidate.id).where(
            col(Candidate.id).in_([keep["id"], gone["id"]]), col(Candidate.erased_at).is_(None)
        )
    ).all()
    assert live == [keep["id"]]
    actions = {(d.action, d.candidate_id, d.reason) for d in session.exec(select(Decision)).all()}
    assert ("candidate:merged", keep["id"], "duplicate") in actions
    assert ("candidate:erased", gone["id"], "merged") in actions
    # the other's consent history moved with it
    assert ("consent:given", gone["id"], None) not in actions


def test_a_jobhunter_sees_and_merges_only_pairs_of_their_own(
    jobhunter: Api, make_api: Any, session: Session
) -> None:
    first = new_candidate(jobhunter)
    second = new_candidate(jobhunter, postcode="2611 CD")
    flag(session, second["id"])
    stranger = make_api("jobhunter")
    assert open_pairs(stranger) == []
    [pair] = open_pairs(jobhunter)
    assert stranger.get(f"/api/v1/duplicates/{pair['id']}").status_code == 404
    refused = stranger.post(f"/api/v1/duplicates/{pair['id']}/merge",
                            json={"survivor_id": first["id"], "version": 1})  # fmt: skip
    assert refused.status_code == 404
    done = jobhunter.post(f"/api/v1/duplicates/{pair['id']}/merge",
                          json={"survivor_id": second["id"], "version": 1})  # fmt: skip
    assert done.status_code == 200, done.text
    assert session.exec(select(DuplicatePair.status)).all() == ["merged"]


def test_an_import_from_a_second_system_flags_the_people_it_already_holds(
    engine: Engine, tmp_path: Path
) -> None:
    """The import calls find_duplicates itself; after a merge both systems' keys lead to the
    survivor, so re-importing either file creates nobody again."""
    actor = staff(engine, Role.admin)
    assert run(engine, actor, EXAMPLES / "candidates.csv", source="gemeente").created == 2
    assert run(engine, actor, EXAMPLES / "candidates.csv", source="wsp").created == 2
    with Session(engine) as session:
        pairs = session.exec(select(DuplicatePair)).all()
        assert len(pairs) == 2 and {p.date_match for p in pairs} == {"exact"}
        pair = pairs[0]
        merge_in = MergeIn(survivor_id=pair.candidate_low_id, version=pair.version)
        service.merge_public(session, principal=actor, pair_id=pair.id or 0, merge_in=merge_in)
        session.commit()
        keys = session.exec(
            select(ImportKey.source).where(ImportKey.record_id == pair.candidate_low_id)
        ).all()
        assert sorted(keys) == ["gemeente", "wsp"]
    again = run(engine, actor, EXAMPLES / "candidates.csv", source="wsp")
    assert (again.created, again.unchanged) == (0, 2)
