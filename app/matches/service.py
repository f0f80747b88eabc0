"""Match runs, proposals, reviews and pair rules. Services flush; the request commits."""

from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.audit import decisions
from app.audit import service as audit
from app.candidates.models import Candidate
from app.core import visibility
from app.core.errors import Conflict, Invalid, NotFound
from app.core.pagination import PageParams, paginate
from app.core.security import Principal
from app.core.timeutil import utcnow
from app.employers.models import Workplace
from app.jobs import defer as jobs
from app.matches import national
from app.matches.models import MatchRun, PairRule, Proposal
from app.matches.runner import canonical_hash
from app.matches.schemas import (
    ChildRunOut,
    Decision,
    MatchRunCreate,
    MatchRunPublic,
    PairRuleIn,
    PairRuleKind,
    ProposalPublic,
    ReviewIn,
)
from app.matches.tasks import queue_job
from app.matches.weights import active_profile
from app.placements.service import open_placement
from app.policy.service import changes, policy_for, values_of

PROPOSAL_SORTABLE = ("id", "score", "candidate_id", "workplace_id")
CANCELLABLE = ("waiting", "queued", "running")


def _check_ids(session: Session, run_in: MatchRunCreate) -> None:
    """Ids that name nobody would make a run of nobody that succeeds: a 422 naming them."""
    for field, model in (("candidate_ids", Candidate), ("workplace_ids", Workplace)):
        wanted = set(getattr(run_in, field) or ())
        if not wanted:
            continue
        found = set(session.exec(select(model.id).where(col(model.id).in_(wanted))).all())
        missing = sorted(wanted - found)
        if missing:
            shown = ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else "")
            raise Invalid(
                f"{len(missing)} of the {field} do not exist.",
                fields={field: f"no such id: {shown}"},
            )


def create_run(
    session: Session, *, principal: Principal, run_in: MatchRunCreate, idempotency_key: str | None
) -> tuple[MatchRun, bool]:
    """Queue a run. Returns (run, created); the same Idempotency-Key returns the first run."""
    _check_ids(session, run_in)
    effective = policy_for(session, run_in.municipality)
    if run_in.weight_profile is None:
        run_in = run_in.model_copy(update={"weight_profile": effective.policy.weight_profile})
    active_profile(session, run_in.weight_profile or "default")  # an unknown name is a 422
    if run_in.min_proposals_per_candidate is None:
        # The hard-to-place floor comes from the region policy, recorded in the parameters.
        floor = effective.policy.hard_to_place_min_proposals
        run_in = run_in.model_copy(
            update={"min_proposals_per_candidate": min(floor, run_in.proposals_per_candidate)}
        )
    parameters = run_in.model_dump(mode="json")
    request_hash = canonical_hash(parameters)
    # The run keeps the policy it was queued under (and its input_hash covers it).
    parameters["policy"] = {"version": effective.version, "values": values_of(effective.policy)}
    if idempotency_key:
        existing = _by_key(session, principal.account_id, idempotency_key)
        if existing is not None:
            return _same_request(existing, request_hash), False
    run = MatchRun(
        created_by=principal.account_id,
        idempotency_key=idempotency_key,
        request_hash=request_hash,
        parameters=parameters,
    )
    try:
        with session.begin_nested():
            session.add(run)
    except IntegrityError:
        # Two requests with the same key at once: the other one won; answer with its run.
        existing = _by_key(session, principal.account_id, idempotency_key or "")
        if existing is None:
            raise
        return _same_request(existing, request_hash), False
    assert run.id is not None
    if run_in.scope is not None or run_in.regions:  # the parent follows its children
        children = national.fan_out(session, run, national.regions_of_run(run_in.regions))
        for child in children:
            if child.status == "queued":  # the cross-border pass waits for the regions
                queue_job(session, child)
    else:
        queue_job(session, run)
    return run, True


def cancel_run(session: Session, *, principal: Principal, run_id: int) -> MatchRun:
    """Cancel a queued or running run (a country-wide one with its unfinished children); a
    running one stops at its next phase and writes nothing. 409 when it already ended."""
    run = get_run(session, run_id)
    reason = f"cancelled by account {principal.account_id} ({principal.name})"[:2000]
    if not _cancel_one(session, run, reason):
        raise Conflict(
            f"This run already ended ({run.status}); only a queued or running run can be "
            "cancelled.",
            fields={"status": run.status},
        )
    for child in national.children_of(session, run_id):
        _cancel_one(session, child, reason)
    return run


