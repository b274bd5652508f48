"""Publication dates: the formats met in real items, and dateline before address before the top of the text."""

from datetime import date

import pytest

from ingest.dates import context_year, find_dateline, find_url_date, publication_date


@pytest.mark.parametrize(
    "text, expected",
    [("17.03.2016. The grid operator reported a new record.", date(2016, 3, 17)),
     ("2016-6-10 The council met in the capital.", date(2016, 6, 10)),
     ("10.06.16 Officials toured the substation.", date(2016, 6, 10)),
     ("10 июня 2016 г. Министр провёл совещание.", date(2016, 6, 10)),
     ("10 маусым 2016 ж. Министр кеңес өткізді.", date(2016, 6, 10)),
     ("Toshkent, 2016-yil 10-iyun. Vazir uchrashuv o'tkazdi.", date(2016, 6, 10)),
     ("Bakı, 10 iyun 2016. Nazir görüş keçirdi.", date(2016, 6, 10)),
     ("Душанбе, 10 июни 2016. Вазир мулоқот кард.", date(2016, 6, 10)),
     ("2016/06/10 Ministers met.", date(2016, 6, 10))],
)
def test_formats(text: str, expected: date) -> None:
    found = find_dateline(text, None)
    assert found is not None and found[0] == expected


@pytest.mark.parametrize("text", ["Version 1.2.3 was released at 10.30 today.", "Room 12.13 of block 4.",
                                  "The plan runs from 2016 to 2030."])
def test_not_dates(text: str) -> None:
    assert find_dateline(text, None) is None


def test_yearless_dateline_takes_the_year_of_a_full_date_in_the_article() -> None:
    paras = ["ASTANA, May 10 (Trend) — Two ministers met to discuss a power line.",
             "A first memorandum was signed on 3 March 2016 in the capital."]
    assert publication_date(paras, None) == date(2016, 5, 10)


def test_yearless_dateline_without_any_year_gives_no_date() -> None:
    assert publication_date(["ASTANA, May 10 (Trend) — Two ministers met."], None) is None


def test_dateline_then_header_then_top() -> None:
    assert publication_date(["Bishkek, 1 April 2020. Text."], date(2021, 1, 2)) == date(2020, 4, 1)
    assert publication_date(["BISHKEK, April 1. Text."], date(2021, 1, 2)) == date(2021, 4, 1)  # the header's year
    lead = "The minister of energy told reporters on Tuesday that the line would open on 5 May 2030."
    assert publication_date([lead], date(2021, 1, 2)) == date(2021, 1, 2)
    assert publication_date([lead], None) == date(2030, 5, 5)  # near the top: the only date there is


def test_dateline_before_address_before_top_dates() -> None:
    paras = ["The minister of energy told reporters on Tuesday that a new line would open on 5 May 2030.",
             "Source: https://news.example.org/en/2016/06/10/new-line"]
    assert publication_date(paras, None) == date(2016, 6, 10)
    assert publication_date(["Bishkek, 9 June 2016. " + paras[0], paras[1]], None) == date(2016, 6, 9)


def test_a_date_near_the_top_dates_the_article_one_far_down_does_not() -> None:
    lead = "On 10 June 2016 the committee approved the tariff plan for the year."
    assert publication_date([lead], None) == date(2016, 6, 10)
    filler = "The committee discussed many other things at length. " * 10
    assert publication_date([filler, "It will finish on 1 July 2030."], None) is None


def test_url_dates() -> None:
    assert find_url_date("at https://a.example.kz/ru/news/20160610-slug") == date(2016, 6, 10)
    assert find_url_date("https://a.example.kz/news/2016-06-10/x") == date(2016, 6, 10)
    assert find_url_date("no address 2016/06/10") is None
    assert find_url_date("https://a.example.kz/item/12345") is None


def test_context_year_is_the_latest_full_date() -> None:
    assert context_year("Signed on 3 March 2015, renewed on 4 April 2016, planned for 2030.") == 2016
    assert context_year("Planned for 2030.") is None

