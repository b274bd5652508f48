"""Function words settle short Kyrgyz, Tajik and Uzbek texts that carry none of their alphabets' own letters
(sentences written for the test)."""

import pytest

from ingest.language import detect_language


@pytest.mark.parametrize(
    "text, lang",
    [("Андан кийин ал министр менен жолукту", "ky"), ("Бул жолу алар дагы келишти", "ky"),
     ("Вазир ва муовинаш дар бораи нерӯ", "tg"), ("Мазкур лоиҳа барои кишвар муҳим аст", "tg"),
     ("Vazir va uning yordamchisi bilan", "uz"), ("Masalan, bu loyiha keyinchalik ham", "uz")],
)
def test_short_texts(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    "text, lang",
    [("Министр и его заместитель приехали", "ru"), ("Он сказал, что это важно для страны", "ru"),
     ("The minister and his deputy came", "en"), ("Bu sözlər və fikirlər", "az")],
)
def test_russian_english_azerbaijani_unchanged(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_a_turkish_text_sharing_bu_is_not_uzbek() -> None:
    assert detect_language("Bu proje için çok önemli bir karar") != "uz"
