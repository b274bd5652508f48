"""Bytes to text: BOMs, UTF-8, UTF-16, legacy Cyrillic code pages, and the optional headers.

Two headers are understood: ` date YYYY-MM-DD` (hand-made seeds), and the block the feed fetcher writes
(``feeds.writer``): lines ``Title:``, ``Date:``, ``URL:``, ``Outlet:`` (and ``Author:``), then a blank line. The
block counts as a header only when it has a ``URL:`` line with an http(s) address, so an article whose first line
happens to start with "Title:" is left alone.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import date

from ingest.model import IngestError

_HEADER = re.compile(r"\A[ \t\ufeff]*date[ \t]+(\d{4})-(\d{2})-(\d{2})(?:[ \t]+|[ \t]*\r?\n|\Z)")
# The fetcher's header block: known ``Key: value`` lines from the first line on, ended by a blank line.
_FIELD_BLOCK = re.compile(r"\A((?:(?:Title|Date|URL|Outlet|Author):[^\n]*\n)+)[ \t]*\n")
_FIELD = re.compile(r"(Title|Date|URL|Outlet|Author):[ \t]*([^\n]*?)[ \t]*$", re.MULTILINE)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Share of control characters above which the input is not text (measured: real articles have 0; binary
# formats such as PDF, PNG or ZIP have > 5 % after any single-byte decoding).
_MAX_CONTROL_SHARE = 0.01
# Frequent lowercase Cyrillic letters: a cp1251 text decoded as koi8-r (or the reverse) turns them into
# capitals and rare letters, so the decoding with more of them is the right one.
_FREQUENT_CYRILLIC = set("оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфё")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class RawText:
    text: str  # the article text with the header removed, newlines normalised
    header_date: date | None
    encoding: str
    header_title: str | None = None  # from the fetcher's header block (Title:, URL:, Outlet:)
    header_url: str | None = None
    header_outlet: str | None = None


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


def _cyrillic_score(text: str) -> int:
    return sum(1 for ch in text if ch in _FREQUENT_CYRILLIC)


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name); raise IngestError for empty or binary input."""
    if not data or not data.strip(b" \t\r\n\x00"):
        raise IngestError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(f"invalid {encoding} text after its byte-order mark") from exc
            return _checked(text, encoding), encoding
    if b"\x00" in data:
        raise IngestError("binary file (contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8"), "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = [(data.decode(enc, errors="replace"), enc) for enc in ("cp1251", "koi8-r")]
    text, encoding = max(candidates, key=lambda c: _cyrillic_score(c[0]))
    return _checked(text, encoding), encoding


def _checked(text: str, encoding: str) -> str:
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise IngestError(f"binary file (not text in {encoding})")
    if not text.strip():
        raise IngestError("empty file")
    return text


def _date_or_none(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _field_header(text: str) -> tuple[dict[str, str], str] | None:
    """The fetcher's header fields (non-empty values only) and the text after the block, or None."""
    m = _FIELD_BLOCK.match(text)
    if not m:
        return None
    fields = {key: value for key, value in _FIELD.findall(m.group(1)) if value}
    if not fields.get("URL", "").lower().startswith(("http://", "https://")):
        return None
    return fields, text[m.end():]


def read_text(data: bytes) -> RawText:
    """Decode article bytes and split off the optional header (` date YYYY-MM-DD` or the fetcher's block)."""
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    block = _field_header(text)
    if block is not None:
        fields, text = block
        dm = _ISO_DATE.match(fields.get("Date", ""))
        if not text.strip():
            raise IngestError("no article text after the header")
        return RawText(text=text, header_date=_date_or_none(*dm.groups()) if dm else None, encoding=encoding,
                       header_title=fields.get("Title"), header_url=fields["URL"],
                       header_outlet=fields.get("Outlet"))
    header_date = None
    m = _HEADER.match(text)
    if m:
        header_date = _date_or_none(m.group(1), m.group(2), m.group(3))
        text = text[m.end():]
    if not text.strip():
        raise IngestError("no article text after the date header")
    return RawText(text=text, header_date=header_date, encoding=encoding)
