"""``parse_mode=MarkdownV2`` and legacy ``Markdown`` -> plain text + entities, like Telegram.

MarkdownV2: every character of ``_*[]()~`>#+-=|{}.!`` outside an entity marker must be escaped
with ``\\`` (inside code/pre only ````` and ``\\``), otherwise the server answers
``Character 'X' is reserved and must be escaped with the preceding '\\'``; unclosed entities
give ``Can't find end of <Type> entity at byte offset N``. Block quotes (lines starting with
``>``, expandable with ``**>`` ... ``||``) are supported. Offsets are UTF-16 code units.
"""

from __future__ import annotations

from dataclasses import dataclass

from emulator.common import JSON, char_utf16, utf8_offset
from emulator.html_parser import EntityParseError

_RESERVED = "_*[]()~`>#+-=|{}.!"
_TYPE_NAMES = {
    "bold": "Bold", "italic": "Italic", "underline": "Underline", "strikethrough": "Strikethrough",
    "spoiler": "Spoiler", "code": "Code", "pre": "Pre", "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}


@dataclass(slots=True)
class _Open:
    type: str
    offset: int  # UTF-16 offset in output
    byte_offset: int
    out_index: int  # index into the output char list
    language: str = ""


def _reserved(ch: str) -> EntityParseError:
    return EntityParseError(f"Character '{ch}' is reserved and must be escaped with the preceding '\\'")


def _make_entity(open_: _Open, length: int, url: str | None = None) -> JSON | None:
    entity: JSON = {"type": open_.type, "offset": open_.offset, "length": length}
    if open_.type == "pre" and open_.language:
        entity["language"] = open_.language
    if open_.type == "text_link":
        if not url:
            return None
        entity["url"] = url if "://" in url or url.startswith("mailto:") else "http://" + url
    if open_.type == "custom_emoji":
        emoji_id = (url or "").removeprefix("tg://emoji?id=")
        if not emoji_id.isdigit():
            return None
        entity["custom_emoji_id"] = emoji_id
    return entity


class _MarkdownV2:
    def __init__(self, source: str) -> None:
        self.src = source
        self.n = len(source)
        self.out: list[str] = []
        self.pos16 = 0
        self.stack: list[_Open] = []
        self.entities: list[JSON] = []
        self.quote_start: int | None = None
        self.quote_expandable = False

    def at(self, i: int) -> str:
        return self.src[i] if 0 <= i < self.n else ""

    def emit(self, ch: str) -> None:
        self.out.append(ch)
        self.pos16 += char_utf16(ch)

    def close_quote(self) -> None:
        if self.quote_start is not None:
            end = self.pos16
            if self.out and self.out[-1] == "\n":
                end -= 1
            if end > self.quote_start:
                kind = "expandable_blockquote" if self.quote_expandable else "blockquote"
                self.entities.append({"type": kind, "offset": self.quote_start,
                                      "length": end - self.quote_start})
        self.quote_start = None
        self.quote_expandable = False

    def line_start(self, i: int) -> int:
        """Handle ``>`` / ``**>`` quote markers at the start of a line; returns the new index."""
        if self.stack:
            return i
        if self.src.startswith("**>", i):
            self.close_quote()
            self.quote_start, self.quote_expandable = self.pos16, True
            return i + 3
        if self.at(i) == ">":
            if self.quote_start is None:
                self.quote_start = self.pos16
            return i + 1
        if self.quote_start is not None and not self.quote_expandable:
            self.close_quote()
        return i

    def run(self) -> tuple[str, list[JSON]]:
        i = 0
        at_line_start = True
        while i < self.n:
            if at_line_start:
                i = self.line_start(i)
                at_line_start = False
                if i >= self.n:
                    break
            ch = self.src[i]
            nxt = self.at(i + 1)
            if ch == "\\" and nxt and 0 < ord(nxt) <= 126:
                self.emit(nxt)
                i += 2
                continue
            top = self.stack[-1] if self.stack else None
            reserved = "`" if top is not None and top.type in ("code", "pre") else _RESERVED
            if ch not in reserved:
                self.emit(ch)
                at_line_start = ch == "\n"
                i += 1
                continue
            if (self.quote_expandable and ch == "|" and nxt == "|" and self.at(i + 2) in ("", "\n")
                    and (top is None or top.type != "spoiler")):
                i += 2
                self.close_quote()
                continue
            i = self.end_entity(i, top) if self.is_end(ch, i, top) else self.begin_entity(i)
        if self.stack:
            top = self.stack[-1]
            raise EntityParseError(
                f"Can't find end of {_TYPE_NAMES[top.type]} entity at byte offset {top.byte_offset}"
            )
        self.close_quote()
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.out), self.entities

    def is_end(self, ch: str, i: int, top: _Open | None) -> bool:
        if top is None:
            return False
        nxt = self.at(i + 1)
        return {
            "bold": ch == "*", "italic": ch == "_" and nxt != "_", "code": ch == "`",
            "pre": self.src.startswith("```", i), "text_link": ch == "]",
            "underline": ch == "_" and nxt == "_", "strikethrough": ch == "~",
            "spoiler": ch == "|" and nxt == "|", "custom_emoji": ch == "]",
        }[top.type]

    def begin_entity(self, i: int) -> int:
        ch, nxt = self.src[i], self.at(i + 1)
        byte_offset = utf8_offset(self.src, i)
        language = ""
        if ch == "_":
            kind = "underline" if nxt == "_" else "italic"
            i += 2 if nxt == "_" else 1
        elif ch == "*":
            kind, i = "bold", i + 1
        elif ch == "~":
            kind, i = "strikethrough", i + 1
        elif ch == "|" and nxt == "|":
            kind, i = "spoiler", i + 2
        elif ch == "[":
            kind, i = "text_link", i + 1
        elif ch == "!" and nxt == "[":
            kind, i = "custom_emoji", i + 2
        elif ch == "`" and self.src.startswith("```", i):
            kind, i = "pre", i + 3
            end = i
            while end < self.n and not self.src[end].isspace() and self.src[end] != "`":
                end += 1
            if end != i and end < self.n and self.src[end] != "`":
                language, i = self.src[i:end], end
            if self.at(i) in ("\n", "\r"):
                i += 2 if self.at(i + 1) in ("\n", "\r") and self.at(i + 1) != self.at(i) else 1
        elif ch == "`":
            kind, i = "code", i + 1
        else:
            raise _reserved(ch)
        self.stack.append(_Open(kind, self.pos16, byte_offset, len(self.out), language))
        return i

    def end_entity(self, i: int, top: _Open | None) -> int:
        assert top is not None
        self.stack.pop()
        url: str | None = None
        if top.type in ("underline", "spoiler"):
            i += 2
        elif top.type == "pre":
            i += 3
        elif top.type in ("text_link", "custom_emoji"):
            if self.at(i + 1) != "(":
                url = "".join(self.out[top.out_index :])
                i += 1
            else:
                i += 2
                url_begin = i
                chars: list[str] = []
                while i < self.n and self.src[i] != ")":
                    if self.src[i] == "\\" and 0 < ord(self.at(i + 1) or "\0") <= 126:
                        chars.append(self.src[i + 1])
                        i += 2
                        continue
                    chars.append(self.src[i])
                    i += 1
                if i >= self.n:
                    raise EntityParseError(
                        f"Can't find end of a URL at byte offset {utf8_offset(self.src, url_begin)}"
                    )
                url, i = "".join(chars), i + 1
        else:
            i += 1
        length = self.pos16 - top.offset
        if length > 0:
            if top.type in ("code", "pre"):
                self.entities = [e for e in self.entities
                                 if e["offset"] + e["length"] <= top.offset
                                 or e["type"] in ("blockquote", "expandable_blockquote")]
            entity = _make_entity(top, length, url)
            if entity is not None:
                self.entities.append(entity)
        return i


