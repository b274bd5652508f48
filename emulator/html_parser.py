"""Telegram-flavoured HTML (``parse_mode=HTML``) -> plain text + message entities.

Follows the server's rules: only the tags ``b strong i em u ins s strike del a code pre span
tg-spoiler blockquote tg-emoji`` are accepted; tags must be properly nested and closed; the named
entities ``&lt; &gt; &amp; &quot;`` and all numeric entities are decoded, any other ``&`` stays a
literal character. Errors carry Telegram's wording (without the ``Bad Request: can't parse
entities:`` prefix, which the caller adds) and UTF-8 byte offsets into the source.
Entity offsets/lengths are in UTF-16 code units.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from emulator.common import JSON, char_utf16, utf8_offset

ALLOWED_TAGS: frozenset[str] = frozenset(
    {"a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "span",
     "tg-spoiler", "blockquote", "tg-emoji"}
)
_TAG_TYPES: dict[str, str] = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "tg-spoiler": "spoiler", "span": "spoiler", "code": "code", "pre": "pre",
    "blockquote": "blockquote", "a": "text_link", "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES: dict[str, str] = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class EntityParseError(ValueError):
    """The markup is invalid; ``str(err)`` is Telegram's detail message."""


@dataclass(slots=True)
class _OpenTag:
    name: str
    attrs: dict[str, str]
    offset: int  # UTF-16 offset in the output text
    order: int
    entities_before: int = 0
    extra: JSON = field(default_factory=dict)


def decode_entity(source: str, index: int) -> tuple[str, int] | None:
    """Decode the HTML entity starting at ``source[index] == '&'``; (text, index after it)."""
    end = source.find(";", index + 1, index + 12)
    if end < 0:
        return None
    body = source[index + 1 : end]
    if body in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[body], end + 1
    if len(body) < 2 or body[0] != "#":
        return None
    digits, base = (body[2:], 16) if body[1] in "xX" else (body[1:], 10)
    allowed = "0123456789abcdefABCDEF" if base == 16 else "0123456789"
    if not digits or any(ch not in allowed for ch in digits):
        return None
    code = int(digits, base)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), end + 1


