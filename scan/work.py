"""The unit of work that may run in a worker process: read a chunk of files, parse them, sign their bodies
(MinHash signature, band hashes and stored form: CPU work the storing process then does not do).

``parse_files`` is a top-level function taking and returning picklable values, so it runs the same in the
main process (few files) and in a ``ProcessPoolExecutor`` (many files). Nothing here imports SQLAlchemy: a
parser process starts in ~0.1 s instead of ~0.7 s.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from functools import cache
from types import FrameType

from ingest.model import IngestError, ParsedArticle
from ingest.pipeline import MAX_BYTES, parse_bytes, parse_many_normalized
from ingest.reader import read_file
from scan.files import text_path
from storage import neardup
from storage.snapshots import FileSnapshot

logger = logging.getLogger(__name__)

# A file's parse may take this much CPU time in a parser process before it is quarantined as "took too long" (a
# seed article parses in 2-25 ms, a 5 MB file of text in ~3 s; a pathological one must not stall the pass).
PARSE_SECONDS = 10.0
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


@dataclass(frozen=True)
class FileLimits:
    """What one file may cost: its size (larger files are refused before they are read) and its parse time
    (enforced with a timer signal where the parse runs in a process's main thread; see ``parse_files``)."""

    max_bytes: int = MAX_BYTES
    parse_seconds: float = PARSE_SECONDS


@dataclass(frozen=True)
class ParseResult:
    snapshot: FileSnapshot
    article: ParsedArticle | None = None
    fingerprint: neardup.Fingerprint | None = None
    error: str | None = None  # why the file is quarantined
    unsettled: bool = False  # the file changed while it was read: leave it for the next pass
    vanished: bool = False  # the file disappeared before it could be read


# Every lazily built table of the parser is built by parsing this (headline, dateline, both scripts, a project,
# a person with a role, a ministry, figures, money): see ``scan.warm``.
_WARM_UP_TEXT = """Kambarata HPP-1: Tajikistan and Kyrgyzstan sign a CASA-1000 deal

DUSHANBE, 5 May 2023. Minister of Energy and Water Resources Daler Juma said the 1,300 MW plant costs $1.2 billion.

Министерство энергетики Казахстана сообщило, что Тоқаев и Мирзиёев обсудили 500 кВ ЛЭП. Қазақстанда 2 ГВт.
"""


def warm_up() -> None:
    """Build the parser's models and tables now (never raises: a failure shows again at the first real file)."""
    try:
        from ingest.language import preload

        preload()
        parse_bytes(_WARM_UP_TEXT.encode("utf-8"), file="warm-up.txt")
        neardup.fingerprint(_WARM_UP_TEXT)
    except Exception:  # the first real file reports it as that file's error
        logger.warning("parser warm-up failed", exc_info=True)


@cache
def _warmed() -> None:
    warm_up()


def parse_file(path: str, limits: FileLimits = FileLimits()) -> ParseResult:
    """Read and parse the file at ``path``; never raises for a bad file (the result says what happened)."""
    return parse_files([path], limits)[0]


def die_with_parent() -> None:
    """Have the kernel kill this process when its parent dies (Linux ``PR_SET_PDEATHSIG``; elsewhere nothing).

    Run first in a parser process and in the forkserver they are forked from: after a ``kill -9`` of an ingest
    they used to live on, blocked on their input pipe (~390 MB for 25+ minutes). The signal follows the death
    of the parent's thread that started this process: the runner's parser processes come from the forkserver's
    only thread, and the forkserver from the thread that first ingested in parallel.
    """
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc prctl: the process only outlives an abrupt end of its parent
        logger.warning("cannot ask to die with the parent process", exc_info=True)
        return
    if os.getppid() != parent:  # the parent died before the request: nothing will send the signal
        os._exit(1)


def can_time_parses() -> bool:
    """Whether the parse time budget can be enforced here: a timer signal reaches only the main thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class _Budget:
    """Each ``guard()`` block may use ``seconds`` of CPU time; then an ``IngestError`` "took too long" is raised
    inside it (the regex engine checks for signals, so a runaway pattern is interrupted too). CPU time, not wall
    time: a busy machine does not quarantine a file that parses in time on an idle one. A signal that arrives
    after its block ended is ignored."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.armed = False

    def _expired(self, _signum: int, _frame: FrameType | None) -> None:
        if self.armed:
            self.armed = False
            raise IngestError(f"took too long to parse (over {self.seconds:g} s)")

    @contextmanager
    def installed(self) -> Iterator[None]:
        previous = signal.signal(signal.SIGPROF, self._expired)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, previous)

    @contextmanager
    def guard(self) -> Iterator[None]:
        self.armed = True
        started = time.process_time()
        signal.setitimer(signal.ITIMER_PROF, self.seconds)
        try:
            yield
        finally:
            self.armed = False
            signal.setitimer(signal.ITIMER_PROF, 0)
        # The timer interrupts a runaway parse; should its signal not arrive in time (it reaches the main thread
        # between bytecodes only, and a host process may hold it back), a parse that finished over its budget is
        # refused all the same, so the outcome does not depend on when the signal came.
        if time.process_time() - started > self.seconds:
            raise IngestError(f"took too long to parse (over {self.seconds:g} s)")


