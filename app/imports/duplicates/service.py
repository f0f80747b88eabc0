"""The duplicates queue: list and read pairs side by side, merge them or keep them apart.

Who: staff who may see the identity of *both* records (admin; a jobhunter for pairs inside
the caseload); merging also needs the sensitive-data right on both (admin, or the jobhunter
who owns both), because it moves consents and notes and erases one record. Every pair shown
is a read of two identifiable records and is written to the access log here (decision 175).
"""

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.audit import decisions
from app.audit import service as audit
from app.candidates.models import Candidate, LoonwaardeMeasurement
from app.core import visibility
from app.core.crud import check_version
from app.core.errors import Conflict, Invalid, NotFound
from app.core.pagination import Page, PageParams, paginate
from app.core.security import Principal
from app.core.timeutil import utcnow
from app.core.visibility import FieldGroup
from app.imports.duplicates import pairs as pair_moves
from app.imports.duplicates.merge import move_everything
from app.imports.duplicates.models import DuplicatePair
from app.imports.duplicates.schemas import (
    DuplicatePairPublic,
    DuplicateRecord,
    KeepApartIn,
    MergeIn,
    MergeResult,
    PairStatus,
)
from app.placements.models import Placement
from app.privacy import erasure

PURPOSE = "case_management"
SORTABLE = ("id", "name_score", "created_at")


def _visible(principal: Principal) -> Any:
    scope = visibility.identity_scope(principal)
    if scope is None:
        return None
    ids = select(Candidate.id).where(scope)
    return col(DuplicatePair.candidate_low_id).in_(ids) & col(DuplicatePair.candidate_high_id).in_(
        ids
    )


def _counts(session: Session, model: object, ids: list[int]) -> dict[int, int]:
    column = col(model.candidate_id)  # type: ignore[attr-defined]
    statement = select(column, func.count()).where(column.in_(ids)).group_by(column)
    return {cid: int(n) for cid, n in session.exec(statement).all()}


def _records(session: Session, principal: Principal, ids: list[int]) -> dict[int, DuplicateRecord]:
    rows = session.exec(select(Candidate).where(col(Candidate.id).in_(ids))).all()
    subjects = visibility.subjects(session, rows)
    loonwaarde = _counts(session, LoonwaardeMeasurement, ids)
    placements = _counts(session, Placement, ids)
    records = {}
    for c in rows:
        assert c.id is not None
        subject = subjects[c.id]
        consents = None
        if visibility.allowed(principal, FieldGroup.consent, subject):
            consents = sorted(subject.purposes)
        records[c.id] = DuplicateRecord(
            id=c.id, pseudonym=c.pseudonym, first_name=c.first_name, last_name=c.last_name,
            date_of_birth=c.date_of_birth, postcode=c.postcode, municipality=c.municipality,
            email=c.email, phone=c.phone, jobhunter_id=c.jobhunter_id, created_at=c.created_at,
            erased=c.erased_at is not None, active_consents=consents,
            loonwaarde_measurements=loonwaarde.get(c.id, 0), placements=placements.get(c.id, 0),
        )  # fmt: skip
    return records


def _public(
    pairs: list[DuplicatePair], records: dict[int, DuplicateRecord]
) -> list[DuplicatePairPublic]:
    return [
        DuplicatePairPublic.model_validate(
            p.model_dump(exclude={"candidate_low_id", "candidate_high_id"})
            | {"left": records[p.candidate_low_id], "right": records[p.candidate_high_id]}
        )
        for p in pairs
    ]


def _shown(
    session: Session, principal: Principal, pairs: list[DuplicatePair], action: str
) -> list[DuplicatePairPublic]:
    ids = sorted({i for p in pairs for i in (p.candidate_low_id, p.candidate_high_id)})
    audit.record_reads(session, principal, ids, purpose=PURPOSE, action=action)
    return _public(pairs, _records(session, principal, ids))


