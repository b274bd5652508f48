"""Feed bytes to entries (feedparser, RSS 0.9x/1.0/2.0 and Atom), each with its identity.

An item's identity is its GUID when that is globally unique by construction (an absolute URL or a ``tag:`` or
``urn:`` URI, as Atom requires), else the feed's URL and the GUID together, else its canonical link (fragment and
``utm_*`` tracking parameters dropped, host lower-cased). The same article reached through two feeds that give
its link as identity is one item.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser


class NotAFeed(Exception):
    """The bytes are not an RSS or Atom feed."""


@dataclass(frozen=True)
class Entry:
    key: str  # identity (see the module docstring)
    url: str  # the page to fetch (canonical link)
    title: str | None
    published: date | None
    summary_html: str | None  # the feed's own content or summary, used when the page gives no text


def canonical_url(url: str) -> str:
    """Return ``url`` without its fragment and tracking parameters, with scheme and host lower-cased."""
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith("utm_")])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def item_key(*, feed_url: str, guid: str | None, link: str | None) -> str | None:
    """Return the item's identity (None when it has neither GUID nor link)."""
    guid = (guid or "").strip()
    if guid:
        if guid.lower().startswith(("http://", "https://")):
            return canonical_url(guid)
        if guid.lower().startswith(("tag:", "urn:")):
            return guid
        return f"{feed_url}#{guid}"
    return canonical_url(link) if link else None


def _published(entry: feedparser.FeedParserDict) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).date()


def parse_feed(data: bytes, *, feed_url: str, content_type: str | None = None) -> tuple[str | None, list[Entry]]:
    """Return (the feed's title, its entries with a link) from the feed's bytes; raise ``NotAFeed``.

    CPU work (feedparser): call it off the event loop.
    """
    headers = {"content-location": feed_url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(data, response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise NotAFeed(f"not an RSS or Atom feed{f' ({reason})' if reason else ''}")
    entries: list[Entry] = []
    seen: set[str] = set()
    for raw in parsed.entries:
        link = raw.get("link")
        if link:
            link = urljoin(feed_url, link)
        key = item_key(feed_url=feed_url, guid=raw.get("id"), link=link)
        page = link or (raw.get("id") if str(raw.get("id", "")).startswith(("http://", "https://")) else None)
        if key is None or page is None or key in seen:
            continue
        seen.add(key)
        content = raw.get("content") or []
        summary = content[0].get("value") if content else raw.get("summary")
        entries.append(Entry(key=key, url=canonical_url(page), title=(raw.get("title") or "").strip() or None,
                             published=_published(raw), summary_html=summary or None))
    title = (parsed.feed.get("title") or "").strip() or None
    return title, entries
