"""Execute one match run: gather inputs, solve, write proposals and the audit record.

Re-executing a run (a retry after a crash) replaces its proposals in the same transaction
that marks it finished, so proposals are never duplicated and never half-written; the unique
(run, candidate, workplace) constraint is the backstop.
"""

import hashlib
import json
import time
from collections.abc import Callable, Collection
from datetime import timedelta
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, or_, select

from app.candidates.models import Candidate
from app.consent import service as consent
from app.consent.schemas import ConsentPurpose
from app.core import gcpause
from app.core.config import get_settings
from app.core.timeutil import today, utcnow
from app.core.vocab import Readiness, WorkplaceStatus
from app.employers import freshness
from app.employers.models import Employer, Workplace
from app.imports.bulk import JSONText, insert_rows
from app.jobs.retry import Stop
from app.matches import national
from app.matches.explain_out import explanation_out
from app.matches.models import MatchRun, PairRule, Proposal
from app.matches.run_inputs import (
    candidate_profiles,
    candidate_select,
    workplace_profiles,
    workplace_select,
)
from app.matches.weights import active_profile
from app.placements.service import open_counts_by_workplace, open_placement_candidates
from app.policy.regions import same_municipality
from app.policy.service import policy_for, stored_policy
from matching import ENGINE_VERSION, Policy, assign, build_index, explain_pairs

Progress = Callable[[int], None]


# What a new proposal row holds besides the pair: the model's defaults (status proposed, …).
NEW_PROPOSAL: dict[str, Any] = {
    name: field.get_default(call_default_factory=True)
    for name, field in Proposal.model_fields.items()
    if name != "id" and not field.is_required()
}


