"""Country-wide runs (issue 11 item 4, docs/decisions/186): one child run per labour-market
region with rows, a cross-border pass for candidates who opted in, a parent that follows its
children. Real HTTP, the real worker, SQLite and PostgreSQL."""

import time
from collections import Counter
from itertools import count

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import Session

from app.matches import national
from app.matches.models import MatchRun
from tests.api.test_matching_flow import _candidate
from tests.conftest import Api
from tests.factories import employer_payload, workplace_payload

ENDED = ("succeeded", "partial", "failed")
KVK = count(27500000)
# Zoetermeer (Zuid-Holland Centraal) to Delft (Haaglanden): about 12 km.
FAR_REACH = {
    "travel_modes": ["bicycle", "public_transport", "walk"],
    "travels_independently_pt": True,
    "max_travel_minutes": 75,
}


def _wait(api: Api, run_id: int) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run = api.get(f"/api/v1/match-runs/{run_id}").json()
        if run["status"] in ENDED:
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} did not finish: {run}")


def _workplace(api: Api, municipality: str, postcode: str, capacity: int = 1) -> dict:
    body = employer_payload(municipality=municipality, postcode=postcode, kvk_number=str(next(KVK)))
    employer = api.post("/api/v1/employers", json=body).json()
    payload = workplace_payload(employer["id"], postcode=postcode, capacity=capacity)
    response = api.post("/api/v1/workplaces", json=payload)
    assert response.status_code == 201, response.text
    return response.json()


def _proposals(api: Api, run_id: int) -> list[dict]:
    return api.get(f"/api/v1/match-runs/{run_id}/proposals", params={"limit": 100}).json()["items"]


def test_national_run_has_one_child_per_region_and_succeeds_with_them(jobhunter: Api) -> None:
    delft = _workplace(jobhunter, "Delft", "2616")
    zoetermeer = _workplace(jobhunter, "Zoetermeer", "2711")
    here = _candidate(jobhunter, last_name="Delft")
    there = _candidate(jobhunter, last_name="Zoetermeer", municipality="Zoetermeer",
                       postcode="2711 AA")  # fmt: skip
    response = jobhunter.post("/api/v1/match-runs", json={"scope": "national"})
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "running"
    run = _wait(jobhunter, response.json()["id"])
    assert run["status"] == "succeeded", run
    regions = sorted(c["region"] for c in run["children"])
    assert regions == ["Haaglanden", "Zuid-Holland Centraal", "grensoverschrijdend"]
    assert all(c["status"] == "succeeded" for c in run["children"])
    assert run["n_proposals"] == 2 and run["progress_pct"] == 100
    pairs = {(p["candidate_id"], p["workplace_id"]) for p in _proposals(jobhunter, run["id"])}
    assert pairs == {(here["id"], delft["id"]), (there["id"], zoetermeer["id"])}
    child = jobhunter.get(f"/api/v1/match-runs/{run['children'][0]['id']}").json()
    assert child["parent_id"] == run["id"] and child["n_candidates"] == 1


def test_cross_border_pair_only_for_an_opted_in_candidate_within_reach(jobhunter: Api) -> None:
    delft = _workplace(jobhunter, "Delft", "2616", capacity=3)
    stays = _candidate(jobhunter, last_name="Blijft", municipality="Zoetermeer",
                       postcode="2711 AA", **FAR_REACH)  # fmt: skip
    goes = _candidate(jobhunter, last_name="Reist", municipality="Zoetermeer",
                      postcode="2711 AA", cross_region_travel=True, **FAR_REACH)  # fmt: skip
    near = _candidate(jobhunter, last_name="Dichtbij", municipality="Zoetermeer",
                      postcode="2711 AA", cross_region_travel=True,
                      travel_modes=["walk"], max_travel_minutes=10)  # fmt: skip
    assert goes["cross_region_travel"] is True and stays["cross_region_travel"] is False
    run = _wait(
        jobhunter, jobhunter.post("/api/v1/match-runs", json={"scope": "national"}).json()["id"]
    )
    assert run["status"] == "succeeded", run
    proposals = _proposals(jobhunter, run["id"])
    assert [(p["candidate_id"], p["workplace_id"]) for p in proposals] == [
        (goes["id"], delft["id"])
    ]
    cross = next(c for c in run["children"] if c["region"] == "grensoverschrijdend")
    assert proposals[0]["run_id"] == cross["id"]
    assert cross["n_candidates"] == 2  # the two who opted in; the walker is out of reach
    assert near["id"] not in {p["candidate_id"] for p in proposals}
    # a run over one region only never proposes across its border
    own = jobhunter.post("/api/v1/match-runs", json={"regions": ["Zuid-Holland Centraal"]})
    only = _wait(jobhunter, own.json()["id"])
    assert only["status"] == "succeeded" and only["n_proposals"] == 0


