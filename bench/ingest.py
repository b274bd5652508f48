"""Ingestion: throughput on a cold database beside the raw-insert limit, re-scan, language detection, profile.

* ``ingest N files``: ``scan.run_ingest`` (default workers: one parser process per core) on the N-file corpus
  into a fresh, migrated SQLite file (migration not timed). Parser processes are forked from a forkserver that
  warms the parser up once per benchmark process (``scan.warm``), as in the bot, which ingests every few
  seconds: the first run of the benchmark process pays that warm-up (~1 s) and its rate is shown apart.
  Beside it, the limit measured in the same run:
  reading the same files and inserting their raw text into a table of the same kind of database, in one
  transaction, with no parsing. CPU time of this process (storing) and of the parser processes is recorded,
  and the hypervisor's steal over the run: the share of the cores' time the VM wanted and did not get (up to
  a third of it seen here in slow stretches, when the same code ingests ~30 % slower; CPU time read from
  ``/proc`` then counts some of the stolen time too, so CPU per article rises with it).
* ``re-scan``: ``run_ingest`` again on the largest corpus, every file unchanged.
* ``language detection``: ``ingest.language.detect_language`` alone (as configured: fastText, letter rules,
  langdetect as voter) on the stored article bodies, one process; its share of the ingest CPU per article.
* ``stages``: where the time goes, in one process (``workers=1``) on the smaller corpus: each stage of
  ``ingest.pipeline.parse_bytes`` timed through the names the pipeline calls, the MinHash signature, reading
  the file, and storing (``scan.store`` batches, as ``scan.runner`` calls them), in ms per article.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from bench import stores
from bench.context import Context, remove_database, sqlite_url
from bench.corpus import SEEDS, Corpus, build
from bench.report import Figure, fmt, median, steal_seconds, steal_share

FAMILY = "ingest"
SIZES = (1_000, 10_000)
TARGET_RATE = 500.0  # articles/s on this 2-core machine
RESCAN_TARGET_S = 1.0


def _cpu() -> tuple[float, float]:
    """(this process, every process below it): user + system CPU seconds.

    Parser processes are forked from the forkserver, a child of this process that reaps them: their CPU shows in
    that child's ``cutime``/``cstime`` (``/proc``), not in this process's ``RUSAGE_CHILDREN``.
    """
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    below = children.ru_utime + children.ru_stime
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():  # fields after the command: state, ppid, ..., utime at index 11
            below += sum(int(v) for v in fields[11:15]) / tick
    return me.ru_utime + me.ru_stime, below


def _fresh_engine(path: Path) -> Any:
    from storage.engine import create_engine_for
    from storage.migrate import upgrade

    remove_database(path)
    engine = create_engine_for(sqlite_url(path))
    upgrade(engine)
    return engine


def ingest_once(corpus: Corpus, database: Path) -> dict[str, Any]:
    """One cold ingest of the corpus; rate, CPU split and the report's counts."""
    from scan import run_ingest

    engine = _fresh_engine(database)
    try:
        cpu0, steal0 = _cpu(), steal_seconds()
        started = time.perf_counter()
        report = run_ingest(engine=engine, directory=corpus.directory, settle_seconds=0.0)
        seconds = time.perf_counter() - started
        steal = steal_share(steal0, steal_seconds(), seconds)
        time.sleep(0.2)  # the forkserver reaps the exited parsers (their CPU joins its cutime) asynchronously
        cpu1 = _cpu()
    finally:
        engine.dispose()
    files = corpus.files
    return {
        "rate": files / seconds,
        "seconds": seconds,
        "cpu_main_ms": (cpu1[0] - cpu0[0]) / files * 1000,
        "cpu_parsers_ms": (cpu1[1] - cpu0[1]) / files * 1000,
        "steal": steal,
        "report": {k: v for k, v in report.to_json().items() if isinstance(v, int)},
    }


def _steal_text(shares: list[float | None]) -> str:
    """"; steal X% of core time" (a range for several runs), or nothing where the kernel reports no steal."""
    known = [share for share in shares if share is not None]
    if not known:
        return ""
    low, high = f"{min(known):.0%}", f"{max(known):.0%}"
    return f"; hypervisor steal {low if low == high else f'{low}-{high}'} of core time"


def raw_limit(corpus: Corpus, database: Path) -> float:
    """Files/s: read every file and insert its raw text into the same kind of database, one transaction."""
    from scan.files import walk

    engine = _fresh_engine(database)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE bench_raw (path TEXT PRIMARY KEY, body TEXT NOT NULL)")
        started = time.perf_counter()
        rows = [(str(p), p.read_bytes().decode("utf-8", errors="replace")) for p in walk(corpus.directory)]
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO bench_raw (path, body) VALUES (?, ?)", rows)
        seconds = time.perf_counter() - started
    finally:
        engine.dispose()
    return len(rows) / seconds


