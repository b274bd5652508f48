"""Which files of a directory are ready to ingest: listing, temporary names, settling, raw hashes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.reader import text_path

__all__ = ["Listed", "is_settled", "is_temporary", "sha256_file", "text_path", "walk"]

# Names that belong to a file still being written or to an editor/sync tool, never to an article.
TEMPORARY_SUFFIXES = (".part", ".tmp", "~")
_READ_CHUNK = 1 << 20


@dataclass(frozen=True)
class Listed:
    path: str  # absolute
    size: int
    mtime_ns: int


def is_temporary(name: str) -> bool:
    """Return whether ``name`` is a hidden or temporary file name (``.x``, ``x.part``, ``x.tmp``, ``x~``)."""
    return name.startswith(".") or name.endswith(TEMPORARY_SUFFIXES)


def walk(directory: Path) -> Iterator[Path]:
    """Yield every regular file under ``directory`` (hidden directories skipped), in a stable order."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            yield Path(root, name)


def is_settled(mtime_ns: int, *, now_ns: int, settle_seconds: float) -> bool:
    """Return whether a file was last modified at least ``settle_seconds`` ago."""
    return mtime_ns <= now_ns - int(settle_seconds * 1_000_000_000)


def sha256_file(path: str | Path) -> str:
    """Return the hex SHA-256 of the file's raw bytes (read in chunks)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_READ_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
