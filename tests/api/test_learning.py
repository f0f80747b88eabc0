"""Learning with a person deciding: a weight proposal from reviews, approved by an admin,
used and recorded by the next run."""

from collections.abc import Callable

from sqlmodel import Session

from app.core.vocab import Role
from app.matches.models import MatchRun, Proposal
from matching import FACTORS, WeightProfile
from matching.synthetic import synthetic_reviews
from tests.api.test_matching_flow import _candidate, _setup, _wait
from tests.conftest import Api

TRUE = WeightProfile(
    name="true",
    weights={"travel": 0.4, "stimulus": 0.2, "sustainability": 0.2, "hours": 0.1, "skill": 0.1},
)


def _reviewed_pairs(session: Session, candidates: list[int], places: list[int], runs: int) -> None:
    """Reviewed proposals whose outcome follows ``TRUE``: what reviewers did for months."""
    per_run = len(candidates) * len(places)
    X, y = synthetic_reviews(TRUE, runs * per_run, random_state=5)
    row = 0
    for _ in range(runs):
        run = MatchRun(created_by=1, request_hash="x", status="succeeded")
        session.add(run)
        session.flush()
        for candidate_id in candidates:
            for workplace_id in places:
                breakdown = [{"factor": f, "raw": float(X[row, i])} for i, f in enumerate(FACTORS)]
                session.add(
                    Proposal(
                        run_id=run.id or 0,
                        candidate_id=candidate_id,
                        workplace_id=workplace_id,
                        employer_id=1,
                        score=0.5,
                        explanation={"breakdown": breakdown},
                        status="accepted" if y[row] else "rejected",
                        reason=None if y[row] else "environment",
                    )
                )
                row += 1
    session.commit()


def test_weight_proposal_is_refused_below_the_minimum(admin: Api) -> None:
    response = admin.post("/api/v1/weight-proposals", json={})
    assert response.status_code == 422
    assert "reviews" in response.json()["fields"]


def test_weight_proposal_needs_an_admin_and_is_used_by_the_next_run(
    admin: Api, make_api: Callable[..., Api], session: Session
) -> None:
    jobhunter = make_api(Role.jobhunter)
    _, places = _setup(jobhunter)
    candidates = [_candidate(jobhunter, last_name=f"K{i}")["id"] for i in range(3)]
    _reviewed_pairs(session, candidates, [p["id"] for p in places], runs=120)  # 1,080 pairs

    assert jobhunter.post("/api/v1/weight-proposals", json={}).status_code == 403
    response = admin.post("/api/v1/weight-proposals", json={})
    assert response.status_code == 201, response.text
    proposal = response.json()
    assert proposal["status"] == "proposed" and proposal["version"] == 1
    assert proposal["n_samples"] == 1080 and proposal["based_on_version"] == 0
    factors = {f["factor"]: f for f in proposal["factors"]}
    assert factors["travel"]["proposed"] > factors["travel"]["current"]  # travel mattered most
    assert factors["travel"]["label"] == "Reistijd"
    for f in factors.values():
        assert f["ci_low"] <= f["proposed"] <= f["ci_high"]
        assert abs(f["change"] - (f["proposed"] - f["current"])) < 1e-3
    test = proposal["backtest"]
    assert test["moved_up"] + test["moved_down"] + test["unchanged"] == test["n_successes"]
    assert test["auc_proposed"] > test["auc_current"]

    # Nothing changes before a person decides.
    before = _wait(jobhunter, jobhunter.post("/api/v1/match-runs", json={}).json()["id"])
    assert before["weights"]["version"] == 0

    decided = admin.post(
        f"/api/v1/weight-proposals/{proposal['id']}/decision",
        json={"decision": "approve", "note": "Reistijd telt zwaarder, akkoord"},
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    again = admin.post(
        f"/api/v1/weight-proposals/{proposal['id']}/decision", json={"decision": "reject"}
    )
    assert again.status_code == 409

    after = _wait(jobhunter, jobhunter.post("/api/v1/match-runs", json={}).json()["id"])
    assert after["weights"]["version"] == 1
    assert abs(after["weights"]["travel"] - proposal["weights"]["travel"]) < 1e-9
    listed = admin.get("/api/v1/weight-proposals").json()
    assert [p["status"] for p in listed["items"]] == ["approved"]


def test_rejected_proposal_changes_nothing(admin: Api, jobhunter: Api, session: Session) -> None:
    _, places = _setup(jobhunter)
    candidates = [_candidate(jobhunter, last_name=f"K{i}")["id"] for i in range(3)]
    _reviewed_pairs(session, candidates, [p["id"] for p in places], runs=40)
    proposal = admin.post("/api/v1/weight-proposals", json={}).json()
    rejected = admin.post(
        f"/api/v1/weight-proposals/{proposal['id']}/decision",
        json={"decision": "reject", "note": "Te weinig uitkomsten"},
    ).json()
    assert rejected["status"] == "rejected"
    run = _wait(jobhunter, jobhunter.post("/api/v1/match-runs", json={}).json()["id"])
    assert run["weights"]["version"] == 0
