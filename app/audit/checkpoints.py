"""Signed checkpoints of the access log's head, appended to files outside the database.

One JSON line per checkpoint (``seq``, ``head_hash``, ``at``, ``sig``) in a file per day,
opened for appending only. ``sig`` is an HMAC under the access-log key, so nobody without the
key can write a checkpoint that verifies. Ship the directory elsewhere (WORM storage, a log
host): a checkpoint the database no longer agrees with reveals truncation, tail deletion and
re-chaining even by someone who holds the key but not the shipped copies.
"""

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.core.timeutil import utcnow

PATTERN = "checkpoints-*.jsonl"


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    head_hash: str
    at: str
    sig: str
    source: str = ""  # file:line, for reports

    def body(self) -> bytes:
        fields = {"seq": self.seq, "head_hash": self.head_hash, "at": self.at}
        return b"checkpoint:" + json.dumps(fields, sort_keys=True).encode()


def sign(body: bytes, key: bytes) -> str:
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def append(directory: Path, seq: int, head_hash: str, key: bytes) -> Checkpoint:
    now = utcnow()
    unsigned = Checkpoint(seq, head_hash, now.isoformat(timespec="microseconds"), "")
    checkpoint = Checkpoint(seq, head_hash, unsigned.at, sign(unsigned.body(), key))
    directory.mkdir(parents=True, exist_ok=True)
    line = json.dumps(
        {"seq": seq, "head_hash": head_hash, "at": checkpoint.at, "sig": checkpoint.sig}
    )
    path = directory / f"checkpoints-{now:%Y-%m-%d}.jsonl"
    # O_APPEND: one short write per line is atomic, so two writers never interleave.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return checkpoint


@dataclass(frozen=True)
class Unreadable:
    source: str
    problem: str


def read_all(directory: Path, key: bytes) -> tuple[list[Checkpoint], list[Unreadable]]:
    """Every checkpoint in the directory, ordered by seq; lines that do not verify apart."""
    good: list[Checkpoint] = []
    bad: list[Unreadable] = []
    if not directory.exists():
        return good, bad
    for path in sorted(directory.glob(PATTERN)):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            source = f"{path.name}:{number}"
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                checkpoint = Checkpoint(
                    int(data["seq"]), str(data["head_hash"]), str(data["at"]), str(data["sig"])
                )
                datetime.fromisoformat(checkpoint.at)
            except (ValueError, KeyError, TypeError):
                bad.append(Unreadable(source, "not a checkpoint line"))
                continue
            if not hmac.compare_digest(sign(checkpoint.body(), key), checkpoint.sig):
                bad.append(Unreadable(source, "signature does not match (forged or changed)"))
                continue
            good.append(Checkpoint(checkpoint.seq, checkpoint.head_hash, checkpoint.at, "", source))
    good.sort(key=lambda c: (c.seq, c.at))
    return good, bad


def latest(directory: Path, key: bytes) -> Checkpoint | None:
    found, _ = read_all(directory, key)
    return found[-1] if found else None
