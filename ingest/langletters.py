"""Letter evidence for language identification: scripts, the letters unique to each alphabet, and the rules
that read them (the "letters first" step of ``ingest.language``, whose docstring has the measurements).

``Text(body)`` is a cleaned text (``clean``) with its script and its evidence without names; ``verdict(t,
strict)`` says which language its letters force or allow. Pure functions and constant tables; no engine.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

# Detectors see at most this many characters.  Letter evidence saturates long before (a 1,000-char
# Kazakh/Kyrgyz/Tajik text has dozens of its letters) and it bounds the cost of any input.
MAX_CHARS = 1000
# Script shares are counted on the first 400 characters (enough to tell Cyrillic from Latin).
SCRIPT_SAMPLE = 400
# Below 30 letters the full design was right on 92.6 % of dev snippets (71 % at 10 letters, 98.4 %
# at 50), worse than a chat's own language, so a hint wins there unless unique letters speak.
SHORT_LETTERS = 30
# A letter group counts as "much" when it is above 0.5 % of the characters: stray letters from a
# quoted word or a loan do not flip a language.  0.2 %-1 % gave the same dev scores.
NOISE_SHARE = 0.005
# Latin text with at least 20 letters and none of ı ş ç ö ü ğ ə is not Turkish/Azerbaijani (they are
# ~12 % of Turkish letters, ~19 % of the Azerbaijani dev letters).  Dev scores were the same for 0-30.
EXCLUDE_MIN_LETTERS = 20

_FIRST_NON_SPACE = re.compile(r"\S")
_LETTER = re.compile(r"[^\W\d_]")
_COMMAND = re.compile(r"\A\s*/\w{1,64}(?:@\w{1,64})?(?=\s|\Z)\s*")
# Invisible format characters (soft hyphen, zero-width, bidi marks) vanish; controls, line/paragraph
# separators and lone surrogates (which the fastText binding cannot encode) become spaces.
_INVISIBLE = re.compile("[\xad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]+")
_JUNK = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]+")
_UPPER = "".join(ch for ch in map(chr, range(0x41, 0x530)) if ch.isupper())
_LOWER = "".join(ch for ch in map(chr, range(0x61, 0x530)) if ch.islower()) + "\u02bb"
# Capitalised words: any of them, and only those inside a sentence (spaces are already collapsed).
_NAME_ANY = re.compile(f"(?<![^\\W\\d_])[{_UPPER}][{_LOWER}]+")
_NAME_INNER = re.compile(f'(?<=[^\\s.!?…«"“„(:;—–-] )[{_UPPER}][{_LOWER}]+')
_CYR_HOMOGLYPH = re.compile("(?<=[\u0400-\u052f])[iIəƏɵƟhH]|[iIəƏɵƟhH](?=[\u0400-\u052f])")
_CYR_HOMOGLYPH_MAP = {"i": "і", "I": "І", "ə": "ә", "Ə": "Ә", "ɵ": "ө", "Ɵ": "Ө", "h": "һ", "H": "Һ"}
_UZ_APOSTROPHE = re.compile("(?<=[OoGg])['\u2018\u2019`\u02bc](?=[a-z])")
_UZ_OG = re.compile("[OoGg]\u02bb[a-z]")
_UZ_Q = re.compile("(?<![^\\W\\d_])[a-z\u02bb]*q(?!u)")  # q not before u, in a lowercase word
_EN_MARK = re.compile("c(?!h)|w|th")  # letters Uzbek Latin does not use
_NOT_AZ = re.compile("w|th")  # letters Azerbaijani does not use
_TR_AZ_LETTERS = re.compile("[ışçöüğə]")
_LAT_ACCENTED = re.compile("[\u00c0-\u024f\u1e00-\u1eff\u0259]")
_QX = re.compile("(?<![^\\W\\d_])[a-zçşğıöüə]*[qx]")  # q/x in a lowercase word

# Cyrillic letter groups used by the rules.
_CYR_GROUPS: dict[str, str] = {
    "tg": "ӣӯҷ",  # Tajik only
    "uz": "ў",  # Uzbek (and Belarusian)
    "kk": "әұіһ",  # Kazakh (і also Ukrainian/Belarusian, ә һ also Tatar/Bashkir)
    "u": "ұ",  # Kazakh only
    "qg": "қғ",  # Kazakh, Tajik, Uzbek
    "h": "ҳ",  # Tajik, Uzbek
    "ky": "ңөү",  # Kyrgyz and Kazakh (ө ү also Mongolian)
    "ng": "ң",  # not Mongolian
    "uk": "їєґ",  # Ukrainian only
    "other": "җҗҡҙҫӊђћјљњџѓќѕ",  # Tatar, Bashkir, Serbian, Macedonian: leave to the engine
}
# Letters beyond the Russian core (а-я without ё ы э ъ щ) each Cyrillic alphabet uses.
CYR_ALPHABETS: dict[str, str] = {
    "ru": "ёыэъщ",
    "uk": "іїєґщ",
    "be": "ёыэіў",
    "bg": "ъщ",
    "mk": "ѓќѕјљњџ",
    "sr": "ђћјљњџ",
    "kk": "әіңғүұқөһёыэъщ",
    "ky": "ңөүёыэъщ",
    "tg": "ғӣқӯҳҷёэъ",
    "uz": "ўқғҳёэъ",
    "mn": "өүёыэъщ",
    "tt": "әөүҗңһёыэъщ",
    "ba": "әөүғҡңҙҫһёыэъщ",
}


def _letter_index(groups: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """Each letter -> the names of the groups (or alphabets) it is in, once per time it is listed there."""
    index: dict[str, list[str]] = {}
    for name, letters in groups.items():
        for ch in letters:
            index.setdefault(ch, []).append(name)
    return {ch: tuple(names) for ch, names in index.items()}


# The rules count a text's letters through these: its few distinct letters, not every letter of every group.
_GROUPS_OF = _letter_index(_CYR_GROUPS)
_ALPHABETS_OF = _letter_index({lang: "".join(sorted(set(alphabet))) for lang, alphabet in CYR_ALPHABETS.items()})
# Letters the forced rules look at (everything beyond the Russian alphabet).
_CYR_RULE_RE = re.compile("[" + "".join(sorted(set("".join(_CYR_GROUPS.values())))) + "]")
_CYR_SPECIAL_RE = re.compile(
    "[" + "".join(sorted(set("".join(CYR_ALPHABETS.values()) + "".join(_CYR_GROUPS.values())))) + "]"
)
SCRIPTS: dict[str, frozenset[str]] = {
    "en": frozenset({"lat"}),
    "tr": frozenset({"lat"}),
    "az": frozenset({"lat", "cyr"}),
    "uz": frozenset({"lat", "cyr"}),
    "kk": frozenset({"lat", "cyr"}),
    "ru": frozenset({"cyr"}),
    "ky": frozenset({"cyr"}),
    "tg": frozenset({"cyr"}),
    "uk": frozenset({"cyr"}),
    "be": frozenset({"cyr"}),
    "bg": frozenset({"cyr"}),
    "mk": frozenset({"cyr"}),
    "mn": frozenset({"cyr"}),
    "sr": frozenset({"cyr", "lat"}),
}

def _script_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in range(_SCRIPT_TABLE_END):
        ch = chr(code)
        if not ch.isalpha():
            table[code] = None
        elif 0x1E00 <= code < 0x1F00:
            table[code] = "l"
        elif 0x400 <= code:
            table[code] = "c" if code < 0x530 else "o"
        elif code < 0x250 or ch == "\u0259":
            table[code] = "l"
        elif ch in "\u02bb\u02bc":  # the Uzbek apostrophes are modifier letters, not letters of a word
            table[code] = None
        else:
            table[code] = "o"
    return table


# Maps each letter below U+3000 to "c" (Cyrillic below U+0530), "l" (Latin below U+0250, ə, Latin Extended
# Additional) or "o" and deletes everything else. Dashes, quotes and other punctuation above U+052F are in
# nearly every article: covering them keeps the letter count a C-level ``str.count``; before, most articles
# counted their sample's letters in a Python loop (with the letter index below: 11 % less detection time).
_SCRIPT_TABLE_END = 0x3000
_SCRIPT_TABLE = _script_table()


def strip_command(text: str) -> str:
    """Remove a leading Telegram command word: ``"/search@EnergyBot foo"`` -> ``"foo"``."""
    match = _COMMAND.match(text)
    if match is None:
        return text
    return text[match.end() :]



def clean(text: str) -> str:
    """At most MAX_CHARS characters from the first letter after any command, junk removed."""
    first = _FIRST_NON_SPACE.search(text)
    if first is None:
        return ""
    start = first.start()
    command = _COMMAND.match(text[start : start + 200])  # "/" + 64 + "@" + 64 fits in 200
    if command is not None:
        start += command.end()
    letter = _LETTER.search(text, start)
    if letter is None:
        return ""
    body = " ".join(text[letter.start() : letter.start() + MAX_CHARS].split())
    if not body.isprintable():  # rare: controls, format characters, surrogates
        body = " ".join(_JUNK.sub(" ", _INVISIBLE.sub("", body)).split())
    return body


def has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


class Text:
    """A cleaned text with its script and, computed on demand, its evidence without names."""

    def __init__(self, body: str) -> None:
        mapped = body[:SCRIPT_SAMPLE].translate(_SCRIPT_TABLE)
        n_cyr, n_lat, n_oth = mapped.count("c"), mapped.count("l"), mapped.count("o")
        n_letters = n_cyr + n_lat + n_oth
        if len(mapped) > n_letters:  # characters from U+3000 on: count the letters among them
            n_letters = sum(1 for ch in mapped if ch.isalpha())
        if len(body) > SCRIPT_SAMPLE and n_letters:
            n_letters = max(n_letters, SHORT_LETTERS)
        if n_cyr and n_cyr >= n_lat:
            self.script = "cyr"
            if _CYR_HOMOGLYPH.search(body):
                body = _CYR_HOMOGLYPH.sub(lambda m: _CYR_HOMOGLYPH_MAP[m.group(0)], body)
        elif n_lat and 2 * n_lat >= n_letters:
            self.script = "lat"
            if not _TR_AZ_LETTERS.search(body):
                body = _UZ_APOSTROPHE.sub("\u02bb", body)
        else:
            self.script = "other"
        self.body = body
        self.n_letters = n_letters
        self.low = body.lower()

    @cached_property
    def loose(self) -> str:
        """Lowercase text without the capitalised words inside a sentence."""
        loose = _NAME_INNER.sub(" ", self.body).lower()
        return loose if has_letter(loose) else self.low

    @cached_property
    def strict(self) -> str:
        """Lowercase text without any capitalised word; all names (a headline) -> ``loose``."""
        strict = _NAME_ANY.sub(" ", self.body).lower()
        return strict if has_letter(strict) else self.loose


@dataclass(frozen=True, slots=True)
class Verdict:
    forced: str | None = None  # language the letters point to
    unique: bool = False  # letters no other language has: trusted without the engines
    allowed: frozenset[str] | None = None  # engine answers compatible with the letters
    excluded: frozenset[str] = frozenset()
    name_alt: str | None = None  # language pointed to by letters found only in names


def _cyr_forced(letters: Mapping[str, int], floor: float) -> tuple[str | None, bool]:
    counts = dict.fromkeys(_CYR_GROUPS, 0)
    for ch, n in letters.items():
        for name in _GROUPS_OF.get(ch, ()):
            counts[name] += n
    # "seen": at least one letter; "much": more than stray letters (a quote, a loan word) explain.
    seen = {name: n > 0 for name, n in counts.items()}
    much = {name: n > floor for name, n in counts.items()}
    if much["other"]:
        return None, False
    if seen["tg"] and not (much["kk"] or much["ky"] or much["uz"]):
        return "tg", True
    if seen["uz"] and (seen["qg"] or seen["h"]) and not (much["kk"] or much["ky"] or much["tg"]):
        return "uz", True
    if seen["uk"] and not (much["qg"] or much["ky"] or much["u"]):
        return "uk", True
    if much["u"] or (much["kk"] and (much["qg"] or much["ky"])) or (much["qg"] and much["ky"]):
        return "kk", True
    if much["ky"] and seen["ng"] and not (much["kk"] or much["qg"] or much["h"] or much["uz"] or much["tg"]):
        return "ky", False  # inferred from absent Kazakh letters: a confident engine may overrule
    if much["h"] and not (much["uz"] or much["kk"] or much["ky"]):
        return "tg", False  # Uzbek Cyrillic without ў is possible
    return None, False


def _cyr_allowed(letters: Mapping[str, int], floor: float) -> frozenset[str] | None:
    if not letters:
        return None
    inside = dict.fromkeys(CYR_ALPHABETS, 0)
    for ch, n in letters.items():
        for lang in _ALPHABETS_OF.get(ch, ()):
            inside[lang] += n
    total = sum(letters.values())
    allowed = frozenset(lang for lang, n in inside.items() if total - n <= floor)  # letters outside its alphabet
    return allowed or None


def _cyr_verdict(t: Text, strict: bool) -> Verdict:
    if not _CYR_RULE_RE.search(t.low):
        return Verdict()  # only the Russian alphabet: nothing for the rules, no name scan needed
    evidence = t.strict if strict else t.loose
    floor = NOISE_SHARE * len(t.low)
    letters = Counter(_CYR_SPECIAL_RE.findall(evidence))
    forced, unique = _cyr_forced(letters, floor)
    allowed = _cyr_allowed(letters, floor)
    if forced is not None:
        return Verdict(forced=forced, unique=unique, allowed=allowed)
    name_alt = _cyr_forced(Counter(_CYR_SPECIAL_RE.findall(t.low)), floor)[0] if evidence != t.low else None
    return Verdict(allowed=allowed, name_alt=name_alt)


def _lat_verdict(t: Text, strict: bool) -> Verdict:
    low = t.low
    floor = NOISE_SHARE * len(low)
    name_alt: str | None = None
    if "ə" in low or "ı" in low or "ğ" in low:
        evidence = t.strict if strict else t.loose
        schwa = evidence.count("ə")
        if schwa > floor and len(_NOT_AZ.findall(evidence)) <= floor:
            return Verdict(forced="az", unique=True)
        name_alt = "az" if "ə" in low else None
        turkic = evidence.count("ı") + evidence.count("ğ")
        if turkic > floor:
            if _QX.search(t.body):
                return Verdict(forced="az", unique=True)
            return Verdict(allowed=frozenset({"tr", "az"}), name_alt=name_alt)
    if _LAT_ACCENTED.search(low):
        return Verdict(name_alt=name_alt)
    excluded = frozenset({"tr", "az"}) if t.n_letters >= EXCLUDE_MIN_LETTERS else frozenset()
    og, q = _UZ_OG.search(t.body), _UZ_Q.search(t.body)
    if (og or q) and not _EN_MARK.search(t.strict if strict else t.loose):
        return Verdict(forced="uz", unique=og is not None, excluded=excluded)
    return Verdict(excluded=excluded)


def letter_verdict(t: Text, strict: bool) -> Verdict:
    if t.script == "cyr":
        return _cyr_verdict(t, strict)
    if t.script == "lat":
        return _lat_verdict(t, strict)
    return Verdict()


# Function words that only one of the served languages without a langdetect profile uses, written in letters
# the engines also see in Russian or English text: a short Kyrgyz text without ң ө ү ("Андан кийин ал ...") or an
# Uzbek one without oʻ gʻ q ("... va Emma Stoun ...") has them where fastText guesses Russian, Italian or Danish.
# They count only when the text has none of the Russian, English or Turkish words below (measured in
# ingest.language).
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "ky": frozenset("жана менен бул ал анын аны алар эле дагы айрым кийин андан ошондой бирок болуп болгон керек "
                    "тарабынан ошол бир башка анда мында эч".split()),
    "tg": frozenset("ва дар ки бо аз ба ин барои мебошад буд шуд бораи инчунин мазкур ё як низ пас баъд кишвар "
                    "кишвари аст нест мешавад карда кард шуда".split()),
    "uz": frozenset("va bilan uchun ham bu esa yoki ular edi hamda har biri keyin keyinchalik lekin emas bor shu "
                    "ushbu masalan orqali qilib qilgan sifatida".split()),
}
_BLOCKING_WORDS = frozenset(
    "и в во на не что с со по для это как из к от о об а но за у же до при так он она оно они мы вы его её ее их был "
    "была были было будет также или только уже если бы ли "
    "the and of to in is was for on with by at from as that it are be this an has have which "
    "ve için ile gibi olarak değil çok".split()  # Turkish, which shares "bu" with Uzbek
)
_WORD = re.compile(r"[^\W\d_]+")


def function_word_language(t: Text) -> str | None:
    """The one language among ky, tg, uz whose function words ``t`` has, when it has no Russian or English ones."""
    found: str | None = None
    for word in _WORD.findall(t.low):
        if word in _BLOCKING_WORDS:
            return None
        for lang, words in _FUNCTION_WORDS.items():
            if word in words and found != lang:
                if found is not None:
                    return None  # two languages' words: no evidence
                found = lang
    if found is not None and t.script != ("lat" if found == "uz" else "cyr"):
        return None
    return found
