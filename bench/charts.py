"""/trend's chart for a project in 10,000 articles: the count query and the PNG, as the bot does them (issue 22's
target: under 1 s).

The store is built here, not ingested: one project linked to ``ARTICLES`` articles spread over three years, in
seven languages and a dozen outlets (the shape of a busy project), so the figure measures the query's grouping and
matplotlib's drawing, not the parser. Each run is cold: no chart cache, a new session. The figure is the median of
the runs of query + drawing; the detail splits it and gives the PNG's size.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text

from bench.context import Context, sqlite_url
from bench.report import Figure, fmt, median
from storage.engine import create_engine_for, read_session, write_session
from storage.migrate import upgrade
from storage.trends import SeriesBy, count_mentions
from ui.charts import trend_png
from ui.i18n import tr

FAMILY = "charts"
ARTICLES = 10_000
TARGET_MS = 1_000.0  # issue 22: a chart for a project with 10,000 articles in under 1 s
SLUG = "casa-1000"
LANGUAGES = ("en", "ru", "kk", "tg", "ky", "uz", "az")
OUTLETS = ("Trend", "Azernews", "Kabar", "Asia-Plus", "Kun.uz", "Kazinform", "24.kg", "Avesta", "Report.az",
           "Tengrinews", "Gazeta.uz", "Khovar")


def build_store(url: str, n: int, seed: int = 22) -> None:
    """``n`` articles on the project ``SLUG``, dated over three years, random languages and outlets."""
    rng = random.Random(seed)
    engine = create_engine_for(url)
    try:
        upgrade(engine)
        start = date(2023, 1, 1)
        with write_session(engine) as session:
            project_id = session.execute(text(
                "INSERT INTO projects (slug, kind, names, countries) VALUES (:slug, 'transmission-line', '{}', '[]') "
                "RETURNING id"), {"slug": SLUG}).scalar_one()
            rows = [{"sha256": f"{i:064x}", "file": f"{i:05d}.txt", "title": f"Article {i}",
                     "date": start + timedelta(days=rng.randrange(3 * 365)) if rng.random() > 0.02 else None,
                     "source": rng.choice(OUTLETS), "language": rng.choice(LANGUAGES), "body": "CASA-1000."}
                    for i in range(n)]
            session.execute(text(
                "INSERT INTO articles (sha256, file, title, date, source, language, body, signature, ingested_at, "
                "updated_at) VALUES (:sha256, :file, :title, :date, :source, :language, :body, '', "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), rows)
            session.execute(text("INSERT INTO article_projects (article_id, project_id) SELECT id, :p FROM articles"),
                            {"p": project_id})
    finally:
        engine.dispose()


def measure(url: str, runs: int) -> dict[str, list[float]]:
    """Per run: the count query (ms), the drawing (ms), both, and the PNG's bytes, by language then by outlet."""
    out: dict[str, list[float]] = {"query_ms": [], "render_ms": [], "total_ms": [], "png_bytes": []}
    engine = create_engine_for(url)
    t = tr("ru")
    try:
        for i in range(runs):
            by = SeriesBy.LANGUAGE if i % 2 == 0 else SeriesBy.OUTLET
            started = time.perf_counter()
            with read_session(engine) as session:
                trend = count_mentions(session=session, project=SLUG, by=by)
            counted = time.perf_counter()
            png = trend_png(t, trend, "CASA-1000", by)
            drawn = time.perf_counter()
            out["query_ms"].append((counted - started) * 1000)
            out["render_ms"].append((drawn - counted) * 1000)
            out["total_ms"].append((drawn - started) * 1000)
            out["png_bytes"].append(float(len(png)))
    finally:
        engine.dispose()
    return out


def run(ctx: Context) -> list[Figure]:
    n = ctx.size(ARTICLES)
    database = ctx.scratch("charts") / "charts.db"
    ctx.log(f"charts: building a store of {n:,} articles on one project")
    build_store(sqlite_url(database), n)
    runs = max(ctx.runs, 3) + 1
    results = measure(sqlite_url(database), runs)
    results = {k: v[1:] for k, v in results.items()}  # the first run loads fonts and matplotlib's caches
    details: dict[str, Any] = {"articles": n, **{k: [round(x, 1) for x in v] for k, v in results.items()}}
    ctx.details[FAMILY] = details
    total = median(results["total_ms"])
    return [Figure(
        FAMILY, f"/trend chart @ {n:,} articles on one project (query + PNG)", total, "ms",
        target=TARGET_MS if n >= ARTICLES else None, op="<" if n >= ARTICLES else "", runs=results["total_ms"],
        detail=f"query {fmt(median(results['query_ms']))} ms · drawing {fmt(median(results['render_ms']))} ms · "
               f"PNG {fmt(median(results['png_bytes']) / 1024)} kB",
        extra={"query_ms": median(results["query_ms"]), "render_ms": median(results["render_ms"]),
               "png_bytes": median(results["png_bytes"])},
    )]
