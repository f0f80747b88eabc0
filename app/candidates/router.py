"""Candidate endpoints for staff (admin, jobhunter) and pseudonymous profiles for WSP front-ends.

Every read of identifiable data is written to the access log.
"""

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from app.audit import service as audit
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
from app.core.security import PrincipalDep
from app.core.visibility import FieldGroup
from app.core.vocab import Readiness, Regime, SchoolType

router = APIRouter(prefix="/candidates", tags=["candidates"])
profiles_router = APIRouter(prefix="/profiles", tags=["profiles (pseudonymous)"])
PURPOSE = "case_management"


@router.post("", status_code=status.HTTP_201_CREATED, response_model=CandidatePublic)
def create_candidate(
    candidate_in: CandidateCreate, session: SessionDep, principal: PrincipalDep
) -> CandidatePublic:
    candidate = service.create(session, principal=principal, candidate_in=candidate_in)
    # The response shows the whole record back: a read like any other.
    audit.record_reads(session, principal, [candidate.id or 0], purpose=PURPOSE, action="create")
    return service.to_public(candidate)


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
    rows, total = service.list_(session, filters=filters, page=page, principal=principal)
    audit.record_reads(
        session, principal, [c.id for c in rows if c.id], purpose=PURPOSE, action="list"
    )
    items = [service.to_public(c) for c in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/{candidate_id}", response_model=CandidatePublic)
def get_candidate(
    candidate_id: int, session: SessionDep, principal: PrincipalDep
) -> CandidatePublic:
    candidate = service.get(session, candidate_id)
    audit.record_reads(session, principal, [candidate_id], purpose=PURPOSE, action="read")
    return service.to_public(candidate)


@router.patch("/{candidate_id}", response_model=CandidatePublic)
def update_candidate(
    candidate_id: int, patch: CandidateUpdate, session: SessionDep, principal: PrincipalDep
) -> CandidatePublic:
    candidate = service.update(session, candidate=service.get(session, candidate_id), patch=patch)
    audit.record_reads(session, principal, [candidate_id], purpose=PURPOSE, action="update")
    return service.to_public(candidate)


@router.delete("/{candidate_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_candidate(candidate_id: int, session: SessionDep, principal: PrincipalDep) -> None:
    candidate = service.get(session, candidate_id)
    visibility.require(principal, FieldGroup.sensitive, visibility.subject(session, candidate))
    service.delete(session, candidate=candidate)


@router.get("/{candidate_id}/loonwaarde", response_model=list[LoonwaardePublic])
def list_loonwaarde(
    candidate_id: int, session: SessionDep, principal: PrincipalDep
) -> list[LoonwaardePublic]:
    candidate = service.get(session, candidate_id)
    audit.record_reads(session, principal, [candidate_id], purpose=PURPOSE, action="loonwaarde")
    return [LoonwaardePublic.model_validate(m.model_dump()) for m in candidate.loonwaarde]


@router.post(
    "/{candidate_id}/loonwaarde",
    status_code=status.HTTP_201_CREATED,
    response_model=LoonwaardePublic,
)
def add_loonwaarde(
    candidate_id: int, measurement_in: LoonwaardeIn, session: SessionDep
) -> LoonwaardePublic:
    candidate = service.get(session, candidate_id)
    measurement = service.add_loonwaarde(
        session, candidate=candidate, measurement_in=measurement_in
    )
    return LoonwaardePublic.model_validate(measurement.model_dump())


@router.get("/{candidate_id}/sensitive", response_model=SensitivePublic)
def get_sensitive(
    candidate_id: int, session: SessionDep, principal: PrincipalDep
) -> SensitivePublic:
    candidate = service.get(session, candidate_id)
    visibility.require(principal, FieldGroup.sensitive, visibility.subject(session, candidate))
    audit.record_reads(session, principal, [candidate_id], purpose=PURPOSE, action="sensitive")
    return SensitivePublic.model_validate(service.get_sensitive(session, candidate).model_dump())


@router.put("/{candidate_id}/sensitive", response_model=SensitivePublic)
def put_sensitive(
    candidate_id: int, sensitive_in: SensitiveIn, session: SessionDep, principal: PrincipalDep
) -> SensitivePublic:
    candidate = service.get(session, candidate_id)
    visibility.require(principal, FieldGroup.sensitive, visibility.subject(session, candidate))
    sensitive = service.put_sensitive(
        session, principal=principal, candidate=candidate, sensitive_in=sensitive_in
    )
    audit.record_reads(
        session, principal, [candidate_id], purpose=PURPOSE, action="sensitive_update"
    )
    return SensitivePublic.model_validate(sensitive.model_dump())


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
