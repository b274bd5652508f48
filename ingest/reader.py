"""Bytes to text: BOMs, UTF-8, UTF-16, legacy Cyrillic code pages, and the optional headers.

Two headers are understood: ` date YYYY-MM-DD` (hand-made seeds), and the block the feed fetcher writes
(``feeds.writer``): lines ``Title:``, ``Date:``, ``URL:``, ``Outlet:`` (and ``Author:``), then a blank line. The
block counts as a header only when it has a ``URL:`` line with an http(s) address, so an article whose first line
happens to start with "Title:" is left alone.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
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
# UTF-16 without a byte-order mark (see ``_utf16_without_bom``): the share of characters that must have a NUL
# high byte (spaces alone are ~15 % of Russian, Kazakh or English text) and the share of decoded characters in
# the Latin, Cyrillic and punctuation blocks (binary data decoded as UTF-16 is mostly CJK and private-use).
UTF16_MIN_NUL_SHARE = 0.05
UTF16_MIN_TEXT_SHARE = 0.95
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
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise IngestError("binary file (contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8"), "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = [(data.decode(enc, errors="replace"), enc) for enc in ("cp1251", "koi8-r")]
    text, encoding = max(candidates, key=lambda c: _cyrillic_score(c[0]))
    return _checked(text, encoding), encoding


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark, told by where its NUL bytes are: the high bytes of spaces, digits,
    punctuation and Latin letters, so all on odd offsets (little-endian) or all on even ones (big-endian), and
    the decoded text is letters, digits, spaces and punctuation of the scripts articles use."""
    even, odd = data[0::2].count(0), data[1::2].count(0)
    # At least one character in UTF16_MIN_NUL_SHARE is a space or ASCII (Cyrillic text: ~15 % spaces alone);
    # NULs on the other offsets are the low bytes of U+0100, U+0200... (rare in text, common in binary).
    if max(even, odd) < UTF16_MIN_NUL_SHARE * (len(data) // 2) or min(even, odd) > max(even, odd) // 100:
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data[: len(data) - len(data) % 2].decode(encoding)
    except UnicodeDecodeError:
        return None
    texty = sum(1 for ch in text if ch < "\u0300" or "\u0400" <= ch < "\u0530" or "\u2000" <= ch < "\u2070")
    if texty < UTF16_MIN_TEXT_SHARE * len(text) or _control_share(text) > _MAX_CONTROL_SHARE:
        return None
    return text, encoding


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


_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def read_file(path: str | os.PathLike[str], max_bytes: int) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file at ``path`` and its ``fstat``, reading at most ``max_bytes`` + 1 bytes.

    Opened without blocking (a FIFO would wait for a writer forever) and checked on the open descriptor (the name
    may be swapped in between): anything but a regular file (FIFO, device such as ``/dev/zero``, socket,
    directory) and a file over ``max_bytes`` raise ``IngestError`` without being read. ``OSError`` from opening
    (missing file, symlink loop, permissions) is left to the caller (a missing file means something else to a
    directory scan than to a single parse).
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
            raise IngestError(f"not a regular file ({kind})")
        if st.st_size > max_bytes:
            raise IngestError(f"file too large ({st.st_size} bytes > {max_bytes})")
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise IngestError(f"file too large (over {max_bytes} bytes)")
    return data, st


def text_path(path: str | os.PathLike[str]) -> str:
    """``path`` as text that can be stored and printed: a name that is not valid UTF-8 (``bad\\xff.txt``, which
    Python holds with surrogate escapes) gets its bad bytes written as ``\\xff``. The same path always gives the
    same text, so it is the file's key from one pass to the next."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")
