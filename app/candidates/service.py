"""Candidate queries and changes. Services flush; the request's session commits."""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete as sa_delete
from sqlalchemy import func
from sqlmodel import Session, col, select

from app.audit import service as audit
from app.candidates.models import Candidate, CandidateSensitive, LoonwaardeMeasurement
from app.candidates.schemas import (
    CandidateCreate,
    CandidateFields,
    CandidateFunctional,
    CandidatePublic,
    LoonwaardeIn,
    LoonwaardePublic,
    SensitiveIn,
    SensitivePublic,
)
from app.carving.models import CarvedRole
from app.consent import service as consent
from app.consent.schemas import ConsentPurpose
from app.core import visibility
from app.core.crud import LIKE_ESCAPE, check_version, contains_pattern, merge_patch
from app.core.errors import Conflict, Invalid, NotFound
from app.core.geo import pc4_of
from app.core.pagination import Page, PageParams, paginate
from app.core.security import Principal
from app.core.timeutil import today, utcnow
from app.core.vocab import Role
from app.employers.models import Employer
from app.imports.duplicates.models import DuplicatePair
from app.placements.models import Placement
from app.policy.regions import canonical_municipality, same_municipality

SORTABLE = ("id", "last_name", "municipality", "readiness_confirmed_on", "updated_at", "pc4")
# Pseudonymous views must not be orderable by identifying fields.
PROFILE_SORTABLE = ("id", "readiness_confirmed_on", "pc4")


@dataclass(frozen=True)
class CandidateFilters:
    readiness: str | None = None
    municipality: str | None = None
    regime: str | None = None
    pc4: str | None = None
    school_type: str | None = None
    jobhunter_id: int | None = None
    q: str | None = None
    # Only candidates with an active consent for this purpose (pseudonymous views).
    consent: ConsentPurpose | None = None


def _row_values(fields: CandidateFields) -> dict[str, Any]:
    values = fields.model_dump(exclude={"loonwaarde", "jobhunter_id", "consents"})
    values["internships"] = [i.model_dump(mode="json") for i in fields.internships]
    values["pc4"] = pc4_of(fields.postcode)
    # One spelling per municipality ("delft", "Den Haag" → the table's), so filters, runs and
    # policies find the candidate; a name not in the table is kept as typed.
    values["municipality"] = canonical_municipality(fields.municipality) or fields.municipality
    return values


def _check_internships(session: Session, fields: CandidateFields) -> None:
    for index, internship in enumerate(fields.internships):
        if internship.employer_id is not None and not session.get(Employer, internship.employer_id):
            raise Invalid(
                "An internship names an unknown employer.",
                fields={f"internships.{index}.employer_id": "no employer with this id"},
            )


# Days a week a candidate may work when their days are not recorded: only what is impossible
# in any week is refused or capped then.
_DAYS_IF_UNKNOWN = 7
_AVAILABILITY = ("hours_per_week_min", "hours_per_week_max", "hours_per_day_max", "days_available")


def hours_possible_per_week(hours_per_day_max: int, days_available: Sequence[str]) -> int:
    """The most hours a week a candidate can work: hours per day × the days they can work.

    "16 to 24 hours" with 6 hours a day on Monday only is 6 hours a week at most; matching
    uses this, not the stated weekly maximum, when it is lower."""
    days = len(set(days_available)) or _DAYS_IF_UNKNOWN
    return hours_per_day_max * days


def _check_availability(fields: CandidateFields) -> None:
    """Availability that contradicts itself is refused, naming the field to correct. With a
    gradual build-up (*ingroeien*) the weekly range is where the hours grow to, so it may
    exceed what the days allow now; matching then works with the hours that fit."""
    days = fields.days_available
    if len(set(days)) != len(days):
        raise Invalid(
            "A day is listed twice in days_available.",
            fields={"days_available": "each day at most once"},
        )
    possible = hours_possible_per_week(fields.hours_per_day_max, days)
    if fields.hours_per_week_min > possible and not fields.needs_gradual_buildup:
        spread = f"{len(days)} day(s)" if days else "a week"
        raise Invalid(
            "The minimum hours a week do not fit in the hours a day and the days available.",
            fields={
                "hours_per_week_min": f"at most {possible} hours fit in {spread} of at most "
                f"{fields.hours_per_day_max} hours (hours_per_day_max, days_available)"
            },
        )


def create(session: Session, *, principal: Principal, candidate_in: CandidateCreate) -> Candidate:
    _check_internships(session, candidate_in)
    _check_availability(candidate_in)
    owner = candidate_in.jobhunter_id
    if owner is None and principal.role == Role.jobhunter:
        owner = principal.account_id
    candidate = Candidate(
        **_row_values(candidate_in), pseudonym=f"K-{secrets.token_hex(4).upper()}"
    )
    candidate.jobhunter_id = owner
    candidate.loonwaarde = [
        LoonwaardeMeasurement(**m.model_dump()) for m in candidate_in.loonwaarde
    ]
    session.add(candidate)
    session.flush()
    for index, consent_in in enumerate(candidate_in.consents):
        try:
            consent.give(session, actor=principal, candidate=candidate, consent_in=consent_in)
        except Invalid as exc:
            fields = {f"consents.{index}.{name}": text for name, text in exc.fields.items()}
            raise Invalid(exc.detail, fields=fields) from exc
    return candidate


