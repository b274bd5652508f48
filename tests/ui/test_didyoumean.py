"""Did-you-mean over every language's country and project names."""

from __future__ import annotations

import pytest

from ui.didyoumean import suggest_countries, suggest_projects


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Tajikstan", "TJ"), ("Таджикстан", "TJ"), ("Тәжікстн", "TJ"), ("Тоҷикистон", "TJ"), ("Kirgizstan", "KG"),
     ("Uzbekstan", "UZ"), ("Azerbajan", "AZ"), ("Qazaqstn", "KZ")],
)
def test_country_typos_in_every_script(typed: str, code: str) -> None:
    assert suggest_countries(typed)[0] == code


@pytest.mark.parametrize("typed", ["aaaa", "1e9", "energy", "pipeline", "gas", "", "x" * 4000])
def test_no_country_for_unrelated_words(typed: str) -> None:
    assert suggest_countries(typed) == []


@pytest.mark.parametrize(
    ("typed", "slug"),
    [("Rogn", "rogun-hpp"), ("casa 100", "casa-1000"), ("Kambarata", "kambarata-hpp-1"), ("Nurek", "nurek-hpp"),
     ("Tapi pipeline", "tapi")],
)
def test_project_typos(typed: str, slug: str) -> None:
    assert suggest_projects(typed)[0] == slug


def test_no_project_for_unrelated_words() -> None:
    assert suggest_projects("aaaa") == []
    assert len(suggest_projects("TAP")) <= 3
