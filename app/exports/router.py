"""Downloads for staff: CSV or XLSX of a run's proposals, placements, follow-ups."""

from typing import Annotated

from fastapi import Query
from fastapi.responses import Response

from app.core.db import SessionDep
from app.core.routing import Router
from app.core.security import PrincipalDep
from app.core.timeutil import today
from app.exports import service
from app.exports.formats import MEDIA_TYPES, Format, render
from app.placements.service import PlacementFilters
from app.placements.vocab import PlacementState

router = Router(prefix="/exports", tags=["exports"])


def download(fmt: Format, name: str, table: service.Table) -> Response:
    header, rows = table
    filename = f"{name}-{today():%Y-%m-%d}.{fmt.value}"
    return Response(
        render(fmt, name, header, rows),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/proposals.{fmt}", response_class=Response)
def export_proposals(
    fmt: Format,
    run_id: Annotated[int, Query(ge=1, description="The match run.")],
    session: SessionDep,
    principal: PrincipalDep,
) -> Response:
    """A run's proposals with score, status and review (candidates by id and pseudonym)."""
    return download(fmt, "voorstellen", service.proposals(session, principal, run_id=run_id))


@router.get("/placements.{fmt}", response_class=Response)
def export_placements(
    fmt: Format,
    session: SessionDep,
    principal: PrincipalDep,
    state: PlacementState | None = None,
    jobhunter_id: int | None = None,
) -> Response:
    """Placements with their phase, dates, outcome and whether still in work at 6/12 months."""
    filters = PlacementFilters(state=state, jobhunter_id=jobhunter_id)
    table = service.placement_rows(session, principal, filters=filters)
    return download(fmt, "plaatsingen", table)


@router.get("/follow-ups.{fmt}", response_class=Response)
def export_follow_ups(
    fmt: Format,
    session: SessionDep,
    principal: PrincipalDep,
    jobhunter_id: int | None = None,
    include_done: bool = False,
) -> Response:
    """Follow-ups by due date (a jobhunter key: its own, unless another is asked for)."""
    table = service.follow_up_rows(
        session, principal, jobhunter_id=jobhunter_id, include_done=include_done
    )
    return download(fmt, "opvolging", table)
