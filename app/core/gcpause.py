"""The cyclic garbage collector paused around a match run's number crunching.

A run keeps thousands of ORM rows and profiles alive while it loads, builds an index, solves
and explains, and it allocates quickly, so the collector runs full (generation 2)
collections meanwhile. Each one walks every object the process holds, the snapshot's
included, and the run holds the GIL throughout: at 5,000 × 5,000 about 0.15 s of a 1.5 s
solve went to them, in two runs out of three (``gc.callbacks`` timing). The run's objects
live until it ends anyway, so collecting during it finds nothing worth the walk.

``paused()`` turns the collector off while at least one run is inside it (runs may overlap in
one process: a counter, not a flag) and back on when the last one leaves, unless it was
already off when the first arrived. Garbage cycles made meanwhile by other threads wait for
the next collection; reference counting still frees everything else at once.
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_inside = 0
_was_enabled = True


@contextmanager
def paused() -> Iterator[None]:
    global _inside, _was_enabled
    with _lock:
        if _inside == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _inside += 1
    try:
        yield
    finally:
        with _lock:
            _inside -= 1
            if _inside == 0 and _was_enabled:
                gc.enable()