def parse_files(paths: Sequence[str], limits: FileLimits = FileLimits()) -> list[ParseResult]:
    """``parse_file`` of each of ``paths``, in order (one message to and from a parser process for a chunk).

    The stages run across the chunk: read every file, parse them all (``parse_many_normalized``, which detects
    their languages together), then sign every body. Each stage's code and tables stay in the CPU caches from
    one file to the next (signing apart: another ~4 % less time on the bench corpus).

    Each file is read only if it is a regular file of at most ``limits.max_bytes`` (``ingest.reader.read_file``),
    and each one's parse runs under ``limits.parse_seconds`` when this is a process's main thread (a parser
    process, or the CLI parsing serially; the runner sends the parses of any other thread to parser processes).
    Paths are recorded as ``scan.files.text_path`` gives them (a name that is not UTF-8 is stored escaped).
    """
    reads = [_read(path, limits.max_bytes) for path in paths]
    readable = [read for read in reads if not isinstance(read, ParseResult)]
    to_parse = [(data, os.path.basename(snapshot.path)) for snapshot, data in readable]
    budget = _Budget(limits.parse_seconds) if limits.parse_seconds > 0 and can_time_parses() else None
    if budget:
        _warmed()  # the models and tables are built once, outside any one file's budget
    installed: AbstractContextManager[object] = budget.installed() if budget else nullcontext()
    with installed:
        parsed = iter(parse_many_normalized(to_parse, guard=budget.guard if budget else nullcontext))
    return [read if isinstance(read, ParseResult) else _signed(read[0], next(parsed)) for read in reads]


def _read(path: str, max_bytes: int) -> ParseResult | tuple[FileSnapshot, bytes]:
    """The file's snapshot and bytes, or the result that says why there are none to parse."""
    key = text_path(path)
    try:
        data, before = read_file(path, max_bytes)
        after = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return ParseResult(FileSnapshot(key, 0, 0, ""), error="cannot read file: a dangling symbolic link")
        return ParseResult(FileSnapshot(key, 0, 0, ""), vanished=True)
    except OSError as exc:
        return ParseResult(FileSnapshot(key, 0, 0, ""), error=f"cannot read file: {exc.strerror or exc}")
    except IngestError as exc:
        # Refused unread (not a regular file, too large): its size and time let the next pass leave it alone.
        return ParseResult(_stat_snapshot(key, path), error=exc.reason)
    snapshot = FileSnapshot(key, len(data), before.st_mtime_ns, hashlib.sha256(data).hexdigest())
    changed = (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns)
    if changed or len(data) != after.st_size:
        return ParseResult(snapshot, unsettled=True)
    return snapshot, data


def _stat_snapshot(key: str, path: str) -> FileSnapshot:
    try:
        st = os.stat(path)
    except OSError:
        return FileSnapshot(key, 0, 0, "")
    return FileSnapshot(key, st.st_size, st.st_mtime_ns, "")


def _signed(snapshot: FileSnapshot, outcome: tuple[ParsedArticle, str] | Exception) -> ParseResult:
    if isinstance(outcome, IngestError):
        return ParseResult(snapshot, error=outcome.reason)
    if not isinstance(outcome, Exception):
        article, normalized_body = outcome
        try:
            fingerprint = neardup.fingerprint(normalized_body, normalized=True)
            return ParseResult(snapshot, article=article, fingerprint=fingerprint)
        except Exception as exc:  # a bug in signing is reported as a parser bug, below
            outcome = exc
    # A parser bug must not stop the other files; the reason names it.
    logger.error("parser crashed on %s", snapshot.path, exc_info=outcome)
    return ParseResult(snapshot, error=f"parser error: {type(outcome).__name__}: {outcome}")