def canonical_hash(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _candidates(session: Session, params: dict[str, Any], skip: Collection[int] = ()) -> list[Any]:
    """The run's candidates as plain rows (``run_inputs.candidate_select``), by id."""
    on = today()
    fresh_since = on - timedelta(days=get_settings().readiness_max_age_days)
    statement = candidate_select().where(
        col(Candidate.readiness) == Readiness.ready,
        col(Candidate.readiness_confirmed_on) >= fresh_since,
        or_(col(Candidate.available_from).is_(None), col(Candidate.available_from) <= on),
        # Read when the run executes, so a consent withdrawn after queueing still counts.
        col(Candidate.id).in_(consent.active_ids_query(ConsentPurpose.matching)),
    )
    if params.get("municipality"):
        statement = statement.where(same_municipality(Candidate, params["municipality"]))
    if params.get("candidate_ids") is not None:
        statement = statement.where(col(Candidate.id).in_(params["candidate_ids"]))
    if params.get("region"):  # a country-wide run's regional child
        statement = statement.where(national.in_regions(Candidate, [params["region"]]))
    if params.get("cross_border"):  # its cross-border pass: opted in, nothing proposed yet
        statement = statement.where(
            col(Candidate.cross_region_travel).is_(True),
            national.in_regions(Candidate, params["regions"]),
        )
    busy = open_placement_candidates(session) | set(skip)
    rows = session.connection().execute(statement.order_by(col(Candidate.id))).all()
    return [row for row in rows if row.id not in busy]


def _policy(session: Session, params: dict[str, Any]) -> Policy:
    """The policy the run was queued under (older runs: the scope's policy now)."""
    if "policy" in params:
        return stored_policy(params["policy"]["values"])
    return policy_for(session, params.get("municipality")).policy


def _workplaces(
    session: Session, params: dict[str, Any], policy: Policy, near: list[str] | None = None
) -> list[Any]:
    """Active, confirmed and available workplaces; full ones get no capacity (``execute``).
    ``near``: only those in these PC4 areas or with transport arranged (cross-border pass).
    Plain rows (``run_inputs.workplace_select``), by id."""
    statement = workplace_select().where(
        col(Workplace.status) == WorkplaceStatus.active, *freshness.open_on(today(), policy)
    )
    if params.get("workplace_ids") is not None:
        statement = statement.where(col(Workplace.id).in_(params["workplace_ids"]))
    wanted = [params["region"]] if params.get("region") else params.get("regions")
    if wanted and (params.get("region") or params.get("cross_border")):
        employers = select(Employer.id).where(national.in_regions(Employer, wanted))
        statement = statement.where(col(Workplace.employer_id).in_(employers))
    if near is not None:
        statement = statement.where(
            or_(col(Workplace.pc4).in_(near), col(Workplace.transport_arranged).is_(True))
        )
    return list(session.connection().execute(statement.order_by(col(Workplace.id))).all())


def _hold(session: Session, run_id: int, attempt: int) -> None:
    """Lock the run's row for the write and make sure it is still this attempt's: a newer
    attempt (this worker was presumed dead) or a cancellation means this one writes nothing."""
    row = session.exec(
        select(MatchRun.status, MatchRun.attempts)
        .where(col(MatchRun.id) == run_id)
        .with_for_update()
    ).one()
    if row[0] != "running" or row[1] != attempt:
        raise Stop(f"run {run_id} is {row[0]} (attempt {row[1]}) before attempt {attempt} wrote")


def execute(
    session: Session, run: MatchRun, progress: Progress, *, attempt: int | None = None
) -> None:
    """Run ``run``; ``progress(pct)`` is called between phases (it may raise ``Stop`` to end
    the attempt). With ``attempt``, the write happens only if the run is still that attempt's.
    The caller commits."""
    with gcpause.paused():  # the run's objects live until it ends: collecting finds nothing
        _execute(session, run, progress, attempt)


def _execute(session: Session, run: MatchRun, progress: Progress, attempt: int | None) -> None:
    assert run.id is not None
    params = run.parameters
    timings: dict[str, float] = {}
    started = time.perf_counter()
    policy = _policy(session, params)
    proposed: set[int] = set()
    by_siblings: dict[int, int] = {}
    if params.get("cross_border"):
        proposed, by_siblings = national.proposed_by_siblings(session, run)
    candidates = _candidates(session, params, proposed)
    cand_profiles = candidate_profiles(session, candidates)
    near = None
    if params.get("cross_border"):
        near = national.reachable_pc4s([c.pc4 for c in candidates], cand_profiles)
    workplaces = _workplaces(session, params, policy, near)
    wp_profiles = workplace_profiles(session, workplaces)
    cand_ids = {c["id"] for c in cand_profiles}
    wp_ids = {w["id"] for w in wp_profiles}
    rules = session.exec(select(PairRule).order_by(col(PairRule.id))).all()
    pinned = sorted(
        (r.candidate_id, r.workplace_id)
        for r in rules
        if r.kind == "pin" and r.candidate_id in cand_ids and r.workplace_id in wp_ids
    )
    forbidden = sorted((r.candidate_id, r.workplace_id) for r in rules if r.kind == "forbid")
    taken = open_counts_by_workplace(session)
    for wid, n in by_siblings.items():  # what the regional children already proposed
        taken[wid] = taken.get(wid, 0) + n
    capacities = {w["id"]: max(0, w["capacity"] - taken.get(w["id"], 0)) for w in wp_profiles}
    weights, weights_version = active_profile(session, params.get("weight_profile") or "default")
    run.engine_version = ENGINE_VERSION
    run.weights = {"name": weights.name, "version": weights_version, **dict(weights.weights)}
    run.n_candidates, run.n_workplaces = len(cand_profiles), len(wp_profiles)
    run.input_hash = canonical_hash(
        {
            "candidates": cand_profiles,
            "workplaces": wp_profiles,
            "pinned": pinned,
            "forbidden": forbidden,
            "capacities": capacities,
            "parameters": params,
            "weights": run.weights,
            "engine": ENGINE_VERSION,
        }
    )
    timings["load_ms"] = (time.perf_counter() - started) * 1000
    progress(30)

    started = time.perf_counter()
    index = build_index(cand_profiles, wp_profiles)
    timings["index_ms"] = (time.perf_counter() - started) * 1000
    progress(50)
    started = time.perf_counter()
    result = assign(
        index,
        policy=policy,
        weights=weights,
        capacities=capacities,
        max_per_employer=params.get("max_per_employer"),
        pinned=pinned,
        forbidden=forbidden,
        min_proposals_per_candidate=params.get("min_proposals_per_candidate", 0),
        proposals_per_candidate=params.get("proposals_per_candidate", 1),
        top_k=params.get("top_k", 30),
        time_limit_s=params.get("time_limit_s", 10),
    )
    timings["solve_ms"] = (time.perf_counter() - started) * 1000
    progress(80)

    started = time.perf_counter()
    if attempt is not None:
        _hold(session, run.id, attempt)
    # No session sync: the ORM would otherwise test every object loaded above against the
    # criteria (0.33 s with a 5k x 5k run's rows in the identity map); proposals are not among them.
    session.exec(
        delete(Proposal)
        .where(col(Proposal.run_id) == run.id)
        .execution_options(synchronize_session=False)
    )
    cand_pos = {int(cid): i for i, cid in enumerate(index.candidates.ids)}
    wp_pos = {int(wid): i for i, wid in enumerate(index.workplaces.ids)}
    employer_of = {w["id"]: w["employer_id"] for w in wp_profiles}
    pairs = [(p, rank, wid) for p in result.proposals for rank, wid in enumerate(p.workplace_ids)]
    # Every proposal explained, in blocks of pairs (the same explanation as one by one).
    whys = explain_pairs(
        index,
        [cand_pos[p.candidate_id] for p, _, _ in pairs],
        [wp_pos[wid] for _, _, wid in pairs],
        policy,
        weights,
    )
    rows: list[dict[str, Any]] = []
    for (proposal, rank, wid), why in zip(pairs, whys, strict=True):
        alternatives = [
            {"workplace_id": a.workplace_id, "score": round(float(a.score), 3)}
            for a in proposal.alternatives
        ]
        rows.append(
            {
                **NEW_PROPOSAL,
                "run_id": run.id,
                "candidate_id": proposal.candidate_id,
                "workplace_id": wid,
                "employer_id": employer_of[wid],
                "rank": rank,
                "score": why.total,
                "pinned": wid in proposal.pinned,
                # Serialised by pydantic in one call: model_dump and then json.dumps of the
                # dict cost 0.45 s of a 3,800-proposal write.
                "explanation": JSONText(explanation_out(why, status=True).model_dump_json()),
                "alternatives": alternatives,
            }
        )
    # COPY on PostgreSQL, the driver's executemany on SQLite: no ORM object and no compiled
    # parameter set per proposal (a 5k x 5k run writes ~3,800 explained rows; the multi-row
    # INSERT spent 0.8 s of its 1.6 s write there, binding JSON parameter by parameter).
    insert_rows(session, Proposal.__table__, rows)  # type: ignore[attr-defined]
    count = len(rows)
    timings["write_ms"] = (time.perf_counter() - started) * 1000
    run.solver_status, run.method = result.status, result.method
    run.objective = result.objective
    run.n_proposals = count
    run.timings_ms = {k: round(v, 1) for k, v in timings.items()}
    if result.problems:
        run.status, run.error = "failed", "; ".join(result.problems)
    else:
        run.status, run.error = "succeeded", None
    run.progress_pct = 100
    run.finished_at = utcnow()
    session.add(run)
