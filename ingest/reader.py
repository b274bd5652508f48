"""Bytes to text: BOMs, UTF-8, UTF-16, legacy Cyrillic code pages, and the optional ` date YYYY-MM-DD` header."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import date

from ingest.model import IngestError

_HEADER = re.compile(r"\A[ \t\ufeff]*date[ \t]+(\d{4})-(\d{2})-(\d{2})(?:[ \t]+|[ \t]*\r?\n|\Z)")
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


def read_text(data: bytes) -> RawText:
    """Decode article bytes and split off the optional ` date YYYY-MM-DD` header."""
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    header_date = None
    m = _HEADER.match(text)
    if m:
        try:
            header_date = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            header_date = None
        text = text[m.end():]
    if not text.strip():
        raise IngestError("no article text after the date header")
    return RawText(text=text, header_date=header_date, encoding=encoding)
