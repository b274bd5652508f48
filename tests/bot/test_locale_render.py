"""Locale choice (table-driven), message splitting, token checks and the start-up failure path."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.cli.startup import check_token
from ui.i18n import SUPPORTED_LANGUAGES
from ui.locale import pick_locale
from ui.render import h, split_message, visible_len

CASES = [
    # stored, telegram, typed, default, expected
    ("kk", "ru-RU", None, "en", "kk"),
    (None, "ru-RU", None, "en", "ru"),
    (None, "de", None, "ru", "en"),
    (None, None, "tg", "en", "tg"),
    (None, None, None, "uz", "uz"),
    (None, "", "de", "az", "az"),
    ("xx", "ky", None, "en", "ky"),
]


@pytest.mark.parametrize("stored, telegram, typed, default, expected", CASES)
def test_pick_locale(stored, telegram, typed, default, expected) -> None:
    assert pick_locale(stored, telegram, SUPPORTED_LANGUAGES, default, typed) == expected


def test_split_respects_utf16_and_paragraphs() -> None:
    para = "<b>Тәжікстан</b> " + h("<script>") + " 🔌" * 300
    text = "\n\n".join([para] * 20)
    parts = split_message(text)
    assert len(parts) > 1
    assert all(visible_len(p) <= 4096 for p in parts)
    assert all(p.count("<b>") == p.count("</b>") for p in parts)
    assert "".join(parts).count("Тәжікстан") == 20


def test_split_single_huge_paragraph() -> None:
    parts = split_message("слово " * 3000)
    assert len(parts) >= 4 and all(visible_len(p) <= 4096 for p in parts)


@pytest.mark.parametrize("token, ok", [("123456789:AAE" + "x" * 32, True), (None, False), ("", False),
                                       ("not-a-token", False), ("12345:short", False)])
def test_check_token(token, ok) -> None:
    assert (check_token(token) is None) is ok


@pytest.mark.parametrize("token", ["", "garbage"])
def test_run_without_valid_token_exits_2_with_one_line(tmp_path, token) -> None:
    env = {"PATH": "/usr/bin:/bin", "TELEGRAM_BOT_TOKEN": token, "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "run"], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=60)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "TELEGRAM_BOT_TOKEN" in proc.stderr
    assert "garbage" not in proc.stderr and "Traceback" not in proc.stderr


def _country_summary(count: int, basis: int):
    from storage.rows import Counted, CountrySummary

    return CountrySummary(article_count=count, first_date=None, last_date=None, countries=[Counted("TJ", 3)],
                          projects=[], people=[], figures=[], basis=basis, code="KZ")


@pytest.mark.parametrize("language, note", [
    ("en", "counted in the latest 1,000 articles added"),
    ("ru", "по 1\xa0000 последним добавленным статьям"),
    ("kk", "соңғы қосылған 1\xa0000 мақала"),
])
def test_a_card_says_when_its_lists_come_from_the_newest_articles_only(language: str, note: str) -> None:
    from storage.rows import Page
    from ui.i18n import tr
    from ui.render import country_card

    empty = Page(items=[], total=0, offset=0, limit=5)
    t = tr(language)
    assert note in country_card(t, "KZ", _country_summary(26_072, 1_000), [], empty)
    assert "1,000" not in country_card(t, "KZ", _country_summary(900, 900), [], empty)
    assert note not in country_card(t, "KZ", _country_summary(900, 900), [], empty)
