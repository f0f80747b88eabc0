"""Candidate endpoints for staff (admin, jobhunter) and pseudonymous profiles for WSP front-ends.

The services write every read of identifiable data to the access log; these are adapters.
"""

from typing import Annotated

from fastapi import Path, Query, status

from app.candidates import service
from app.candidates.schemas import (
    CandidateCreate,
    CandidateFunctional,
    CandidatePublic,
    CandidateUpdate,
    LoonwaardeIn,
    LoonwaardePublic,
    SensitiveIn,
    SensitivePublic,
)
from app.candidates.service import CandidateFilters
from app.consent.schemas import ConsentPurpose
from app.core import visibility
from app.core.db import SessionDep
from app.core.errors import NotFound
from app.core.pagination import Page, PageDep
from app.core.routing import Router
from app.core.security import PrincipalDep
from app.core.visibility import FieldGroup
from app.core.vocab import Readiness, Regime, SchoolType

router = Router(prefix="/candidates", tags=["candidates"])
profiles_router = Router(prefix="/profiles", tags=["profiles (pseudonymous)"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=CandidatePublic)
def create_candidate(
    candidate_in: CandidateCreate, session: SessionDep, principal: PrincipalDep
) -> CandidatePublic:
    return service.create_public(session, principal=principal, candidate_in=candidate_in)


@router.get("", response_model=Page[CandidatePublic])
def list_candidates(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageDep,
    readiness: Readiness | None = None,
    municipality: Annotated[str | None, Query(max_length=80)] = None,
    regime: Regime | None = None,
    pc4: Annotated[str | None, Query(pattern=r"^[1-9][0-9]{3}$")] = None,
    school_type: SchoolType | None = None,
    jobhunter_id: int | None = None,
    q: Annotated[str | None, Query(max_length=80, description="Part of surname/pseudonym.")] = None,
) -> Page[CandidatePublic]:
    filters = CandidateFilters(readiness, municipality, regime, pc4, school_type, jobhunter_id, q)
    return service.list_public(session, principal=principal, filters=filters, page=page)


@router.get("/{candidate_id}", response_model=CandidatePublic)
def get_candidate(
    candidate_id: int, session: SessionDep, principal: PrincipalDep
) -> CandidatePublic:
    return service.read_public(session, principal=principal, candidate_id=candidate_id)


@router.patch("/{candidate_id}", response_model=CandidatePublic)
def update_candidate(
    candidate_id: int, patch: CandidateUpdate, session: SessionDep, principal: PrincipalDep
) -> CandidatePublic:
    return service.update_public(
        session, principal=principal, candidate_id=candidate_id, patch=patch
    )


@router.delete("/{candidate_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_candidate(candidate_id: int, session: SessionDep, principal: PrincipalDep) -> None:
    candidate = service.get(session, candidate_id)
    visibility.require(principal, FieldGroup.sensitive, visibility.subject(session, candidate))
    service.delete(session, candidate=candidate)


@router.get("/{candidate_id}/loonwaarde", response_model=list[LoonwaardePublic])
def list_loonwaarde(
    candidate_id: int, session: SessionDep, principal: PrincipalDep
) -> list[LoonwaardePublic]:
    return service.loonwaarde_public(session, principal=principal, candidate_id=candidate_id)


@router.post(
    "/{candidate_id}/loonwaarde",
    status_code=status.HTTP_201_CREATED,
    response_model=LoonwaardePublic,
)
def add_loonwaarde(
    candidate_id: int, measurement_in: LoonwaardeIn, session: SessionDep, principal: PrincipalDep
) -> LoonwaardePublic:
    return service.add_loonwaarde_public(
        session, principal=principal, candidate_id=candidate_id, measurement_in=measurement_in
    )


@router.get("/{candidate_id}/sensitive", response_model=SensitivePublic)
def get_sensitive(
    candidate_id: int, session: SessionDep, principal: PrincipalDep
) -> SensitivePublic:
    return service.sensitive_public(session, principal=principal, candidate_id=candidate_id)


@router.put("/{candidate_id}/sensitive", response_model=SensitivePublic)
def put_sensitive(
    candidate_id: int, sensitive_in: SensitiveIn, session: SessionDep, principal: PrincipalDep
) -> SensitivePublic:
    return service.put_sensitive_public(
        session, principal=principal, candidate_id=candidate_id, sensitive_in=sensitive_in
    )


@profiles_router.get("", response_model=Page[CandidateFunctional])
def list_profiles(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageDep,
    readiness: Readiness | None = None,
    pc4: Annotated[str | None, Query(pattern=r"^[1-9][0-9]{3}$")] = None,
    school_type: SchoolType | None = None,
) -> Page[CandidateFunctional]:
    """Pseudonymous profiles; outside the team only of candidates who consented to sharing."""
    # A role that sees functional profiles only under a consent gets only those consenting.
    consent = None
    if not visibility.allowed(principal, FieldGroup.functional):
        consent = ConsentPurpose.share_pseudonymous
    filters = CandidateFilters(
        readiness=readiness, pc4=pc4, school_type=school_type, consent=consent
    )
    rows, total = service.list_(
        session, filters=filters, page=page, sortable=service.PROFILE_SORTABLE
    )
    subjects = visibility.subjects(session, rows)
    items = [
        service.to_functional(
            c, show_id=visibility.shows_internal_id(principal, subjects[c.id or 0])
        )
        for c in rows
        if visibility.allowed(principal, FieldGroup.functional, subjects[c.id or 0])
    ]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@profiles_router.get("/{pseudonym}", response_model=CandidateFunctional)
def get_profile(
    pseudonym: Annotated[str, Path(max_length=12)], session: SessionDep, principal: PrincipalDep
) -> CandidateFunctional:
    candidate = service.get_by_pseudonym(session, pseudonym)
    # Not shared looks the same as not there: a key cannot probe who withheld consent.
    subject = visibility.subject(session, candidate) if candidate is not None else None
    if candidate is None or not visibility.allowed(principal, FieldGroup.functional, subject):
        raise NotFound("No profile with that pseudonym.")
    assert subject is not None
    return service.to_functional(
        candidate, show_id=visibility.shows_internal_id(principal, subject)
    )
