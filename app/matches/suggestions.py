"""Live, explained suggestions: best workplaces for a candidate, best candidates for a place.

Each function is the whole request: it asks the engine for exactly the page (filters,
forbidden pairs, visibility and readiness go in as eligibility masks), writes the access log
for the identities it shows, and returns the public schema. Routes and pages only adapt.

Only candidates who are *bemiddelbaar* (readiness ``ready``) with a recent confirmation, who
are available (``available_from``) and have no open placement are suggested; only workplaces
that are confirmed recently, available and not full are (docs/decisions/143). Candidates who
would fit but are not suggestible are listed apart (staff only), so a jobhunter sees why
someone cannot be found; workplaces out for freshness are counted with the hard reasons.
Candidates without an active ``matching`` consent are not in the snapshot at all;
what each key sees of the others is the visibility matrix's.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from sqlmodel import Session, select

from app.audit import service as audit
from app.candidates.models import Candidate
from app.candidates.service import age_band, hours_possible_per_week, latest_loonwaarde_pct
from app.core import visibility
from app.core.config import get_settings
from app.core.errors import NotFound
from app.core.security import Principal
from app.core.timeutil import today
from app.core.visibility import FieldGroup, Subject
from app.core.vocab import Readiness
from app.employers import freshness
from app.employers import service as employers
from app.employers.models import Workplace
from app.fairness import exposure
from app.matches import eligibility
from app.matches.eligibility import Mask
from app.matches.explain_out import (
    FRESHNESS_LABELS,
    exclusions_out,
    explanation_out,
    shows_status,
)
from app.matches.models import PairRule
from app.matches.refresher import cache, overlay
from app.matches.schemas import (
    CandidateSuggestion,
    CandidateSuggestions,
    CandidateSummary,
    ExcludedGroup,
    ExclusionsOut,
    NotSuggested,
    WorkplaceSuggestion,
    WorkplaceSuggestions,
    WorkplaceSummary,
)
from app.matches.snapshot import Snapshot
from app.matches.weights import weight_profile
from app.placements.service import (
    has_open_placement,
    open_now,
)
from app.policy.service import policies_for, policy_for, segment
from matching import (
    ENGINE_VERSION,
    Explanation,
    Policy,
    WeightProfile,
    explain,
    suggest_candidates,
    suggest_workplaces,
)

NOT_SUGGESTED_SHOWN = 50  # the rest is counted, not listed
NO_MATCHING_CONSENT = "Geen (actieve) toestemming voor matching: er wordt niets voorgesteld"


@dataclass(frozen=True)
class WorkplaceFilter:
    place_type: str | None = None
    kind: str | None = None
    max_travel_minutes: int | None = None


def readiness_problems(candidate: Candidate, on: date) -> list[str]:
    """Reasons (Dutch, plain) why a candidate cannot be suggested now; empty when suggestible."""
    problems = []
    if candidate.readiness != Readiness.ready:
        labels = {
            "not_ready": "nog niet klaar voor werk",
            "preparing": "in voorbereiding",
            "placed": "al geplaatst",
        }
        problems.append(
            f"Niet bemiddelbaar: {labels.get(candidate.readiness, candidate.readiness)}"
        )
    max_age = get_settings().readiness_max_age_days
    if candidate.readiness_confirmed_on < on - timedelta(days=max_age):
        problems.append(
            "Bemiddelbaarheid niet recent bevestigd (laatst "
            f"{candidate.readiness_confirmed_on:%d-%m-%Y}, langer dan {max_age} dagen geleden)"
        )
    return problems


def candidate_problems(candidate: Candidate, on: date, *, busy: bool) -> list[str]:
    """Readiness, availability and an open placement: why a candidate is not suggested now."""
    problems = readiness_problems(candidate, on)
    if candidate.available_from is not None and candidate.available_from > on:
        problems.append(f"Pas beschikbaar vanaf {candidate.available_from:%d-%m-%Y}")
    if busy:
        problems.append("Heeft een lopende plaatsing: niet voorgesteld tot die is afgesloten")
    return problems


def hours_notes(candidate: Candidate) -> list[str]:
    """Said when matching works with fewer hours than the weekly range asks (the days and
    hours a day do not hold it; docs/decisions/010)."""
    possible = hours_possible_per_week(candidate.hours_per_day_max, candidate.days_available)
    if possible >= candidate.hours_per_week_max:
        return []
    days = len(set(candidate.days_available))
    spread = f"{days} dag(en)" if days else "een week"
    return [
        f"Gematcht op hoogstens {possible} uur per week: zoveel passen in {spread} van "
        f"{candidate.hours_per_day_max} uur (gevraagd {candidate.hours_per_week_min}-"
        f"{candidate.hours_per_week_max})"
    ]


def fresh_workplaces(
    session: Session, snap: Snapshot, on: date, policy: Policy
) -> tuple[Mask, list[tuple[str, Mask]]]:
    """Workplaces open for suggestions now, and the masks of why the others are not."""
    out = [
        ("workplace_expired", snap.workplaces_expired(
            on, policy.workplace_confirmation_max_days)),
        ("workplace_not_yet_available", snap.workplaces_not_yet_available(on)),
        ("workplace_full", snap.workplaces_full(open_now(session).by_workplace)),
    ]  # fmt: skip
    closed = out[0][1] | out[1][1] | out[2][1]
    return ~closed, out


def _with_freshness(
    excluded: ExclusionsOut, among: Mask | None, reasons: list[tuple[str, Mask]]
) -> ExclusionsOut:
    """The engine's counts plus the workplaces that are out for freshness (within ``among``)."""
    closed = np.zeros_like(reasons[0][1])
    groups = list(excluded.groups)
    for code, mask in reasons:
        hit = mask if among is None else mask & among
        closed |= hit
        if count := int(hit.sum()):
            groups.append(ExcludedGroup(reason=code, label=FRESHNESS_LABELS[code], count=count))
    groups.sort(key=lambda g: -g.count)
    return ExclusionsOut(total=excluded.total + int(closed.sum()), groups=groups)


