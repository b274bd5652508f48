"""/search's filters become identifiers once; a bad part is named."""

from __future__ import annotations

from datetime import date

import pytest

from storage.filters import ArticleFilter
from ui import search_filters as sf
from ui.search_filters import FilterError, SearchRequest, parse_search


def test_the_issue_example() -> None:
    request = parse_search("rogun lang:ru since:2025-03 country:TJ project:rogun outlet:Kabar")
    assert request == SearchRequest("", ArticleFilter(language="ru", since=date(2025, 3, 1), country="TJ",
                                                      project="rogun-hpp", outlet="Kabar"))


@pytest.mark.parametrize(("typed", "expected"), [
    ("hydropower", SearchRequest("hydropower", ArticleFilter())),
    ("dam lang:KK", SearchRequest("dam", ArticleFilter(language="kk"))),
    ("since:2025 until:2025-06 dam", SearchRequest("dam", ArticleFilter(since=date(2025, 1, 1),
                                                                        until=date(2025, 7, 1)))),
    ("until:2024-12-31", SearchRequest("", ArticleFilter(until=date(2025, 1, 1)))),
    ('country:"Kyrgyzstan" grid', SearchRequest("grid", ArticleFilter(country="KG"))),
    ("grid country:Тәжікстан", SearchRequest("grid", ArticleFilter(country="TJ"))),
    ("outlet:“Asia Plus” dam", SearchRequest("dam", ArticleFilter(outlet="Asia Plus"))),
    ("CASA-1000 from:2024", SearchRequest("", ArticleFilter(since=date(2024, 1, 1), project="casa-1000"))),
    ("Таджикистан lang:ru", SearchRequest("", ArticleFilter(language="ru", country="TJ"))),
    ("tariff 10:30", SearchRequest("tariff 10:30", ArticleFilter())),  # not a name: text
])
def test_filters_and_words(typed: str, expected: SearchRequest) -> None:
    assert parse_search(typed) == expected


@pytest.mark.parametrize(("typed", "part", "message"), [
    ("dam colour:red", "colour:red", sf.UNKNOWN),
    ("dam lang:", "lang:", sf.EMPTY),
    ("lang:ru lang:kk", "lang:kk", sf.TWICE),
    ("lang:xx", "lang:xx", sf.BAD_LANGUAGE),
    ("since:2025-13", "since:2025-13", sf.BAD_DATE),
    ("since:2025-02-30", "since:2025-02-30", sf.BAD_DATE),
    ("since:March", "since:March", sf.BAD_DATE),
    ("country:Atlantis", "country:Atlantis", sf.BAD_COUNTRY),
    ("project:Atlantis", "project:Atlantis", sf.BAD_PROJECT),
    ("since:2025 until:2024", "until:2024", sf.BAD_RANGE),
])
def test_a_bad_part_is_named(typed: str, part: str, message: str) -> None:
    assert parse_search(typed) == FilterError(part, message)