def _decode_all(raw: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(raw):
        if raw[i] == "&" and (decoded := decode_entity(raw, i)) is not None:
            out.append(decoded[0])
            i = decoded[1]
        else:
            out.append(raw[i])
            i += 1
    return "".join(out)


class _HtmlParser:
    def __init__(self, source: str) -> None:
        self.src = source
        self.n = len(source)
        self.out: list[str] = []
        self.pos16 = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[tuple[int, JSON]] = []
        self.opened = 0

    def error(self, message: str) -> EntityParseError:
        return EntityParseError(message)

    def byte(self, index: int) -> int:
        return utf8_offset(self.src, index)

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.pos16 += sum(char_utf16(ch) for ch in text)

    def skip_spaces(self, i: int) -> int:
        while i < self.n and self.src[i].isspace():
            i += 1
        return i

    def run(self) -> tuple[str, list[JSON]]:
        i = 0
        src = self.src
        while i < self.n:
            ch = src[i]
            if ch == "&":
                decoded = decode_entity(src, i)
                if decoded is not None:
                    self.emit(decoded[0])
                    i = decoded[1]
                else:
                    self.emit("&")
                    i += 1
            elif ch == "<":
                if i + 1 < self.n and src[i + 1] == "/":
                    i = self.close_tag(i)
                else:
                    i = self.open_tag(i)
            else:
                j = i + 1
                while j < self.n and src[j] not in "<&":
                    j += 1
                self.emit(src[i:j])
                i = j
        if self.stack:
            raise self.error(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        ordered = sorted(self.entities, key=lambda item: (item[1]["offset"], -item[1]["length"],
                                                           item[0]))
        return "".join(self.out), [entity for _, entity in ordered]

    def open_tag(self, begin: int) -> int:
        src = self.src
        i = begin + 1
        while i < self.n and not src[i].isspace() and src[i] != ">":
            i += 1
        if i >= self.n:
            raise self.error(f"Unclosed start tag at byte offset {self.byte(begin)}")
        name = src[begin + 1 : i].lower()
        if name not in ALLOWED_TAGS:
            raise self.error(f'Unsupported start tag "{name}" at byte offset {self.byte(begin)}')
        attrs: dict[str, str] = {}
        while True:
            i = self.skip_spaces(i)
            if i >= self.n:
                raise self.error(f"Unclosed start tag at byte offset {self.byte(begin)}")
            if src[i] == ">":
                i += 1
                break
            start = i
            while i < self.n and not src[i].isspace() and src[i] not in "=>":
                i += 1
            attr = src[start:i].lower()
            if not attr:
                raise self.error(
                    f'Empty attribute name in the tag "{name}" at byte offset {self.byte(begin)}'
                )
            i = self.skip_spaces(i)
            if i >= self.n:
                raise self.error(f"Unclosed start tag at byte offset {self.byte(begin)}")
            if src[i] != "=":
                attrs[attr] = ""  # value-less attribute such as <blockquote expandable>
                continue
            i = self.skip_spaces(i + 1)
            if i >= self.n:
                raise self.error(f"Unclosed start tag at byte offset {self.byte(begin)}")
            if src[i] in "'\"":
                end = src.find(src[i], i + 1)
                if end < 0:
                    raise self.error(f"Unclosed start tag at byte offset {self.byte(begin)}")
                attrs[attr] = _decode_all(src[i + 1 : end])
                i = end + 1
            else:
                start = i
                while i < self.n and (src[i].isalnum() or src[i] in ".-_"):
                    i += 1
                if i >= self.n:
                    raise self.error(f"Unclosed start tag at byte offset {self.byte(begin)}")
                if not src[i].isspace() and src[i] != ">":
                    raise self.error(f"Unexpected end of name token at byte offset {self.byte(i)}")
                attrs[attr] = src[start:i]
        self.check_open(name, attrs, begin)
        self.opened += 1
        self.stack.append(_OpenTag(name, attrs, self.pos16, self.opened, len(self.entities)))
        return i

    def check_open(self, name: str, attrs: dict[str, str], begin: int) -> None:
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise self.error(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte(begin)}'
            )
        if name == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
            raise self.error(
                f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {self.byte(begin)}'
            )

    def close_tag(self, begin: int) -> int:
        src = self.src
        if not self.stack:
            raise self.error(f"Unexpected end tag at byte offset {self.byte(begin)}")
        i = begin + 2
        while i < self.n and not src[i].isspace() and src[i] != ">":
            i += 1
        name = src[begin + 2 : i].lower()
        expected = self.stack[-1].name
        if name != expected:
            raise self.error(
                f'Unmatched end tag at byte offset {self.byte(begin)}, expected "</{expected}>", '
                f'found "</{name}>"'
            )
        i = self.skip_spaces(i)
        if i >= self.n or src[i] != ">":
            raise self.error(f"Unclosed end tag at byte offset {self.byte(begin)}")
        self.finish(self.stack.pop())
        return i + 1

    def finish(self, tag: _OpenTag) -> None:
        length = self.pos16 - tag.offset
        if length <= 0:
            return
        in_code = any(open_tag.name in ("code", "pre") for open_tag in self.stack)
        if tag.name == "code" and self.stack and self.stack[-1].name == "pre":
            language = tag.attrs.get("class", "")
            if language.startswith("language-") and len(language) > len("language-"):
                self.stack[-1].extra["language"] = language[len("language-") :]
            return
        if in_code:
            return
        entity: JSON = {"type": _TAG_TYPES[tag.name], "offset": tag.offset, "length": length}
        if tag.name in ("code", "pre"):
            # entities inside code/pre are not allowed: drop the ones collected meanwhile
            del self.entities[tag.entities_before :]
        if tag.name == "pre" and "language" in tag.extra:
            entity["language"] = tag.extra["language"]
        elif tag.name == "blockquote" and "expandable" in tag.attrs:
            entity["type"] = "expandable_blockquote"
        elif tag.name == "tg-emoji":
            entity["custom_emoji_id"] = tag.attrs["emoji-id"]
        elif tag.name == "a":
            if not self.link_entity(tag.attrs.get("href", ""), entity):
                return
        self.entities.append((tag.order, entity))

    @staticmethod
    def link_entity(href: str, entity: JSON) -> bool:
        href = href.strip()
        if not href:
            return False
        if href.startswith("tg://user?id="):
            user_id = href[len("tg://user?id=") :]
            if user_id.isdigit():
                entity["type"] = "text_mention"
                entity["user"] = {"id": int(user_id), "is_bot": False, "first_name": "User"}
                return True
        if "://" not in href and not href.startswith(("mailto:", "tel:")):
            href = "http://" + href
        entity["url"] = href
        return True


def parse_html(source: str) -> tuple[str, list[JSON]]:
    """Parse Telegram HTML; raises :class:`EntityParseError` with Telegram's message."""
    return _HtmlParser(source).run()
