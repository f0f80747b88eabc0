"""Import pages for staff (issue 13): upload a file, read the dry-run report, confirm.

Adapters only: ``app/imports/uploads.py`` stores the file, queues the job and serves reports.
The upload form is multipart (one file); its CSRF token is checked like every other form.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from starlette.datastructures import FormData, UploadFile

from app.core.config import get_settings
from app.core.db import SessionDep
from app.core.errors import DomainError, Forbidden, Invalid
from app.core.routing import Router
from app.imports import profiles, storage, uploads
from app.imports.schemas import Entity
from app.web.deps import CheckedForm, StaffDep
from app.web.import_text import dutch
from app.web.security import CSRF_FIELD, csrf_valid
from app.web.staff_pages import page

router = Router(prefix="/app", include_in_schema=False)
SHOWN_PROBLEMS = 100
ENTITY_LABELS = {"candidates": "Kandidaten", "employers": "Werkgevers", "workplaces": "Werkplekken"}
STATUS_LABELS = {
    "queued": "In de wachtrij", "running": "Bezig", "succeeded": "Klaar",
    "rejected": "Geweigerd: er is niets opgeslagen", "failed": "Mislukt",
}  # fmt: skip


async def upload_form(request: Request) -> FormData:
    """The multipart form with its one file, after the CSRF check."""
    form = await request.form(max_files=1, max_fields=20)
    token = form.get(CSRF_FIELD)
    if not csrf_valid(request, token if isinstance(token, str) else None):
        raise Forbidden("Het formulier is verlopen (CSRF-controle). Laad de pagina opnieuw.")
    return form


UploadForm = Annotated[FormData, Depends(upload_form)]


@contextmanager
def in_dutch() -> Iterator[None]:
    """A refusal from the import service, shown to staff in Dutch (the API keeps English)."""
    try:
        yield
    except DomainError as exc:
        exc.detail = dutch(exc.detail)
        exc.args = (exc.detail,)
        raise


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


@router.get("/import")
def import_page(request: Request, session: SessionDep, principal: StaffDep) -> HTMLResponse:
    return page(
        request, "staff_import.html", principal, title="Importeren",
        imports=uploads.list_recent(session, principal=principal), entities=ENTITY_LABELS,
        profiles=profiles.available(), statuses=STATUS_LABELS,
        max_mb=get_settings().import_max_mb,
    )  # fmt: skip


@router.post("/import")
def upload(form: UploadForm, principal: StaffDep) -> RedirectResponse:
    file = form.get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        raise Invalid("Kies een bestand om te importeren.", fields={"file": "verplicht"})
    entity = _text(form, "entity")
    if entity not in Entity.__members__:
        raise Invalid("Kies wat het bestand bevat.", fields={"entity": entity[:40]})
    with in_dutch():
        started = uploads.start(
            principal=principal, upload=file.file, file_name=file.filename,
            entity=Entity(entity), profile=_text(form, "profile"),
            source=_text(form, "source") or None, dry_run=True, valid_rows=False,
        )  # fmt: skip
    return RedirectResponse(f"/app/import/{started.id}", status_code=303)


@router.get("/import/{import_id}")
def import_detail(
    import_id: int, request: Request, session: SessionDep, principal: StaffDep
) -> HTMLResponse:
    with in_dutch():
        record = uploads.read(session, principal=principal, import_id=import_id)
    problems = uploads.first_problems(import_id, SHOWN_PROBLEMS) if record.problems else []
    # The service's English for the API and the CSV; Dutch for staff on the page.
    record = record.model_copy(
        update={"message": dutch(record.message), "notes": [dutch(n) for n in record.notes]}
    )
    problems = [[*line[:3], dutch(line[3])] if len(line) > 3 else line for line in problems]
    return page(
        request, "staff_import_detail.html", principal, title=f"Import {import_id}",
        record=record, problems=problems, shown=SHOWN_PROBLEMS, entities=ENTITY_LABELS,
        statuses=STATUS_LABELS,
    )  # fmt: skip


@router.post("/import/{import_id}/bevestigen")
def confirm(
    import_id: int, form: CheckedForm, session: SessionDep, principal: StaffDep
) -> RedirectResponse:
    valid_rows = form.get("valid_rows") == "1"
    with in_dutch():
        started = uploads.confirm(
            session, principal=principal, import_id=import_id, valid_rows=valid_rows
        )
    return RedirectResponse(f"/app/import/{started.id}", status_code=303)


def _download(session: SessionDep, principal: StaffDep, import_id: int, name: str) -> FileResponse:
    with in_dutch():
        path = uploads.report_file(session, principal=principal, import_id=import_id, name=name)
    label = "problemen" if name == storage.PROBLEMS else "afgekeurd"
    return FileResponse(path, media_type="text/csv; charset=utf-8",
                        filename=f"import-{import_id}-{label}.csv")  # fmt: skip


@router.get("/import/{import_id}/problemen.csv")
def problems_csv(import_id: int, session: SessionDep, principal: StaffDep) -> FileResponse:
    return _download(session, principal, import_id, storage.PROBLEMS)


@router.get("/import/{import_id}/afgekeurd.csv")
def rejected_csv(import_id: int, session: SessionDep, principal: StaffDep) -> FileResponse:
    return _download(session, principal, import_id, storage.REJECTED)
