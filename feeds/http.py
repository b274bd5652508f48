"""One polite HTTP client for feeds, pages and robots.txt (httpx, async).

Per host, one request at a time and at least ``delay_seconds`` between the end of one and the start of the next;
every request names the bot in its User-Agent, has a timeout, follows at most ``max_redirects`` redirects itself
(a loop ends there) and stops reading a body past ``max_bytes``. Conditional GET: pass the stored ETag and
Last-Modified; a 304 comes back as such. The client holds its per-host locks: make one per poll loop (or per
application) and close it; nothing happens at import time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A request that gave no usable answer (network error, timeout, redirect loop, too large)."""


class TooLarge(FetchError):
    """The body is larger than the size cap."""


class Disallowed(FetchError):
    """robots.txt disallows the address (a redirect's target)."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    headers: httpx.Headers
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


@dataclass
class _Host:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    free_at: float = 0.0  # monotonic time from which the next request may start


class PoliteClient:
    """Async client with per-host serialisation and delay (see the module docstring)."""

    def __init__(self, *, user_agent: str, delay_seconds: float, timeout_seconds: float, max_bytes: int,
                 max_redirects: int, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._client = httpx.AsyncClient(
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(timeout_seconds), follow_redirects=False, transport=transport,
        )
        self.delay_seconds = delay_seconds
        self.timeout_seconds = timeout_seconds
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self._hosts: dict[str, _Host] = {}

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> PoliteClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                  accept: str | None = None, may_follow: Callable[[str], Awaitable[bool]] | None = None) -> Fetched:
        """GET ``url`` politely, following redirects up to the limit; raise ``FetchError`` when there is no answer.

        ``may_follow(target)`` is asked before each redirect is followed (robots.txt of the target's host).
        """
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        for _ in range(self.max_redirects + 1):
            fetched = await self._one(url, headers)
            location = fetched.headers.get("location")
            if fetched.status not in REDIRECTS or not location:
                return fetched
            url = urljoin(url, location)
            if urlsplit(url).scheme not in ("http", "https"):
                raise FetchError(f"redirect to a non-http address: {url}")
            if may_follow is not None and not await may_follow(url):
                raise Disallowed(f"redirected to {url}, which robots.txt disallows")
        raise FetchError(f"more than {self.max_redirects} redirects")

    async def _one(self, url: str, headers: dict[str, str]) -> Fetched:
        host = self._hosts.setdefault((urlsplit(url).hostname or "").lower(), _Host())
        async with host.lock:
            wait = host.free_at - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                return await self._read(url, headers)
            except (httpx.TimeoutException, TimeoutError) as exc:
                raise FetchError(f"timed out after {self.timeout_seconds:g} s") from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"{type(exc).__name__}: {exc}") from exc
            finally:
                host.free_at = time.monotonic() + self.delay_seconds

    async def _read(self, url: str, headers: dict[str, str]) -> Fetched:
        # The overall deadline also bounds a server that trickles its body byte by byte under the read timeout.
        async with asyncio.timeout(self.timeout_seconds * 4):
            async with self._client.stream("GET", url, headers=headers) as response:
                declared = response.headers.get("content-length", "")
                if declared.isascii() and declared.isdigit() and int(declared) > self.max_bytes:  # not "²"
                    raise TooLarge(f"larger than {self.max_bytes} bytes ({declared})")
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise TooLarge(f"larger than {self.max_bytes} bytes")
                    chunks.append(chunk)
                return Fetched(url=str(response.url), status=response.status_code, headers=response.headers,
                               body=b"".join(chunks))
