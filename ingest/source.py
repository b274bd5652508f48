"""Title, dateline and source outlet of an article."""

from __future__ import annotations

import re

# A headline is a short line without a final full stop (measured: headlines in the seeds are 55-110 chars;
# lead paragraphs are > 150 chars and end with a full stop).
HEADLINE_MAX_CHARS = 200
_SOURCE_PATTERNS = [
    # Linear time: an outlet's name starts where a word starts and its words are taken possessively (was
    # quadratic: every capital of 'A' * 40,000 started a scan to the end).
    re.compile(r"(?<![\w.&-])(?P<src>[A-Z][\w.&-]*+(?: [A-Z][\w.&-]*+){0,2}) reports?\b"),
    re.compile(r"\b(?:according to|reported by|reports?|report comes from)\s+(?:a |the )?[\w\s-]{0,40}?"
               r"(?:outlet|agency|newspaper|portal|website|site)?,?\s+(?P<src>[A-Z0-9](?:[\w.&-]*?[A-Z0-9])++[\w.]*+)"),
    re.compile(r"(?:деп жазады|деп хабарлайды|пишет|сообщает|передает|передаёт|хабар медиҳад|менен кабарлайт|"
               r"xabar beradi|xəbər verir)\s+(?P<src>[\w.&-]+(?:\s[A-Z][\w.-]+)?)"),
    re.compile(r"(?P<src>(?:ИА|МИА|ИА\s)\s*[«\"]?[А-ЯЁA-Z][\w-]*(?: [А-ЯЁA-Z][\w-]*){0,2}[»\"]?)"),
    re.compile(r"(?<![\w-])(?P<src>[\w-]++\.(?:kz|kg|tj|uz|az|ru|com|org|net|info|news))(?:\s+сайты|\s+сайт|\s+site)?"),
]
# The title ends before a run of spaces, taken whole (linear time: each end inside a run rescanned the run).
_TITLE_SUFFIX = re.compile(r"^(?P<title>.{10,}?)(?<!\s)\s++[—–|-]\s++(?P<src>[^—–|]{2,40})$")
_NOT_SOURCES = {"Ministry", "The", "President", "Minister", "Government", "Officials"}


def split_title_suffix(line: str) -> tuple[str, str | None]:
    """'Headline — ИА Караван Инфо' -> ('Headline', 'ИА Караван Инфо')."""
    m = _TITLE_SUFFIX.match(line)
    if m and len(m.group("src").split()) <= 5:
        return m.group("title").strip(), m.group("src").strip()
    return line, None


def is_headline(line: str, next_lines: list[str]) -> bool:
    return bool(next_lines) and len(line) <= HEADLINE_MAX_CHARS and not line.rstrip().endswith((".", ":"))


def lead_title(paragraph: str, dateline_end: int) -> str:
    """The lead sentence without its dateline and without the trailing attribution (", Trend reports")."""
    text = paragraph[dateline_end:].lstrip(" .,:—–-")
    m = re.search(r"(?<=[^\s.]{2})[.!?](?:\s|$)", text)
    sentence = text[: m.start() + 1] if m else text
    sentence = re.sub(r",\s+[\w.-]+(?: [\w.-]+){0,2} reports?\b.*$", "", sentence).strip()
    sentence = re.sub(r"(?<!\s)\s*+[—–-]\s*[\w .«»\"-]{2,60}(?:агенттігі|агентство|reports)\.?$", "", sentence)
    sentence = sentence.rstrip(" .")
    return sentence[:HEADLINE_MAX_CHARS]


def find_source(paragraphs: list[str]) -> str | None:
    """The outlet the article credits ("Trend reports" -> Trend, "деп жазады inbusiness.kz сайты")."""
    for paragraph in paragraphs[:4]:
        for pattern in _SOURCE_PATTERNS:
            for m in pattern.finditer(paragraph):
                src = m.group("src").strip(" ,.«»\"")
                if src and src.split()[0] not in _NOT_SOURCES and len(src) >= 2:
                    return src
    return None
