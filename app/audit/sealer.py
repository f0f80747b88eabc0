"""Sealing the access log and checking it: plain functions, plus a thread for the web process.

``seal`` and ``write_checkpoint`` take an engine and return plain values, so a CLI command,
the thread below or a periodic job (issue 11) can call them. ``verify`` checks the chain and
every checkpoint and names the first row or checkpoint that disagrees.
"""

import logging
import threading
import time
from dataclasses import dataclass

from sqlalchemy import Engine

from app.audit import chain, checkpoints
from app.audit.chain import Verification
from app.audit.keys import load_key
from app.core.config import Settings, get_settings

log = logging.getLogger("passend.access_log")


def seal(engine: Engine, settings: Settings | None = None) -> int:
    """Chain every unsealed row; returns how many were sealed (0 when another sealer runs)."""
    settings = settings or get_settings()
    key = load_key(settings, create=True)
    with engine.connect() as probe:
        if not chain.has_unsealed(probe):
            return 0  # idle: no lock, no write transaction
    total = 0
    with chain.sealer_lock(engine) as connection:
        if connection is None:
            return 0
        while True:
            sealed, _ = chain.seal_batch(connection, key, settings.access_log_seal_batch_rows)
            total += sealed
            if sealed < settings.access_log_seal_batch_rows:
                return total


def write_checkpoint(
    engine: Engine, settings: Settings | None = None
) -> checkpoints.Checkpoint | None:
    """Append a signed checkpoint of the current head (None while nothing is sealed)."""
    settings = settings or get_settings()
    key = load_key(settings, create=True)
    with engine.connect() as connection:
        head = chain.head(connection)
    if head.seq == 0:
        return None
    return checkpoints.append(settings.access_log_checkpoint_dir, head.seq, head.row_hash, key)


@dataclass(frozen=True)
class Report:
    chain: Verification
    checkpoints_checked: int = 0
    checkpoint_problem: str = ""

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.checkpoint_problem


def verify(engine: Engine, settings: Settings | None = None) -> Report:
    """The chain from its first row, then every checkpoint against it."""
    settings = settings or get_settings()
    key = load_key(settings)
    found, unreadable = checkpoints.read_all(settings.access_log_checkpoint_dir, key)
    seen: dict[int, str] = {c.seq: "" for c in found}
    with engine.connect() as connection:
        result = chain.verify_chain(connection, key, seen=seen)
    if not result.ok:
        return Report(result)
    if unreadable:
        first = unreadable[0]
        return Report(result, 0, f"checkpoint {first.source}: {first.problem}")
    for number, checkpoint in enumerate(found):
        problem = ""
        if checkpoint.seq > result.count:
            problem = (
                f"records {checkpoint.seq} sealed rows (head {checkpoint.head_hash[:16]}…), "
                f"the log has {result.count}: rows were removed after it "
                "(truncation or tail deletion)"
            )
        elif seen.get(checkpoint.seq) != checkpoint.head_hash:
            problem = (
                f"row seq {checkpoint.seq} has hash {seen.get(checkpoint.seq, '')[:16]}…, "
                f"the checkpoint recorded {checkpoint.head_hash[:16]}…: "
                "the chain up to it was rewritten"
            )
        if problem:
            where = f"checkpoint {checkpoint.source} of {checkpoint.at}"
            return Report(result, number, f"{where} {problem}")
    return Report(result, len(found))


class SealerThread:
    """Seals every ``access_log_seal_interval_seconds`` and checkpoints at most every
    ``access_log_checkpoint_interval_seconds`` when the head moved. Safe in several processes:
    a sealer that does not get the lock skips that round."""

    def __init__(self, engine: Engine, settings: Settings | None = None) -> None:
        self.engine = engine
        self.settings = settings or get_settings()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="access-log-sealer", daemon=True)
        self._checkpointed_seq = -1
        self._next_checkpoint = 0.0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
        self.run_once(force_checkpoint=True)  # nothing logged before shutdown stays unsealed

    def run_once(self, *, force_checkpoint: bool = False) -> int:
        try:
            sealed = seal(self.engine, self.settings)
            now = time.monotonic()
            if force_checkpoint or now >= self._next_checkpoint:
                with self.engine.connect() as connection:
                    seq = chain.head(connection).seq
                if seq and seq != self._checkpointed_seq:
                    write_checkpoint(self.engine, self.settings)
                    self._checkpointed_seq = seq
                    self._next_checkpoint = (
                        now + self.settings.access_log_checkpoint_interval_seconds
                    )
            return sealed
        except Exception:
            # The next round tries again; unsealed rows wait, nothing is lost.
            log.exception("sealing the access log failed")
            return 0

    def _loop(self) -> None:
        interval = self.settings.access_log_seal_interval_seconds
        while not self._stop.wait(interval):
            self.run_once()
