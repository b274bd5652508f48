"""What the scanner saw of a file, without any database import: parser processes build these, and a process
that imports SQLAlchemy and the models takes ~0.6 s longer to start (measured with ``python -X importtime``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FileSnapshot:
    """What the scanner saw of a file before parsing it."""

    path: str
    size: int
    mtime_ns: int
    raw_sha256: str
