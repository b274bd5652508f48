"""What every figure family gets: the scale, the number of runs, a work directory, the cache, a log."""

from __future__ import annotations

import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.corpus import CACHE


@dataclass
class Context:
    scale: float
    runs: int
    work: Path  # scratch space of this invocation, deleted at the end
    cache: Path = CACHE  # kept between invocations (git-ignored): corpora and synthetic stores
    details: dict[str, Any] = field(default_factory=dict)  # per family: what the JSON keeps beside the table
    postgres: str | None = None  # a PostgreSQL server URL: the query figures are also measured there
    started: float = field(default_factory=time.monotonic)

    def size(self, n: int, minimum: int = 20) -> int:
        """``n`` scaled by ``--scale`` (at least ``minimum``)."""
        return max(minimum, round(n * self.scale))

    def log(self, message: str) -> None:
        print(f"[bench {time.monotonic() - self.started:6.1f}s] {message}", file=sys.stderr, flush=True)

    def scratch(self, name: str) -> Path:
        """A fresh empty directory under the work directory."""
        path = self.work / name
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        return path


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def remove_database(path: Path) -> None:
    """Delete a SQLite database with its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