def profile_gaps(candidate: Candidate, *, status: bool) -> list[str]:
    """Missing data; whether the loonwaarde is measured only for who may see it (``status``)."""
    gaps = []
    if status and not candidate.loonwaarde:
        gaps.append("Loonwaarde nog niet gemeten")
    if not candidate.interests and not candidate.preferred_sectors:
        gaps.append("Geen interesses of voorkeurssectoren ingevuld")
    if not candidate.days_available:
        gaps.append("Beschikbare dagen onbekend")
    return gaps


def forbidden_pairs(
    session: Session, *, candidate_id: int | None = None, workplace_id: int | None = None
) -> set[tuple[int, int]]:
    statement = select(PairRule.candidate_id, PairRule.workplace_id).where(
        PairRule.kind == "forbid"
    )
    if candidate_id is not None:
        statement = statement.where(PairRule.candidate_id == candidate_id)
    if workplace_id is not None:
        statement = statement.where(PairRule.workplace_id == workplace_id)
    return {(c, w) for c, w in session.exec(statement).all()}


def _workplace_summary(workplace: Workplace) -> WorkplaceSummary:
    assert workplace.id is not None and workplace.employer is not None
    return WorkplaceSummary(
        id=workplace.id,
        title=workplace.title,
        employer_id=workplace.employer_id,
        employer_name=workplace.employer.name,
        sector=workplace.sector,
        pc4=workplace.pc4,
        kind=workplace.kind,
        place_type=workplace.place_type,
        is_carved=workplace.is_carved,
        capacity=workplace.capacity,
    )


def _candidate_summary(
    candidate: Candidate, principal: Principal, subject: Subject, on: date
) -> CandidateSummary:
    named = visibility.allowed(principal, FieldGroup.identity, subject)
    return CandidateSummary(
        pseudonym=candidate.pseudonym,
        pc4=candidate.pc4,
        age_band=age_band(candidate.date_of_birth, on),
        school_type=candidate.school_type,
        hours_per_week_min=candidate.hours_per_week_min,
        hours_per_week_max=candidate.hours_per_week_max,
        # The internal id opens staff endpoints: only staff who may identify this candidate.
        id=candidate.id if visibility.shows_internal_id(principal, subject) else None,
        first_name=candidate.first_name if named else None,
        last_name=candidate.last_name if named else None,
    )


