"""The fetcher's seed header (Title:, Date:, URL:, Outlet:) is read, removed and wins over guesses."""

from datetime import date

from ingest.pipeline import parse_bytes
from ingest.reader import read_text

BODY = (
    "Душанбе, 7 марта. Министр энергетики Таджикистана обсудил с коллегами из Пакистана ход проекта CASA-1000, "
    "который позволит передавать 1300 МВт электроэнергии.\n\n"
    "Стороны договорились продолжить диалог по Рогунской ГЭС и региональной торговле электроэнергией.\n"
)
HEADER = (
    "Title: Таджикистан и Пакистан обсудили CASA-1000\n"
    "Date: 2026-03-07\n"
    "URL: https://news.example.test/tj/casa-1000?id=7\n"
    "Outlet: Example News\n"
    "\n"
)


def test_header_block_is_read_and_removed() -> None:
    raw = read_text((HEADER + BODY).encode("utf-8"))
    assert raw.header_title == "Таджикистан и Пакистан обсудили CASA-1000"
    assert raw.header_date == date(2026, 3, 7)
    assert raw.header_url == "https://news.example.test/tj/casa-1000?id=7"
    assert raw.header_outlet == "Example News"
    assert raw.text == BODY


def test_header_fields_win_in_the_parsed_article() -> None:
    article = parse_bytes((HEADER + "Таджикистан и Пакистан обсудили CASA-1000\n\n" + BODY).encode(), file="f.txt")
    assert article.title == "Таджикистан и Пакистан обсудили CASA-1000"
    assert article.url == "https://news.example.test/tj/casa-1000?id=7"
    assert article.source == "Example News"
    assert article.date == date(2026, 3, 7)
    assert article.body.startswith("Душанбе, 7 марта.")  # the page's copy of the title is not body
    assert "casa-1000" in article.projects and article.language == "ru"


def test_without_url_the_block_is_ordinary_text() -> None:
    text = "Title: a note\nDate: 2026-03-07\n\nThe ministers met in Dushanbe to discuss CASA-1000 power lines.\n"
    raw = read_text(text.encode())
    assert raw.header_url is None and raw.header_title is None and raw.text == text


def test_missing_optional_fields_and_bad_date() -> None:
    raw = read_text(b"URL: http://x.test/a\nDate: 2026-02-31\nTitle:\n\nSome text of the article.\n")
    assert raw.header_url == "http://x.test/a" and raw.header_date is None and raw.header_title is None
    assert raw.text == "Some text of the article.\n"


def test_date_header_still_works_and_plain_files_have_no_url() -> None:
    article = parse_bytes(b" date 2024-02-17 BISHKEK, February 17. Kyrgyzstan and Tajikistan met.\n", file="a")
    assert article.url is None and article.date == date(2024, 2, 17)
