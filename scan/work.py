"""The unit of work that may run in a worker process: read a chunk of files, parse them, sign their bodies
(MinHash signature, band hashes and stored form: CPU work the storing process then does not do).

``parse_files`` is a top-level function taking and returning picklable values, so it runs the same in the
main process (few files) and in a ``ProcessPoolExecutor`` (many files). Nothing here imports SQLAlchemy: a
parser process starts in ~0.1 s instead of ~0.7 s.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.model import IngestError, ParsedArticle
from ingest.pipeline import parse_bytes, parse_many_normalized
from storage import neardup
from storage.snapshots import FileSnapshot

logger = logging.getLogger(__name__)


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


def parse_file(path: str) -> ParseResult:
    """Read and parse the file at ``path``; never raises for a bad file (the result says what happened)."""
    return parse_files([path])[0]


def parse_files(paths: Sequence[str]) -> list[ParseResult]:
    """``parse_file`` of each of ``paths``, in order (one message to and from a parser process for a chunk).

    The stages run across the chunk: read every file, parse them all (``parse_many_normalized``, which detects
    their languages together), then sign every body. Each stage's code and tables stay in the CPU caches from
    one file to the next (signing apart: another ~4 % less time on the bench corpus).
    """
    reads = [_read(path) for path in paths]
    readable = [read for read in reads if not isinstance(read, ParseResult)]
    to_parse = [(data, os.path.basename(snapshot.path)) for snapshot, data in readable]
    parsed = iter(parse_many_normalized(to_parse))
    return [read if isinstance(read, ParseResult) else _signed(read[0], next(parsed)) for read in reads]


def _read(path: str) -> ParseResult | tuple[FileSnapshot, bytes]:
    """The file's snapshot and bytes, or the result that says why there are none to parse."""
    try:
        before = os.stat(path)
        with open(path, "rb") as fh:
            data = fh.read()
        after = os.stat(path)
    except FileNotFoundError:
        return ParseResult(FileSnapshot(path, 0, 0, ""), vanished=True)
    except OSError as exc:
        return ParseResult(FileSnapshot(path, 0, 0, ""), error=f"cannot read file: {exc.strerror or exc}")
    snapshot = FileSnapshot(path, len(data), before.st_mtime_ns, hashlib.sha256(data).hexdigest())
    changed = (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns)
    if changed or len(data) != after.st_size:
        return ParseResult(snapshot, unsettled=True)
    return snapshot, data


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
