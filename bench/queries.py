"""Query latency of what the bot's five reading commands read, at 10,000 and 100,000 articles, beside the bare SQL.

Each call is the one storage call the command makes, in a fresh read session, as ``handlers.common.db`` runs
it: ``read_project_card`` / ``read_country_card`` / ``read_person_card`` (the card's head: a summary with
counts, dates, counterpart countries, people and figures, or the people matched; and the first page of 5
articles, as the bot shows) for /project, /country and /person, ``search_articles`` for /search and
``list_latest`` for /latest. The SQL statements the call sent are captured (SQLAlchemy's
``before_cursor_execute``) and replayed on a plain ``sqlite3`` connection to the same file: that is the "bare
SQL" limit, what the database itself needs, one statement after another (a search's first pages run their count
beside the page on a second connection, ``storage/search.py``: there the call can take less than its bare SQL).
Arguments are what users type: project aliases, country names or
codes in several languages, people's names (one misspelt: the fuzzy path), words to search, latest pages.

With ``--postgres URL`` the same calls are also measured at every size on a PostgreSQL copy of that store
(``bench/postgres.py``), the bare SQL replayed through ``psycopg``, under the same targets. Each backend also gets a
growth line: every kind's p95 at the largest size over the previous one (``--scale 10``: 1,000,000 over 100,000
articles), which must stay within ``GROWTH_TARGETS`` for the kinds that read a bounded part of an index.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import postgres, stores, timeline_store
from bench.context import Context, sqlite_url
from bench.report import Figure, fmt, median, percentile

FAMILY = "queries"
SIZES = (10_000, 100_000)
BASE_FILES = 10_000  # the ingested corpus the stores are made from
TARGET_P95_MS = 20.0  # at the largest size
TARGET_SEARCH_P95_MS = 30.0  # search at the largest size (issue 24: full-text ranking is allowed more)
# Growth from the previous size to the largest (p95 ratio) that these kinds must stay within: an index read
# costs about the same at any size (issue 24).
GROWTH_TARGETS = {"latest": 1.3, "project": 1.3}
CALLS = 60  # per kind and run (arguments cycle)
PAGE = 5  # ui.render.PAGE_SIZE
KINDS = ("project", "country", "person", "search", "latest", "timeline")
TIMELINE_PAGE = 10  # ui.timeline.PAGE_SIZE


@dataclass(frozen=True)
class Sample:
    ms: float
    bare_ms: float
    statements: int


def arguments(url: str) -> dict[str, list[Any]]:
    """What users would type, taken from the store's own content (most covered entities first)."""
    from ingest.catalog import load_catalog

    con = sqlite3.connect(Path(url.removeprefix("sqlite:///")))
    try:
        slugs = [s for (s,) in con.execute(
            "SELECT p.slug FROM projects p JOIN article_projects ap ON ap.project_id = p.id "
            "GROUP BY p.slug ORDER BY count(*) DESC LIMIT 4")]
        codes = [c for (c,) in con.execute(
            "SELECT country FROM article_countries GROUP BY country ORDER BY count(*) DESC LIMIT 3")]
        people = [n for (n,) in con.execute(
            "SELECT p.name FROM people p JOIN article_people ap ON ap.person_id = p.id "
            "GROUP BY p.id ORDER BY count(*) DESC LIMIT 3")]
    finally:
        con.close()
    catalog = load_catalog()
    projects = []
    for slug in slugs:
        project = catalog.get(slug)
        projects.append(project.aliases[0] if project and project.aliases else slug)
    from babel import Locale

    countries: list[str] = []
    for i, code in enumerate(codes):
        countries.append(code)
        countries.append(Locale.parse(("en", "ru", "kk")[i % 3]).territories.get(code, code))
    misspelt = [p[:-2] + p[-1] + p[-2] for p in people[:1] if len(p) > 4]  # two letters swapped: fuzzy match
    return {
        "project": projects or ["CASA-1000"],
        "country": countries or ["Tajikistan"],
        "person": people + misspelt or ["Daler Juma"],
        "search": ["energy", "электр", "Кыргызстан", "gas pipeline", "Rogun", "министр"],
        "latest": [0, 5, 50],
        "timeline": (projects or ["CASA-1000"])[:2] + (countries or ["Tajikistan"])[:2],
    }


