"""The collector is off while a run is inside ``gcpause.paused()`` and back on after the last
one leaves, also when a run fails, and left off if it was off before."""

import gc
import threading

import pytest

from app.core import gcpause


@pytest.fixture(autouse=True)
def _collector_on():
    gc.enable()
    yield
    gc.enable()


def test_off_inside_and_on_after():
    with gcpause.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_back_on_after_a_failing_run():
    with pytest.raises(RuntimeError), gcpause.paused():
        raise RuntimeError("solver crashed")
    assert gc.isenabled()


def test_overlapping_runs_keep_it_off_until_the_last_leaves():
    first_inside, first_may_leave = threading.Event(), threading.Event()
    seen = []

    def first():
        with gcpause.paused():
            first_inside.set()
            first_may_leave.wait(5)
            seen.append(gc.isenabled())

    thread = threading.Thread(target=first)
    thread.start()
    first_inside.wait(5)
    with gcpause.paused():
        pass
    assert not gc.isenabled()  # the first run is still inside
    first_may_leave.set()
    thread.join(5)
    assert seen == [False] and gc.isenabled()


def test_left_off_when_it_was_off_before():
    gc.disable()
    with gcpause.paused():
        pass
    assert not gc.isenabled()
