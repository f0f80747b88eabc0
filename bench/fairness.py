"""Fairness report and weight learner benchmark (issue 16).

``fairness_report_s``: build the fairness and exposure report (JSON model, all groups, the
never-proposed list) for a region of 20,000 candidates with 50,000 reviewed proposals and
5,000 placements on a SQLite file; median of 3 builds after one warm-up. Target ≤ 5 s.
``learner_weight_error``: the largest difference between the weights the learner recovers
from 20,000 synthetic reviews and the true weights they were drawn with (tolerance 0.02).

Run alone: ``python -m bench.fairness``.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

N_CANDIDATES = 20_000
N_REVIEWS = 50_000
N_PLACEMENTS = 5_000
N_RUNS = 50
REPEATS = 3


def _region(url: str) -> None:
    """Migrate, load a small seeded region for valid rows, then clone candidates in bulk."""
    from sqlalchemy import insert, select
    from sqlmodel import Session

    from app.candidates.models import Candidate
    from app.cli import migrate
    from app.consent.models import Consent
    from app.core.db import get_engine
    from app.employers.models import Workplace
    from app.fairness.models import ExposureCount
    from app.matches.models import MatchRun, Proposal
    from app.placements.models import FollowUp, Placement
    from seed.generate import generate_region
    from seed.load import load_region

    migrate()
    engine = get_engine()
    with Session(engine) as session:
        load_region(session, generate_region(candidates=20, workplaces=200, seed=16))
        session.commit()
    rng = random.Random(16)
    with engine.begin() as connection:
        template = dict(connection.execute(select(Candidate.__table__)).mappings().first() or {})  # type: ignore[attr-defined]
        consent = dict(connection.execute(select(Consent.__table__)).mappings().first() or {})  # type: ignore[attr-defined]
        workplaces = list(connection.execute(select(Workplace.id, Workplace.employer_id)).all())
        towns = ["Delft", "Den Haag", "Zoetermeer", "Rijswijk", "Westland", "Pijnacker"]
        schools = ["pro", "vso_arbeid", "vmbo", "entree", "mbo1", "mbo2"]
        regimes = ["participatiewet", "wajong", "none"]
        first = 1000
        candidates = []
        for i in range(N_CANDIDATES):
            row = {**template, "id": first + i, "pseudonym": f"B{first + i:010d}"}
            row["municipality"] = rng.choice(towns)
            row["school_type"] = rng.choice(schools)
            row["regime"] = rng.choice(regimes)
            row["date_of_birth"] = date(1999, 1, 1) + timedelta(days=rng.randrange(0, 3650))
            candidates.append(row)
        connection.execute(insert(Candidate.__table__), candidates)  # type: ignore[attr-defined]
        consents = [
            {**consent, "id": None, "candidate_id": c["id"], "purpose": "matching"}
            for c in candidates
            if rng.random() < 0.9
        ]
        for row in consents:
            row.pop("id")
        connection.execute(insert(Consent.__table__), consents)  # type: ignore[attr-defined]
        now = datetime.now().astimezone()
        runs = [
            {"created_by": 1, "request_hash": "bench", "status": "succeeded", "created_at": now,
             "parameters": {}, "weights": {}, "timings_ms": {}, "progress_pct": 100,
             "attempts": 1}
            for _ in range(N_RUNS)
        ]  # fmt: skip
        connection.execute(insert(MatchRun.__table__), runs)  # type: ignore[attr-defined]
        run_ids = [r[0] for r in connection.execute(select(MatchRun.id)).all()]
        proposals = []
        seen: set[tuple[int, int, int]] = set()
        while len(proposals) < N_REVIEWS:
            # Younger and pro candidates are proposed more: the report has something to show.
            cand = candidates[min(int(rng.paretovariate(1.2)) - 1, N_CANDIDATES - 1)
                              if rng.random() < 0.3 else rng.randrange(N_CANDIDATES)]  # fmt: skip
            wid, eid = rng.choice(workplaces)
            key = (rng.choice(run_ids), cand["id"], wid)
            if key in seen:
                continue
            seen.add(key)
            accepted = rng.random() < 0.3
            proposals.append(
                {"run_id": key[0], "candidate_id": key[1], "workplace_id": wid,
                 "employer_id": eid, "rank": 0, "score": rng.random(), "pinned": False,
                 "explanation": {}, "alternatives": [], "version": 2,
                 "status": "accepted" if accepted else "rejected",
                 "reason": None if accepted else "travel", "note": ""}
            )  # fmt: skip
        connection.execute(insert(Proposal.__table__), proposals)  # type: ignore[attr-defined]
        placed = rng.sample(candidates, N_PLACEMENTS)
        placements = []
        for i, cand in enumerate(placed):
            wid, eid = rng.choice(workplaces)
            start = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 600))
            dropout = rng.random() < 0.3
            placements.append(
                {"id": 1 + i, "candidate_id": cand["id"], "workplace_id": wid,
                 "employer_id": eid, "state": "ended" if dropout else "placed", "version": 5,
                 "created_at": now, "updated_at": now, "consent_note": "", "outcome_note": "",
                 "guardian_consent": False, "with_jobcoach": False, "start_date": start,
                 "ended_on": start + timedelta(days=rng.randrange(30, 300)) if dropout else None,
                 "outcome": "dropout" if dropout else None,
                 "dropout_reason": "too_little_support" if dropout else None,
                 "contract_type": "temporary", "hours_per_week": 24, "loonwaarde_pct": 40}
            )  # fmt: skip
        connection.execute(insert(Placement.__table__), placements)  # type: ignore[attr-defined]
        checks = [
            {"placement_id": p["id"], "candidate_id": p["candidate_id"], "kind": "outcome_6m",
             "month": 6, "with_whom": "candidate", "due_on": p["start_date"], "status": "done",
             "signals": {}, "warnings": [], "note": "", "still_in_work": p["outcome"] is None,
             "same_job": p["outcome"] is None}
            for p in placements
            if rng.random() < 0.5
        ]  # fmt: skip
        connection.execute(insert(FollowUp.__table__), checks)  # type: ignore[attr-defined]
        exposure = [
            {"candidate_id": c["id"], "day": date.today() - timedelta(days=d),
             "times_suggested": rng.randrange(1, 20)}
            for c in candidates[: N_CANDIDATES // 2]
            for d in range(3)
        ]  # fmt: skip
        connection.execute(insert(ExposureCount.__table__), exposure)  # type: ignore[attr-defined]


def fairness_step() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["PASSEND_DATABASE_URL"] = f"sqlite:///{Path(folder) / 'fairness.db'}"
        from app.core import config, db

        config.get_settings.cache_clear()
        db.get_engine.cache_clear()
        started = time.perf_counter()
        _region(os.environ["PASSEND_DATABASE_URL"])
        setup_s = time.perf_counter() - started
        from sqlmodel import Session

        from app.fairness.facts import Scope
        from app.fairness.service import fairness_report

        timings = []
        for attempt in range(REPEATS + 1):
            with Session(db.get_engine()) as session:
                started = time.perf_counter()
                report = fairness_report(session, Scope())
                elapsed = time.perf_counter() - started
            if attempt:  # the first build warms the page cache and imports
                timings.append(elapsed)
        assert (report.region.counts["candidates"] or 0) >= N_CANDIDATES  # + the seeded 20
        db.get_engine().dispose()
    return {
        "fairness_report_s": round(statistics.median(timings), 3),
        "fairness_setup_s": round(setup_s, 1),
    }


def learner_step() -> dict[str, Any]:
    import numpy as np

    from matching import DEFAULT_WEIGHTS
    from matching.learn import WeightLearner
    from matching.synthetic import synthetic_reviews

    X, y = synthetic_reviews(DEFAULT_WEIGHTS, 20_000, random_state=7)
    started = time.perf_counter()
    learner = WeightLearner(random_state=0).fit(X, y)
    fit_s = time.perf_counter() - started
    error = float(np.abs(learner.weights_ - DEFAULT_WEIGHTS.vector).max())
    return {"learner_weight_error": round(error, 4), "learner_fit_s": round(fit_s, 3)}


def run() -> dict[str, Any]:
    return {**learner_step(), **fairness_step()}


if __name__ == "__main__":
    results = run()
    for key, value in results.items():
        print(f"{key:28} {value}")
    sys.exit(0)
