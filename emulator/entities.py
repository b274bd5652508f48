"""Message text handling: parse modes, explicit entities, trimming, and auto-detected entities."""

from __future__ import annotations

import re
from typing import Any

from emulator.common import JSON, ApiError, bad_request, utf16_len
from emulator.html_parser import EntityParseError, parse_html
from emulator.markdown import parse_markdown, parse_markdown_v2

_PARSERS = {"html": parse_html, "markdownv2": parse_markdown_v2, "markdown": parse_markdown}

_AUTO_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("url", re.compile(r"(?<![\w@/])https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]}]")),
    ("bot_command", re.compile(
        r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z][A-Za-z0-9_]{2,31})?(?![\w/@])")),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}(?![\w@])")),
    ("hashtag", re.compile(r"(?<![\w#])#\w*[^\W\d]\w*")),
)


def parse_formatted(text: str, parse_mode: str | None) -> tuple[str, list[JSON]]:
    """Apply ``parse_mode``; raises ApiError 400 ``can't parse entities: ...`` on bad markup."""
    if not parse_mode:
        return text, []
    parser = _PARSERS.get(parse_mode.lower())
    if parser is None:
        raise bad_request("unsupported parse_mode")
    try:
        return parser(text)
    except EntityParseError as exc:
        raise bad_request(f"can't parse entities: {exc}") from exc


def validate_entities(value: Any, text: str) -> list[JSON]:
    """Check explicitly passed ``entities``/``caption_entities`` (a decoded JSON array)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise bad_request("can't parse entities JSON object")
    total = utf16_len(text)
    result: list[JSON] = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise bad_request("can't parse MessageEntity JSON object")
        offset, length = item.get("offset"), item.get("length")
        if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or length < 0:
            raise bad_request("can't parse MessageEntity JSON object")
        if item["type"] == "text_link" and not item.get("url"):
            raise bad_request("can't parse entities: URL is empty")
        end = min(offset + length, total)
        if end > offset:
            result.append({**item, "offset": offset, "length": end - offset})
    result.sort(key=lambda e: (e["offset"], -e["length"]))
    return result


def _code_units(text: str, index: int) -> int:
    return utf16_len(text[:index])


def strip_text(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
    """Trim leading/trailing whitespace like Telegram does, shifting and clipping entities."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    total = utf16_len(stripped)
    result: list[JSON] = []
    for entity in entities:
        start = max(0, entity["offset"] - lead)
        end = min(total, entity["offset"] + entity["length"] - lead)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result


def format_text(
    text: Any,
    parse_mode: Any,
    entities: Any,
    *,
    max_length: int,
    empty_error: str | None,
    long_error: str,
) -> tuple[str, list[JSON]]:
    """Full pipeline for a message text or caption.

    ``empty_error`` None means empty is allowed (captions). Returns (text, entities).
    """
    if text is None:
        text = ""
    if not isinstance(text, str):
        text = str(text)
    if parse_mode and isinstance(parse_mode, str) and parse_mode.strip():
        plain, parsed = parse_formatted(text, parse_mode.strip())
    else:
        plain, parsed = text, validate_entities(entities, text)
    plain, parsed = strip_text(plain, parsed)
    if not plain and empty_error is not None:
        raise bad_request(empty_error)
    if utf16_len(plain) > max_length:
        raise bad_request(long_error)
    return plain, parsed


def visible_length(text: Any, parse_mode: Any) -> int:
    """UTF-16 length of the text a user would see (markup removed when it parses)."""
    if not isinstance(text, str):
        return 0
    try:
        plain, _ = parse_formatted(text, parse_mode if isinstance(parse_mode, str) else None)
    except ApiError:
        plain = text
    return utf16_len(plain.strip())


def detect_entities(text: str) -> list[JSON]:
    """Entities Telegram adds to incoming user text: bot_command, url, mention, hashtag."""
    found: list[tuple[int, int, str]] = []
    for kind, pattern in _AUTO_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < other_end and other_start < end for other_start, other_end, _ in found):
                continue
            found.append((start, end, kind))
    found.sort()
    return [
        {"type": kind, "offset": _code_units(text, start), "length": utf16_len(text[start:end])}
        for start, end, kind in found
    ]
