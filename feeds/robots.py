"""robots.txt: fetched once per host per ``ttl_seconds`` through the polite client, and obeyed.

A missing robots.txt (404 or another 4xx) allows everything; a server error or no answer means "not now": the
caller retries later instead of fetching (what the major crawlers do).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from feeds.http import FetchError, PoliteClient


class RobotsUnavailable(FetchError):
    """robots.txt could not be read (5xx or no answer): do not fetch from the host for now."""


@dataclass
class _Entry:
    parser: RobotFileParser
    expires: float


class RobotsCache:
    """Answers ``allowed(url)`` for one user agent; holds each host's parsed robots.txt for a while."""

    def __init__(self, client: PoliteClient, *, agent: str, ttl_seconds: float = 3600.0) -> None:
        self._client = client
        self._agent = agent
        self._ttl = ttl_seconds
        self._hosts: dict[str, _Entry] = {}

    async def allowed(self, url: str) -> bool:
        """Return whether robots.txt lets this bot fetch ``url`` (raise ``RobotsUnavailable`` when unknown)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        entry = self._hosts.get(origin)
        if entry is None or entry.expires < time.monotonic():
            entry = _Entry(await self._load(origin), time.monotonic() + self._ttl)
            self._hosts[origin] = entry
        return entry.parser.can_fetch(self._agent, url)

    async def _load(self, origin: str) -> RobotFileParser:
        parser = RobotFileParser(f"{origin}/robots.txt")
        try:
            fetched = await self._client.get(f"{origin}/robots.txt", accept="text/plain")
        except FetchError as exc:
            raise RobotsUnavailable(f"robots.txt: {exc}") from exc
        if fetched.status >= 500:
            raise RobotsUnavailable(f"robots.txt: HTTP {fetched.status}")
        if fetched.status >= 400:
            parser.parse([])  # no robots.txt: everything is allowed
        else:
            parser.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
        return parser
