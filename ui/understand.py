"""Reading what a reader typed as a setting: a language name in any language, a time zone as a city or an
offset, and echoing their text back without repeating pages of it.

Pure functions: handlers call them once and pass the result (a language code, an IANA zone name) on.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from zoneinfo import available_timezones

from babel import Locale

from ui.i18n import SUPPORTED_LANGUAGES

# Characters of a reader's text repeated in a reply ("“…” not found"): a name or a short phrase fits; a pasted
# article does not (Telegram accepts 4,096 and the reply would repeat them all).
ECHO_MAX_CHARS = 40

# How a language is also called, besides CLDR's names of it in the seven languages: the adverbs used for
# "in Kazakh" ("қазақша", "по-русски"), the forms without "тілі"/"dili", the usual Latin spellings.
_EXTRA_LANGUAGE_NAMES = {
    "en": ["english", "eng", "англ", "английский язык", "ағылшынша", "inglizcha", "ingiliscə", "англисча"],
    "ru": ["русский язык", "по-русски", "орысша", "орыс", "ruscha", "rusca", "rus dili", "russian language"],
    "kk": ["қазақша", "казахский язык", "kazakh", "qazaqsha", "qazaq", "qazaq tili", "казакча", "қазақ"],
    "tg": ["тоҷикӣ", "забони тоҷикӣ", "таджикский язык", "тоҷикча", "tojikcha", "tajik", "тәжікше", "тожики"],
    "ky": ["кыргызча", "кыргыз тили", "киргизский язык", "кыргызский", "qirgizcha", "қырғызша", "kyrgyzcha"],
    "uz": ["oʻzbekcha", "o'zbekcha", "ozbekcha", "o‘zbek tili", "uzbekcha", "ўзбекча", "узбекский язык", "өзбекше"],
    "az": ["azərbaycanca", "azərbaycan dili", "azerbaycanca", "azeri", "азербайджанский язык", "әзірбайжанша"],
}
_APOSTROPHES = str.maketrans("", "", "'ʻ’‘ʼ`")
_SPACES = re.compile(r"[\s_-]+")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    return _SPACES.sub(" ", text).strip(" .!,")


@cache
def _language_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for code in SUPPORTED_LANGUAGES:
        names[code] = code
        for locale in (*SUPPORTED_LANGUAGES, "uz_Cyrl"):
            name = Locale.parse(locale).languages.get(code)
            if name:
                names[_fold(name)] = code
        for name in _EXTRA_LANGUAGE_NAMES[code]:
            names[_fold(name)] = code
    return names


def parse_language(text: str) -> str | None:
    """The supported language ``text`` names: a code ("kk", "ru-RU") or a name in any supported language
    ("русский", "қазақша", "English", "oʻzbekcha"); None when it names none."""
    folded = _fold(text)
    if not folded:
        return None
    names = _language_names()
    if folded in names:
        return names[folded]
    code = re.split(r"[ -]", folded, maxsplit=1)[0]
    return code if code in SUPPORTED_LANGUAGES else None


def native_language_name(code: str) -> str:
    """A language's own name for itself, from CLDR ("Қазақ тілі", "Azərbaycan"), capitalised."""
    name = Locale.parse(code).languages.get(code) or code
    return name[:1].upper() + name[1:]


# Cities and capitals of the region as readers write them, in the scripts of the seven languages, when the
# IANA name differs ("Астана" has no zone of its own; "Душанбе" is Asia/Dushanbe).
_CITY_ZONES = {
    "Asia/Almaty": ["алматы", "алма-ата", "almaty", "astana", "астана", "nur-sultan", "нур-султан", "qazaqstan",
                    "kazakhstan", "казахстан", "қазақстан", "shymkent", "шымкент", "karaganda", "қарағанды"],
    "Asia/Dushanbe": ["душанбе", "dushanbe", "tajikistan", "таджикистан", "тоҷикистон", "тәжікстан", "khujand",
                      "худжанд", "хуҷанд"],
    "Asia/Bishkek": ["бишкек", "bishkek", "kyrgyzstan", "кыргызстан", "киргизия", "қырғызстан", "ош", "osh"],
    "Asia/Tashkent": ["ташкент", "тошкент", "toshkent", "tashkent", "uzbekistan", "узбекистан", "oʻzbekiston",
                      "ozbekiston", "samarkand", "samarqand", "самарканд"],
    "Asia/Baku": ["баку", "bakı", "baki", "baku", "azerbaijan", "азербайджан", "azərbaycan", "azerbaycan"],
    "Asia/Ashgabat": ["ашхабад", "ashgabat", "aşgabat", "turkmenistan", "туркменистан"],
    "Asia/Kabul": ["кабул", "kabul", "afghanistan", "афганистан"],
    "Asia/Karachi": ["islamabad", "исламабад", "lahore", "pakistan", "пакистан"],
    "Europe/Moscow": ["москва", "moskva", "moscow", "мәскеу", "маскав", "moskov"],
    "Asia/Tehran": ["тегеран", "tehran", "tehron", "tehran", "iran", "иран"],
    "Europe/Istanbul": ["ankara", "анкара", "istanbul", "стамбул", "türkiye", "турция"],
}
# "UTC+5", "GMT -3", "+05:00", "UTC+5:30": an offset from UTC in hours (and minutes).
_OFFSET = re.compile(r"^(?:utc|gmt)?\s*(?P<sign>[+-−])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?$")
# Zones of whole-hour offsets in tzdata: Etc/GMT-5 is UTC+5 (POSIX signs are inverted); -12..+14 exist.
_ETC_RANGE = range(-12, 15)


@cache
def _zones() -> dict[str, str]:
    zones: dict[str, str] = {}
    for zone in available_timezones():
        zones[zone.lower()] = zone
        city = zone.rsplit("/", 1)[-1].replace("_", " ").lower()
        if "/" in zone and not zone.startswith("Etc/"):
            zones.setdefault(city, zone)
    for zone, names in _CITY_ZONES.items():
        for name in names:
            zones.setdefault(_fold(name), zone)
    return zones


def parse_timezone(text: str) -> str | None:
    """The IANA time zone ``text`` names: a zone ("Asia/Almaty"), a city or country of the region in any script
    ("Almaty", "Душанбе", "Baku"), or a whole-hour offset ("UTC+5", "GMT-3", "+05:00"); None otherwise."""
    folded = _fold(text).replace(" / ", "/")
    if not folded:
        return None
    if folded in ("utc", "gmt", "z", "utc+0", "utc0"):
        return "UTC"
    m = _OFFSET.match(unicodedata.normalize("NFKC", text).lower().replace(" ", ""))
    if m:
        if m.group("m") not in (None, "00"):
            return None
        hours = int(m.group("h")) * (-1 if m.group("sign") in "-−" else 1)
        if hours == 0:
            return "UTC"
        return f"Etc/GMT{-hours:+d}" if hours in _ETC_RANGE else None
    zones = _zones()
    return zones.get(folded) or zones.get(folded.replace(" ", "_"))


def zone_label(zone: str) -> str:
    """A zone as readers know it: "UTC+5" for the offsets parse_timezone builds, the IANA name otherwise."""
    m = re.fullmatch(r"Etc/GMT([+-]\d+)", zone)
    return f"UTC{-int(m.group(1)):+d}" if m else zone


def clip(text: str, limit: int = ECHO_MAX_CHARS) -> str:
    """``text`` on one line and at most ``limit`` characters, with "…" where it was cut."""
    one_line = " ".join(text.split())
    if len(one_line) <= limit:
        return one_line
    cut = one_line[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + "…"