def _call(kind: str) -> Callable[..., Any]:
    from ingest.catalog import load_catalog
    from ingest.countries import resolve_country
    from storage import cards, queries

    # The user's words become a slug or a code first, as the handler does (included in the time: it is the
    # command's cost too).
    if kind == "project":
        return lambda s, a: cards.read_project_card(session=s, slug=load_catalog().resolve(a)[0], limit=PAGE,
                                                    offset=0)
    if kind == "country":
        return lambda s, a: cards.read_country_card(session=s, code=resolve_country(a) or a, limit=PAGE, offset=0)
    if kind == "person":
        return lambda s, a: cards.read_person_card(session=s, text=a, limit=PAGE, offset=0)
    if kind == "timeline":  # /timeline: a project's, else a country's events (storage.timeline)
        from storage.timeline import list_timeline

        def timeline(s: Any, a: str) -> Any:
            slugs = load_catalog().resolve(a)
            where = {"project": slugs[0]} if len(slugs) == 1 else {"country": resolve_country(a) or a}
            return list_timeline(session=s, limit=TIMELINE_PAGE, offset=0, **where)

        return timeline
    if kind == "search":
        return lambda s, a: queries.search_articles(session=s, text=a, limit=PAGE, offset=0)
    return lambda s, a: queries.list_latest(session=s, limit=PAGE, offset=a)


class _Recorder:
    """Records the SQL an engine sends (statement and parameters) while ``active``."""

    def __init__(self) -> None:
        self.active = False
        self.statements: list[tuple[str, Any, bool]] = []

    def __call__(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
                 executemany: bool) -> None:
        if self.active:
            self.statements.append((statement, parameters, executemany))


def _bare_connection(url: str) -> Any:
    """A plain DBAPI connection to the same database: ``sqlite3``, or ``psycopg`` for PostgreSQL."""
    if url.startswith("sqlite"):
        return sqlite3.connect(Path(url.removeprefix("sqlite:///")), check_same_thread=False)
    import psycopg

    from bench.postgres import driver_url

    return psycopg.connect(driver_url(url))


def _replay(con: Any, statements: list[tuple[str, Any, bool]]) -> float:
    """Milliseconds to run ``statements`` again on ``con``, in one transaction, every row fetched."""
    started = time.perf_counter()
    cursor = con.cursor()
    try:
        for statement, parameters, many in statements:
            if statement.strip().upper() in ("BEGIN", "COMMIT", "ROLLBACK"):
                continue
            if many:
                cursor.executemany(statement, parameters)
            else:
                cursor.execute(statement, parameters)
            if cursor.description is not None:
                cursor.fetchall()
    finally:
        cursor.close()
        con.rollback()
    return (time.perf_counter() - started) * 1000


def measure(url: str, runs: int, calls: int = CALLS, *, store: str | None = None) -> dict[str, list[list[Sample]]]:
    """Per kind, per run: one Sample per call (arguments taken from the SQLite ``store``, default ``url``)."""
    from sqlalchemy import event

    from storage.engine import create_engine_for, read_session

    engine = create_engine_for(url)
    recorder = _Recorder()
    event.listen(engine, "before_cursor_execute", recorder)
    bare = _bare_connection(url)
    typed = arguments(store or url)
    results: dict[str, list[list[Sample]]] = {}
    try:
        for kind in KINDS:
            call, args = _call(kind), typed[kind]
            for arg in args:  # warm-up: catalogs, country names, the page cache
                with read_session(engine) as session:
                    call(session, arg)
            per_run: list[list[Sample]] = []
            for _ in range(runs):
                samples = []
                for i in range(calls):
                    arg = args[i % len(args)]
                    recorder.statements = []
                    recorder.active = True
                    started = time.perf_counter()
                    with read_session(engine) as session:
                        call(session, arg)
                    elapsed = (time.perf_counter() - started) * 1000
                    recorder.active = False
                    captured = list(recorder.statements)
                    samples.append(Sample(elapsed, _replay(bare, captured), len(captured)))
                per_run.append(samples)
            results[kind] = per_run
    finally:
        bare.close()
        engine.dispose()
    return results


