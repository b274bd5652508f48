"""A fetched page to article fields: charset, then trafilatura (title, date, author, site name, text).

CPU-heavy (lxml, trafilatura's heuristics): ``extract_article`` is plain synchronous code that the poller runs
in a worker thread. A page's bytes are decoded before trafilatura sees them: UTF-8 when they are valid UTF-8
(text in another encoding almost never is, so this also overrides a wrong declared charset), else the charset the
server or the page declares when it decodes cleanly, else the ingest reader's Cyrillic code-page guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.reader import decode

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Extracted:
    title: str | None
    published: date | None
    author: str | None
    site_name: str | None
    text: str  # paragraphs separated by one newline


def decode_page(body: bytes, declared: str | None) -> str:
    """Return the page's text (see the module docstring); raise ``IngestError`` for empty or binary bytes."""
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    meta = _META_CHARSET.search(body[:4096])
    for charset in (declared, meta.group(1).decode("ascii") if meta else None):
        if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
            try:
                return body.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
    return decode(body)[0]


def _date(value: str | None) -> date | None:
    m = _ISO_DATE.match(value or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def extract_article(body: bytes, *, url: str, declared_charset: str | None) -> Extracted | None:
    """Return the article of an HTML page, or None when it has no article text."""
    import trafilatura  # ~0.2 s to import: only where pages are read, not in every command that loads settings

    html = decode_page(body, declared_charset)
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False)
    if doc is None or not (doc.text or "").strip():
        return None
    return Extracted(title=(doc.title or "").strip() or None, published=_date(doc.date),
                     author=(doc.author or "").strip() or None, site_name=(doc.sitename or "").strip() or None,
                     text=doc.text.strip())


def text_of_html(fragment: str) -> str:
    """Return the plain text of a feed's HTML content or summary, one paragraph per line."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return ""
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        block.tail = "\n" + (block.tail or "")
    lines = (re.sub(r"\s+", " ", line).strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)