def rescan(corpus: Corpus, database: Path, runs: int) -> list[float]:
    from scan import run_ingest
    from storage.engine import create_engine_for

    engine = create_engine_for(sqlite_url(database))
    try:
        out = []
        for _ in range(runs):
            started = time.perf_counter()
            report = run_ingest(engine=engine, directory=corpus.directory, settle_seconds=0.0)
            out.append(time.perf_counter() - started)
            assert report.unchanged == corpus.files, report.summary_line()
        return out
    finally:
        engine.dispose()


def language_rate(database: Path, runs: int) -> tuple[float, int]:
    """Bodies/s of ``detect_language`` alone on the stored bodies (median of ``runs``), and how many."""
    import sqlite3

    from ingest.language import detect_language, preload

    con = sqlite3.connect(database)
    try:
        bodies = [b for (b,) in con.execute("SELECT body FROM articles ORDER BY id")]
    finally:
        con.close()
    preload()
    rates = []
    for _ in range(runs):
        started = time.perf_counter()
        for body in bodies:
            detect_language(body)
        rates.append(len(bodies) / (time.perf_counter() - started))
    return median(rates), len(bodies)


class _Timer:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def wrap(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started

        return timed


@contextmanager
def _instrumented(timer: _Timer) -> Iterator[None]:
    """Time the pipeline's stages through the names ``ingest.pipeline`` and ``scan`` call them by."""
    import ingest.catalog
    import ingest.clean
    import ingest.pipeline as pipeline
    import ingest.source
    import scan.runner
    import scan.work
    import storage.neardup

    targets: list[tuple[Any, str, str]] = [
        (pipeline, "read_text", "decode"),
        (ingest.clean, "clean", "clean"),
        (ingest.clean, "paragraphs", "clean"),
        (pipeline, "find_dateline", "dates and title"),
        (ingest.source, "is_headline", "dates and title"),
        (ingest.source, "split_title_suffix", "dates and title"),
        (ingest.source, "lead_title", "dates and title"),
        (ingest.source, "find_source", "dates and title"),
        (pipeline, "detect_language", "language"),
        (pipeline, "find_countries", "countries"),
        (ingest.catalog.Catalog, "scan", "projects (catalog, normalize)"),
        (pipeline, "normalize", "projects (catalog, normalize)"),
        (pipeline, "find_candidates", "projects (catalog, normalize)"),
        (pipeline, "find_people", "people"),
        (pipeline, "find_organizations", "organisations, figures"),
        (pipeline, "attach_figures", "organisations, figures"),
        (pipeline, "find_events", "events"),
        (storage.neardup, "fingerprint", "MinHash signature"),
        (scan.work, "parse_many_normalized", "parse (total)"),
        (scan.runner, "parse_files", "read + parse + sign (total)"),
        (scan.runner, "store_batch", "store (SQLite, batches)"),
    ]
    with ExitStack() as stack:
        for owner, name, stage in targets:
            stack.enter_context(mock.patch.object(owner, name, timer.wrap(stage, getattr(owner, name))))
        yield


def stages(corpus: Corpus, database: Path, warm_up: list[Path]) -> dict[str, float]:
    """Milliseconds per article of each stage, in one warm process (``warm_up`` files parsed first, untimed:
    the language models, catalogs and CLDR names are loaded once per process)."""
    from scan import run_ingest
    from scan.work import parse_file

    for path in warm_up:
        parse_file(str(path))
    timer = _Timer()
    engine = _fresh_engine(database)
    try:
        with _instrumented(timer):
            started = time.perf_counter()
            run_ingest(engine=engine, directory=corpus.directory, workers=1, settle_seconds=0.0)
            total = time.perf_counter() - started
    finally:
        engine.dispose()
    ms = {stage: s / corpus.files * 1000 for stage, s in timer.seconds.items()}
    parse_parts = [k for k in ms if k not in ("parse (total)", "read + parse + sign (total)",
                                              "store (SQLite, batches)", "MinHash signature")]
    ms["parse: rest of the pipeline"] = ms.get("parse (total)", 0.0) - sum(ms[k] for k in parse_parts)
    ms["read file, SHA-256, result"] = (ms.get("read + parse + sign (total)", 0.0) - ms.get("parse (total)", 0.0)
                                        - ms.get("MinHash signature", 0.0))
    ms["scan: listing, planning"] = total / corpus.files * 1000 - ms.get("read + parse + sign (total)", 0.0) - ms.get(
        "store (SQLite, batches)", 0.0)
    ms["total (one process)"] = total / corpus.files * 1000
    return ms


def run(ctx: Context) -> list[Figure]:
    figures: list[Figure] = []
    details: dict[str, Any] = {}
    sizes = [ctx.size(n) for n in SIZES]
    largest: dict[str, Any] = {}
    for n in sizes:
        corpus = build(n, cache_dir=ctx.cache)
        ctx.log(f"ingest: {n:,} files ({corpus.mean_bytes:,.0f} bytes on average)")
        work = ctx.scratch(f"ingest-{n}")
        limits, runs = [], []
        for i in range(ctx.runs):
            limits.append(raw_limit(corpus, work / f"raw-{i}.sqlite"))
            runs.append(ingest_once(corpus, work / "ingest.sqlite"))
            ctx.log(f"  run {i + 1}: {runs[-1]['rate']:.0f} articles/s (raw limit {limits[-1]:,.0f} files/s"
                    f"{_steal_text([runs[-1]['steal']])})")
        rate, limit = median([r["rate"] for r in runs]), median(limits)
        cpu_main = median([r["cpu_main_ms"] for r in runs])
        cpu_parsers = median([r["cpu_parsers_ms"] for r in runs])
        report = runs[-1]["report"]
        figures.append(Figure(
            FAMILY, f"ingest {n:,} files, cold database", rate, "articles/s", limit, "files/s raw insert",
            target=TARGET_RATE, op=">=", runs=[r["rate"] for r in runs],
            detail=f"CPU/article: parsers {fmt(cpu_parsers)} ms + storing {fmt(cpu_main)} ms; "
                   f"{report['new']} new, {report['near_duplicate']} near-dup., {report['duplicate']} dup.; "
                   f"first run {fmt(runs[0]['rate'])}/s"
                   + _steal_text([r["steal"] for r in runs]),
            extra={"raw_limit_runs": limits, "cpu_parsers_ms": cpu_parsers, "cpu_main_ms": cpu_main,
                   "steal_runs": [r["steal"] for r in runs],
                   "report": report, "mean_file_bytes": corpus.mean_bytes},
        ))
        largest = {"corpus": corpus, "database": work / "ingest.sqlite", "cpu_ms": cpu_main + cpu_parsers,
                   "rate": rate}
    corpus, database = largest["corpus"], largest["database"]
    stores.save_ingested(ctx, corpus.files, database)

    ctx.log(f"re-scan of {corpus.files:,} unchanged files")
    seconds = rescan(corpus, database, ctx.runs)
    figures.append(Figure(FAMILY, f"re-scan {corpus.files:,} unchanged files", median(seconds), "s",
                          target=RESCAN_TARGET_S, op="<", runs=seconds))

    ctx.log("language detection alone")
    lang_rate, bodies = language_rate(database, ctx.runs)
    figures.append(Figure(
        FAMILY, "language detection alone, per article", 1000 / lang_rate, "ms", largest["cpu_ms"],
        "ms ingest CPU/article", detail=f"{fmt(lang_rate)} articles/s in one process ({bodies:,} bodies); "
                                        "ratio = its share of ingest",
        extra={"articles_per_s": lang_rate, "bodies": bodies},
    ))

    profile_corpus = build(sizes[0], cache_dir=ctx.cache)
    ctx.log(f"where the time goes: {profile_corpus.files:,} files in one process")
    from scan.files import walk

    warm_up = sorted(SEEDS.glob("*.txt")) + sorted(walk(corpus.directory))[-20:]  # not in the profiled corpus
    details["stages_ms_per_article"] = stages(profile_corpus, ctx.scratch("ingest-profile") / "profile.sqlite",
                                              warm_up)
    ctx.details[FAMILY] = details
    return figures


def stage_table(ms: dict[str, float]) -> str:
    """The stage profile as a small Markdown table (printed after the main table)."""
    total = ms.get("total (one process)", 0.0) or 1.0
    order = ["decode", "clean", "dates and title", "language", "countries", "projects (catalog, normalize)", "people",
             "organisations, figures", "events", "parse: rest of the pipeline", "MinHash signature",
             "read file, SHA-256, result", "store (SQLite, batches)", "scan: listing, planning",
             "total (one process)"]
    lines = ["| stage (one process) | ms/article | share |", "|---|---:|---:|"]
    for stage in order:
        if stage in ms:
            lines.append(f"| {stage} | {ms[stage]:.2f} | {ms[stage] / total:.0%} |")
    return "\n".join(lines)