def parse_markdown_v2(source: str) -> tuple[str, list[JSON]]:
    """Parse MarkdownV2; raises :class:`EntityParseError` with Telegram's message."""
    return _MarkdownV2(source).run()


def parse_markdown(source: str) -> tuple[str, list[JSON]]:
    """Parse legacy Markdown (``*bold* _italic_ `code` ```pre``` [text](url)``)."""
    out: list[str] = []
    pos16 = 0
    entities: list[JSON] = []
    n = len(source)
    i = 0
    while i < n:
        ch = source[i]
        if ch == "\\" and i + 1 < n and source[i + 1] in "_*`[":
            out.append(source[i + 1])
            pos16 += 1
            i += 2
            continue
        if ch not in "_*`[":
            out.append(ch)
            pos16 += char_utf16(ch)
            i += 1
            continue
        begin = i
        end_char = "]" if ch == "[" else ch
        is_pre = source.startswith("```", i)
        i += 3 if is_pre else 1
        language = ""
        if is_pre:
            end = i
            while end < n and not source[end].isspace() and source[end] != "`":
                end += 1
            if end != i and end < n and source[end] != "`":
                language, i = source[i:end], end
            if i < n and source[i] in "\r\n":
                i += 1
        start16, start_index = pos16, len(out)
        while i < n and (source[i] != end_char or (is_pre and not source.startswith("```", i))):
            out.append(source[i])
            pos16 += char_utf16(source[i])
            i += 1
        if i >= n:
            raise EntityParseError(
                f"Can't find end of the entity starting at byte offset {utf8_offset(source, begin)}"
            )
        entity: JSON | None
        if ch == "[":
            if i + 1 < n and source[i + 1] == "(":
                close = source.find(")", i + 2)
                url = source[i + 2 : close if close >= 0 else n]
                i = close if close >= 0 else n - 1
            else:
                url = "".join(out[start_index:])
            entity = _make_entity(_Open("text_link", start16, 0, 0), pos16 - start16, url)
        else:
            kind = {"_": "italic", "*": "bold"}.get(ch, "pre" if is_pre else "code")
            entity = {"type": kind, "offset": start16, "length": pos16 - start16}
            if language:
                entity["language"] = language
        if entity is not None and entity["length"] > 0:
            entities.append(entity)
        i += 3 if is_pre else 1
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities
