"""Exposure counting: counted in memory, written as one row per candidate per day."""

import threading

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from app.fairness.exposure import ExposureCounter
from app.fairness.models import ExposureCount


def test_counting_writes_nothing_until_a_flush_and_then_one_row_per_candidate(
    engine: Engine,
) -> None:
    counter = ExposureCounter()
    counter.add([1, 2, 3])
    counter.add([1, 2])
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(ExposureCount)).one() == 0
    assert counter.flush(engine) == 3
    counter.add([1])
    counter.flush(engine)
    with Session(engine) as session:
        rows = {r.candidate_id: r.times_suggested for r in session.exec(select(ExposureCount))}
    assert rows == {1: 3, 2: 2, 3: 1}
    assert counter.flush(engine) == 0  # nothing new


def test_concurrent_requests_lose_no_count(engine: Engine) -> None:
    counter = ExposureCounter()

    def request_burst() -> None:
        for _ in range(500):
            counter.add(range(1, 21))

    threads = [threading.Thread(target=request_burst) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counter.flush(engine)
    with Session(engine) as session:
        total = session.exec(select(func.sum(ExposureCount.times_suggested))).one()
        rows = session.exec(select(func.count()).select_from(ExposureCount)).one()
    assert total == 8 * 500 * 20 and rows == 20
