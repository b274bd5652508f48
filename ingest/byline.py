"""The outlet named in an article's dateline or byline, and whether a line is only an outlet's name.

Forms recognised (each a bounded, anchored regex over at most ``_WINDOW`` characters, so linear in the text):

- a dateline with the outlet in parentheses: "DUSHANBE, March 7 (Asia-Plus) — ...";
- a paragraph that is only the outlet in parentheses: "(Dawn)";
- a dateline followed by a dash and the outlet: "Душанбе, 7 марта — Ховар. ...",
  "Душанбе, 2026 жылғы 7 наурыз — Karavan Info ақпараттық агенттігі. ...";
- a closing byline: a short last paragraph "— Ховар" or "Source: Kabar" ("Манбаъ:", "Источник:", "Дереккөз:",
  "Булак:", "Manba:", "Mənbə:").
"""

from __future__ import annotations

import re

from ingest.normalize import normalize

# Characters of a paragraph's start (or end) that a dateline or byline is looked for in: datelines in the seeds
# and the agencies' feeds are 15-60 characters long ("BISHKEK, Kyrgyzstan, February 17.").
_WINDOW = 120
# A byline paragraph of its own ("— Ховар", "Source: Kabar") is short; a sentence ending in a dash clause is not.
BYLINE_MAX_CHARS = 60
# Words an outlet has at most: "Karavan Info", "The Express Tribune", "РИА Новости".
_OUTLET_WORDS = 4

_NAME = r"[^\W\d_][^()\n]{0,39}"
# "CITY, date (Outlet) —" (a comma and a digit before the parenthesis) or "CITY (Outlet) —" (a city in capitals).
_DATELINE_PAREN = re.compile(r"^(?:[^\W\d_][^,()\n]{1,30},[^()\n]{0,40}\d[^()\n\d]{0,20}|[A-ZА-ЯЁ]{3,}[^()\n]{0,30})"
                             rf"\((?P<src>{_NAME})\)\s*[—–-]")
_PAREN_ONLY = re.compile(rf"^\((?P<src>{_NAME})\)\.?$")
# "CITY, date — Outlet." : the dateline has a digit (a day or a year) before the dash.
_DATELINE_DASH = re.compile(r"^[^\W\d_][^,\n—–]{1,30},[^—–\n]{0,40}\d[^—–\n]{0,30}\s[—–]\s"
                            r"(?P<src>[^.:,;\n]{2,60})[.:,;]")
_CLOSING = re.compile(r"^(?:[—–-]\s*|(?:source|источник|дереккөз|манбаъ|булак|булагы|manba|mənbə)\s*:\s*)"
                      r"(?P<src>[^\W\d_][^\n]{1,50})$", re.IGNORECASE)
# Words that describe an outlet rather than name it ("Karavan Info ақпараттық агенттігі", "агентство Ховар").
_DESCRIPTORS = frozenset(normalize(w) for w in (
    "ақпараттық агенттігі агенттігі агентство информационное информационного агентства news agency "
    "ахборотии хабаргузории хабаргузорӣ маалымат агенттиги ia иа миа axborot agentligi agentliyi informasiya "
    "сайты сайт website portal порталы"
).split())
# Words that start sentences or name officials, never outlets ("— Officials said.").
_NOT_OUTLETS = frozenset({"the", "officials", "president", "minister", "ministry", "government", "he", "she", "it",
                          "they", "we", "photo", "фото", "сурет", "акс", "министр", "президент"})
# Outlets of the region that a first line may consist of (a page header): such a line is not a headline.
KNOWN_OUTLETS = frozenset(normalize(name) for name in (
    "Asia-Plus", "Азия-Плюс", "Ховар", "Khovar", "Kabar", "Кабар", "AKIpress", "АКИpress", "Dawn", "Trend",
    "Azernews", "Kazinform", "Казинформ", "Tengrinews", "24.kg", "Sputnik", "Report.az", "APA", "Gazeta.uz",
    "Kun.uz", "UzA", "Дунё", "Dunyo", "Avesta", "Караван Инфо", "Karavan Info", "Inbusiness.kz", "Kapital.kz",
    "The Express Tribune", "Reuters", "Interfax", "Интерфакс", "ТАСС", "РИА Новости", "24KZ", "Азаттык",
    "Radio Azattyk", "Eurasianet", "The Times of Central Asia", "Daryo", "Podrobno.uz", "Vesti.kz", "Oxu.az",
))


def _clean(src: str) -> str | None:
    words = [w for w in src.strip(" «»\"'“”").split() if normalize(w) not in _DESCRIPTORS]
    if not words or len(words) > _OUTLET_WORDS or normalize(words[0]) in _NOT_OUTLETS:
        return None
    # An outlet's name: capitalised words or a domain ("inbusiness.kz"); a phrase in lower case is a sentence.
    if not all(w[:1].isupper() or w[:1].isdigit() or "." in w for w in words):
        return None
    return " ".join(words).strip(" .,")


def outlet_in_byline(paragraphs: list[str]) -> str | None:
    """The outlet a dateline or byline of ``paragraphs`` names, else None."""
    for paragraph in paragraphs[:3]:
        head = paragraph[:_WINDOW].strip()
        for pattern in (_DATELINE_PAREN, _PAREN_ONLY, _DATELINE_DASH):
            m = pattern.match(head)
            if m and (src := _clean(m.group("src"))):
                return src
    for paragraph in (paragraphs[-1:] + paragraphs[:2]) if paragraphs else []:
        tail = paragraph.strip()
        if len(tail) <= BYLINE_MAX_CHARS:
            m = _CLOSING.match(tail)
            if m and (src := _clean(m.group("src"))):
                return src
    return None


def dateline_end(paragraph: str) -> int:
    """Where the text starts after a dateline that names the outlet ("BISHKEK, March 7 (Kabar) — "), else 0."""
    head = paragraph[:_WINDOW]
    for pattern in (_DATELINE_PAREN, _DATELINE_DASH):
        m = pattern.match(head)
        if m and _clean(m.group("src")):
            return m.end()
    return 0


def is_outlet_line(line: str) -> bool:
    """Whether a first line is only an outlet's name (a page header such as "Asia-Plus" or "(Dawn)")."""
    text = line.strip().strip("()").strip()
    return bool(text) and len(text) <= BYLINE_MAX_CHARS and normalize(text) in KNOWN_OUTLETS
