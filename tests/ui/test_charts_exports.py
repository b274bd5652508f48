"""The trend chart is a small PNG drawn from counts; the export writes CSV a spreadsheet opens and JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

from PIL import Image

from storage.exports import ExportRow
from storage.trends import OTHER, Granularity, SeriesBy, build_trend
from ui.charts import ChartCache, series_label, trend_png
from ui.exports import export_csv, export_json
from ui.i18n import tr


def test_build_trend_fills_empty_periods_and_sums_small_series() -> None:
    rows = [(date(2025, 1, 6), "ru", 2), (date(2025, 1, 22), "en", 1), (None, "kk", 4)]
    rows += [(date(2025, 1, 7), code, 1) for code in ("kk", "tg", "ky", "uz", "az", "fa")]
    trend = build_trend(rows)
    assert trend.granularity == Granularity.WEEK
    assert trend.periods == [date(2025, 1, 6), date(2025, 1, 13), date(2025, 1, 20)]
    assert trend.series["ru"] == [2, 0, 0] and trend.series["en"] == [0, 0, 1]
    assert len(trend.series) == 6 and OTHER in trend.series  # five largest, the rest summed
    assert (trend.undated, trend.total) == (4, 13)
    long = build_trend([(date(2023, 1, 1), "en", 1), (date(2024, 12, 31), "en", 1)])
    assert long.granularity == Granularity.MONTH and len(long.periods) == 24


def test_chart_is_a_small_png_of_800_by_450() -> None:
    start = date(2022, 1, 3)
    rows = [(start + timedelta(days=i), ("ru", "en", "kk")[i % 3], i % 7 + 1) for i in range(1_000)]
    data = trend_png(tr("ky"), build_trend(rows), "CASA-1000", SeriesBy.LANGUAGE)
    assert data.startswith(b"\x89PNG") and len(data) < 200_000
    assert Image.open(io.BytesIO(data)).size == (800, 450)
    one = trend_png(tr("az"), build_trend([(start, "", 1)]), "TAP", SeriesBy.OUTLET)
    assert one.startswith(b"\x89PNG")


def test_series_labels_are_localized() -> None:
    assert series_label(tr("ru"), "kk", SeriesBy.LANGUAGE) == "Казахский"
    assert series_label(tr("ru"), OTHER, SeriesBy.OUTLET) == tr("ru")("Other")
    assert series_label(tr("en"), "Kabar", SeriesBy.OUTLET) == "Kabar"


def test_chart_cache_drops_the_least_recently_used() -> None:
    cache = ChartCache(size=2)
    cache.put("a", b"1")
    cache.put("b", b"2")
    assert cache.get("a") == b"1"
    cache.put("c", b"3")
    assert cache.get("b") is None and cache.get("a") == b"1" and cache.get("c") == b"3"


ROWS = [
    ExportRow(2, date(2025, 4, 2), 'Кыргызстан и Таджикистан обсудили "CASA-1000"', "ru", "Kabar",
              "https://kabar.example.test/casa", ["KG", "TJ"], ["Taalaibek Ibraev"], ["1300 MW"]),
    ExportRow(1, None, "Azərbaycan, Qazaxıstan; enerji", "az", None, None),
]


def test_csv_has_a_bom_a_header_and_a_row_per_article() -> None:
    data = export_csv(ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == 2
    assert rows[0]["title"] == 'Кыргызстан и Таджикистан обсудили "CASA-1000"'
    assert rows[0]["countries"] == "KG; TJ" and rows[0]["date"] == "2025-04-02"
    assert rows[1]["date"] == "" and rows[1]["url"] == "" and rows[1]["title"] == "Azərbaycan, Qazaxıstan; enerji"


def test_json_keeps_lists_and_letters() -> None:
    records = json.loads(export_json(ROWS))
    assert records[0]["countries"] == ["KG", "TJ"] and records[1]["date"] is None
    assert "Кыргызстан".encode() in export_json(ROWS)
