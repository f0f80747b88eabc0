"""Who sees which part of a candidate: role × field group, in one table (DOMAIN §8).

Every endpoint and page that shows candidate data asks this module; nothing else decides.
Routers use ``gate`` (the roles that may see a group for *any* candidate, derived from the
table); code that serves one candidate, or a list, asks ``allowed``/``require`` with a
``Subject``, which carries the consent state the conditional rules need. Without a subject a
conditional rule is refused: the matrix fails closed. docs/decisions/040 shows the table.
"""

from collections.abc import Iterable
from enum import StrEnum
from typing import Any, NamedTuple

from fastapi import Depends, Request
from sqlalchemy import false, func
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from app.consent.models import Consent
from app.core.errors import Forbidden
from app.core.security import Principal, allow
from app.core.vocab import Role


class FieldGroup(StrEnum):
    """Parts of a candidate record that are shown or hidden together."""

    identity = "identity"  # name, date of birth, home postcode, internal id
    contact = "contact"  # e-mail, phone
    functional = "functional"  # pseudonym, PC4, age band, functional needs, hours, interests
    sensitive = "sensitive"  # diagnosis, IQ, treatment, psychosocial context, notes
    # regime, benefit, doelgroepregister, beschut indication, loonwaarde: they reveal health
    # data (DOMAIN §8), and so does the instrument advice that follows from them
    benefit_status = "benefit_status"
    decision_history = "decision_history"  # proposals, placements, follow-ups, decision log
    consent = "consent"  # the consent records themselves


class Rule(StrEnum):
    always = "always"
    own = "own candidates only"  # the jobhunter the candidate belongs to
    # Need-to-know: the own caseload, the caseloads of the jobhunter's team, and candidates
    # living in the municipalities an admin shared with the jobhunter (account settings).
    caseload = "own caseload, or shared by team or municipality"
    shared = "with active share_pseudonymous consent"
    introduced = "with active introduce_employer consent for the key's employer"
    never = "never"


MATRIX: dict[Role, dict[FieldGroup, Rule]] = {
    Role.admin: dict.fromkeys(FieldGroup, Rule.always),
    Role.jobhunter: {
        FieldGroup.identity: Rule.caseload,
        FieldGroup.contact: Rule.caseload,
        FieldGroup.functional: Rule.always,
        FieldGroup.sensitive: Rule.own,
        FieldGroup.benefit_status: Rule.always,
        FieldGroup.decision_history: Rule.always,
        FieldGroup.consent: Rule.own,
    },
    Role.employer: {
        FieldGroup.identity: Rule.introduced,
        FieldGroup.contact: Rule.introduced,
        FieldGroup.functional: Rule.shared,
        FieldGroup.sensitive: Rule.never,
        FieldGroup.benefit_status: Rule.never,
        FieldGroup.decision_history: Rule.never,
        FieldGroup.consent: Rule.never,
    },
    Role.wsp_frontend: {
        FieldGroup.identity: Rule.never,
        FieldGroup.contact: Rule.never,
        FieldGroup.functional: Rule.shared,
        FieldGroup.sensitive: Rule.never,
        FieldGroup.benefit_status: Rule.never,
        FieldGroup.decision_history: Rule.never,
        FieldGroup.consent: Rule.never,
    },
}

_REFUSED = {
    FieldGroup.identity: "This candidate is not in your caseload or shared with you.",
    FieldGroup.contact: "This candidate is not in your caseload or shared with you.",
    FieldGroup.sensitive: "Only the candidate's own jobhunter may see or change sensitive data.",
    FieldGroup.consent: "Only the candidate's own jobhunter may see or record consent.",
}


class Subject(NamedTuple):
    """What the conditional rules need to know about one candidate (a tuple: the snapshot
    builds one per candidate, and a frozen dataclass costs ~5x more to construct)."""

    candidate_id: int
    jobhunter_id: int | None
    purposes: frozenset[str] = frozenset()  # active consents
    introduced_to: frozenset[int] = frozenset()  # employer ids
    municipality: str = ""  # lower case, for the municipality sharing setting


def rule(role: Role | str, group: FieldGroup) -> Rule:
    return MATRIX[Role(role)][group]


def allowed(principal: Principal, group: FieldGroup, subject: Subject | None = None) -> bool:
    match rule(principal.role, group):
        case Rule.always:
            return True
        case Rule.never:
            return False
        case _ if subject is None:
            return False
        case Rule.own:
            return principal.role == Role.jobhunter and principal.account_id == subject.jobhunter_id
        case Rule.caseload:
            return principal.role == Role.jobhunter and in_caseload(principal, subject)
        case Rule.shared:
            return "share_pseudonymous" in subject.purposes
        case Rule.introduced:
            return principal.employer_id is not None and (
                principal.employer_id in subject.introduced_to
            )
    return False


def in_caseload(principal: Principal, subject: Subject) -> bool:
    """The candidate is the jobhunter's own, a team member's, or lives in a shared municipality."""
    owner = subject.jobhunter_id
    return (
        owner == principal.account_id
        or (owner is not None and owner in principal.shares_with)
        or (bool(subject.municipality) and subject.municipality in principal.municipalities)
    )


def shows_internal_id(principal: Principal, subject: Subject) -> bool:
    """The internal id opens staff endpoints: staff who may see this candidate's identity get
    it; an introduced employer gets the name, never the id."""
    return principal.is_staff and allowed(principal, FieldGroup.identity, subject)


