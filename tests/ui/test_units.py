"""Figures and capacities in the reader's language: unit symbols in its script, numbers with its grouping."""

from __future__ import annotations

import pytest

from ui.units import format_capacity, format_number, format_quantity, unit_label

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", f"3,780{NBSP}MW"),
        ("ru", f"3\u00a0780{NBSP}МВт"),
        ("kk", f"3\u00a0780{NBSP}МВт"),
        ("tg", f"3\u00a0780{NBSP}МВт"),  # CLDR gives Tajik the Latin "MW"; the table writes it in Cyrillic
        ("ky", f"3\u00a0780{NBSP}МВт"),
        ("uz", f"3\u00a0780{NBSP}MVt"),
        ("az", f"3.780{NBSP}MVt"),
    ],
)
def test_capacity_in_every_language(language: str, expected: str) -> None:
    assert format_capacity(language, "3780 MW") == expected


@pytest.mark.parametrize(
    ("language", "unit", "label"),
    [("ru", "bcm", "млрд м³"), ("kk", "kV", "кВ"), ("ky", "km", "км"), ("uz", "bcm", "mlrd m³"),
     ("az", "kV", "kV"), ("en", "bcm", "bcm"), ("tg", "TWh", "ТВт·соат"), ("ru", "furlong", "furlong")],
)
def test_unit_labels(language: str, unit: str, label: str) -> None:
    assert unit_label(language, unit) == label


def test_per_year_and_unreadable_capacity() -> None:
    assert format_capacity("ru", "33 bcm/year") == f"33{NBSP}млрд м³/год"
    assert format_capacity("kk", "33 bcm/year").endswith("/жыл")
    assert format_capacity("en", "about a gigawatt") == "about a gigawatt"


def test_numbers_and_money() -> None:
    assert format_number("ru", 1.25) == "1,25"
    assert format_number("en", 1300.0) == "1,300"
    assert format_quantity("ru", 1.2e9, "USD") == "1,2\u00a0млрд\u00a0$"
    assert format_quantity("en", 1.2e9, "USD") == "$1.2B"
