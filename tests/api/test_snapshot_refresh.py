"""The suggestion snapshot's incremental refresh reads again exactly the rows that changed.

Under a steady write mix each refresh used to re-read every row written in the last 30 s
(the commit-lag window); now a row in that window is read again only when its ``updated_at``
moved, and a row whose transaction committed late (its ``updated_at`` older than the last
refresh) is still picked up.
"""

import dataclasses
from datetime import date, timedelta

import numpy as np
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.candidates.models import Candidate
from app.consent.models import Consent
from app.consent.schemas import ConsentPurpose
from app.core.timeutil import utcnow
from app.core.vocab import WorkplaceStatus
from app.employers.models import Workplace
from app.matches import snapshot
from seed.generate import generate_region
from seed.load import load_region


def _build(engine: Engine, previous: snapshot.Snapshot | None = None) -> snapshot.Snapshot:
    with Session(engine, expire_on_commit=False) as session:
        return snapshot.build(session, previous)


def _region(engine: Engine) -> None:
    with Session(engine) as session:
        load_region(session, generate_region(30, 20, 3, reference_day=date.today()))
        session.commit()


def test_refresh_without_changes_reuses_every_row(engine: Engine) -> None:
    _region(engine)
    first = _build(engine)
    assert first.seen, "rows written just now are inside the commit-lag window"
    again = _build(engine, first)
    assert again.candidate_pos == first.candidate_pos
    assert all(again.candidates[i] is first.candidates[i] for i in first.candidates)
    assert all(again.workplaces[i] is first.workplaces[i] for i in first.workplaces)


def test_refresh_reads_again_only_the_changed_rows(engine: Engine) -> None:
    _region(engine)
    first = _build(engine)
    changed_c, changed_w = sorted(first.candidates)[0], sorted(first.workplaces)[0]
    with Session(engine) as session:
        candidate = session.get(Candidate, changed_c)
        workplace = session.get(Workplace, changed_w)
        assert candidate is not None and workplace is not None
        candidate.max_travel_minutes = 17
        candidate.updated_at = utcnow()
        workplace.title = "Magazijnmedewerker (herzien)"
        workplace.updated_at = utcnow()
        session.commit()
    second = _build(engine, first)
    assert second.candidates[changed_c].max_travel_minutes == 17
    assert second.candidate_profiles[changed_c]["max_travel_minutes"] == 17
    assert second.workplaces[changed_w].title == "Magazijnmedewerker (herzien)"
    assert second.candidates[changed_c] is not first.candidates[changed_c]
    others = [i for i in first.candidates if i != changed_c]
    assert all(second.candidates[i] is first.candidates[i] for i in others)
    assert all(
        second.workplaces[i] is first.workplaces[i] for i in first.workplaces if i != changed_w
    )


def test_late_commit_with_an_older_timestamp_is_still_read(engine: Engine) -> None:
    """A transaction stamps updated_at before it commits: a commit that lands after the
    refresh read, with a stamp from before it, must still reach the next snapshot."""
    _region(engine)
    first = _build(engine)
    target = sorted(first.candidates)[1]
    with Session(engine) as session:
        candidate = session.get(Candidate, target)
        assert candidate is not None
        candidate.max_travel_minutes = 23
        candidate.updated_at = first.read_at - timedelta(seconds=5)
        session.commit()
    second = _build(engine, first)
    assert second.candidates[target].max_travel_minutes == 23


def test_withdrawn_matching_consent_leaves_the_next_snapshot(engine: Engine) -> None:
    _region(engine)
    first = _build(engine)
    target = sorted(first.candidates)[2]
    with Session(engine) as session:
        rows = session.exec(
            select(Consent).where(
                Consent.candidate_id == target, Consent.purpose == ConsentPurpose.matching
            )
        ).all()
        assert rows
        for row in rows:
            row.withdrawn_on = date.today()
            row.updated_at = utcnow()
        session.commit()
    second = _build(engine, first)
    assert target not in second.candidates
    assert target not in second.candidate_pos
    assert len(second.candidates) == len(first.candidates) - 1


def test_incremental_refresh_equals_a_full_rebuild(engine: Engine) -> None:
    """The refresh reuses per-row work of the unchanged rows (a RowMemo); what it serves must
    be exactly what a full rebuild from the database would serve."""
    _region(engine)
    first = _build(engine)
    changed_c, changed_w = sorted(first.candidates)[3], sorted(first.workplaces)[4]
    with Session(engine) as session:
        candidate = session.get(Candidate, changed_c)
        workplace = session.get(Workplace, changed_w)
        assert candidate is not None and workplace is not None
        candidate.stimulus_tolerance = 1
        candidate.interests = ["kalligrafie"]  # a tag outside the vocabulary: a new concept
        candidate.updated_at = utcnow()
        workplace.capacity = 7
        workplace.title = "Hovenier"
        workplace.updated_at = utcnow()
        session.commit()
    second = _build(engine, first)
    assert second.memo is first.memo and second.memo.hits > 0
    scratch = _build(engine)
    _assert_serves_as(second, scratch)
    assert second.wp_capacity[second.workplace_pos[changed_w]] == 7
    assert "kalligrafie" in second.index.concepts.labels


