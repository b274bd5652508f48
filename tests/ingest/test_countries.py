"""Russian and Kazakh country forms: -й names, abbreviations, multi-word names in all cases, adjectives."""

import pytest

from ingest.countries import find_countries, resolve_country


@pytest.mark.parametrize(
    "text, code",
    [("Делегация Китая прибыла вчера.", "CN"), ("Соглашение с Китаем подписано.", "CN"),
     ("Поставки Китаю выросли.", "CN"), ("Инвестиции в Китае растут.", "CN"),
     ("Представители РФ выступили.", "RU"), ("Компании КНР строят станцию.", "CN"),
     ("Делегация ЮАР приехала.", "ZA"), ("Фонд ОАЭ вложил средства.", "AE"), ("Посол США заявил.", "US"),
     ("Министр Саудовской Аравии посетил столицу.", "SA"), ("С Саудовской Аравией подписан договор.", "SA"),
     ("Правительство Российской Федерации одобрило план.", "RU"),
     ("Энергетики Соединённых Штатов приехали.", "US"), ("Станции на Филиппинах закрыты.", "PH"),
     ("Решение приняли японские инженеры.", "JP"), ("Проект финансирует американский банк.", "US"),
     ("Это российских компаний не касается.", "RU"),
     ("қазақстандық компаниялар жаңа желі салады.", "KZ"), ("ресейлік инвесторлар келді.", "RU"),
     ("Посол Объединённых Арабских Эмиратов выступил.", "AE"), ("ҚХР өкілдері келді.", "CN"),
     ("AQSH vakillari keldi.", "US"), ("ÇXR nümayəndələri gəldi.", "CN"), ("АКШнын өкүлдөрү келди.", "US")],
)
def test_russian_and_kazakh_forms(text: str, code: str) -> None:
    assert find_countries(text) == [code]


@pytest.mark.parametrize("text", ["Блог вёлся на русском языке.", "Она говорила по-английски.",
                                  "Мы купили китайку и чайник.", "Синий кит плыл мимо."])
def test_no_false_countries(text: str) -> None:
    assert find_countries(text) == []


def test_norway_is_a_code_not_a_yaml_boolean() -> None:
    assert resolve_country("Норвегия") == "NO"
    assert find_countries("Делегация норвежских энергетиков.") == ["NO"]


@pytest.mark.parametrize("query, code", [("Китая", "CN"), ("Саудовской Аравии", "SA"), ("РФ", "RU")])
def test_queries(query: str, code: str) -> None:
    assert resolve_country(query) == code
