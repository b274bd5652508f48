"""Countries from CLDR names (inflected), datelines with CLDR month names, figures, normalisation."""

from datetime import date

import pytest

from ingest.catalog import load_catalog
from ingest.countries import find_countries, resolve_country
from ingest.dates import find_dateline
from ingest.entities import find_figures
from ingest.normalize import compact, normalize


@pytest.mark.parametrize("query", ["Tajikistan", "TJ", "tj", "Таджикистан", "Тәжікстан", "Тоҷикистон", "tajikistan",
                                   "Таджикистаном", "Тәжікстанда", "Tojikiston", "Tacikistan"])
def test_resolve_tajikistan(query: str) -> None:
    assert resolve_country(query) == "TJ"


@pytest.mark.parametrize("query", ["", "XX", "energy", "Таджик-", "Минск"])
def test_resolve_nothing(query: str) -> None:
    assert resolve_country(query) is None


def test_inflected_and_adjective_mentions() -> None:
    text = "Пәкістан Ислам Республикасының министрі. Встреча с Россией. Kyrgyz officials. Azərbaycanın"
    assert find_countries(text) == ["PK", "RU", "KG", "AZ"]


def test_no_unrelated_words() -> None:
    assert find_countries("маленький чадо ирис oman-like the energy of china plates") == []


@pytest.mark.parametrize(
    "text, year, expected",
    [("BISHKEK, Kyrgyzstan, February 17. Text", 2024, date(2024, 2, 17)),
     ("Душанбе, 2026 жылғы 7 наурыз — агенттігі", None, date(2026, 3, 7)),
     ("5 May 2023 11:57 (UTC+04:00)", None, date(2023, 5, 5)),
     ("Москва, 7 марта 2025 года", None, date(2025, 3, 7)),
     ("Toshkent, 2025-yil 12-mart", None, date(2025, 3, 12)),
     ("Bakı, 12 mart 2024", None, date(2024, 3, 12)),
     ("BISHKEK, February 17. Text", None, None)],
)
def test_datelines(text: str, year: int | None, expected: date | None) -> None:
    found = find_dateline(text, year)
    assert (found[0] if found else None) == expected


def test_figures_normalised() -> None:
    figs = {(f.value, f.unit) for f in find_figures("1,300 megawatts, 43 ГВт, 970 km, 500 кВ, 2,5 ГВт, $1.2 billion")}
    assert figs == {(1300, "MW"), (43, "GW"), (970, "km"), (500, "kV"), (2.5, "GW"), (1.2e9, "USD")}


def test_normalize_folds_lookalikes() -> None:
    assert normalize("СOP29") == "cop29"
    assert compact("CАSA-1000") == compact("casa 1000") == "casa1000"


@pytest.mark.parametrize("alias", ["CASA1000", "casa-1000", "CАSA-1000", "КАСА-1000", "CASA 1000"])
def test_project_aliases(alias: str) -> None:
    assert load_catalog().resolve(alias) == ["casa-1000"]


def test_project_inflected_mentions() -> None:
    found = load_catalog().find_in_text("строительство Рогунской ГЭС и Камбаратинской ГЭС-1; TAP, not tape")
    assert found == ["rogun-hpp", "kambarata-hpp-1", "tap"]
