"""What the periodic jobs do, as plain functions (tests call them directly)."""

import json
import logging
import os
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from app.audit import sealer
from app.audit.keys import MissingKey, load_key
from app.core.config import get_settings
from app.core.timeutil import today, utcnow

log = logging.getLogger("passend.jobs")


def outbox_write(directory: Path, kind: str, rows: list[dict[str, Any]]) -> Path:
    """Append one JSON line per row to ``{kind}-{date}.jsonl``: the hand-off to mail."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{kind}-{today().isoformat()}.jsonl"
    text = "".join(json.dumps(r, sort_keys=True, default=str) + "\n" for r in rows)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)
    try:
        os.write(descriptor, text.encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return path


def seal_access_log(engine: Engine) -> str:
    """Seal and checkpoint, with the key this process has. It never creates a key (the web
    process's sealer does): a worker on another machine without the key would otherwise seal
    rows with a key of its own, and every row after would fail verification."""
    try:
        load_key(get_settings())
    except MissingKey:
        log.warning("no access-log key on this worker: sealing left to a process that has it")
        return "no access-log key here: not sealed"
    sealed = sealer.seal(engine)
    checkpoint = sealer.write_checkpoint(engine) if sealed else None
    where = f", checkpoint at seq {checkpoint.seq}" if checkpoint else ""
    return f"sealed {sealed} rows{where}"


def follow_up_digest(session: Session, outbox: Path) -> str:
    """Counts only (no candidate is named, so nothing to log as a read)."""
    from app.placements.models import FollowUp
    from app.placements.vocab import FollowUpKind, FollowUpStatus

    on = today()
    rows = session.exec(
        select(FollowUp.jobhunter_id, FollowUp.kind, func.count())
        .where(FollowUp.status == FollowUpStatus.open, col(FollowUp.due_on) <= on)
        .group_by(col(FollowUp.jobhunter_id), col(FollowUp.kind))
    ).all()
    per: dict[int | None, Counter[str]] = {}
    for jobhunter_id, kind, count in rows:
        key = "contract_end_alerts" if kind == FollowUpKind.contract_end_alert else "follow_ups"
        per.setdefault(jobhunter_id, Counter())[key] += int(count)
    digest = [
        {"jobhunter_id": jobhunter_id, "due_on_or_before": on, **dict(counts)}
        for jobhunter_id, counts in sorted(per.items(), key=lambda kv: (kv[0] is None, kv[0]))
    ]
    if digest:
        outbox_write(outbox, "follow-up-digest", digest)
    return f"{len(digest)} jobhunters have follow-ups due"


def confirm_reminders(session: Session, outbox: Path) -> str:
    from app.web.confirm_service import send_reminders

    reminders = send_reminders(session, within_days=None, dry_run=False)
    if reminders:
        # Written before the commit: a crash in between sends a link twice, never loses one.
        outbox_write(
            outbox,
            "confirm-reminders",
            [{**r.__dict__, "queued_at": utcnow()} for r in reminders],
        )
    session.commit()
    return f"reminded {len(reminders)} workplaces"


def retention(session: Session, months: int) -> str:
    import app.models  # noqa: F401 - every table must be known before the flush
    from app.privacy.retention import apply

    ids = apply(session, months=months, dry_run=False)
    return f"erased {len(ids)} candidates inactive for {months} months or more"
