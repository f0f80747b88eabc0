"""Duplicates review queue over REST (staff). Adapters only: the service checks who may see
both records and writes every read to the access log."""

from app.core.db import SessionDep
from app.core.pagination import Page, PageDep
from app.core.routing import Router
from app.core.security import PrincipalDep
from app.imports.duplicates import service
from app.imports.duplicates.schemas import (
    DuplicatePairPublic,
    KeepApartIn,
    MergeIn,
    MergeResult,
    PairStatus,
)

router = Router(prefix="/duplicates", tags=["duplicates"])


@router.get("", response_model=Page[DuplicatePairPublic])
def list_pairs(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageDep,
    status: PairStatus | None = PairStatus.open,
) -> Page[DuplicatePairPublic]:
    """Possible duplicates, both records side by side (default: the open ones)."""
    return service.list_public(session, principal=principal, status=status, page=page)


@router.get("/{pair_id}", response_model=DuplicatePairPublic)
def get_pair(pair_id: int, session: SessionDep, principal: PrincipalDep) -> DuplicatePairPublic:
    return service.read_public(session, principal=principal, pair_id=pair_id)


@router.post("/{pair_id}/merge", response_model=MergeResult)
def merge_pair(
    pair_id: int, merge_in: MergeIn, session: SessionDep, principal: PrincipalDep
) -> MergeResult:
    """One record survives; the other's consents, loonwaarde, placements, notes and history
    move to it, and the other is erased to a tombstone. Logged in the decision log."""
    return service.merge_public(session, principal=principal, pair_id=pair_id, merge_in=merge_in)


@router.post("/{pair_id}/keep-apart", response_model=DuplicatePairPublic)
def keep_apart(
    pair_id: int, keep_in: KeepApartIn, session: SessionDep, principal: PrincipalDep
) -> DuplicatePairPublic:
    """Two different people: this pair is never flagged again."""
    return service.keep_apart_public(session, principal=principal, pair_id=pair_id, keep_in=keep_in)
