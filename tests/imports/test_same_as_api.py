"""The bulk write path stores exactly what the API's own service stores for the same validated
record: candidate columns, loonwaarde, consents, their decisions and the access log."""

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from app.audit.decisions import Decision
from app.audit.models import AccessLog
from app.audit.service import record_reads
from app.candidates import service as candidates
from app.candidates.models import Candidate, LoonwaardeMeasurement
from app.consent.models import Consent
from app.imports import profiles
from app.imports.validate import RowParser, ValidRow
from app.imports.write_candidates import ACCESS_PURPOSE
from tests.imports.helpers import HEADER, csv_file, rows, run, staff

VOLATILE = {"id", "pseudonym", "created_at", "updated_at", "candidate_id", "at", "consent_id"}


def _plain(record: Any) -> dict[str, Any]:
    data = record.model_dump() if hasattr(record, "model_dump") else dict(record)
    return {k: v for k, v in data.items() if k not in VOLATILE}


def _stored(session: Session, candidate_id: int) -> dict[str, Any]:
    candidate = session.get(Candidate, candidate_id)
    assert candidate is not None
    measurements = session.exec(
        select(LoonwaardeMeasurement).where(LoonwaardeMeasurement.candidate_id == candidate_id)
    ).scalars()
    consents = session.exec(
        select(Consent).where(Consent.candidate_id == candidate_id).order_by(col(Consent.purpose))
    ).scalars()
    decisions = session.exec(
        select(Decision).where(Decision.candidate_id == candidate_id).order_by(col(Decision.id))
    ).scalars()
    reads = session.exec(select(AccessLog).where(AccessLog.candidate_id == candidate_id)).scalars()
    return {
        "candidate": _plain(candidate),
        "loonwaarde": [_plain(m) for m in measurements],
        "consents": [_plain(c) for c in consents],
        "decisions": [
            {**_plain(d), "detail": {k: v for k, v in d.detail.items() if k not in VOLATILE}}
            for d in decisions
        ],
        "reads": [
            {k: v for k, v in _plain(r).items() if k not in ("action", "seq", "row_hash")}
            for r in reads
        ],
    }


def test_imported_candidate_equals_one_created_through_the_api(
    engine: Engine, tmp_path: Path
) -> None:
    actor = staff(engine)
    data = rows(1)
    profile = profiles.load("generic")
    parser = RowParser(
        "candidates",
        profile.for_entity("candidates"),
        profiles.bind(profile, "candidates", HEADER),
        source="generic",
    )
    parsed = parser.parse(2, [data[0][h] for h in HEADER])
    assert isinstance(parsed, ValidRow)
    assert parsed.record.consents  # type: ignore[attr-defined]
    with Session(engine, expire_on_commit=False) as session:
        via_api = candidates.create(session, principal=actor, candidate_in=parsed.record)  # type: ignore[arg-type]
        record_reads(session, actor, [via_api.id or 0], purpose=ACCESS_PURPOSE, action="create")
        session.commit()
    report = run(engine, actor, csv_file(tmp_path, data))
    assert report.created == 1
    with Session(engine) as session:
        imported_id = session.exec(
            select(Candidate.id).where(Candidate.id != via_api.id)
        ).scalar_one()
        api = _stored(session, via_api.id or 0)
        imported = _stored(session, imported_id)
    for part in ("candidate", "loonwaarde", "consents", "decisions", "reads"):
        assert imported[part] == api[part], part