def for_candidate(
    session: Session,
    principal: Principal,
    *,
    candidate_id: int,
    limit: int,
    filters: WorkplaceFilter,
    profile: str | None = None,
    action: str = "suggest",
) -> CandidateSuggestions:
    """Ranked workplaces under the policy of the candidate's municipality (its weight profile
    unless the request names one)."""
    snap = cache.get(session)
    over = overlay(session, snap)
    if candidate_id not in snap.candidate_pos or candidate_id in over.excluded:
        result = _without_consent(session, candidate_id, profile, shows_status(principal))
    else:
        effective = policy_for(session, snap.candidates[candidate_id].municipality)
        policy = effective.policy
        weights = weight_profile(profile or policy.weight_profile)
        forbidden = {w for _, w in forbidden_pairs(session, candidate_id=candidate_id)}
        mask = eligibility.workplaces(
            snap, place_type=filters.place_type, kind=filters.kind, forbidden=forbidden
        )
        on = today()
        status = shows_status(principal)
        open_wps, closed_by = fresh_workplaces(session, snap, on, policy)
        out = suggest_workplaces(
            snap.index, snap.candidate_pos[candidate_id], limit,
            eligible=open_wps if mask is None else mask & open_wps,
            max_minutes=filters.max_travel_minutes, weights=weights, policy=policy,
        )  # fmt: skip
        items = [
            WorkplaceSuggestion(
                workplace=_workplace_summary(snap.workplaces[int(wp_id)]),
                explanation=explanation_out(why, status=status),
            )
            for wp_id, why in zip(out.ranking.ids, out.explanations, strict=True)
        ]
        result = CandidateSuggestions(
            candidate_id=candidate_id,
            weight_profile=weights.name,
            engine_version=ENGINE_VERSION,
            n_feasible=out.ranking.n_feasible,
            n_eligible=out.ranking.n_eligible,
            warnings=[
                *candidate_problems(
                    snap.candidates[candidate_id],
                    on,
                    busy=candidate_id in open_now(session).candidates,
                ),
                *hours_notes(snap.candidates[candidate_id]),
            ],
            items=items,
            excluded=_with_freshness(exclusions_out(out.excluded, status=status), mask, closed_by),
            segment=_segment(policy, snap.candidates[candidate_id], status),
            policy_version=effective.version,
        )
    audit.record_reads(session, principal, [candidate_id], purpose="matching", action=action)
    return result


def _segment(policy: Policy, candidate: Candidate, status: bool) -> str | None:
    """The loonwaarde segment, for who may see the candidate's benefit status."""
    return segment(policy, latest_loonwaarde_pct(candidate)) if status else None


def _without_consent(
    session: Session, candidate_id: int, profile: str | None, status: bool
) -> CandidateSuggestions:
    """A candidate outside the snapshot has no active matching consent: nothing is scored."""
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or candidate.erased_at is not None:
        raise NotFound("No candidate with that id.")
    effective = policy_for(session, candidate.municipality)
    policy = effective.policy
    return CandidateSuggestions(
        candidate_id=candidate_id,
        weight_profile=weight_profile(profile or policy.weight_profile).name,
        engine_version=ENGINE_VERSION,
        n_feasible=0,
        n_eligible=0,
        warnings=[
            NO_MATCHING_CONSENT,
            *candidate_problems(candidate, today(), busy=has_open_placement(session, candidate_id)),
        ],
        items=[],
        excluded=ExclusionsOut(total=0, groups=[]),
        segment=_segment(policy, candidate, status),
        policy_version=effective.version,
    )


