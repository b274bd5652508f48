"""Countries as ISO 3166-1 alpha-2 codes, recognised from CLDR names (Babel) in every supported language.

Matching is token based and case-sensitive on the first letter in running text (country names are proper
nouns in all seven languages), tolerant of case endings: a token matches a name when it equals the name, or
the name (its final vowel dropped) followed by one of the inflectional endings listed below.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale

from ingest.normalize import normalize
from ingest.yamlfile import load_yaml

# Locales whose CLDR territory names are recognised (uz_Cyrl: Uzbek is written in both scripts).
NAME_LOCALES = ("en", "ru", "kk", "tg", "ky", "uz", "uz_Cyrl", "az")
# Territories that are not countries (regions, unions, pseudo-codes).
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "XK"}
# Inflectional endings of kk/ru/tg/ky/uz/az nouns that may follow a country stem. Measured on the seeds and the
# NER sets: longer endings ("-ның", "-дағы", "-ом") are needed; nothing longer than 6 letters occurs.
_ENDINGS = frozenset(
    """
    а у е ом ем ой ей ою ею и ы ю я ии ию ией ии
    да де та те нда нде дан ден тан тен нан нен ның нің дың дің тың тің ға ге қа ке на не ны ні ды ді ты ті
    мен пен бен менен пенен бенен дағы дегі тағы тегі ндағы ндегі лық лік дық дік тық тік ға ғы
    дагы дөгү нын нин дын дин тын тин га ка ко го кө гө дан дөн тан төн нан нөн ды ди ты ти ны ни
    ро ба бо ва дар ах ям ам ами ов
    da de ta te dan den tan ten ning ni ga ka qa dagi ning ın in ün un nın nin nün nun ya ye a e la lə
    dа ni nı i ı u ü də dən dan
    n s es
    ның-да тың
    тар тер дар дер лар лер тардың тердің дардың дердің лардың лердің тарға терге дарға дерге ларға лерге
    тары тері дары дері лары лері ын ін
    """.split()
)
# Endings of Russian adjectives ("российский": российского, российской, российскую, российских ...) and of the
# Kazakh adjectives in -дық/-лық ("қазақстандық": қазақстандықтардың): a name that is such an adjective loses its
# own ending ("ий", "ая") and takes any of these; measured on NEREL (ru) and KazNERD (kk).
_ADJ_ENDINGS = frozenset(
    """
    ий ый ой ого его ому ему ым им ом ем ая яя ую юю ое ее ые ие ых их ыми ими ей
    """.split()
)
_ADJ_SUFFIXES = ("ий", "ый", "ой", "ая", "ое", "ие", "ые")
# Name-final letters dropped before an ending: vowels, and й/ь ("Китай": Китая, Китаю, Китаем).
_SOFT = set("йь")
_TOKEN = re.compile(r"[^\W_]+(?:['ʻ’‘ʼ`][^\W_]+)*", re.UNICODE)
_APOSTROPHES = str.maketrans({"'": None, "ʻ": None, "’": None, "‘": None, "ʼ": None, "`": None, "ё": "е"})
_VOWELS = set("аеиоуыэюяәөүұіaeiouяыəıöü")


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    return normalize(text).translate(_APOSTROPHES)


@dataclass(frozen=True)
class _Name:
    code: str
    words: tuple[str, ...]  # folded words
    lower: bool = False  # written in lower case (an adjective, "российский"): may match a lowercase word


@cache
def _names() -> dict[str, list[_Name]]:
    """Index: first folded word -> names starting with it."""
    forms: dict[str, set[str]] = {}
    for loc in NAME_LOCALES:
        for code, name in Locale.parse(loc).territories.items():
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES:
                forms.setdefault(code, set()).add(name)
    extra_path = Path(__file__).with_name("catalog") / "countries_extra.yaml"
    for code, names in load_yaml(extra_path).items():
        forms.setdefault(code, set()).update(str(n) for n in names)
    index: dict[str, list[_Name]] = {}
    for code, names in forms.items():
        for name in names:
            words = tuple(_fold(w) for w in _TOKEN.findall(unicodedata.normalize("NFKC", name)))
            if words:
                index.setdefault(words[0], []).append(_Name(code, words, name[:1].islower()))
    return index


def _word_stems(word: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(stem, endings it takes) of a name's word: itself with case endings; without its final vowel, й or ь;
    an adjective without its own ending, with adjective endings."""
    stems = [(word, _ENDINGS)]
    if len(word) >= 5 and (word[-1] in _VOWELS or word[-1] in _SOFT):
        stems.append((word[:-1], _ENDINGS))
    if len(word) >= 6 and word.endswith(_ADJ_SUFFIXES):
        stems.append((word[:-2], _ADJ_ENDINGS))
    return tuple(stems)


