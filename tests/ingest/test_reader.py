"""Decoding: encodings, header, rejection of binary and empty input; no crash on any bytes."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.model import IngestError
from ingest.pipeline import parse_bytes
from ingest.reader import read_text

RUSSIAN = (
    " date 2025-03-07 Душанбе, 7 марта 2025 года.\n\n"
    "Министр энергетики и водных ресурсов Таджикистана Далер Джума обсудил с коллегами из Пакистана ход "
    "реализации проекта CASA-1000, который позволит передавать 1300 МВт электроэнергии.\n\n"
    "Стороны отметили важность Рогунской ГЭС для региона и договорились продолжить диалог.\n"
)


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "utf-16", "utf-8-sig", "utf-8"])
def test_same_article_in_every_encoding(encoding: str) -> None:
    reference = parse_bytes(RUSSIAN.encode("utf-8"), file="a.txt")
    other = parse_bytes(RUSSIAN.encode(encoding), file="a.txt")
    assert other == reference
    assert reference.language == "ru"
    assert reference.date is not None and reference.date.isoformat() == "2025-03-07"
    assert "TJ" in reference.countries and "PK" in reference.countries
    assert {"casa-1000", "rogun-hpp"} <= set(reference.projects)
    assert any(p.key == "daler-juma" for p in reference.people)
    assert any(f.value == 1300 and f.unit == "MW" for f in reference.figures)


def test_header_date_is_read_and_removed() -> None:
    raw = read_text(b" date 2024-02-17 Some text here.")
    assert raw.header_date is not None and raw.header_date.isoformat() == "2024-02-17"
    assert raw.text == "Some text here."


@pytest.mark.parametrize(
    "data, reason",
    [(b"", "empty"), (b"   \n\n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
     (bytes(range(256)) * 4, "binary"), (b" date 2024-01-01 ", "no article text")],
)
def test_rejected_with_reason(data: bytes, reason: str) -> None:
    with pytest.raises(IngestError) as exc:
        parse_bytes(data, file="bad.txt")
    assert reason in exc.value.reason


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_parse_or_raise_ingest_error(data: bytes) -> None:
    try:
        art = parse_bytes(data, file="fuzz.txt")
    except IngestError as exc:
        assert exc.reason
    else:
        assert art.body


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_parse_or_raise_ingest_error(text: str) -> None:
    try:
        parse_bytes(text.encode("utf-8"), file="fuzz.txt")
    except IngestError as exc:
        assert exc.reason
