"""Live, explained suggestions: best workplaces for a candidate, best candidates for a place.

Only candidates who are *bemiddelbaar* (readiness ``ready``) with a recent confirmation are
suggested. Those who would fit but are not suggestible are listed apart (staff only), so a
jobhunter sees why someone cannot be found. Candidates without an active ``matching`` consent
are not in the snapshot at all; what each key sees of the others is the visibility matrix's.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from app.candidates.models import Candidate
from app.candidates.service import age_band
from app.core import visibility
from app.core.config import get_settings
from app.core.errors import NotFound
from app.core.security import Principal
from app.core.timeutil import today
from app.core.visibility import FieldGroup, Subject
from app.core.vocab import Readiness
from app.employers.models import Workplace
from app.matches.explain_out import explanation_out
from app.matches.models import PairRule
from app.matches.schemas import (
    CandidateSuggestion,
    CandidateSuggestions,
    CandidateSummary,
    NotSuggested,
    WorkplaceSuggestion,
    WorkplaceSuggestions,
    WorkplaceSummary,
)
from app.matches.snapshot import Snapshot, cache
from app.matches.weights import weight_profile
from matching import (
    DEFAULT_POLICY,
    ENGINE_VERSION,
    explain_block,
    rank_for_candidate,
    rank_for_workplace,
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


def profile_gaps(candidate: Candidate) -> list[str]:
    gaps = []
    if not candidate.loonwaarde:
        gaps.append("Loonwaarde nog niet gemeten")
    if not candidate.interests and not candidate.preferred_sectors:
        gaps.append("Geen interesses of voorkeurssectoren ingevuld")
    if not candidate.days_available:
        gaps.append("Beschikbare dagen onbekend")
    return gaps


def _forbidden(
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
    *,
    candidate_id: int,
    limit: int,
    filters: WorkplaceFilter,
    profile: str = "default",
) -> CandidateSuggestions:
    snap = cache.get(session)
    if candidate_id not in snap.candidate_pos:
        return _without_consent(session, candidate_id, profile)
    weights = weight_profile(profile)
    cand_pos = snap.candidate_pos[candidate_id]
    ranking = rank_for_candidate(
        snap.index, cand_pos, k=len(snap.workplace_pos), weights=weights, policy=DEFAULT_POLICY
    )
    forbidden = {w for _, w in _forbidden(session, candidate_id=candidate_id)}
    eligible = [
        (int(wp_pos), snap.workplaces[int(wp_id)])
        for wp_pos, wp_id in zip(ranking.positions, ranking.ids, strict=True)
        if int(wp_id) not in forbidden and _passes(snap.workplaces[int(wp_id)], filters)
    ]
    items: list[WorkplaceSuggestion] = []
    # Explain a page at a time in one scoring pass; the travel filter needs the explanation.
    for start in range(0, len(eligible), limit):
        page = eligible[start : start + limit]
        whys = explain_block(snap.index, [cand_pos], [p for p, _ in page], DEFAULT_POLICY, weights)[
            0
        ]
        for (_, workplace), why in zip(page, whys, strict=True):
            if filters.max_travel_minutes is not None and (
                why.travel_minutes is not None and why.travel_minutes > filters.max_travel_minutes
            ):
                continue
            items.append(
                WorkplaceSuggestion(
                    workplace=_workplace_summary(workplace), explanation=explanation_out(why)
                )
            )
        if len(items) >= limit:
            items = items[:limit]
            break
    candidate = snap.candidates[candidate_id]
    return CandidateSuggestions(
        candidate_id=candidate_id,
        weight_profile=weights.name,
        engine_version=ENGINE_VERSION,
        n_feasible=ranking.n_feasible,
        warnings=readiness_problems(candidate, today()),
        items=items,
    )


def _without_consent(session: Session, candidate_id: int, profile: str) -> CandidateSuggestions:
    """A candidate outside the snapshot has no active matching consent: nothing is scored."""
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or candidate.erased_at is not None:
        raise NotFound("No candidate with that id.")
    return CandidateSuggestions(
        candidate_id=candidate_id,
        weight_profile=weight_profile(profile).name,
        engine_version=ENGINE_VERSION,
        n_feasible=0,
        warnings=[NO_MATCHING_CONSENT, *readiness_problems(candidate, today())],
        items=[],
    )


def _passes(workplace: Workplace, filters: WorkplaceFilter) -> bool:
    if filters.place_type is not None and workplace.place_type != filters.place_type:
        return False
    return filters.kind is None or workplace.kind == filters.kind


def for_workplace(
    session: Session,
    *,
    workplace_id: int,
    principal: Principal,
    limit: int,
    profile: str = "default",
) -> tuple[WorkplaceSuggestions, list[int]]:
    """Ranked candidates; also returns the ids whose identity was shown (for the access log)."""
    snap: Snapshot = cache.get(session)
    if workplace_id not in snap.workplace_pos:
        raise NotFound("No active workplace with that id.")
    weights = weight_profile(profile)
    wp_pos = snap.workplace_pos[workplace_id]
    ranking = rank_for_workplace(
        snap.index, wp_pos, k=len(snap.candidate_pos), weights=weights, policy=DEFAULT_POLICY
    )
    forbidden = {c for c, _ in _forbidden(session, workplace_id=workplace_id)}
    on = today()
    items: list[CandidateSuggestion] = []
    suggested: list[Candidate] = []
    chosen: list[int] = []
    not_suggested: list[NotSuggested] = []
    n_not_suggested = 0
    ranked = [snap.candidates[int(cand_id)] for cand_id in ranking.ids]
    subjects = snap.subjects
    n_feasible = 0
    for cand_pos, candidate in zip(ranking.positions, ranked, strict=True):
        cand_id = candidate.id or 0
        # Whoever may not see this candidate's functional profile does not learn they exist.
        if not visibility.allowed(principal, FieldGroup.functional, subjects[cand_id]):
            continue
        n_feasible += 1
        if cand_id in forbidden:
            continue
        problems = readiness_problems(candidate, on)
        if problems:
            n_not_suggested += 1
            listed = visibility.shows_internal_id(principal, subjects[cand_id])
            if listed and len(not_suggested) < NOT_SUGGESTED_SHOWN:
                not_suggested.append(
                    NotSuggested(
                        candidate_id=int(cand_id), pseudonym=candidate.pseudonym, reasons=problems
                    )
                )
            continue
        if len(suggested) < limit:
            chosen.append(int(cand_pos))
            suggested.append(candidate)
    # One scoring pass explains all shown pairs (20 single-pair calls cost ~20× as much).
    whys = explain_block(snap.index, chosen, [wp_pos], DEFAULT_POLICY, weights)
    for candidate, row in zip(suggested, whys, strict=True):
        items.append(
            CandidateSuggestion(
                candidate=_candidate_summary(candidate, principal, subjects[candidate.id or 0], on),
                explanation=explanation_out(row[0]),
                profile_gaps=profile_gaps(candidate),
            )
        )
    # Identity shown: to staff (the id) or to an employer the candidate was introduced to.
    shown = [
        c.id
        for c, s in zip(suggested, items, strict=True)
        if c.id is not None and (s.candidate.id is not None or s.candidate.last_name is not None)
    ]
    result = WorkplaceSuggestions(
        workplace_id=workplace_id,
        weight_profile=weights.name,
        engine_version=ENGINE_VERSION,
        n_feasible=n_feasible,
        items=items,
        not_suggested_count=n_not_suggested,
        # listed by internal id: only those the caller may identify (shows_internal_id)
        not_suggested=not_suggested,
    )
    return result, shown
