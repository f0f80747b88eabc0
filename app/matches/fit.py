"""Why (not) this pair: the engine's verdict on any candidate × workplace, feasible or not.

A jobhunter asks "why is this workplace not among the suggestions?". The answer lists every
hard constraint the pair fails (the engine's own checks, with its Dutch sentences), the
breakdown it would have scored, and what keeps it out of live suggestions besides the engine:
no matching consent, a workplace that is not active, expired, full or not yet available, a
forbidden pair, the candidate's readiness, availability or open placement.
"""

from sqlmodel import Session

from app.audit import service as audit
from app.candidates import service as candidates
from app.core.errors import NotFound
from app.core.security import Principal
from app.core.timeutil import today
from app.employers import freshness
from app.employers.models import Workplace
from app.matches.convert import workplace_from_row
from app.matches.explain_out import STATUS_REASONS, explanation_out, shows_status
from app.matches.refresher import cache, overlay
from app.matches.schemas import HardReasonOut, PairFitOut
from app.matches.suggestions import (
    NO_MATCHING_CONSENT,
    candidate_problems,
    forbidden_pairs,
    has_open_placement,
)
from app.matches.weights import weight_profile
from app.placements.service import open_counts_by_workplace
from app.policy.service import policy_for
from matching import ENGINE_VERSION, build_index, explain_block

STATUS_LABELS = {"to_verify": "wacht nog op controle door het WSP", "closed": "gesloten"}


def pair_fit(
    session: Session,
    principal: Principal,
    *,
    candidate_id: int,
    workplace_id: int,
    profile: str | None = None,
) -> PairFitOut:
    """The engine's verdict on one pair, and what else keeps it out of suggestions."""
    candidate = candidates.get(session, candidate_id)
    workplace = session.get(Workplace, workplace_id)
    if workplace is None:
        raise NotFound("No workplace with that id.")
    snap = cache.get(session)
    over = overlay(session, snap)
    blocked: list[str] = []
    audit.record_reads(session, principal, [candidate_id], purpose="matching", action="fit")
    if candidate_id not in snap.candidate_pos or candidate_id in over.excluded:
        # Nothing is computed without that consent.
        return PairFitOut(
            candidate_id=candidate_id,
            workplace_id=workplace_id,
            engine_version=ENGINE_VERSION,
            feasible=None,
            suggestible=False,
            hard_reasons=[],
            other_reasons=[NO_MATCHING_CONSENT],
            explanation=None,
        )
    if workplace_id in snap.workplace_pos:
        index = snap.index
        cand_pos, wp_pos = snap.candidate_pos[candidate_id], snap.workplace_pos[workplace_id]
    else:
        label = STATUS_LABELS.get(workplace.status, workplace.status)
        blocked.append(f"De werkplek staat niet open voor suggesties: {label}.")
        person = snap.index.candidates.profiles[snap.candidate_pos[candidate_id]]
        index, cand_pos, wp_pos = build_index([person], [workplace_from_row(workplace)]), 0, 0
    policy = policy_for(session, candidate.municipality).policy
    weights = weight_profile(profile or policy.weight_profile)
    why = explain_block(index, [cand_pos], [wp_pos], policy, weights)[0][0]
    if (candidate_id, workplace_id) in forbidden_pairs(session, candidate_id=candidate_id):
        blocked.append("Deze combinatie is uitgesloten door een jobhunter (regel voor dit paar).")
    on = today()
    taken = open_counts_by_workplace(session).get(workplace_id, 0)
    blocked += freshness.problems(workplace, taken, on, policy)
    blocked += candidate_problems(candidate, on, busy=has_open_placement(session, candidate_id))
    status = shows_status(principal)
    return PairFitOut(
        candidate_id=candidate_id,
        workplace_id=workplace_id,
        engine_version=ENGINE_VERSION,
        feasible=why.feasible,
        suggestible=why.feasible and not blocked,
        hard_reasons=[
            HardReasonOut(reason=f.code, sentence=f.sentence)
            for f in why.failures
            if status or f.code not in STATUS_REASONS
        ],
        other_reasons=blocked,
        explanation=explanation_out(why, status=status),
    )