@cache
def _lower_initials() -> frozenset[str]:
    """The first letters of ``_lower_prefixes`` (Cyrillic only): most lowercase words are ruled out by one."""
    return frozenset(prefix[0] for prefix in _lower_prefixes())


@cache
def _lower_prefixes() -> frozenset[str]:
    """The first four letters of the names written in lower case (adjectives): a lowercase word is looked up
    only when it starts with one (a set test per word: a regex over the text cost 80 µs an article)."""
    return frozenset(first[:4] for first, names in _names().items() for n in names if n.lower and len(first) >= 4)


@cache
def _stems() -> dict[str, set[str]]:
    """Map a stem (name minus final vowel, or the name) to the first-words it may stand for."""
    stems: dict[str, set[str]] = {}
    for first in _names():
        for stem, _ in _word_stems(first):
            stems.setdefault(stem, set()).add(first)
    return stems


def _word_matches(token: str, word: str) -> bool:
    if token == word:
        return True
    if len(word) < 4:  # short names ("Чад", "Ира") never take endings: too many accidental matches
        return False
    for stem, endings in _word_stems(word):
        if token.startswith(stem) and token[len(stem):].lstrip("-") in endings:
            return True
    return False


@lru_cache(maxsize=65536)
def _candidates(token: str) -> tuple[_Name, ...]:
    index = _names()
    found = list(index.get(token, ()))
    # Try every prefix that is a known stem; endings are at most 6 letters long (9 for Kazakh plurals in a case).
    for cut in range(1, min(len(token) - 2, 10)):
        for first in _stems().get(token[:-cut], ()):
            found.extend(n for n in index[first] if n not in found)
    return tuple(found)


@lru_cache(maxsize=4096)
def _find_countries(text: str) -> tuple[str, ...]:
    return tuple(_scan_countries(text))


def find_countries(text: str) -> list[str]:
    """Return ISO codes of the countries named in running ``text``, in order of first mention."""
    return list(_find_countries(text)) if len(text) < 200 else _scan_countries(text)


def _scan_countries(text: str) -> list[str]:
    # Tokens are folded only where a name may start (and for the words after it): most are lowercase.
    tokens = _TOKEN.findall(text)
    lower = _lower_prefixes()
    lower_first = _lower_initials()
    codes: list[str] = []
    i = 0
    while i < len(tokens):
        raw = tokens[i]
        matched = 0
        first = raw[0]
        capital = first.isupper() or first.isdigit()
        if capital or (first in lower_first and raw[:4] in lower):
            best: _Name | None = None
            for name in _candidates(_fold(raw)):
                if not capital and not name.lower:
                    continue  # a lowercase word is only ever an adjective written in lower case
                n = len(name.words)
                window = [_fold(t) for t in tokens[i : i + n]]
                if len(window) == n and _match_words(window, name.words):
                    if best is None or n > len(best.words):
                        best = name
            if best is None and capital:
                best = _abbreviation(raw)
            if best is not None:
                matched = len(best.words)
                if best.code not in codes:
                    codes.append(best.code)
        i += matched or 1
    return codes


def _abbreviation(raw: str) -> _Name | None:
    """An abbreviation with a case ending written on ("АКШнын", "ҚХР-дың" is two tokens already): its capitals,
    when they name a country alone and the rest is an ending."""
    k = 0
    while k < len(raw) and raw[k].isupper():
        k += 1
    if not 2 <= k <= 4 or k == len(raw) or raw[k:].lower() not in _ENDINGS:
        return None
    return next((n for n in _names().get(_fold(raw[:k]), ()) if len(n.words) == 1), None)


def _match_words(window: list[str], words: tuple[str, ...]) -> bool:
    # Every word may carry a case ending ("Саудовской Аравии", "Российской Федерации").
    return all(_word_matches(token, word) for token, word in zip(window, words, strict=True))


def resolve_country(text: str) -> str | None:
    """Return the ISO code for a user's country query: a code ("TJ") or a name in any language, inflected."""
    stripped = text.strip()
    if len(stripped) == 2 and stripped.isascii() and stripped.isalpha():
        code = stripped.upper()
        return code if code in all_country_codes() else None
    tokens = [_fold(t) for t in _TOKEN.findall(stripped)]
    if not tokens:
        return None
    for name in _candidates(tokens[0]):
        if len(name.words) == len(tokens) and _match_words(tokens, name.words):
            return name.code
    return None


@cache
def all_country_codes() -> frozenset[str]:
    return frozenset(
        c for c in Locale.parse("en").territories if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES
    )
