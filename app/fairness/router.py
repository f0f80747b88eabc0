"""Aggregate reports: outcomes and fairness/exposure, as JSON and CSV. Staff only (the role
rule is attached where this router is included); counts under 10 are suppressed."""

from datetime import date
from typing import Annotated

from fastapi import Depends, Query
from fastapi.responses import Response

from app.core.db import SessionDep
from app.core.errors import Invalid
from app.core.routing import Router
from app.core.security import PrincipalDep
from app.fairness import monitoring
from app.fairness import service as fairness
from app.fairness.facts import Scope
from app.fairness.schemas import CharacteristicsIn, CharacteristicsPublic, FairnessReportPublic
from app.outcomes import region
from app.outcomes import service as outcomes
from app.outcomes.schemas import OutcomesReportPublic, RegionReportPublic

router = Router(prefix="/reports", tags=["reports"])
monitoring_router = Router(prefix="/candidates", tags=["reports"])


def scope(
    municipality: Annotated[str | None, Query(max_length=80, description="Only here.")] = None,
    since: Annotated[date | None, Query(description="Period start (inclusive).")] = None,
    until: Annotated[date | None, Query(description="Period end (inclusive).")] = None,
) -> Scope:
    if since is not None and until is not None and until < since:
        raise Invalid("The period ends before it starts.", fields={"until": "before since"})
    return Scope(municipality=municipality or None, since=since, until=until)


ScopeDep = Annotated[Scope, Depends(scope)]


@router.get("/outcomes", response_model=OutcomesReportPublic)
def outcomes_report(session: SessionDep, period: ScopeDep) -> OutcomesReportPublic:
    """Placements that started in the period: still in work at 6 and 12 months (same or
    another job), ended, dropped out and why; per municipality of the young person."""
    return outcomes.outcomes_report(session, period)


@router.get("/outcomes.csv", response_class=Response)
def outcomes_csv(session: SessionDep, period: ScopeDep) -> Response:
    """The outcomes report as CSV (suppressed cells are empty)."""
    body = outcomes.to_csv(outcomes.outcomes_report(session, period))
    return _csv(body, "uitkomsten.csv")


@router.get("/region", response_model=RegionReportPublic)
def region_report(session: SessionDep, period: ScopeDep) -> RegionReportPublic:
    """Placements per month, median months in work, still in work at 6 and 12 months, by
    place type and by instrument; counts under 10 are null."""
    return region.region_report(session, period)


@router.get("/region.csv", response_class=Response)
def region_csv(session: SessionDep, period: ScopeDep) -> Response:
    """The region report as CSV (suppressed cells are empty)."""
    return _csv(region.to_csv(region.region_report(session, period)), "regio.csv")


@router.get("/fairness", response_model=FairnessReportPublic)
def fairness_report(
    session: SessionDep, principal: PrincipalDep, period: ScopeDep
) -> FairnessReportPublic:
    """Per group: share suggested, proposed, accepted, placed, still working at 6/12 months,
    exposure, and ratios against the region; who is never proposed and why."""
    return fairness.fairness_report_public(session, principal=principal, scope=period)


@router.get("/fairness.csv", response_class=Response)
def fairness_csv(session: SessionDep, period: ScopeDep) -> Response:
    """The per-group rows of the fairness report as CSV (suppressed cells are empty)."""
    return _csv(fairness.to_csv(fairness.fairness_report(session, period)), "eerlijkheid.csv")


def _csv(body: str, filename: str) -> Response:
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@monitoring_router.get("/{candidate_id}/characteristics", response_model=CharacteristicsPublic)
def get_characteristics(
    candidate_id: int, session: SessionDep, principal: PrincipalDep
) -> CharacteristicsPublic:
    """Characteristics recorded for equality monitoring (own jobhunter and admin)."""
    return monitoring.read_public(session, principal=principal, candidate_id=candidate_id)


@monitoring_router.put("/{candidate_id}/characteristics", response_model=CharacteristicsPublic)
def put_characteristics(
    candidate_id: int, body: CharacteristicsIn, session: SessionDep, principal: PrincipalDep
) -> CharacteristicsPublic:
    """Record them, replacing earlier ones: only names the region records, only with an
    active `equality_monitoring` consent (409 otherwise). Counted in the fairness report,
    never used for matching."""
    return monitoring.put_public(
        session, principal=principal, candidate_id=candidate_id, values=body.characteristics
    )