def _under_own_policy(
    session: Session,
    snap: Snapshot,
    workplace_id: int,
    ranked: list[Candidate],
    explanations: tuple[Explanation, ...],
    ranking_policy: Policy,
    weights: WeightProfile,
) -> list[Explanation]:
    """Each explanation under the policy of the candidate's own municipality (instruments,
    thresholds); re-explained only where that policy differs from the ranking's."""
    policies = policies_for(session, [c.municipality for c in ranked])  # one query
    out = []
    for candidate, why in zip(ranked, explanations, strict=True):
        own = policies[candidate.municipality].policy
        if own != ranking_policy:
            cand_pos = snap.candidate_pos[candidate.id or 0]
            why = explain(snap.index, cand_pos, snap.workplace_pos[workplace_id], own, weights)
        out.append(why)
    return out


def for_workplace(
    session: Session,
    principal: Principal,
    *,
    workplace_id: int,
    limit: int,
    profile: str | None = None,
    action: str = "suggest",
) -> WorkplaceSuggestions:
    """Ranked candidates; the identities shown are written to the access log. One ranking
    has one policy (that of the employer's municipality); each candidate shown is explained
    under the policy of their own municipality (docs/decisions/144)."""
    employers.ensure_workplace_visible(session, workplace_id, principal)
    snap = cache.get(session)
    if workplace_id not in snap.workplace_pos:
        raise NotFound("No active workplace with that id.")
    over = overlay(session, snap)
    employer = snap.workplaces[workplace_id].employer
    policy = policy_for(session, employer.municipality if employer else None).policy
    weights = weight_profile(profile or policy.weight_profile)
    on = today()
    # Whoever may not see a candidate's functional profile does not learn they exist.
    visible = eligibility.functional(principal, snap, over)
    forbidden = {c for c, _ in forbidden_pairs(session, workplace_id=workplace_id)}
    allowed = eligibility.without(snap, visible, forbidden)
    busy = open_now(session).candidates
    ready = eligibility.without(
        snap,
        snap.readiness_mask(on, get_settings().readiness_max_age_days)
        & snap.candidates_available(on),
        busy,
    )
    out = suggest_candidates(
        snap.index, snap.workplace_pos[workplace_id], limit, eligible=allowed & ready,
        counted=visible, held_back=allowed & ~ready, held_k=NOT_SUGGESTED_SHOWN,
        weights=weights, policy=policy,
    )  # fmt: skip
    ranked = [snap.candidates[int(i)] for i in out.ranking.ids]
    whys = _under_own_policy(session, snap, workplace_id, ranked, out.explanations, policy, weights)
    status = shows_status(principal)
    items = [
        CandidateSuggestion(
            candidate=_candidate_summary(c, principal, over.subject(snap, c.id or 0), on),
            explanation=explanation_out(why, status=status),
            profile_gaps=profile_gaps(c, status=status),
        )
        for c, why in zip(ranked, whys, strict=True)
    ]
    # Not-suggested candidates are listed by internal id: only those the caller may identify.
    not_suggested = [
        NotSuggested(
            candidate_id=int(i),
            pseudonym=snap.candidates[int(i)].pseudonym,
            reasons=candidate_problems(snap.candidates[int(i)], on, busy=int(i) in busy),
        )
        for i in out.ranking.held_ids
        if visibility.shows_internal_id(principal, over.subject(snap, int(i)))
    ]
    # Identity shown: to staff (the id) or to an employer the candidate was introduced to.
    shown = [
        c.id
        for c, s in zip(ranked, items, strict=True)
        if c.id is not None and (s.candidate.id is not None or s.candidate.last_name is not None)
    ]
    shown += [n.candidate_id for n in not_suggested]
    exposure.record_suggested([c.id for c in ranked if c.id is not None])  # issue 16
    audit.record_reads(session, principal, shown, purpose="matching", action=action)
    workplace = snap.workplaces[workplace_id]
    taken = open_now(session).by_workplace.get(workplace_id, 0)
    return WorkplaceSuggestions(
        workplace_id=workplace_id,
        warnings=freshness.problems(workplace, taken, on, policy),
        weight_profile=weights.name,
        engine_version=ENGINE_VERSION,
        n_feasible=out.ranking.n_feasible,
        n_eligible=out.ranking.n_eligible,
        items=items,
        not_suggested_count=out.ranking.n_held,
        not_suggested=not_suggested,
        excluded=exclusions_out(out.excluded, status=status),
    )
