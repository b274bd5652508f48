"""Incremental ingestion of a directory into the store.

Stages of ``run_ingest``:
1. list the directory; leave temporary names and files modified in the last ``settle_seconds`` for later;
2. mark the records of vanished files ``removed`` (their articles stay; a duplicate takes ownership);
3. decide what needs parsing from size + mtime against the stored record; when only the mtime moved,
   compare the SHA-256 of the raw bytes and just record the new mtime if they are equal;
4. parse (``scan.work.parse_files``, a chunk of files at a time), in a process pool when there are many files;
5. store the results in short write transactions of up to ``BATCH_FILES`` files (``scan.store``, through
   ``storage.writes``), retried when a concurrent ingester won a unique constraint or held the lock too long; a
   batch that still fails is stored again one file per transaction, so a bad file affects only itself.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from functools import cache, partial
from multiprocessing import get_context
from multiprocessing.context import BaseContext
from pathlib import Path

from sqlalchemy import Engine

from scan.files import is_settled, is_temporary, sha256_file, text_path, walk
from scan.report import IngestReport
from scan.store import OnStored, store_batch, write
from scan.work import FileLimits, ParseResult, can_time_parses, die_with_parent, parse_files
from storage.candidates import adopt_candidates, adoptable_candidates
from storage.engine import read_session
from storage.events import backfill_events, has_unscanned_articles
from storage.models import FileStatus
from storage.writes import (
    FileSnapshot,
    FileState,
    file_states,
    mark_removed,
    touch_file,
)

logger = logging.getLogger(__name__)

# Below this many files to parse, starting worker processes (each imports the parser and its models,
# ~0.5 s) costs more than parsing serially (~25 ms a file once warm).
PARALLEL_MIN_FILES = 50
# Files a parser process takes at a time. Results come back in order, a chunk at a time: the storing process
# waits for the first chunk, and after the last one is parsed it stores that chunk alone while the cores idle;
# 64 files (~0.2 s of parsing) keep both waits short while one message per chunk stays cheap. A chunk is also
# what a parser process runs stage by stage (``scan.work.parse_files``); serial parsing takes the same chunks.
_MAX_CHUNK = 64
# Files stored per write transaction. Every commit costs a flush of the full-text index's pending terms into a
# new segment (which later segments are merged with) and WAL pages for the shared index pages; per article that
# fell from 0.25-0.30 ms at 32 files to 0.04 ms at 256 and storing from ~1.8 to ~1.4 ms per article at 10,000
# articles (store-only timing on the benchmark corpus). 256 files hold the write lock for ~0.3-0.4 s: other
# writers (a /subscribe, the outbox sender) wait that long at most, well inside the 30 s busy timeout.
BATCH_FILES = 256
# Articles whose events one back-fill transaction extracts (~0.5 ms each: a transaction of ~0.3 s).
EVENT_BACKFILL_BATCH = 500
# Smallest batch near the end of an ingest (see ``_batch_limit``): ~30 ms of storing left for one core alone.
_TAIL_BATCH = 32


@dataclass(frozen=True)
class _Plan:
    to_parse: list[str]
    touched: list[FileSnapshot]  # mtime moved, bytes equal: record the new mtime only
    unchanged: int
    skipped: int
    removed: list[str]


def run_ingest(
    *,
    engine: Engine,
    directory: Path,
    workers: int | None = None,
    progress: bool = False,
    settle_seconds: float = 2.0,
    on_stored: OnStored | None = None,
    limits: FileLimits = FileLimits(),
) -> IngestReport:
    """Bring the store up to date with the files in ``directory``; return what this pass did.

    ``on_stored(session, stored, parsed)`` runs inside the write transaction that stores the article (the bot
    queues instant alerts there, so an article and its alerts are committed together or not at all).

    ``workers``: parser processes (default: one per CPU; 1 parses in this process). ``progress``: show a
    progress bar when stdout is a terminal. ``limits``: a file's size cap and parse time budget; a file over
    either is quarantined with the reason, and so is anything that is not a regular file (FIFO, device, socket,
    symlink loop). A path that is not valid UTF-8 is stored escaped (``scan.files.text_path``).
    """
    started = time.monotonic()
    root = Path(directory).expanduser().resolve()
    if not root.is_dir():
        raise NotADirectoryError(f"not a directory: {directory}")
    report = IngestReport()
    with read_session(engine) as session:
        known = file_states(session=session, directory=str(root))
    plan = _plan(root, known, settle_seconds=settle_seconds, max_bytes=limits.max_bytes)
    report.unchanged, report.skipped_unsettled = plan.unchanged, plan.skipped

    if plan.removed:
        report.removed = write(engine, lambda s: mark_removed(session=s, paths=plan.removed))
    for snapshot in plan.touched:
        if write(engine, lambda s, snap=snapshot: touch_file(session=s, snapshot=snap)):
            report.unchanged += 1
        else:
            plan.to_parse.append(snapshot.path)

    with _progress_bar(progress, len(plan.to_parse)) as advance:
        batch: list[ParseResult] = []
        to_come = len(plan.to_parse)
        for result in _parse_all(plan.to_parse, workers, limits):
            batch.append(result)
            to_come -= 1
            if len(batch) >= _batch_limit(to_come):
                store_batch(engine, batch, report, on_stored, advance)
                batch = []
        if batch:
            store_batch(engine, batch, report, on_stored, advance)
    _backfill_events(engine)
    _adopt_candidates(engine)
    report.seconds = time.monotonic() - started
    logger.info("ingest %s: %s", root, report.summary_line())
    return report


def _backfill_events(engine: Engine) -> None:
    """Extract the events of articles stored without them (before migration 0015, or by an older extractor),
    ``EVENT_BACKFILL_BATCH`` articles a transaction, until none is left (a no-op query once done)."""
    with read_session(engine) as session:
        if not has_unscanned_articles(session=session):
            return  # a read, not a write transaction, on every scan once all are done
    done = 0
    while True:
        count = write(engine, lambda s: backfill_events(session=s, limit=EVENT_BACKFILL_BATCH))
        done += count
        if count < EVENT_BACKFILL_BATCH:
            break
    if done:
        logger.info("events extracted for %d stored articles", done)


def _adopt_candidates(engine: Engine) -> None:
    """Candidate projects whose name the catalog now knows (an alias added to projects.yaml) give their articles
    and figures to the catalog project (a read of the candidates' names on every scan; a write only then)."""
    with read_session(engine) as session:
        adoptable = adoptable_candidates(session=session)
    if adoptable:
        count = write(engine, lambda s: adopt_candidates(session=s, adoptable=adoptable))
        logger.info("catalog adopted %d candidate projects", count)


def _batch_limit(to_come: int) -> int:
    """Files to gather before a write transaction, with ``to_come`` results still to arrive.

    The last batch is stored after the last file is parsed, while the parser processes' cores idle: batches
    shrink towards the end (as large as what is still to come, at least ``_TAIL_BATCH``), so that last one is
    small, at the price of a few more commits.
    """
    return max(_TAIL_BATCH, min(BATCH_FILES, to_come))


def _plan(root: Path, known: dict[str, FileState], *, settle_seconds: float, max_bytes: int) -> _Plan:
    """What to do with each file. Paths to parse are the file system's (``str`` with surrogate escapes for bytes
    that are not UTF-8); records are keyed by ``text_path``. Only regular files are hashed here: anything else,
    or a file that cannot be stat'ed (symlink loop, permissions), goes to the parser's reader, which refuses it
    unread with the reason, unless it is already quarantined."""
    now_ns = time.time_ns()
    present: set[str] = set()
    to_parse: list[str] = []
    touched: list[FileSnapshot] = []
    unchanged = skipped = 0
    for path in walk(root):
        key = text_path(path)
        present.add(key)
        if is_temporary(path.name):
            skipped += 1
            continue
        record = known.get(key)
        try:
            st = path.stat()
        except FileNotFoundError:
            if not path.is_symlink():
                present.discard(key)
                continue
            st = None  # a dangling symlink: quarantined below as unreadable
        except OSError:
            st = None  # a symlink loop, a name too long, no permission
        if st is None or not stat.S_ISREG(st.st_mode):
            if record is not None and record.status == FileStatus.QUARANTINED:
                unchanged += 1
            else:
                to_parse.append(str(path))
            continue
        if not is_settled(st.st_mtime_ns, now_ns=now_ns, settle_seconds=settle_seconds):
            skipped += 1
            continue
        if record is None or record.status == FileStatus.REMOVED or record.size != st.st_size:
            to_parse.append(str(path))
        elif record.mtime_ns == st.st_mtime_ns:
            unchanged += 1
        elif st.st_size > max_bytes:
            to_parse.append(str(path))  # refused unread by the parser's reader; not worth hashing
        else:
            try:
                raw = sha256_file(path)
            except OSError:
                to_parse.append(str(path))  # the parse step records why it cannot be read
                continue
            if raw == record.raw_sha256:
                touched.append(FileSnapshot(key, st.st_size, st.st_mtime_ns, raw))
            else:
                to_parse.append(str(path))
    removed = [p for p, state in known.items() if p not in present and state.status != FileStatus.REMOVED]
    return _Plan(to_parse, touched, unchanged, skipped, removed)


def _parse_all(paths: list[str], workers: int | None, limits: FileLimits) -> Iterator[ParseResult]:
    """Parse results in the order of ``paths``, a chunk of files at a time (``parse_files``), in a process pool
    when there are many, and always when this thread cannot enforce the parse time budget (the bot ingests in a
    worker thread; a timer signal reaches only a main thread, as in a parser process)."""
    if not paths:
        return
    count = workers if workers is not None else (os.cpu_count() or 1)
    timed_here = limits.parse_seconds <= 0 or can_time_parses()
    if timed_here and (count <= 1 or len(paths) <= PARALLEL_MIN_FILES):
        for start in range(0, len(paths), _MAX_CHUNK):
            yield from parse_files(paths[start : start + _MAX_CHUNK], limits)
        return
    count = max(1, min(count, len(paths)))
    size = max(1, min(_MAX_CHUNK, len(paths) // (count * 8)))
    with ProcessPoolExecutor(max_workers=count, mp_context=_parser_context(), initializer=die_with_parent) as pool:
        chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
        for results in pool.map(partial(parse_files, limits=limits), chunks):
            yield from results


@cache
def _parser_context() -> BaseContext:
    """Where parser processes come from: forked from a forkserver that preloaded ``scan.warm`` (warm parsers
    that start in milliseconds; the server outlives one ingest), else spawned.

    Never forked from the caller itself: it may be the bot's multi-threaded process (forking it can deadlock),
    and open database connections must not be shared with children. The forkserver is a fresh single-threaded
    process of its own.
    """
    try:
        context = get_context("forkserver")
    except ValueError:  # platforms without it
        return get_context("spawn")
    context.set_forkserver_preload(["scan.warm"])
    return context


class _Bar:
    def __init__(self, total: int) -> None:
        from rich.progress import Progress

        self._progress = Progress(transient=True)
        self._task = self._progress.add_task("Ingesting", total=total)

    def __enter__(self) -> Callable[[], None]:
        self._progress.start()
        return lambda: self._progress.advance(self._task)

    def __exit__(self, *_exc: object) -> None:
        self._progress.stop()


def _progress_bar(enabled: bool, total: int) -> _Bar | nullcontext[Callable[[], None]]:
    if enabled and total and sys.stdout.isatty():
        return _Bar(total)
    return nullcontext(lambda: None)

