"""Locale collation: each alphabet's own order, not code-point order."""

from __future__ import annotations

from ui.collate import collation_key, sort_names


def test_kazakh_letters_sort_beside_their_base_letters() -> None:
    names = ["Трансадриатикалық газ құбыры (TAP)", "Қамбар-Ата СЭС-1", "Корча газдандыру жобасы", "Өскемен ЖЭО"]
    assert sort_names("kk", names) == ["Корча газдандыру жобасы", "Қамбар-Ата СЭС-1", "Өскемен ЖЭО",
                                       "Трансадриатикалық газ құбыры (TAP)"]
    assert sorted(names) != sort_names("kk", names)  # code-point order puts Қ and Ө after Т


def test_kazakh_i_after_yery_and_cyrillic_before_latin() -> None:
    assert sort_names("kk", ["Ішкі", "Ыстық", "CASA-1000"]) == ["Ыстық", "Ішкі", "CASA-1000"]
    assert sort_names("ru", ["CASA-1000", "Рогунская ГЭС"]) == ["Рогунская ГЭС", "CASA-1000"]
    assert sort_names("en", ["Рогун", "CASA-1000"]) == ["CASA-1000", "Рогун"]


def test_azerbaijani_letters_of_their_own() -> None:
    names = ["Şəki", "Sumqayıt", "Çin", "Cəbrayıl", "İsmayıllı", "Ixtisas", "Xaçmaz", "Hacıqabul", "Qax", "Kürdəmir"]
    assert sort_names("az", names) == ["Cəbrayıl", "Çin", "Hacıqabul", "Xaçmaz", "Ixtisas", "İsmayıllı", "Kürdəmir",
                                       "Qax", "Sumqayıt", "Şəki"]


def test_uzbek_digraphs_after_z() -> None:
    names = ["Oʻzbekiston", "Olmaliq", "Zomin", "Shahrisabz", "Samarqand", "Chirchiq", "Gʻijduvon"]
    assert sort_names("uz", names) == ["Olmaliq", "Samarqand", "Zomin", "Oʻzbekiston", "Gʻijduvon", "Shahrisabz",
                                       "Chirchiq"]


def test_sort_by_key_and_case_insensitive() -> None:
    rows = [("b", "яблоко"), ("a", "Арбуз")]
    assert sort_names("ru", rows, key=lambda r: r[1]) == [("a", "Арбуз"), ("b", "яблоко")]
    assert collation_key("ru", "Ель") == collation_key("ru", "ель")
