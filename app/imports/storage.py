"""Where an import's files live while it runs and is reviewed: one directory per import.

``upload`` (the file as sent), ``problems.csv`` (the error report) and ``rejected.csv`` (rows
to fix, with "import the valid rows"). They hold personal data: the directory is private
(0700), the upload of a real import is deleted when the job ends, and everything older than
``import_keep_hours`` is deleted at the next upload and at start-up (decision 176).
"""

import os
import shutil
import time
from pathlib import Path
from typing import BinaryIO

from app.core.config import get_settings
from app.core.errors import TooLarge

CHUNK_BYTES = 1 << 20
UPLOAD, PROBLEMS, REJECTED = "upload", "problems.csv", "rejected.csv"
REPORTED_IDS = "reported-ids.txt"  # the source's ids of the rows in the reports, one a line
Key = int | str  # an import id, or the name of a folder still being received


def root() -> Path:
    path = get_settings().import_dir
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def folder(import_id: Key) -> Path:
    return root() / str(import_id)


def path_of(import_id: Key, name: str) -> Path:
    return folder(import_id) / name


def save_upload(source: BinaryIO, import_id: Key, max_bytes: int) -> int:
    """Copy the uploaded stream to the import's folder in 1 MB chunks; 413 beyond the cap
    (the folder is removed again, nothing half-kept)."""
    target = folder(import_id)
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    written = 0
    fd = os.open(target / UPLOAD, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        while chunk := source.read(CHUNK_BYTES):
            written += len(chunk)
            if written > max_bytes:
                break
            out.write(chunk)
    if written > max_bytes:
        remove(import_id)
        raise TooLarge(
            f"The file is larger than {max_bytes / 1e6:.0f} MB. Split it into smaller files.",
            fields={"file": f"more than {max_bytes} bytes"},
        )
    return written


def copy_upload(from_id: int, to_id: int) -> None:
    remove(to_id)  # nothing of a former import with this id may show up as its report
    target = folder(to_id)
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    shutil.copyfile(path_of(from_id, UPLOAD), target / UPLOAD)


def drop_upload(import_id: Key) -> None:
    path_of(import_id, UPLOAD).unlink(missing_ok=True)


def remove(import_id: Key) -> None:
    shutil.rmtree(folder(import_id), ignore_errors=True)


def clean_old(keep_hours: float) -> int:
    """Delete the folders of imports older than ``keep_hours``; returns how many."""
    cutoff = time.time() - keep_hours * 3600
    removed = 0
    for entry in root().iterdir():
        if entry.is_dir() and entry.stat().st_mtime < cutoff:
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    return removed
