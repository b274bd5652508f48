"""One ``normalize()`` shared by ingest and queries: NFKC, case-fold, look-alike letters folded."""

from __future__ import annotations

import re
import unicodedata

# Cyrillic letters that look like Latin ones (after case-folding) and back.
_CYR_TO_LAT = str.maketrans(
    {"а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
     "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ү": "y", "һ": "h", "ԛ": "q", "ԝ": "w"}
)
_LAT_TO_CYR = str.maketrans(
    {"a": "а", "b": "в", "e": "е", "k": "к", "m": "м", "h": "н", "o": "о", "p": "р", "c": "с", "t": "т",
     "y": "у", "x": "х", "i": "і"}
)
_TOKEN = re.compile(r"\w+", re.UNICODE)
# Only tokens mixing Latin and Cyrillic letters need folding; finding them in C first keeps normalize() fast.
# It starts only where a token starts: from inside a token it rescanned the rest of the token from every letter
# (was quadratic: 'a' * 40,000 + ' aж' took ~20 s).
_MIXED = re.compile(r"(?<!\w)\w*(?:[a-z][\u0400-\u052f]|[\u0400-\u052f][a-z])\w*")
# Whether ``_MIXED`` matches at all: the same pair without the ``\w*`` around it, which the regex engine would
# otherwise extend and backtrack through at every position (3x slower on an article without mixed tokens).
_MIXED_PAIR = re.compile(r"[a-z][\u0400-\u052f]|[\u0400-\u052f][a-z]")
_SPACES = re.compile(r"\s+")
_CODE_JOINERS = re.compile(r"[\s\-‐‑‒–—_./]+")


def _script(ch: str) -> str | None:
    if "a" <= ch <= "z":
        return "lat"
    if "\u0400" <= ch <= "\u052f":
        return "cyr"
    return None


def _fold_token(match: re.Match[str]) -> str:
    token = match.group(0)
    lat = cyr = 0
    for ch in token:
        script = _script(ch)
        if script == "lat":
            lat += 1
        elif script == "cyr":
            cyr += 1
    if not lat or not cyr:
        return token
    # Mixed-script token: a look-alike letter was typed from the other keyboard; fold to the majority.
    return token.translate(_CYR_TO_LAT) if lat >= cyr else token.translate(_LAT_TO_CYR)


def normalize(text: str) -> str:
    """Return ``text`` NFKC-normalised, case-folded, with look-alike letters folded and spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if _MIXED_PAIR.search(text):
        text = _MIXED.sub(_fold_token, text)
    return _SPACES.sub(" ", text).strip()


def compact(text: str) -> str:
    """Return the normalised form with hyphens, spaces and dots removed (``CASA 1000`` == ``casa-1000``)."""
    return _CODE_JOINERS.sub("", normalize(text))