def get(session: Session, candidate_id: int) -> Candidate:
    candidate = session.get(Candidate, candidate_id)
    # An erased candidate is a tombstone: as absent as one that never existed (decision 041).
    if candidate is None or candidate.erased_at is not None:
        raise NotFound("No candidate with that id.")
    return candidate


def list_(
    session: Session,
    *,
    filters: CandidateFilters,
    page: PageParams,
    sortable: tuple[str, ...] = SORTABLE,
    principal: Principal | None = None,
) -> tuple[list[Candidate], int]:
    """A page of candidates; with ``principal``, only those whose identity it may see."""
    statement = select(Candidate).where(col(Candidate.erased_at).is_(None))
    if principal is not None and (scope := visibility.identity_scope(principal)) is not None:
        statement = statement.where(scope)
    for name in ("readiness", "regime", "pc4", "school_type", "jobhunter_id"):
        value = getattr(filters, name)
        if value is not None:
            statement = statement.where(getattr(Candidate, name) == value)
    if filters.municipality is not None:
        statement = statement.where(same_municipality(Candidate, filters.municipality))
    if filters.q:
        pattern = contains_pattern(filters.q)
        statement = statement.where(
            col(Candidate.last_name).ilike(pattern, escape=LIKE_ESCAPE)
            | col(Candidate.pseudonym).ilike(pattern, escape=LIKE_ESCAPE)
        )
    if filters.consent is not None:
        consenting = consent.active_ids_query(filters.consent)
        statement = statement.where(col(Candidate.id).in_(consenting))
    return paginate(session, statement, Candidate, page, sortable)


def update(session: Session, *, candidate: Candidate, patch: Any) -> Candidate:
    current = CandidateFields.model_validate(candidate, from_attributes=True).model_dump()
    check_version(candidate.version, patch.version, "candidate")
    merged, changes = merge_patch(CandidateFields, current, patch)
    _check_internships(session, merged)
    if changes.keys() & set(_AVAILABILITY):  # an older record is not refused for other edits
        _check_availability(merged)
    values = _row_values(merged)
    for name in [*changes, "pc4"]:
        setattr(candidate, name, values[name])
    candidate.version += 1
    candidate.updated_at = utcnow()
    session.add(candidate)
    session.flush()
    return candidate


def _history_that_stays(session: Session, candidate_id: int) -> list[str]:
    """Records that keep a candidate's history and so block a plain delete."""
    kept = []
    for model, what in ((Placement, "placement(s)"), (CarvedRole, "carved role(s)")):
        count = session.exec(
            select(func.count()).select_from(model).where(col(model.candidate_id) == candidate_id)
        ).one()
        if count:
            kept.append(f"{count} {what}")
    return kept


def delete(session: Session, *, candidate: Candidate) -> None:
    """Delete a record entered by mistake. One with placements or carved roles keeps that
    history: a 409 says so and points to erasure (the right to be forgotten, which keeps a
    tombstone). Possible-duplicate pairs are about this record and go with it."""
    assert candidate.id is not None
    if kept := _history_that_stays(session, candidate.id):
        raise Conflict(
            f"This candidate has {' and '.join(kept)}; that history is kept. To remove the "
            f"person, erase them: POST /api/v1/candidates/{candidate.id}/erase.",
            fields={"candidate_id": f"has {' and '.join(kept)}"},
        )
    session.execute(
        sa_delete(DuplicatePair).where(
            (col(DuplicatePair.candidate_low_id) == candidate.id)
            | (col(DuplicatePair.candidate_high_id) == candidate.id)
        )
    )
    session.delete(candidate)
    session.flush()


def add_loonwaarde(
    session: Session, *, candidate: Candidate, measurement_in: LoonwaardeIn
) -> LoonwaardeMeasurement:
    assert candidate.id is not None
    measurement = LoonwaardeMeasurement(**measurement_in.model_dump(), candidate_id=candidate.id)
    session.add(measurement)
    candidate.updated_at = utcnow()
    session.flush()
    session.refresh(candidate)
    return measurement


def get_sensitive(session: Session, candidate: Candidate) -> CandidateSensitive:
    sensitive = session.get(CandidateSensitive, candidate.id)
    return sensitive or CandidateSensitive(candidate_id=candidate.id or 0)


def put_sensitive(
    session: Session, *, principal: Principal, candidate: Candidate, sensitive_in: SensitiveIn
) -> CandidateSensitive:
    sensitive = session.get(CandidateSensitive, candidate.id)
    if sensitive is None:
        sensitive = CandidateSensitive(candidate_id=candidate.id or 0)
    for name, value in sensitive_in.model_dump().items():
        setattr(sensitive, name, value)
    sensitive.updated_at = utcnow()
    sensitive.updated_by = principal.account_id
    session.add(sensitive)
    session.flush()
    return sensitive


