"""Quantities in the reader's language: numbers with the locale's grouping, unit symbols in its script.

Babel's CLDR unit data covers ru/kk/ky ("МВт", "км") but gives Tajik the Latin "MW" and has no "billion cubic
metres", so the symbols come from one small table (the ones ``ingest.entities`` normalises figures to) and only
the numbers from CLDR. Units outside the table are shown as written.
"""

from __future__ import annotations

import re

from babel.numbers import format_compact_currency, format_decimal

# Unit symbol per language; en is the normalised unit itself. Cyrillic languages share the Russian SI symbols;
# Uzbek and Azerbaijani write "MVt"/"kVt" for watts (their words are "megavatt"/"meqavat"), "kV", "km".
_UNITS: dict[str, dict[str, str]] = {
    "GW": {"ru": "ГВт", "kk": "ГВт", "tg": "ГВт", "ky": "ГВт", "uz": "GVt", "az": "GVt"},
    "MW": {"ru": "МВт", "kk": "МВт", "tg": "МВт", "ky": "МВт", "uz": "MVt", "az": "MVt"},
    "kW": {"ru": "кВт", "kk": "кВт", "tg": "кВт", "ky": "кВт", "uz": "kVt", "az": "kVt"},
    "TWh": {"ru": "ТВт·ч", "kk": "ТВт·сағ", "tg": "ТВт·соат", "ky": "ТВт·саат", "uz": "TVt·soat", "az": "TVt·saat"},
    "GWh": {"ru": "ГВт·ч", "kk": "ГВт·сағ", "tg": "ГВт·соат", "ky": "ГВт·саат", "uz": "GVt·soat", "az": "GVt·saat"},
    "kV": {"ru": "кВ", "kk": "кВ", "tg": "кВ", "ky": "кВ", "uz": "kV", "az": "kV"},
    "km": {"ru": "км", "kk": "км", "tg": "км", "ky": "км", "uz": "km", "az": "km"},
    "bcm": {"ru": "млрд м³", "kk": "млрд м³", "tg": "млрд м³", "ky": "млрд м³", "uz": "mlrd m³", "az": "mlrd m³"},
    "Mt": {"ru": "млн т", "kk": "млн т", "tg": "млн т", "ky": "млн т", "uz": "mln t", "az": "mln t"},
}
# "per year" after a unit ("33 bcm/year").
_PER_YEAR = {"en": "/year", "ru": "/год", "kk": "/жыл", "tg": "/сол", "ky": "/жыл", "uz": "/yil", "az": "/il"}
# A headline figure as the catalog writes it: "3780 MW", "33 bcm/year", "1,300 MW".
_QUANTITY = re.compile(r"^\s*(?P<num>\d[\d,\u00a0\u202f ]*(?:\.\d+)?)\s*(?P<unit>[A-Za-z]+)(?P<year>/year)?\s*$")


def unit_label(language: str, unit: str) -> str:
    """The symbol of a normalised unit ("MW", "bcm") in ``language``; an unknown unit as given."""
    return _UNITS.get(unit, {}).get(language, unit)


def format_number(language: str, value: float) -> str:
    """``value`` with the locale's grouping and decimal signs, at most three decimals ("3 780", "1,25")."""
    return format_decimal(value, format="#,##0.###", locale=language)


def format_quantity(language: str, value: float, unit: str) -> str:
    """A figure as a reader of ``language`` writes it: "1 300 МВт", "1.500 MVt", "$1.2B", "1,2 млрд $"."""
    if unit == "USD":
        return format_compact_currency(value, "USD", locale=language, fraction_digits=1)
    return f"{format_number(language, value)}\u00a0{unit_label(language, unit)}"


def format_capacity(language: str, text: str) -> str:
    """A catalog capacity ("3780 MW", "33 bcm/year") in ``language``; text it cannot read is returned as is."""
    m = _QUANTITY.match(text)
    if not m:
        return text
    raw = re.sub(r"[,\u00a0\u202f ]", "", m.group("num"))
    try:
        value = float(raw)
    except ValueError:
        return text
    out = format_quantity(language, value, m.group("unit"))
    return out + (_PER_YEAR.get(language, "/year") if m.group("year") else "")