def _cancel_one(session: Session, run: MatchRun, reason: str) -> bool:
    result = session.exec(
        update(MatchRun)
        .where(col(MatchRun.id) == run.id, col(MatchRun.status).in_(CANCELLABLE))
        .values(status="cancelled", finished_at=utcnow(), error=reason)
    )
    session.refresh(run)
    if result.rowcount != 1:
        return False
    jobs.cancel(session, run.job_id)
    return True


def _by_key(session: Session, account_id: int, key: str) -> MatchRun | None:
    return session.exec(
        select(MatchRun).where(MatchRun.created_by == account_id, MatchRun.idempotency_key == key)
    ).first()


def _same_request(run: MatchRun, request_hash: str) -> MatchRun:
    if run.request_hash != request_hash:
        raise Conflict(
            "This Idempotency-Key was already used for a run with other parameters.",
            fields={"Idempotency-Key": f"already used for run {run.id}"},
        )
    return run


def run_public(session: Session, run: MatchRun) -> MatchRunPublic:
    """The run, with what its policy changed against the previous run of the same scope."""
    out = MatchRunPublic.model_validate(run.model_dump())
    if run.id is not None:
        children = national.children_of(session, run.id)
        out.children = [ChildRunOut.model_validate(c.model_dump()) for c in children]
    scope = run.parameters.get("municipality")
    previous = session.exec(
        select(MatchRun)
        .where(col(MatchRun.id) < (run.id or 0))
        .order_by(col(MatchRun.id).desc())
        .limit(50)
    ).all()
    before = next((r for r in previous if r.parameters.get("municipality") == scope), None)
    if before is None or "policy" not in before.parameters or "policy" not in run.parameters:
        return out
    out.policy_changes = changes(
        before.parameters["policy"]["values"], run.parameters["policy"]["values"]
    )
    return out


def get_run(session: Session, run_id: int) -> MatchRun:
    run = session.get(MatchRun, run_id)
    if run is None:
        raise NotFound("No match run with that id.")
    return run


def list_runs(session: Session, page: PageParams) -> tuple[list[MatchRun], int]:
    return paginate(session, select(MatchRun), MatchRun, page, ("id", "created_at"))


def list_proposals(
    session: Session,
    principal: Principal,
    *,
    run_id: int,
    status: str | None,
    page: PageParams,
    action: str = "proposals",
) -> tuple[list[Proposal], int]:
    """A run's proposals; the candidates they name are written to the access log."""
    get_run(session, run_id)
    # A country-wide run's proposals are those of its children.
    children = [c.id for c in national.children_of(session, run_id)]
    statement = select(Proposal).where(col(Proposal.run_id).in_([run_id, *children]))
    if status:
        statement = statement.where(Proposal.status == status)
    rows, total = paginate(session, statement, Proposal, page, PROPOSAL_SORTABLE)
    shown = [p.candidate_id for p in rows]
    audit.record_reads(session, principal, shown, purpose="matching", action=action)
    return rows, total


def decidable(session: Session, principal: Principal, candidate_ids: set[int]) -> set[int]:
    """Of ``candidate_ids``, those ``principal`` may decide about (visibility.may_decide): the
    run page offers accept and reject only for them."""
    statement = select(Candidate.id, Candidate.jobhunter_id, Candidate.municipality).where(
        col(Candidate.id).in_(sorted(candidate_ids)), col(Candidate.erased_at).is_(None)
    )
    found = visibility.subjects(session, session.exec(statement).all())
    return {i for i, subject in found.items() if visibility.may_decide(principal, subject)}


def get_proposal(session: Session, proposal_id: int) -> Proposal:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise NotFound("No proposal with that id.")
    return proposal


