"""The sources file (``SOURCES_FILE``, default ``sources.yaml``): the feeds to poll.

```yaml
feeds:
  - url: https://example.org/rss
    language: ru          # optional: what the outlet publishes in (shown by `sources list` and /sources)
    outlet: Example News  # optional: the ``Outlet:`` header of its seed files (else the page's site name)
    interval: 30          # optional: minutes between polls (default FEEDS_POLL_MINUTES)
```
Writes go through a temporary file and a rename, so a reader never sees half a file.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml


class SourcesError(Exception):
    """The sources file or a source in it is not usable; the message is one line for a person."""


@dataclass(frozen=True)
class Source:
    url: str
    language: str | None = None
    outlet: str | None = None
    interval_minutes: float | None = None  # None: the default interval

    def to_yaml(self) -> dict[str, object]:
        data: dict[str, object] = {"url": self.url}
        if self.language:
            data["language"] = self.language
        if self.outlet:
            data["outlet"] = self.outlet
        if self.interval_minutes is not None:
            data["interval"] = self.interval_minutes
        return data


def make_source(url: str, *, language: str | None = None, outlet: str | None = None,
                interval_minutes: float | None = None) -> Source:
    """Return a checked ``Source`` (raise ``SourcesError`` for a bad URL, language code or interval)."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourcesError(f"not an http(s) URL: {url!r}")
    if language is not None:
        language = language.strip().lower() or None
        if language and not re.fullmatch(r"[a-z]{2,3}", language):
            raise SourcesError(f"not a language code: {language!r}")
    if interval_minutes is not None and not interval_minutes > 0:
        raise SourcesError(f"interval must be a positive number of minutes: {interval_minutes!r}")
    return Source(url=url, language=language, outlet=(outlet or "").strip() or None,
                  interval_minutes=interval_minutes)


def load_sources(path: Path) -> list[Source]:
    """Return the sources listed in ``path`` (none when the file does not exist)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, yaml.YAMLError) as exc:
        raise SourcesError(f"cannot read {path}: {exc}") from exc
    entries = (data or {}).get("feeds") if isinstance(data, dict | None) else None
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise SourcesError(f"{path}: 'feeds' must be a list")
    sources: list[Source] = []
    for n, entry in enumerate(entries, 1):
        if isinstance(entry, str):
            entry = {"url": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            raise SourcesError(f"{path}: feed {n} has no url")
        interval = entry.get("interval")
        try:
            sources.append(make_source(entry["url"], language=entry.get("language"), outlet=entry.get("outlet"),
                                       interval_minutes=float(interval) if interval is not None else None))
        except (TypeError, ValueError) as exc:
            raise SourcesError(f"{path}: feed {n}: interval is not a number") from exc
        except SourcesError as exc:
            raise SourcesError(f"{path}: feed {n}: {exc}") from exc
    return sources


def save_sources(path: Path, sources: list[Source]) -> None:
    """Write ``sources`` to ``path`` atomically (temporary file in the same directory, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump({"feeds": [s.to_yaml() for s in sources]}, allow_unicode=True, sort_keys=False)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_source(path: Path, source: Source) -> bool:
    """Add ``source`` to the file, or replace the entry with its URL; return whether it was new."""
    sources = load_sources(path)
    new = all(s.url != source.url for s in sources)
    sources = [source if s.url == source.url else s for s in sources] + ([source] if new else [])
    save_sources(path, sources)
    return new


def remove_source(path: Path, url: str) -> bool:
    """Remove the source with this URL; return whether there was one."""
    sources = load_sources(path)
    kept = [s for s in sources if s.url != url.strip()]
    if len(kept) == len(sources):
        return False
    save_sources(path, kept)
    return True