def test_a_row_edit_is_patched_into_the_index_and_equals_a_full_rebuild(engine: Engine) -> None:
    """Edits that stay inside their rows (the everyday ones: travel time, support, capacity,
    the kind of place, readiness) patch the previous index instead of building it again, and
    what is served is exactly what a full rebuild would serve."""
    _region(engine)
    first = _build(engine)
    changed_c, changed_w = sorted(first.candidates)[2], sorted(first.workplaces)[3]
    with Session(engine) as session:
        candidate = session.get(Candidate, changed_c)
        workplace = session.get(Workplace, changed_w)
        assert candidate is not None and workplace is not None
        candidate.max_travel_minutes = 12
        candidate.stimulus_tolerance = 1
        candidate.readiness_confirmed_on = date.today() - timedelta(days=400)
        candidate.updated_at = utcnow()
        workplace.mentor_available = not workplace.mentor_available
        workplace.capacity = 9
        workplace.place_type = "proefplaatsing"  # longer than any other: the array widens
        workplace.updated_at = utcnow()
        session.commit()
    second = _build(engine, first)
    assert second.index.concepts is first.index.concepts  # patched: no table was rebuilt
    scratch = _build(engine)
    _assert_serves_as(second, scratch)
    assert second.place_type[second.workplace_pos[changed_w]] == "proefplaatsing"
    assert second.wp_capacity[second.workplace_pos[changed_w]] == 9
    c_pos = second.candidate_pos[changed_c]
    assert second.index.candidates.profiles[c_pos]["max_travel_minutes"] == 12
    # The snapshot it replaced is unchanged: a request may still be reading it.
    assert first.wp_capacity[first.workplace_pos[changed_w]] != 9
    assert first.index.candidates.profiles[c_pos]["max_travel_minutes"] != 12


def _assert_serves_as(snap: snapshot.Snapshot, scratch: snapshot.Snapshot) -> None:
    """``snap`` serves what ``scratch`` (a full rebuild) serves: every per-position array of
    the snapshot (found from the dataclass, not listed by hand) and the whole index."""
    assert snap.candidate_pos == scratch.candidate_pos
    assert snap.workplace_pos == scratch.workplace_pos
    for f in dataclasses.fields(snap):
        mine = getattr(snap, f.name)
        if isinstance(mine, np.ndarray):
            assert np.array_equal(mine, getattr(scratch, f.name)), f.name
    assert _same(snap.index, scratch.index)


def _same(a: object, b: object) -> bool:
    if dataclasses.is_dataclass(a):
        return all(
            _same(getattr(a, f.name), getattr(b, f.name))
            for f in dataclasses.fields(a)
            if f.name not in ("memo", "profiles")
        )
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def test_a_workplace_closed_and_reopened_by_an_update_leaves_and_returns(engine: Engine) -> None:
    """A status change by an update (no row added or removed) reaches the next incremental
    snapshot both ways, and the result equals a full rebuild."""
    _region(engine)
    first = _build(engine)
    target = sorted(first.workplaces)[5]

    def set_status(status: WorkplaceStatus) -> None:
        with Session(engine) as session:
            workplace = session.get(Workplace, target)
            assert workplace is not None
            workplace.status = status
            workplace.updated_at = utcnow()
            session.commit()

    set_status(WorkplaceStatus.closed)
    second = _build(engine, first)
    assert target not in second.workplaces and target not in second.workplace_pos
    set_status(WorkplaceStatus.active)
    third = _build(engine, second)
    assert target in third.workplace_pos
    assert set(third.workplaces) == set(_build(engine).workplaces)


def test_rows_inserted_with_stamps_older_than_the_overlap_still_arrive(engine: Engine) -> None:
    """An import whose transaction outlasted the commit lag commits rows stamped long before
    the refresh: the new consenting candidate must still reach the next incremental snapshot."""
    _region(engine)
    first = _build(engine)
    old = first.read_at - snapshot.COMMIT_LAG - timedelta(minutes=5)
    with Session(engine) as session:
        source = session.get(Candidate, sorted(first.candidates)[0])
        assert source is not None
        data = source.model_dump(exclude={"id", "pseudonym", "created_at", "updated_at"})
        newcomer = Candidate(**data, pseudonym="P-LATE-0001", created_at=old, updated_at=old)
        session.add(newcomer)
        session.flush()
        assert newcomer.id is not None
        session.add(
            Consent(
                candidate_id=newcomer.id,
                purpose=ConsentPurpose.matching,
                given_on=date.today(),
                recorded_by=1,
                created_at=old,
                updated_at=old,
            )
        )
        session.commit()
        new_id = newcomer.id
    second = _build(engine, first)
    assert new_id in second.candidate_pos
