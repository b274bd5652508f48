"""Storing parse results: short write transactions of up to ``scan.runner.BATCH_FILES`` files, retried when a
concurrent ingester won a unique constraint or held the lock too long; a batch that still fails is stored again one
file per transaction, so a bad file affects only itself. Each result is counted in the pass's report."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from ingest.model import ParsedArticle
from scan.report import IngestReport, NewArticle
from scan.work import ParseResult
from storage.engine import write_session
from storage.writes import (
    Outcome,
    StoreResult,
    deferred_links,
    prefetch_entities,
    prefetch_files,
    quarantine_file,
    store_article,
)

logger = logging.getLogger(__name__)

# Attempts of one transaction: a retry follows a lost unique-constraint race (the next attempt sees the
# winner's rows) or a lock held past the busy timeout; more than a few means something else is wrong.
MAX_ATTEMPTS = 5
_RETRY_PAUSE_S = 0.05  # times the attempt number: a lost race is settled at once, a busy lock gets room

T = TypeVar("T")
OnStored = Callable[[Session, StoreResult, ParsedArticle], None]


def store_batch(
    engine: Engine,
    results: list[ParseResult],
    report: IngestReport,
    on_stored: OnStored | None,
    advance: Callable[[], None],
) -> None:
    """Store several parse results in one write transaction; one by one if that keeps failing."""
    writes = [r for r in results if _needs_write(r)]

    def action(session: Session) -> list[StoreResult]:
        prefetch_files(session=session, paths=[r.snapshot.path for r in writes])
        prefetch_entities(session=session, articles=[r.article for r in writes if r.article is not None])
        with deferred_links(session):
            return [_store_in(session, r, on_stored) for r in writes]

    try:
        stored = write(engine, action) if writes else []
    except Exception as exc:  # replayed file by file below, where a bad file raises again
        logger.warning("batch of %d files failed (%s: %s); storing them one by one", len(writes),
                       type(exc).__name__, exc)
        for result in results:
            store_one(engine, result, report, on_stored)
            advance()
        return
    outcomes = iter(stored)
    for result in results:
        _record(report, result, next(outcomes) if _needs_write(result) else None)
        advance()


def store_one(engine: Engine, result: ParseResult, report: IngestReport, on_stored: OnStored | None = None) -> None:
    """Store one parse result in its own write transaction."""
    stored = write(engine, lambda s: _store_in(s, result, on_stored)) if _needs_write(result) else None
    _record(report, result, stored)


def _needs_write(result: ParseResult) -> bool:
    # Vanished: the next pass marks it removed. Unsettled: the next pass reads it again.
    return not result.vanished and not result.unsettled


def _store_in(session: Session, result: ParseResult, on_stored: OnStored | None) -> StoreResult:
    if result.error is not None or result.article is None:
        return quarantine_file(session=session, snapshot=result.snapshot, reason=result.error or "no article")
    outcome = store_article(
        session=session, parsed=result.article, source_path=result.snapshot.path, snapshot=result.snapshot,
        fingerprint=result.fingerprint,
    )
    if on_stored is not None:
        on_stored(session, outcome, result.article)
    return outcome


def _record(report: IngestReport, result: ParseResult, stored: StoreResult | None) -> None:
    if result.vanished:
        return
    if result.unsettled:
        report.skipped_unsettled += 1
        return
    if result.error is not None or result.article is None:
        report.quarantined += 1
        report.quarantined_files.append((result.snapshot.path, result.error or "no article"))
        return
    assert stored is not None
    _count(report, stored, result.snapshot.path)


def _count(report: IngestReport, stored: StoreResult, path: str) -> None:
    outcome = stored.outcome
    if outcome in (Outcome.NEW, Outcome.NEAR_DUPLICATE) and stored.article_id is not None:
        report.new_articles.append(NewArticle(stored.article_id, path, stored.story_id, stored.new_story))
    attribute = {
        Outcome.NEW: "new",
        Outcome.NEAR_DUPLICATE: "near_duplicate",
        Outcome.UPDATED: "updated",
        Outcome.UNCHANGED: "unchanged",
        Outcome.DUPLICATE: "duplicate",
        Outcome.QUARANTINED: "quarantined",
    }[outcome]
    setattr(report, attribute, getattr(report, attribute) + 1)


def write(engine: Engine, action: Callable[[Session], T]) -> T:
    """Run ``action`` in its own write transaction, retrying lost races and lock time-outs."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            with write_session(engine) as session:
                return action(session)
        except IntegrityError:
            if attempt == MAX_ATTEMPTS:
                raise
            logger.debug("unique constraint race, retrying (attempt %d)", attempt)
        except OperationalError as exc:
            if attempt == MAX_ATTEMPTS or not _is_contention(exc):
                raise
            logger.warning("database busy, retrying (attempt %d): %s", attempt, exc.orig)
        time.sleep(_RETRY_PAUSE_S * attempt)
    raise AssertionError("unreachable")


def _is_contention(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "locked" in text or "busy" in text or "deadlock" in text or "could not serialize" in text
