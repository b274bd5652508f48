"""Settings typed by readers: language names in any language, time zones as cities or offsets, clipped echoes."""

from __future__ import annotations

import pytest

from ui.understand import clip, native_language_name, parse_language, parse_timezone, zone_label


@pytest.mark.parametrize(
    ("typed", "code"),
    [("русский", "ru"), ("Русский", "ru"), ("қазақша", "kk"), ("Қазақ тілі", "kk"), ("English", "en"),
     ("kk", "kk"), ("ru-RU", "ru"), ("oʻzbekcha", "uz"), ("o'zbekcha", "uz"), ("Azərbaycan dili", "az"),
     ("azərbaycanca", "az"), ("тоҷикӣ", "tg"), ("кыргызча", "ky"), ("Kazakh", "kk"), ("таджикский", "tg"),
     ("орысша", "ru"), ("Uzbek", "uz")],
)
def test_language_names_in_any_language(typed: str, code: str) -> None:
    assert parse_language(typed) == code


@pytest.mark.parametrize("typed", ["klingon", "", "fr", "x" * 500])
def test_unknown_languages(typed: str) -> None:
    assert parse_language(typed) is None


def test_native_names() -> None:
    assert native_language_name("kk") == "Қазақ тілі"
    assert native_language_name("tg") == "Тоҷикӣ"
    assert native_language_name("az").startswith("Azərbaycan")


@pytest.mark.parametrize(
    ("typed", "zone"),
    [("Almaty", "Asia/Almaty"), ("almaty", "Asia/Almaty"), ("Алматы", "Asia/Almaty"), ("Астана", "Asia/Almaty"),
     ("Душанбе", "Asia/Dushanbe"), ("Bakı", "Asia/Baku"), ("Тошкент", "Asia/Tashkent"),
     ("asia/bishkek", "Asia/Bishkek"),
     ("Europe/Moscow", "Europe/Moscow"), ("New York", "America/New_York"), ("UTC", "UTC"),
     ("UTC+5", "Etc/GMT-5"), ("utc-3", "Etc/GMT+3"), ("GMT+3", "Etc/GMT-3"), ("+05:00", "Etc/GMT-5"),
     ("UTC+0", "UTC")],
)
def test_time_zones(typed: str, zone: str) -> None:
    assert parse_timezone(typed) == zone


@pytest.mark.parametrize("typed", ["nowhere", "UTC+5:30", "UTC+15", "", "Asia/Atlantis"])
def test_unknown_time_zones(typed: str) -> None:
    assert parse_timezone(typed) is None


def test_zone_label() -> None:
    assert zone_label("Etc/GMT-5") == "UTC+5"
    assert zone_label("Etc/GMT+3") == "UTC-3"
    assert zone_label("Asia/Almaty") == "Asia/Almaty"


def test_clip() -> None:
    assert clip("Tajikstan") == "Tajikstan"
    long = clip("a" * 4000)
    assert len(long) <= 40 and long.endswith("…")
    assert clip("one two\nthree") == "one two three"
    assert clip("Kambarata hydropower plant one and two and three") == "Kambarata hydropower plant one and two…"
