"""Seed files for fetched articles: a small header, the text, written atomically under a stable name.

```
Title: <headline>
Date: YYYY-MM-DD
URL: <the page>
Outlet: <outlet>

<paragraph>

<paragraph>
```
(``ingest.reader`` reads this header; ``Date:``, ``Outlet:`` and ``Author:`` are there when known.) The name comes
from the item's identity (``feed_<16 hex digits>.txt``), so writing an item again replaces the same file and never
adds a second one. It is written to ``.<name>.<random>.part`` first (hidden and ``.part``: names the scanner skips, see
``scan.files.is_temporary``), flushed to disk, then renamed into place: the scanner sees the whole file or none.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from datetime import date
from pathlib import Path

from ingest.normalize import normalize

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def seed_name(key: str) -> str:
    """Return the seed file name of the item with identity ``key``."""
    return f"feed_{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}.txt"


def _one_line(value: str) -> str:
    return re.sub(r"\s+", " ", _CONTROL.sub(" ", value)).strip()


def render_seed(*, title: str | None, published: date | None, url: str, outlet: str | None, text: str,
                author: str | None = None) -> str:
    """Return the seed file's text: header, blank line, one paragraph per block (the title line dropped)."""
    header = []
    if title and _one_line(title):
        header.append(f"Title: {_one_line(title)}")
    if published:
        header.append(f"Date: {published.isoformat()}")
    header.append(f"URL: {_one_line(url)}")
    if outlet and _one_line(outlet):
        header.append(f"Outlet: {_one_line(outlet)}")
    if author and _one_line(author):
        header.append(f"Author: {_one_line(author)}")
    paras = [_one_line(line) for line in text.splitlines()]
    paras = [p for p in paras if p]
    if title and len(paras) > 1 and normalize(paras[0]) == normalize(title):
        paras = paras[1:]  # the page repeats its headline above the text
    return "\n".join(header) + "\n\n" + "\n\n".join(paras) + "\n"


def write_seed(directory: Path, name: str, content: str) -> Path:
    """Write ``content`` to ``directory/name`` atomically (see the module docstring); return the path."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / name
    # A name of its own: another poller (in this process or another) may be writing the same item.
    fd, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a seed file is as readable as one copied in
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def remove_stale_temporaries(directory: Path, *, older_than_seconds: float = 3600.0) -> int:
    """Delete the temporary files of seed writes cut short (a kill between write and rename) that are older than
    ``older_than_seconds`` (a live write takes milliseconds); return how many were deleted."""
    removed = 0
    cutoff = time.time() - older_than_seconds
    for path in directory.glob(".feed_*.part") if directory.is_dir() else ():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another poller removed it first
            continue
    return removed