def identity_scope(principal: Principal) -> Any:
    """A SQL condition on ``candidate``: the rows whose identity ``principal`` may see (None:
    all of them). Lists of identifiable candidates filter with it, so a jobhunter's list is
    the caseload and the rest of the region stays pseudonymous (``/profiles``)."""
    from app.candidates.models import Candidate

    match rule(principal.role, FieldGroup.identity):
        case Rule.always:
            return None
        case Rule.caseload:
            owners = {principal.account_id, *principal.shares_with}
            condition: Any = col(Candidate.jobhunter_id).in_(sorted(owners))
            if principal.municipalities:
                places = sorted(principal.municipalities)
                condition = condition | func.lower(col(Candidate.municipality)).in_(places)
            return condition
    return false()


def require(principal: Principal, group: FieldGroup, subject: Subject | None = None) -> None:
    if not allowed(principal, group, subject):
        detail = _REFUSED.get(group, f"The role '{principal.role}' may not see {group} data.")
        raise Forbidden(detail)


_DECIDE_REFUSED = (
    "This candidate is not in your caseload or shared with you: only their jobhunter, "
    "their team or an admin may decide about them."
)


def may_decide(principal: Principal, subject: Subject) -> bool:
    """Deciding about a candidate (reviewing a proposal, opening or moving a placement, pair
    rules, check-ins) takes what seeing who they are takes: admin, or the caseload rule."""
    return principal.is_staff and allowed(principal, FieldGroup.identity, subject)


def require_decide(
    session: Session, principal: Principal, candidate_id: int, *, records_consent: bool = False
) -> None:
    """403 unless ``principal`` may decide about the candidate; a decision that records a
    consent follows the consent rule as well (own jobhunter or admin). An unknown or erased
    candidate passes: the caller answers that with its own 404 or 422."""
    found = _subject_of(session, candidate_id)
    if found is None:
        return
    if not may_decide(principal, found):
        raise Forbidden(_DECIDE_REFUSED)
    if records_consent:
        require(principal, FieldGroup.consent, found)


def gate(group: FieldGroup) -> Any:
    """Router dependency: roles that may see ``group`` of any or their own candidates.

    Roles whose access depends on consent do not pass; they get filtered views elsewhere.
    On routes with a ``candidate_id`` the conditional rules (own, caseload) are checked
    against that candidate here, so no route below can forget it (403; an unknown id is
    left to the route's 404).
    """
    roles = [r for r in Role if MATRIX[r][group] in (Rule.always, Rule.own, Rule.caseload)]
    role_check = allow(*roles)

    async def _check(request: Request, principal: Principal = role_check) -> Principal:
        raw = request.path_params.get("candidate_id")
        if raw is None or rule(principal.role, group) == Rule.always:
            return principal  # decided in the loop, without a thread hop
        try:
            candidate_id = int(raw)
        except ValueError:
            return principal  # the route's validation answers 422
        if not 0 < candidate_id < 2**63:
            return principal
        await run_in_threadpool(_require_for, principal, group, candidate_id)
        return principal

    return Depends(_check)


def _require_for(principal: Principal, group: FieldGroup, candidate_id: int) -> None:
    """The conditional rules (own, caseload) against one candidate, in its own session."""
    from app.core.db import get_engine

    with Session(get_engine()) as session:
        found = _subject_of(session, candidate_id)
        if found is not None:
            require(principal, group, found)


def _subject_of(session: Session, candidate_id: int) -> Subject | None:
    """The subject of one candidate by id; None when it is unknown or erased."""
    from app.candidates.models import Candidate

    # The columns the rules read, not the row with its measurements: the route loads that.
    found = select(
        Candidate.id, Candidate.jobhunter_id, Candidate.municipality, Candidate.erased_at
    ).where(Candidate.id == candidate_id)
    candidate = session.execute(found).first()
    if candidate is None or candidate.erased_at is not None:
        return None
    return subject(session, candidate)


_IN_LIMIT = 500  # above this, reading every active consent beats a huge IN list


def subjects(session: Session, candidates: Iterable[Any]) -> dict[int, Subject]:
    """Subjects for candidate rows (anything with ``id`` and ``jobhunter_id``), one query."""
    rows = {c.id: c for c in candidates if c.id is not None}
    purposes: dict[int, set[str]] = {}
    introduced: dict[int, set[int]] = {}
    if rows:
        statement = select(Consent.candidate_id, Consent.purpose, Consent.employer_id).where(
            col(Consent.withdrawn_on).is_(None)
        )
        if len(rows) <= _IN_LIMIT:
            statement = statement.where(col(Consent.candidate_id).in_(list(rows)))
        for candidate_id, purpose, employer_id in session.exec(statement).all():
            if candidate_id not in rows:
                continue
            purposes.setdefault(candidate_id, set()).add(purpose)
            if employer_id is not None:
                introduced.setdefault(candidate_id, set()).add(employer_id)
    none: frozenset[Any] = frozenset()
    return {
        i: Subject(
            i,
            c.jobhunter_id,
            frozenset(purposes[i]) if i in purposes else none,
            frozenset(introduced[i]) if i in introduced else none,
            (getattr(c, "municipality", "") or "").strip().lower(),
        )
        for i, c in rows.items()
    }


def subject(session: Session, candidate: Any) -> Subject:
    return subjects(session, [candidate])[candidate.id]


def matrix_rows() -> list[tuple[str, ...]]:
    """The table as text rows (group, then one cell per role), for docs and tests."""
    return [(g.value, *(MATRIX[r][g].value for r in Role)) for g in FieldGroup]
