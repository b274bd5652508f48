"""Sorting names the way a reader of each language expects (locale collation without the C library's locales).

The base is the Unicode Collation Algorithm (``pyuca``, pure Python, DUCET): letters such as "Қ", "Ғ", "Ә" get
their own places next to their base letters, so "Қамбар-Ата" sorts before "Трансадриатикалық" (Python's
code-point order put every "Қ" after "Я"). On top of it a small tailoring per language, as in CLDR:

- az: ç ğ ı ö ş ü are letters of their own after c g h o s u (and x follows h, q follows k);
- uz: oʻ gʻ sh ch come after z, in that order;
- kk: і comes after ы;
- Cyrillic languages (ru kk tg ky) put Cyrillic names before Latin ones, the others Latin first.

Measured: loading DUCET takes ~0.12 s once per process; sorting 20 names ~0.2 ms. PyICU would need the ICU C++
library and a compiler on every machine, for a handful of lists of a few dozen names each.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from typing import TypeVar

import pyuca

T = TypeVar("T")

# A code point whose implicit UCA weight is above every letter's: appended to a base letter, it makes a tailored
# letter sort after every word continuing with the base letter ("şa" after "sz"), i.e. a letter of its own.
_AFTER = "\U0010fffd"
_APOSTROPHES = "ʻ'‘’`ʼ"
_TAILORING: dict[str, list[tuple[str, str]]] = {
    "az": [("ç", "c" + _AFTER), ("ğ", "g" + _AFTER), ("x", "h" + _AFTER), ("ı", "h" + _AFTER * 2),
           ("q", "k" + _AFTER), ("ö", "o" + _AFTER), ("ş", "s" + _AFTER), ("ü", "u" + _AFTER)],
    "uz": [*((f"o{a}", "z" + _AFTER) for a in _APOSTROPHES), *((f"g{a}", "z" + _AFTER * 2) for a in _APOSTROPHES),
           ("sh", "z" + _AFTER * 3), ("ch", "z" + _AFTER * 4)],
    "kk": [("і", "ы" + _AFTER)],
}
_CYRILLIC_FIRST = frozenset({"ru", "kk", "tg", "ky"})


@cache
def _collator() -> pyuca.Collator:
    return pyuca.Collator()


@cache
def _tailor(language: str) -> Callable[[str], str]:
    rules = _TAILORING.get(language)
    if not rules:
        return lambda text: text
    table = dict(rules)
    pattern = re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))
    return lambda text: pattern.sub(lambda m: table[m.group(0)], text)


def _script_rank(language: str, text: str) -> int:
    for ch in text:
        if ch.isalpha():
            cyrillic = "CYRILLIC" in unicodedata.name(ch, "")
            return 0 if cyrillic == (language in _CYRILLIC_FIRST) else 1
    return 2  # digits and signs only: last


def collation_key(language: str, text: str) -> tuple[int, tuple[int, ...]]:
    """A sort key for ``text`` in ``language``'s alphabetical order."""
    folded = unicodedata.normalize("NFC", text).lower()
    if language == "az":
        folded = unicodedata.normalize("NFC", text.replace("I", "ı").replace("İ", "i")).lower()
    return _script_rank(language, folded), _collator().sort_key(_tailor(language)(folded))


def sort_names(language: str, items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:  # type: ignore[assignment]
    """``items`` sorted by ``key(item)`` in ``language``'s alphabetical order."""
    return sorted(items, key=lambda item: collation_key(language, key(item)))