def test_bad_country_wide_requests_name_the_field(jobhunter: Api) -> None:
    cases = [
        ({"regions": ["Haaglanden", "Atlantis"]}, "regions"),
        ({"regions": []}, "regions"),
        ({"scope": "planet"}, "scope"),
        ({"municipality": "Delft", "scope": "national"}, "scope"),
        ({"scope": "national", "regions": ["Haaglanden"]}, "regions"),
    ]
    for body, field in cases:
        response = jobhunter.post("/api/v1/match-runs", json=body)
        assert response.status_code == 422, (body, response.text)
        assert field in response.json()["fields"], response.json()


def _family(session: Session, statuses: list[str]) -> int:
    parent = MatchRun(created_by=1, request_hash="p", status="running")
    session.add(parent)
    session.flush()
    for i, status in enumerate(statuses):
        region = national.CROSS_BORDER if i == len(statuses) - 1 else f"R{i}"
        child = MatchRun(created_by=1, request_hash=f"c{i}", status=status, parent_id=parent.id,
                         region=region, error="kapot" if status == "failed" else None,
                         n_proposals=3)  # fmt: skip
        session.add(child)
    session.commit()
    assert parent.id is not None
    return parent.id


def test_parent_status_follows_its_children(engine: Engine) -> None:
    with Session(engine) as session:
        waiting = _family(session, ["succeeded", "running", "waiting"])
        national.settle(session, waiting)
        children = national.children_of(session, waiting)
        assert children[-1].status == "waiting"  # a regional child is still running
        assert session.get(MatchRun, waiting).status == "running"  # type: ignore[union-attr]
        children[1].status = "failed"
        children[1].error = "Out of memory"
        session.add(children[1])
        session.commit()
        national.settle(session, waiting)
        cross = national.children_of(session, waiting)[-1]  # its turn now: a job is deferred
        assert cross.status != "waiting"
        partial = _family(session, ["succeeded", "failed", "succeeded"])
        national.settle_open(session)
        parent = session.get(MatchRun, partial)
        assert parent is not None and parent.status == "partial"
        assert parent.error is not None and "R1" in parent.error and "kapot" in parent.error
        assert parent.n_proposals == 9 and parent.progress_pct == 100
        done = _family(session, ["succeeded", "succeeded"])
        national.settle(session, done)
        assert session.get(MatchRun, done).status == "succeeded"  # type: ignore[union-attr]
        lost = _family(session, ["failed", "failed"])
        national.settle(session, lost)
        assert session.get(MatchRun, lost).status == "failed"  # type: ignore[union-attr]


PLACES = [("Delft", "2611"), ("Delft", "2616"), ("Zoetermeer", "2711"), ("Rijswijk", "2281")]


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    workplaces=st.lists(
        st.tuples(st.sampled_from(PLACES), st.integers(1, 2)), min_size=1, max_size=3
    ),
    people=st.lists(st.tuples(st.sampled_from(PLACES), st.booleans()), min_size=1, max_size=6),
)
def test_no_workplace_gets_more_proposals_than_places_across_children(
    jobhunter: Api, workplaces: list, people: list
) -> None:
    capacity = {}
    for (town, postcode), places in workplaces:
        capacity[_workplace(jobhunter, town, postcode, capacity=places)["id"]] = places
    for i, ((town, postcode), opted_in) in enumerate(people):
        _candidate(jobhunter, last_name=f"P{i}", municipality=town, postcode=f"{postcode} AA",
                   cross_region_travel=opted_in, **FAR_REACH)  # fmt: skip
    body = {"scope": "national", "proposals_per_candidate": 2}
    run = _wait(jobhunter, jobhunter.post("/api/v1/match-runs", json=body).json()["id"])
    assert run["status"] == "succeeded", run
    proposals = _proposals(jobhunter, run["id"])
    per_workplace = Counter(p["workplace_id"] for p in proposals)
    assert all(per_workplace[w] <= capacity[w] for w in per_workplace if w in capacity)
    assert len({(p["candidate_id"], p["workplace_id"]) for p in proposals}) == len(proposals)