def latest_loonwaarde_pct(candidate: Candidate) -> float | None:
    if not candidate.loonwaarde:
        return None
    return max(candidate.loonwaarde, key=lambda m: (m.measured_on, m.id or 0)).loonwaarde_pct


def to_public(candidate: Candidate) -> CandidatePublic:
    data = candidate.model_dump()
    data["loonwaarde"] = [m.model_dump() for m in candidate.loonwaarde]
    data["loonwaarde_pct_latest"] = latest_loonwaarde_pct(candidate)
    return CandidatePublic.model_validate(data)


def age_band(date_of_birth: date, on: date) -> str:
    years = (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )
    if years < 18:
        return "<18"
    if years < 21:
        return "18-20"
    if years < 27:
        return "21-26"
    return "27+"


def to_functional(candidate: Candidate, *, show_id: bool = False) -> CandidateFunctional:
    """The pseudonymous profile; the internal id only when ``show_id`` (see
    ``visibility.shows_internal_id``), as in the suggestions."""
    names = [n for n in CandidateFunctional.model_fields if n not in ("age_band", "id")]
    data = {name: getattr(candidate, name) for name in names}
    data["age_band"] = age_band(candidate.date_of_birth, today())
    data["id"] = candidate.id if show_id else None
    return CandidateFunctional.model_validate(data)


def get_by_pseudonym(session: Session, pseudonym: str) -> Candidate | None:
    statement = select(Candidate).where(
        Candidate.pseudonym == pseudonym, col(Candidate.erased_at).is_(None)
    )
    return session.exec(statement).first()


# What the routes and pages call: the result already in its public schema and the read already
# in the access log, so no adapter can forget it (docs/decisions/100, point 7).
PURPOSE = "case_management"


def _log(session: Session, principal: Principal, ids: list[int], action: str) -> None:
    audit.record_reads(session, principal, ids, purpose=PURPOSE, action=action)


def create_public(
    session: Session, *, principal: Principal, candidate_in: CandidateCreate
) -> CandidatePublic:
    candidate = create(session, principal=principal, candidate_in=candidate_in)
    # The response shows the whole record back: a read like any other.
    _log(session, principal, [candidate.id or 0], "create")
    return to_public(candidate)


def list_public(
    session: Session,
    *,
    principal: Principal,
    filters: CandidateFilters,
    page: PageParams,
    action: str = "list",
) -> Page[CandidatePublic]:
    rows, total = list_(session, filters=filters, page=page, principal=principal)
    _log(session, principal, [c.id for c in rows if c.id], action)
    items = [to_public(c) for c in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


def read_public(
    session: Session, *, principal: Principal, candidate_id: int, action: str = "read"
) -> CandidatePublic:
    candidate = get(session, candidate_id)
    _log(session, principal, [candidate_id], action)
    return to_public(candidate)


def update_public(
    session: Session, *, principal: Principal, candidate_id: int, patch: Any
) -> CandidatePublic:
    candidate = update(session, candidate=get(session, candidate_id), patch=patch)
    _log(session, principal, [candidate_id], "update")
    return to_public(candidate)


def loonwaarde_public(
    session: Session, *, principal: Principal, candidate_id: int
) -> list[LoonwaardePublic]:
    candidate = get(session, candidate_id)
    _log(session, principal, [candidate_id], "loonwaarde")
    return [LoonwaardePublic.model_validate(m.model_dump()) for m in candidate.loonwaarde]


def add_loonwaarde_public(
    session: Session, *, principal: Principal, candidate_id: int, measurement_in: LoonwaardeIn
) -> LoonwaardePublic:
    candidate = get(session, candidate_id)
    measurement = add_loonwaarde(session, candidate=candidate, measurement_in=measurement_in)
    # The answer is this candidate's loonwaarde: a read of identifiable data like the list.
    _log(session, principal, [candidate_id], "loonwaarde_add")
    return LoonwaardePublic.model_validate(measurement.model_dump())


def sensitive_public(
    session: Session, *, principal: Principal, candidate_id: int
) -> SensitivePublic:
    candidate = get(session, candidate_id)
    visibility.require(
        principal, visibility.FieldGroup.sensitive, visibility.subject(session, candidate)
    )
    _log(session, principal, [candidate_id], "sensitive")
    return SensitivePublic.model_validate(get_sensitive(session, candidate).model_dump())


def put_sensitive_public(
    session: Session, *, principal: Principal, candidate_id: int, sensitive_in: SensitiveIn
) -> SensitivePublic:
    candidate = get(session, candidate_id)
    visibility.require(
        principal, visibility.FieldGroup.sensitive, visibility.subject(session, candidate)
    )
    sensitive = put_sensitive(
        session, principal=principal, candidate=candidate, sensitive_in=sensitive_in
    )
    _log(session, principal, [candidate_id], "sensitive_update")
    return SensitivePublic.model_validate(sensitive.model_dump())
