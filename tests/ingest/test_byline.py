"""The outlet in datelines and bylines; a first line that is only an outlet is not a headline."""

from __future__ import annotations

import time

import pytest

from ingest.byline import is_outlet_line, outlet_in_byline


@pytest.mark.parametrize(
    ("paragraphs", "outlet"),
    [
        (["DUSHANBE, March 7 (Asia-Plus) — Tajikistan and Pakistan reviewed CASA-1000."], "Asia-Plus"),
        (["DUSHANBE (Asia-Plus) — The Rogun dam rose by ten metres."], "Asia-Plus"),
        (["Bishkek, 7 March (Kabar) - The Kambarata HPP-1 tender opened."], "Kabar"),
        (["(Dawn)", "Pakistan will import 1,000 MW from Central Asia."], "Dawn"),
        (["Душанбе, 7 марта — Ховар. Таджикистан и Пакистан обсудили CASA-1000."], "Ховар"),
        (["Душанбе, 2026 жылғы 7 наурыз — Karavan Info ақпараттық агенттігі. Энергетика министрі."], "Karavan Info"),
        (["Таджикистан и Пакистан обсудили CASA-1000.", "— Ховар"], "Ховар"),
        (["The line is ready.", "Source: Kabar"], "Kabar"),
        (["Линия готова.", "Манбаъ: Ховар"], "Ховар"),
    ],
)
def test_outlets_in_datelines_and_bylines(paragraphs: list[str], outlet: str) -> None:
    assert outlet_in_byline(paragraphs) == outlet


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["Dushanbe, March 7 — Officials said, the line is ready."],
        ["Dushanbe, March 7 — the line is ready."],
        ["The line (CASA-1000) — built by 2027."],
        ["5 May 2023 11:57 (UTC+04:00)"],
        ["BISHKEK, Kyrgyzstan, February 17. Tajikistan and Kyrgyzstan discussed cooperation, Trend reports."],
        [],
    ],
)
def test_no_outlet_in_ordinary_sentences(paragraphs: list[str]) -> None:
    assert outlet_in_byline(paragraphs) is None


def test_outlet_lines() -> None:
    assert is_outlet_line("Asia-Plus") and is_outlet_line("(Dawn)") and is_outlet_line("Ховар")
    assert not is_outlet_line("Tajikistan and Pakistan discussed CASA-1000")


@pytest.mark.parametrize("text", ["A" * 50_000, "(" * 50_000, "Д, 1 " + "— " * 25_000, "x, 1 (" * 10_000])
def test_linear_on_hostile_input(text: str) -> None:
    start = time.perf_counter()
    outlet_in_byline([text, text])
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize(
    ("text", "title", "outlet"),
    [
        ("Asia-Plus\n\nRogun adds a turbine as the dam rises in Tajikistan\n\nDUSHANBE, March 7 — Tajikistan put a "
         "third turbine of the Rogun HPP into service on Friday, officials said.\n",
         "Rogun adds a turbine as the dam rises in Tajikistan", "Asia-Plus"),
        ("BISHKEK, March 7 (Kabar) — Kyrgyzstan and Uzbekistan agreed on the next financing round of the Kambarata "
         "HPP-1 on Saturday.\n\nThe partners expect the first unit to run in 2028.\n",
         "Kyrgyzstan and Uzbekistan agreed on the next financing round of the Kambarata HPP-1 on Saturday", "Kabar"),
        ("Рогунская ГЭС запустила третий агрегат\n\nДушанбе, 7 марта — Ховар. Таджикистан ввёл в строй третий агрегат "
         "Рогунской ГЭС.\n", "Рогунская ГЭС запустила третий агрегат", "Ховар"),
    ],
)
def test_pipeline_takes_the_outlet_from_masthead_dateline_and_byline(tmp_path, text: str, title: str,
                                                                      outlet: str) -> None:
    from ingest.pipeline import parse

    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    article = parse(path)
    assert article.title == title and article.source == outlet
