"""The role label in the reader's language and the name in the reader's script (ui.people)."""

from __future__ import annotations

import pytest

from storage.rows import PersonMention
from ui.i18n import tr
from ui.people import display_name, mention_role, role_label


@pytest.mark.parametrize(
    ("language", "kind", "portfolio", "expected"),
    [
        ("en", "minister", "energy_and_water", "Minister of Energy and Water Resources"),
        ("ru", "minister", "energy", "Министр энергетики"),
        ("kk", "minister", "energy", "Энергетика министрі"),
        ("ky", "head_of_government", None, "Өкмөт башчысы"),
        ("tg", "minister", "energy_and_water", "Вазири энергетика ва захираҳои об"),
        ("uz", "deputy_head_of_government", None, "Bosh vazir o‘rinbosari"),
        ("az", "ambassador", None, "Səfir"),
        ("ru", "minister", None, "Министр"),
        ("en", "deputy_minister", "finance", "Deputy Minister"),
        ("en", None, None, ""),
        ("kk", "regional_head", None, "Әкім"),
        ("az", "lawmaker", None, "Millət vəkili"),
    ],
)
def test_role_label(language: str, kind: str | None, portfolio: str | None, expected: str) -> None:
    assert role_label(tr(language), kind, portfolio) == expected


def test_the_card_shows_the_label_and_country_never_the_articles_phrase() -> None:
    mention = PersonMention("Далер Ҷума", "daler-juma", "Вазири энергетика ва захираҳои оби Тоҷикистон", "TJ",
                            "minister", "energy_and_water")
    assert mention_role(tr("en"), mention) == "Minister of Energy and Water Resources, Tajikistan"
    assert mention_role(tr("kk"), mention) == "Энергетика және су ресурстары министрі, Тәжікстан"
    phrase_only = PersonMention("X Y", "x-y", "some phrase", None)  # stored without a kind: nothing to show
    assert mention_role(tr("en"), phrase_only) == ""


@pytest.mark.parametrize(
    ("name", "key", "language", "expected"),
    [
        ("Тоқаев", "kassym-jomart-tokayev", "en", "Kassym-Jomart Tokayev"),  # the catalog's spelling
        ("Tokayev", "kassym-jomart-tokayev", "ru", "Касым-Жомарт Токаев"),
        ("Tokayev", "kassym-jomart-tokayev", "kk", "Қасым-Жомарт Тоқаев"),  # Kazakh letters for a Kazakh reader
        ("Ilham Aliyev", "ilham-aliyev", "az", "İlham Əliyev"),
        ("Ержан Нуралиев", "erjan-nuraliev", "en", "Yerzhan Nuraliyev"),  # unknown: transliterated
        ("Ержан Нуралиев", "erjan-nuraliev", "ru", "Ержан Нуралиев"),
        ("Rustam Karimov", "rustam-karimov", "tg", "Рустам Каримов"),
    ],
)
def test_display_name_in_the_readers_script(name: str, key: str, language: str, expected: str) -> None:
    assert display_name(name, key, language) == expected


def test_display_name_prefers_a_spelling_seen_in_an_article() -> None:
    assert display_name("Rustam Karimov", "rustam-karimov", "ru", ["Rustam Karimov", "Рустам Карімов",
                                                                  "Рустам Каримов"]) == "Рустам Каримов"
    assert display_name("Rustam Karimov", "rustam-karimov", "kk", ["Рустам Каримов", "Рустам Карімов"]) \
        == "Рустам Карімов"
