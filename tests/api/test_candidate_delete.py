"""DELETE of a candidate: for a record entered by mistake. History that must stay blocks it
with a reason and the way to erase instead; a possible-duplicate pair goes with the record."""

from sqlmodel import Session, select

from app.imports.duplicates.models import DuplicatePair
from tests.api.test_placements import make_candidate, make_workplace, open_placement
from tests.conftest import Api
from tests.factories import candidate_payload


def test_a_candidate_with_a_placement_is_not_deleted_and_the_answer_says_erase(
    jobhunter: Api,
) -> None:
    candidate = make_candidate(jobhunter)
    open_placement(jobhunter, candidate, make_workplace(jobhunter))
    response = jobhunter.delete(f"/api/v1/candidates/{candidate['id']}")
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["fields"] == {"candidate_id": "has 1 placement(s)"}
    assert f"/api/v1/candidates/{candidate['id']}/erase" in body["detail"]
    assert jobhunter.get(f"/api/v1/candidates/{candidate['id']}").status_code == 200


def test_a_candidate_in_the_duplicates_queue_is_deleted_with_its_pairs(
    jobhunter: Api, session: Session
) -> None:
    first, second = (
        jobhunter.post("/api/v1/candidates", json=candidate_payload()).json() for _ in range(2)
    )
    session.add(
        DuplicatePair(
            candidate_low_id=first["id"], candidate_high_id=second["id"], status="open",
            name_score=100.0, date_match="True",
        )
    )  # fmt: skip
    session.commit()
    response = jobhunter.delete(f"/api/v1/candidates/{second['id']}")
    assert response.status_code == 204, response.text
    session.expire_all()
    assert session.exec(select(DuplicatePair)).all() == []
    assert jobhunter.get(f"/api/v1/candidates/{first['id']}").status_code == 200
