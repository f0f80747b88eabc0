"""The duplicates queue for staff: both records side by side, merge or keep apart (issue 13).

Adapters only: the duplicates service decides who sees which pair and logs every read.
"""

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from app.core.db import SessionDep
from app.core.errors import Invalid
from app.core.pagination import PageParams
from app.core.routing import Router
from app.imports.duplicates import service
from app.imports.duplicates.schemas import KeepApartIn, MergeIn, PairStatus
from app.web.deps import CheckedForm, StaffDep
from app.web.staff_pages import form_int, page

router = Router(prefix="/app", include_in_schema=False)
DATE_MATCH = {
    "exact": "gelijk",
    "swapped": "dag en maand verwisseld",
    "one_digit": "één cijfer anders",
}


@router.get("/dubbelen")
def queue(request: Request, session: SessionDep, principal: StaffDep) -> HTMLResponse:
    pairs = service.list_public(
        session,
        principal=principal,
        status=PairStatus.open,
        page=PageParams(limit=50, offset=0, sort="-name_score"),
        action="web_duplicates",
    )
    return page(
        request,
        "staff_duplicates.html",
        principal,
        title="Mogelijke dubbelen",
        pairs=pairs.items,
        total=pairs.total,
        date_match=DATE_MATCH,
    )


@router.post("/dubbelen/{pair_id}")
def decide(
    pair_id: int, form: CheckedForm, session: SessionDep, principal: StaffDep
) -> RedirectResponse:
    version = form_int(form, "version")
    note = str(form.get("note") or "")[:2000]
    action = form.get("action")
    if action == "merge":
        survivor = form_int(form, "survivor_id")
        merge_in = MergeIn(survivor_id=survivor, version=version, note=note)
        service.merge_public(session, principal=principal, pair_id=pair_id, merge_in=merge_in)
        return RedirectResponse("/app/dubbelen?gedaan=merged", status_code=303)
    if action == "keep_apart":
        keep_in = KeepApartIn(version=version, note=note)
        service.keep_apart_public(session, principal=principal, pair_id=pair_id, keep_in=keep_in)
        return RedirectResponse("/app/dubbelen?gedaan=kept_apart", status_code=303)
    raise Invalid("Kies samenvoegen of apart houden.", fields={"action": "verplicht"})
