"""The chart benchmark's store and measurement, at a small size (``python -m bench --only charts`` runs 10,000)."""

from __future__ import annotations

from pathlib import Path

from bench.charts import build_store, measure
from bench.context import sqlite_url


def test_chart_bench_builds_a_project_store_and_measures_it(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "charts.db")
    build_store(url, 300)
    results = measure(url, 2)
    assert len(results["total_ms"]) == 2 and all(ms > 0 for ms in results["total_ms"])
    assert all(0 < size < 200_000 for size in results["png_bytes"])
