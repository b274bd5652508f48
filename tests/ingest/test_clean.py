"""Boilerplate lines are dropped in every language; article lines that merely mention a channel stay."""

from __future__ import annotations

import pytest

from ingest.clean import clean_lines

BOILERPLATE = [
    "Subscribe to our Telegram channel",
    "Join our TELEGRAM channel for the latest news!",
    "Подписывайтесь на наш Telegram-канал",
    "Telegram арнамызға жазылыңыз",
    "Биздин Telegram-каналга катталыңыз",
    "Бизнинг Telegram каналимизга обуна бўлинг",
    "Telegram kanalımıza abunə olun",
    "İnstagram: follow us",
    "YouTube — subscribe",
    "No time to read?",
    "Фото: akorda.kz",
    "Просмотров: 120",
    "error: 404 not found",
]
KEPT = [
    "Kazakhstan's energy ministry published the tariff on its Telegram channel on Monday.",
    "The canal feeding the Nurek reservoir was repaired.",
    "Министр подписал соглашение о строительстве ЛЭП.",  # "подпис" without a channel word
    "The Baku–Tbilisi–Ceyhan pipeline carried 30 million tons.",
]


@pytest.mark.parametrize("line", BOILERPLATE)
def test_boilerplate_lines_are_dropped(line: str) -> None:
    assert clean_lines(f"Headline\n{line}\nBody.") == ["Headline", "Body."]


@pytest.mark.parametrize("line", KEPT)
def test_article_lines_stay(line: str) -> None:
    assert clean_lines(f"Headline\n{line}") == ["Headline", line]


def test_teaser_list_ends_the_article() -> None:
    assert clean_lines("Headline\nBody.\nRead also:\nAnother story") == ["Headline", "Body."]