def list_public(
    session: Session,
    *,
    principal: Principal,
    status: PairStatus | None,
    page: PageParams,
    action: str = "duplicates",
) -> Page[DuplicatePairPublic]:
    """Pairs whose two records the principal may identify; open ones without erased sides."""
    statement = select(DuplicatePair)
    if (visible := _visible(principal)) is not None:
        statement = statement.where(visible)
    if status is not None:
        statement = statement.where(DuplicatePair.status == status)
    if status == PairStatus.open:
        live = select(Candidate.id).where(col(Candidate.erased_at).is_(None))
        statement = statement.where(
            col(DuplicatePair.candidate_low_id).in_(live),
            col(DuplicatePair.candidate_high_id).in_(live),
        )
    rows, total = paginate(session, statement, DuplicatePair, page, SORTABLE)
    items = _shown(session, principal, rows, action)
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


def _pair(session: Session, principal: Principal, pair_id: int, lock: bool) -> DuplicatePair:
    statement = select(DuplicatePair).where(DuplicatePair.id == pair_id)
    if (visible := _visible(principal)) is not None:
        statement = statement.where(visible)
    if lock:  # PostgreSQL row lock: one decision per pair even under two clicks at once
        statement = statement.with_for_update().execution_options(populate_existing=True)
    pair = session.exec(statement).first()
    if pair is None:
        raise NotFound("No duplicate pair with that id (or not in your caseload).")
    return pair


def read_public(
    session: Session, *, principal: Principal, pair_id: int, action: str = "duplicate"
) -> DuplicatePairPublic:
    pair = _pair(session, principal, pair_id, lock=False)
    return _shown(session, principal, [pair], action)[0]


def _decidable(session: Session, pair: DuplicatePair, version: int) -> tuple[Candidate, Candidate]:
    if pair.status != PairStatus.open:
        raise Conflict(
            f"This pair was already decided ({pair.status}).", fields={"status": pair.status}
        )
    check_version(pair.version, version, "duplicate pair")
    low = erasure.lock(session, pair.candidate_low_id)
    high = erasure.lock(session, pair.candidate_high_id)
    if low is None or high is None or low.erased_at or high.erased_at:
        raise Conflict("One of the two records was erased meanwhile; nothing to decide.")
    return low, high


def _decided(pair: DuplicatePair, principal: Principal, status: PairStatus) -> None:
    pair.status = status
    pair.decided_at = utcnow()
    pair.decided_by = principal.account_id
    pair.version += 1


def merge_public(
    session: Session, *, principal: Principal, pair_id: int, merge_in: MergeIn
) -> MergeResult:
    pair = _pair(session, principal, pair_id, lock=True)
    low, high = _decidable(session, pair, merge_in.version)
    if merge_in.survivor_id not in (low.id, high.id):
        raise Invalid(
            "The survivor must be one of the pair's two records.",
            fields={"survivor_id": f"use {low.id} or {high.id}"},
        )
    keep, gone = (low, high) if merge_in.survivor_id == low.id else (high, low)
    assert keep.id is not None and gone.id is not None
    for candidate in (keep, gone):
        visibility.require(principal, FieldGroup.sensitive, visibility.subject(session, candidate))
    moved = move_everything(session, keep, gone)
    moved["pairs"] = pair_moves.carry_over(session, pair, keep_id=keep.id, gone_id=gone.id)
    erasure.erase(session, actor=principal, candidate_id=gone.id, reason="merged")
    _decided(pair, principal, PairStatus.merged)
    pair.survivor_id = keep.id
    session.add(pair)
    session.flush()
    decisions.record(
        session, principal, "candidate:merged", candidate_id=keep.id, reason="duplicate",
        note=merge_in.note, detail={"pair_id": pair.id, "merged_candidate_id": gone.id, **moved},
    )  # fmt: skip
    shown = _shown(session, principal, [pair], "duplicate_merge")[0]
    return MergeResult(pair=shown, survivor_id=keep.id, merged_id=gone.id, moved=moved)


def keep_apart_public(
    session: Session, *, principal: Principal, pair_id: int, keep_in: KeepApartIn
) -> DuplicatePairPublic:
    pair = _pair(session, principal, pair_id, lock=True)
    low, high = _decidable(session, pair, keep_in.version)
    _decided(pair, principal, PairStatus.kept_apart)
    session.add(pair)
    session.flush()
    for this, other in ((low, high), (high, low)):
        decisions.record(
            session, principal, "duplicate:kept_apart", candidate_id=this.id,
            note=keep_in.note, detail={"pair_id": pair.id, "other_candidate_id": other.id},
        )  # fmt: skip
    return _shown(session, principal, [pair], "duplicate_keep_apart")[0]