def review(
    session: Session, *, principal: Principal, proposal_id: int, review_in: ReviewIn
) -> Proposal:
    """Accept or reject, exactly once: a conditional UPDATE lets one reviewer win."""
    proposal = get_proposal(session, proposal_id)
    visibility.require_decide(session, principal, proposal.candidate_id)
    status = "accepted" if review_in.decision == Decision.accept else "rejected"
    conditions = [col(Proposal.id) == proposal_id, col(Proposal.status) == "proposed"]
    if review_in.version is not None:
        conditions.append(col(Proposal.version) == review_in.version)
    result = session.exec(
        update(Proposal)
        .where(*conditions)
        .values(
            status=status,
            version=Proposal.version + 1,
            reviewed_by=principal.account_id,
            reviewed_at=utcnow(),
            reason=review_in.reason,
            note=review_in.note,
        )
    )
    if result.rowcount != 1:
        session.refresh(proposal)
        raise Conflict(
            f"This proposal was already reviewed or changed (status {proposal.status}, "
            f"version {proposal.version}). Reload it.",
            fields={"version": f"current {proposal.version}", "status": proposal.status},
        )
    session.refresh(proposal)
    ids: dict[str, Any] = {
        "candidate_id": proposal.candidate_id,
        "workplace_id": proposal.workplace_id,
        "proposal_id": proposal.id,
    }
    decisions.record(
        session,
        principal,
        f"review:{status}",
        reason=review_in.reason,
        note=review_in.note,
        detail={"score": proposal.score},
        **ids,
    )
    if review_in.forbid_pair:
        set_rule(
            session,
            principal=principal,
            rule_in=PairRuleIn(
                candidate_id=proposal.candidate_id,
                workplace_id=proposal.workplace_id,
                kind=PairRuleKind.forbid,
                note=review_in.note,
            ),
        )
    if status == "accepted":
        placement = open_placement(
            session,
            actor=principal,
            candidate_id=proposal.candidate_id,
            workplace_id=proposal.workplace_id,
            proposal_id=proposal.id,
        )
        proposal.placement_id = placement.id
        session.add(proposal)
        session.flush()
    return proposal


def set_rule(session: Session, *, principal: Principal, rule_in: PairRuleIn) -> PairRule:
    visibility.require_decide(session, principal, rule_in.candidate_id)
    candidate = session.get(Candidate, rule_in.candidate_id)
    if candidate is None or candidate.erased_at is not None:
        raise Invalid("Unknown candidate.", fields={"candidate_id": "no candidate with this id"})
    if session.get(Workplace, rule_in.workplace_id) is None:
        raise Invalid("Unknown workplace.", fields={"workplace_id": "no workplace with this id"})
    rule = session.exec(
        select(PairRule).where(
            PairRule.candidate_id == rule_in.candidate_id,
            PairRule.workplace_id == rule_in.workplace_id,
        )
    ).first()
    if rule is None:
        rule = PairRule(**rule_in.model_dump(), created_by=principal.account_id)
    else:  # one standing rule per pair: the newest decision replaces the old one
        rule.kind, rule.note = rule_in.kind, rule_in.note
        rule.created_by, rule.created_at = principal.account_id, utcnow()
    session.add(rule)
    session.flush()
    decisions.record(
        session,
        principal,
        f"pair:{rule_in.kind}",
        candidate_id=rule.candidate_id,
        workplace_id=rule.workplace_id,
        note=rule_in.note,
    )
    return rule


def list_rules(
    session: Session,
    principal: Principal,
    *,
    candidate_id: int | None,
    workplace_id: int | None,
    page: PageParams,
) -> tuple[list[PairRule], int]:
    """Pair rules; the candidates they name are written to the access log."""
    statement = select(PairRule)
    if candidate_id is not None:
        statement = statement.where(PairRule.candidate_id == candidate_id)
    if workplace_id is not None:
        statement = statement.where(PairRule.workplace_id == workplace_id)
    rows, total = paginate(session, statement, PairRule, page, ("id", "created_at"))
    shown = [r.candidate_id for r in rows]
    audit.record_reads(session, principal, shown, purpose="matching", action="pair_rules")
    return rows, total


def delete_rule(session: Session, *, principal: Principal, rule_id: int) -> None:
    rule = session.get(PairRule, rule_id)
    if rule is None:
        raise NotFound("No pair rule with that id.")
    visibility.require_decide(session, principal, rule.candidate_id)
    decisions.record(
        session,
        principal,
        f"pair:remove_{rule.kind}",
        candidate_id=rule.candidate_id,
        workplace_id=rule.workplace_id,
    )
    session.delete(rule)
    session.flush()


def proposal_public(session: Session, *, principal: Principal, proposal_id: int) -> ProposalPublic:
    """One proposal in its public schema, its candidate in the access log."""
    proposal = get_proposal(session, proposal_id)
    audit.record_reads(
        session, principal, [proposal.candidate_id], purpose="matching", action="proposal"
    )
    return ProposalPublic.model_validate(proposal.model_dump())


def review_public(
    session: Session, *, principal: Principal, proposal_id: int, review_in: ReviewIn
) -> ProposalPublic:
    """``review``, answered in the public schema with the candidate in the access log."""
    proposal = review(session, principal=principal, proposal_id=proposal_id, review_in=review_in)
    audit.record_reads(
        session, principal, [proposal.candidate_id], purpose="matching", action="review"
    )
    return ProposalPublic.model_validate(proposal.model_dump())
