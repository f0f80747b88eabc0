"""Per-candidate facts for the fairness report, read with a few aggregate queries.

Built for a region of tens of thousands of candidates: one pass over the candidates, and
grouped counts for proposals, exposure and placements (never a row per proposal in Python).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.candidates.models import Candidate
from app.candidates.service import age_band
from app.consent import service as consent
from app.consent.schemas import ConsentPurpose
from app.fairness.models import CandidateCharacteristic, ExposureCount
from app.fairness.report import CandidateFacts
from app.matches.models import MatchRun, Proposal
from app.placements.models import FollowUp, Placement
from app.placements.schedule import in_work_at
from app.placements.vocab import OUTCOME_CHECKS, FollowUpKind, FollowUpStatus, Outcome

DIMENSIONS = ("age_band", "school_type", "regime", "municipality")


@dataclass(frozen=True)
class Scope:
    municipality: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class CandidateRow:
    id: int
    pseudonym: str
    municipality: str
    readiness: str
    readiness_confirmed_on: date
    age_band: str
    created_at: datetime


def _between(column: Any, scope: Scope, as_datetime: bool) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if scope.since is not None:
        low = datetime.combine(scope.since, time.min) if as_datetime else scope.since
        conditions.append(col(column) >= low)
    if scope.until is not None:
        high: date | datetime = scope.until + timedelta(days=1)
        if as_datetime:
            high = datetime.combine(scope.until + timedelta(days=1), time.min)
        conditions.append(col(column) < high)
    return conditions


def load(
    session: Session, scope: Scope, on: date
) -> tuple[list[CandidateFacts], list[CandidateRow], list[str], set[int], set[int]]:
    """Facts per candidate, the candidates, extra dimensions, matching-consent ids, and the
    candidates with a placement that has not ended."""
    columns = (
        Candidate.id, Candidate.pseudonym, Candidate.municipality, Candidate.readiness,
        Candidate.readiness_confirmed_on, Candidate.date_of_birth, Candidate.school_type,
        Candidate.regime, Candidate.created_at,
    )  # fmt: skip
    statement = sa_select(*[col(c) for c in columns]).where(col(Candidate.erased_at).is_(None))
    if scope.municipality:
        statement = statement.where(col(Candidate.municipality) == scope.municipality)
    rows: list[tuple[Any, ...]] = [tuple(r) for r in session.connection().execute(statement)]
    in_scope = {int(r[0]) for r in rows}

    proposed: dict[int, int] = defaultdict(int)
    accepted: set[int] = set()
    p_statement = (
        select(Proposal.candidate_id, Proposal.status, func.count())
        .join(MatchRun, col(MatchRun.id) == col(Proposal.run_id))
        .where(*_between(MatchRun.created_at, scope, True))
        .group_by(col(Proposal.candidate_id), col(Proposal.status))
    )
    for candidate_id, status, count in session.exec(p_statement).all():
        proposed[candidate_id] += int(count)
        if status == "accepted":
            accepted.add(candidate_id)

    e_statement = (
        select(ExposureCount.candidate_id, func.sum(ExposureCount.times_suggested))
        .where(*_between(ExposureCount.day, scope, False))
        .group_by(col(ExposureCount.candidate_id))
    )
    suggested = {c: int(n or 0) for c, n in session.exec(e_statement).all()}

    working = _working(session, scope, on, accepted)
    busy = set(
        session.exec(
            select(Placement.candidate_id).where(Placement.state != "ended").distinct()
        ).all()
    )
    extra, groups_of = _characteristics(session, in_scope)
    facts: list[CandidateFacts] = []
    candidates: list[CandidateRow] = []
    for cid, pseudonym, municipality, readiness, confirmed, born, school, regime, created in rows:
        band = age_band(born, on)
        groups = {
            "age_band": band,
            "school_type": school,
            "regime": regime,
            "municipality": municipality,
            **groups_of.get(cid, {}),
        }
        placed, six, twelve = working.get(cid, (False, None, None))
        facts.append(
            CandidateFacts(
                candidate_id=cid,
                groups=groups,
                times_suggested=suggested.get(cid, 0),
                times_proposed=proposed.get(cid, 0),
                accepted=cid in accepted,
                placed=placed,
                working_6m=six,
                working_12m=twelve,
            )
        )
        candidates.append(
            CandidateRow(cid, pseudonym, municipality, readiness, confirmed, band, created)
        )
    matching = set(session.exec(consent.active_ids_query(ConsentPurpose.matching)).all())
    return facts, candidates, extra, matching, busy


def _working(
    session: Session, scope: Scope, on: date, accepted: set[int]
) -> dict[int, tuple[bool, bool | None, bool | None]]:
    """Candidate → (placed, working at 6 months, at 12 months); a yes in any job counts."""
    recorded: dict[tuple[int, int], bool] = {}
    checks = select(FollowUp.placement_id, FollowUp.kind, FollowUp.still_in_work).where(
        col(FollowUp.kind).in_(list(OUTCOME_CHECKS)), FollowUp.status == FollowUpStatus.done
    )
    for placement_id, kind, still in session.exec(checks).all():
        recorded[(placement_id, OUTCOME_CHECKS[FollowUpKind(kind)])] = bool(still)
    columns = (
        Placement.id, Placement.candidate_id, Placement.start_date, Placement.ended_on,
        Placement.outcome,
    )  # fmt: skip
    statement = sa_select(*[col(c) for c in columns]).where(
        *_between(Placement.created_at, scope, True)
    )
    result: dict[int, tuple[bool, bool | None, bool | None]] = {}
    placements: list[tuple[Any, ...]] = [tuple(r) for r in session.connection().execute(statement)]
    for pid, cid, start, ended, outcome in placements:
        accepted.add(cid)  # a placement is an accepted match, also one found by hand
        placed, six, twelve = result.get(cid, (False, None, None))
        how = Outcome(outcome) if outcome else None
        values = [
            in_work_at(
                m, start_date=start, ended_on=ended, outcome=how,
                recorded=recorded.get((pid, m)), today=on,
            )
            for m in (6, 12)
        ]  # fmt: skip
        result[cid] = (placed or start is not None, _any(six, values[0]), _any(twelve, values[1]))
    return result


def _any(before: bool | None, now: bool | None) -> bool | None:
    if before is True or now is True:
        return True
    if before is False or now is False:
        return False
    return None


def _characteristics(
    session: Session, in_scope: set[int]
) -> tuple[list[str], dict[int, dict[str, str]]]:
    """Monitoring characteristics, only of candidates who consented to this purpose."""
    consenting = consent.active_ids_query(ConsentPurpose.equality_monitoring)
    statement = select(CandidateCharacteristic).where(
        col(CandidateCharacteristic.candidate_id).in_(consenting)
    )
    groups: dict[int, dict[str, str]] = defaultdict(dict)
    names: set[str] = set()
    for row in session.exec(statement).all():
        if row.candidate_id in in_scope:
            groups[row.candidate_id][f"kenmerk:{row.name}"] = row.value
            names.add(f"kenmerk:{row.name}")
    return sorted(names), groups
