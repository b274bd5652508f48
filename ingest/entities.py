"""Organisations and figures (values with normalised units) named in article text."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from ingest.model import Figure
from ingest.yamlfile import load_yaml

# Ministry names start where a word starts and their words are taken possessively (linear time: a start inside a
# long word rescanned it to its end).
_MINISTRY = re.compile(
    r"(?:(?:the\s+)?(?P<en>Ministry of [A-Z][\w]+(?:(?:,| and| of| for)\s+[A-Z][\w]+){0,4})|"
    r"(?P<en_adj>(?:(?!The\b)[A-Z][a-z]+ ){1,2}Ministry)|"
    r"(?P<ru>(?<!\w)Министерств\w++ [а-яё]+(?: [а-яё]+){0,4}?(?= [А-ЯЁ]|[,.;:]))|"
    r"(?P<kk>(?<!\w)(?:[А-ЯЁӘҒҚҢӨҰҮҺІ][\w]++ )(?:[\w]++ ){0,4}?министрлігі))"
)
# Case/possessive endings that follow a name with an apostrophe or hyphen ("SOCAR's", "SOCAR-ın").
_NAME_TAIL = r"(?:['’ʼ-]\w{1,4})?"

_UNITS: list[tuple[str, str, float]] = [
    # (regex of the unit as written, normalised unit, multiplier)
    (r"gigawatts?|gw|гвт|гигаватт\w*", "GW", 1.0),
    (r"megawatts?|mw|мвт|мегаватт\w*", "MW", 1.0),
    (r"kilowatts?|kw|квт|киловатт\w*", "kW", 1.0),
    (r"terawatt[- ]hours?|twh|твт[·.*]?ч", "TWh", 1.0),
    (r"gigawatt[- ]hours?|gwh|гвт[·.*]?ч", "GWh", 1.0),
    (r"(?:billion|bn) kwh|млрд\.? квт[·.*]?ч", "TWh", 1.0),
    (r"(?:million|mln) kwh|млн\.? квт[·.*]?ч", "GWh", 1.0),
    (r"kilovolts?|kv|кв", "kV", 1.0),
    (r"kilomet(?:er|re)s?|km|км|километр\w*|chaqirim", "km", 1.0),
    (r"billion cubic met(?:er|re)s?|bcm|млрд\.? (?:куб\.? ?м|кубометр\w*|м3|м³)", "bcm", 1.0),
    (r"million tons?|млн\.? (?:тонн\w*|т)\b", "Mt", 1.0),
]
# Linear time: at most five thousands groups (10^18) and digits taken possessively, so a start inside a long table
# of numbers ("1 000 000 000 …") reads a bounded stretch instead of the whole table (was quadratic: '1' + ' 000' *
# 10,000 took ~45 s); patterns using it must not start right after a digit (a look-behind).
_NUMBER = r"(?P<num>\d{1,3}(?:[ ,\u00a0\u202f]\d{3}){1,5}+(?:\.\d++)?|\d++(?:[.,]\d++)?)"
_MONEY = re.compile(
    rf"(?:\$|US\$|USD\s?){_NUMBER}\s*+(?P<scale>billion|bn|million|mln|млрд|млн)?|"
    rf"(?<!\d){_NUMBER.replace('num', 'num2')}\s*+(?P<scale2>billion|bn|million|mln|млрд\.?|млн\.?)\s*"
    r"(?:US\s)?(?:dollars|долл\w*|\$|USD)",
    re.IGNORECASE,
)
# Words without which ``_MONEY`` / ``_MINISTRY`` cannot match: testing for them first skips the regexes, which
# try every position of the text, in most articles (ministries: named in ~1 % of the benchmark corpus; the
# regexes were ~0.2 ms of the ~0.3 ms of organisations and figures per article).
_MONEY_WORDS = ("$", "usd", "dollar", "долл")
_MINISTRY_WORDS = ("Ministry", "Министерств", "министрлігі")
_SCALES = {"billion": 1e9, "bn": 1e9, "млрд": 1e9, "million": 1e6, "mln": 1e6, "млн": 1e6}


@cache
def _figure_pattern() -> re.Pattern[str]:
    alternatives = "|".join(f"(?P<u{i}>{rx})" for i, (rx, _, _) in enumerate(_UNITS))
    return re.compile(rf"(?<![\w.,]){_NUMBER}[\s\u00a0\u202f-]*+(?:{alternatives})(?![\w])", re.IGNORECASE)


def _to_number(raw: str) -> float | None:
    raw = raw.replace("\u00a0", " ").replace("\u202f", " ")
    if re.fullmatch(r"\d{1,3}(?:[ ,]\d{3})+(?:\.\d+)?", raw):
        raw = raw.replace(",", "").replace(" ", "")
    else:
        raw = raw.replace(",", ".")
    try:
        return float(raw)
    except ValueError:
        return None


def find_figures(text: str) -> list[Figure]:
    """Quantities with units ("1,300 megawatts" -> 1300 MW, "43 ГВт" -> 43 GW, "$1.2 billion" -> USD)."""
    figures: list[Figure] = []
    seen: set[tuple[float, str]] = set()
    for m in _figure_pattern().finditer(text):
        value = _to_number(m.group("num"))
        unit_index = next(i for i in range(len(_UNITS)) if m.group(f"u{i}"))
        if value is None:
            continue
        _, unit, factor = _UNITS[unit_index]
        item = (value * factor, unit)
        if item not in seen:
            seen.add(item)
            figures.append(Figure(value=value * factor, unit=unit, text=m.group(0).strip()))
    folded = text.casefold()
    money = _MONEY.finditer(text) if any(w in folded for w in _MONEY_WORDS) else ()
    for m in money:
        value = _to_number(m.group("num") or m.group("num2"))
        scale = (m.group("scale") or m.group("scale2") or "").rstrip(".").lower()
        if value is None:
            continue
        amount = value * _SCALES.get(scale, 1.0)
        if (amount, "USD") not in seen:
            seen.add((amount, "USD"))
            figures.append(Figure(value=amount, unit="USD", text=m.group(0).strip()))
    return figures


@cache
def _organizations() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every alias of the catalog (longest first) and the alias -> canonical name map."""
    raw = load_yaml(Path(__file__).with_name("catalog") / "organizations.yaml")
    names = {alias: item["name"] for item in raw for alias in item["aliases"]}
    alternatives = "|".join(re.escape(a) for a in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?P<a>{alternatives}){_NAME_TAIL}(?![\w])"), names


def find_organizations(text: str) -> list[str]:
    """Organisations from the catalog and ministries named by pattern, in order of first mention."""
    hits: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    pattern, names = _organizations()
    for m in pattern.finditer(text):
        if m.start() > 0 and text[m.start() - 1].isalnum():
            continue
        name = names[m.group("a")]
        if name not in (n for _, n in hits) and not any(a <= m.start() < b for a, b in taken):
            hits.append((m.start(), name))
            taken.append(m.span())
    ministries = _MINISTRY.finditer(text) if any(w in text for w in _MINISTRY_WORDS) else ()
    for m in ministries:
        name = re.sub(r"\s+", " ", m.group(0)).strip()
        name = re.sub(r"^the\s+", "", name)
        if name not in (n for _, n in hits):
            hits.append((m.start(), name))
    ordered: list[str] = []
    for _, name in sorted(hits):
        if name not in ordered:
            ordered.append(name)
    return ordered