def run(ctx: Context) -> list[Figure]:
    figures: list[Figure] = []
    by_size: dict[str, list[tuple[int, list[Figure]]]] = {}
    details: dict[str, Any] = {"arguments": {}, "statements_per_call": {}}
    base_files = ctx.size(BASE_FILES)
    for n in SIZES:
        size = ctx.size(n)
        store = stores.synthetic(ctx, size, base_files)
        timeline_store.ensure_events(ctx, store)
        copy = stores.working_copy(ctx, store, f"queries-{size}")
        url = sqlite_url(copy)
        details["arguments"] = arguments(url)
        ctx.log(f"queries: {size:,} articles")
        last = n == SIZES[-1]
        measured = _figures(f"@ {size:,} articles", measure(url, ctx.runs), details, last=last)
        by_size.setdefault("sqlite", []).append((size, measured))
        figures += measured
        if ctx.postgres:
            with postgres.copy_of(ctx, copy, ctx.postgres) as pg_url:
                ctx.log(f"queries: {size:,} articles on PostgreSQL")
                measured = _figures(f"@ {size:,} articles, PostgreSQL", measure(pg_url, ctx.runs, store=url),
                                    details, last=last, key="postgresql")
                by_size.setdefault("postgresql", []).append((size, measured))
                figures += measured
    for backend, sized in by_size.items():
        figures += _growth(backend, sized)
    ctx.details[FAMILY] = details
    return figures


def _growth(backend: str, sized: list[tuple[int, list[Figure]]]) -> list[Figure]:
    """Each kind's p95 at the largest size over its p95 at the previous one."""
    if len(sized) < 2:
        return []
    (small, before), (large, after) = sized[-2], sized[-1]
    out = []
    for old, new in zip(before, after, strict=True):
        kind = new.name.split()[1]
        target = GROWTH_TARGETS.get(kind)
        out.append(Figure(
            FAMILY, f"query {kind} growth {small:,} -> {large:,} articles ({backend}), p95 ratio",
            new.value / old.value if old.value else float("nan"), "x", target=target,
            op="<=" if target is not None else "",
            detail=f"{fmt(old.value)} -> {fmt(new.value)} ms",
        ))
    return out


def _figures(where: str, results: dict[str, list[list[Sample]]], details: dict[str, Any], *,
             last: bool, key: str = "sqlite") -> list[Figure]:
    figures = []
    for kind in KINDS:
        target = (TARGET_SEARCH_P95_MS if kind == "search" else TARGET_P95_MS) if last else None
        per_run = results[kind]
        p = {q: median([percentile([s.ms for s in run], q) for run in per_run]) for q in (50, 95, 99)}
        bare = {q: median([percentile([s.bare_ms for s in run], q) for run in per_run]) for q in (50, 95, 99)}
        statements = median([s.statements for run in per_run for s in run])
        details["statements_per_call"].setdefault(key, {})[kind] = statements
        figures.append(Figure(
            FAMILY, f"query {kind} {where}, p95", p[95], "ms", bare[95], "ms bare SQL",
            target=target, op="<" if target is not None else "",
            runs=[percentile([s.ms for s in run], 95) for run in per_run],
            detail=f"p50 {fmt(p[50])} · p99 {fmt(p[99])} ms (bare p50 {fmt(bare[50])})",
            extra={"p50": p[50], "p99": p[99], "bare_p50": bare[50], "bare_p99": bare[99],
                   "statements_per_call": statements},
        ))
    return figures
