"""``/api/v1/imports``: upload a file to import in the background, follow it, fetch reports.

Adapters only (``uploads`` does the work). Staff only, attached where the router is included.
"""

from typing import Annotated

from fastapi import Body, Form, Request, status
from fastapi.responses import FileResponse

from app.core.db import SessionDep
from app.core.routing import Router
from app.core.security import PrincipalDep
from app.imports import storage, uploads
from app.imports.schemas import ConfirmIn, ImportPublic, ImportUpload

router = Router(prefix="/imports", tags=["imports"])
CSV = "text/csv; charset=utf-8"


@router.post("", status_code=status.HTTP_202_ACCEPTED, response_model=ImportPublic)
def upload(
    request: Request, principal: PrincipalDep, form: Annotated[ImportUpload, Form()]
) -> ImportPublic:
    """Queue an import (202); follow it at `GET /imports/{id}`. Files above the size cap: 413."""
    return uploads.start(
        principal=principal, upload=form.file.file, file_name=form.file.filename or "upload",
        entity=form.entity, profile=form.profile, source=form.source, dry_run=form.dry_run,
        valid_rows=form.valid_rows, max_bytes=uploads.max_upload_bytes(request.app.state.settings),
    )  # fmt: skip


@router.get("", response_model=list[ImportPublic])
def list_imports(session: SessionDep, principal: PrincipalDep) -> list[ImportPublic]:
    """The 20 latest imports (a jobhunter's own; an admin's: everyone's)."""
    return uploads.list_recent(session, principal=principal)


@router.get("/{import_id}", response_model=ImportPublic)
def get_import(import_id: int, session: SessionDep, principal: PrincipalDep) -> ImportPublic:
    """Status, progress (%) and counts; links to the reports once it has finished."""
    return uploads.read(session, principal=principal, import_id=import_id)


@router.get("/{import_id}/problems.csv", response_class=FileResponse)
def problems_csv(import_id: int, session: SessionDep, principal: PrincipalDep) -> FileResponse:
    """The error report: one line per problem (row, column, value, message)."""
    path = uploads.report_file(
        session, principal=principal, import_id=import_id, name=storage.PROBLEMS
    )
    return FileResponse(path, media_type=CSV, filename=f"import-{import_id}-problemen.csv")


@router.get("/{import_id}/rejected.csv", response_class=FileResponse)
def rejected_csv(import_id: int, session: SessionDep, principal: PrincipalDep) -> FileResponse:
    """With "import the valid rows": the rejected rows and an error column, to fix and resend."""
    path = uploads.report_file(
        session, principal=principal, import_id=import_id, name=storage.REJECTED
    )
    return FileResponse(path, media_type=CSV, filename=f"import-{import_id}-afgekeurd.csv")


@router.post(
    "/{import_id}/confirm", status_code=status.HTTP_202_ACCEPTED, response_model=ImportPublic
)
def confirm(
    import_id: int,
    session: SessionDep,
    principal: PrincipalDep,
    confirm_in: Annotated[ConfirmIn | None, Body()] = None,
) -> ImportPublic:
    """Run a finished dry run for real on the same file (a new import). The body is optional:
    a bare POST (the `confirm_url` as given) imports a dry run without problems."""
    valid_rows = confirm_in.valid_rows if confirm_in is not None else False
    return uploads.confirm(session, principal=principal, import_id=import_id, valid_rows=valid_rows)
