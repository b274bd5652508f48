"""Write paths used by scanning: articles (their link rows: ``storage.links``) and the near-duplicate lookup.

Every function works inside the caller's transaction (one or a few files per transaction, see ``scan.runner``
and ``write_session``) and never commits. Concurrent writers are resolved by unique constraints: a losing
insert raises ``IntegrityError``, the caller rolls back and runs the whole transaction again, and then finds
the winner's rows. File records and article ownership live in ``storage.source_files`` (re-exported here).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session, select

from ingest.model import ParsedArticle
from storage import neardup
from storage.base import utcnow
from storage.driver import Driver, Statement, insert_statement
from storage.links import add_links, clear_links, deferred_links, prefetch_entities
from storage.models import (
    Article,
    FileStatus,
    SourceFile,
)
from storage.rows import NearDuplicate
from storage.source_files import (
    FileSnapshot,
    FileState,
    Outcome,
    StoreResult,
    file_states,
    get_file,
    is_current,
    mark_removed,
    owner_of,
    prefetch_files,
    quarantine_file,
    release,
    save_file,
    snapshot_of,
    touch_file,
    touch_record,
)

__all__ = [
    "FileSnapshot",
    "FileState",
    "Outcome",
    "StoreResult",
    "deferred_links",
    "file_states",
    "find_near_duplicate",
    "get_file",
    "mark_removed",
    "prefetch_entities",
    "prefetch_files",
    "quarantine_file",
    "snapshot_of",
    "store_article",
    "touch_file",
]

# Candidates (those sharing most bands first) checked against the full signature: a real story has a handful
# of versions, so more than this means a degenerate body (boilerplate only), not worth reading further.
_MAX_CANDIDATES = 200
# Arbitrary constant shared by every process that stores articles on PostgreSQL ("EBST").
_PG_STORY_LOCK = 0x45_42_53_54
# Statements of the ingest hot path, built once (building a statement per call cost as much as running it).
_ARTICLES = Article.__table__  # type: ignore[attr-defined]
_INSERT_ARTICLE = insert_statement(
    _ARTICLES,
    ["sha256", "file", "title", "date", "source", "url", "language", "body", "signature", "story_id", "ingested_at",
     "updated_at"],
    returning="id",
)
_SET_STORY = Statement("UPDATE articles SET story_id = :story WHERE id = :article")
_ARTICLE_ID_BY_SHA = Statement("SELECT id FROM articles WHERE sha256 = :sha256")


def store_article(
    *,
    session: Session,
    parsed: ParsedArticle,
    source_path: str | Path,
    snapshot: FileSnapshot | None = None,
    fingerprint: neardup.Fingerprint | None = None,
) -> StoreResult:
    """Store what was parsed from the file at ``source_path``: new article, update in place, or duplicate.

    ``snapshot`` is what the scanner saw of the file before parsing it (taken from the file now when not
    given); ``fingerprint`` the MinHash of ``parsed.body`` (computed here when not given). Links (countries,
    projects, people, organisations, figures) are replaced when an article changes.
    """
    if snapshot is None:
        snapshot = snapshot_of(source_path)
    elif snapshot.path != source_path and Path(snapshot.path) != Path(source_path):
        raise ValueError(f"snapshot of {snapshot.path} given for {source_path}")
    record = get_file(session=session, path=snapshot.path)
    if is_current(record, snapshot):
        return touch_record(session, record, snapshot)
    sig = fingerprint if fingerprint is not None else neardup.fingerprint(parsed.body)

    existing_id = Driver(session).scalar(_ARTICLE_ID_BY_SHA, {"sha256": parsed.sha256})
    if existing_id is not None:
        existing = session.get(Article, existing_id)
        assert existing is not None
        return _attach_to_existing(session, record, snapshot, existing)

    if record is not None and record.status == FileStatus.OK and record.article_id is not None:
        article = session.get(Article, record.article_id)
        if article is not None and not _has_duplicates(session, article.id, record.id):
            _fill_article(session, article, parsed, snapshot, sig)
            save_file(session, record, snapshot, FileStatus.OK, article_id=article.id)
            return StoreResult(Outcome.UPDATED, article.id)
    if record is not None:
        release(session, record)

    _serialise_story_assignment(session)
    article_id, story_id, near = _insert_article(session, parsed, snapshot, sig)
    save_file(session, record, snapshot, FileStatus.OK, article_id=article_id)
    if near is None:
        return StoreResult(Outcome.NEW, article_id, new_story=True, story_id=story_id)
    return StoreResult(Outcome.NEAR_DUPLICATE, article_id, new_story=False, story_id=story_id)


def _serialise_story_assignment(session: Session) -> None:
    """Make concurrent ingesters decide stories one at a time.

    Two transactions storing two near-duplicates at once would each miss the other's uncommitted article and
    start two stories. SQLite's BEGIN IMMEDIATE already serialises writers; PostgreSQL takes a
    transaction-scoped advisory lock, released at commit, after which the next lookup sees the new article.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_STORY_LOCK})


def _attach_to_existing(
    session: Session, record: SourceFile | None, snapshot: FileSnapshot, article: Article
) -> StoreResult:
    assert article.id is not None
    owner = owner_of(session, article.id)
    if owner is not None and owner.path == snapshot.path:
        # The raw bytes changed but not the cleaned body (e.g. boilerplate only).
        save_file(session, record, snapshot, FileStatus.OK, article_id=article.id)
        return StoreResult(Outcome.UNCHANGED, article.id)
    if record is not None and record.article_id != article.id:
        release(session, record)
    if owner is None:
        # Nobody owns the article any more (its file was removed or broke): this file takes it over.
        article.file, article.updated_at = os.path.basename(snapshot.path), utcnow()
        session.add(article)
        save_file(session, record, snapshot, FileStatus.OK, article_id=article.id)
        return StoreResult(Outcome.UPDATED, article.id)
    save_file(session, record, snapshot, FileStatus.DUPLICATE, article_id=article.id, duplicate_of=owner.id)
    return StoreResult(Outcome.DUPLICATE, article.id)


def _has_duplicates(session: Session, article_id: int, owner_id: int | None) -> bool:
    return (
        session.exec(
            select(SourceFile.id).where(
                SourceFile.article_id == article_id,
                SourceFile.status == FileStatus.DUPLICATE,
                SourceFile.id != owner_id,
            )
        ).first()
        is not None
    )


def _fill_article(
    session: Session, article: Article, parsed: ParsedArticle, snapshot: FileSnapshot, sig: neardup.Fingerprint
) -> None:
    """Copy ``parsed`` into the stored ``article`` and replace its links."""
    article.sha256, article.file = parsed.sha256, os.path.basename(snapshot.path)
    article.title, article.date, article.source = parsed.title, parsed.date, parsed.source
    article.url = parsed.url
    article.language, article.body = parsed.language, parsed.body
    article.signature, article.updated_at = sig.encoded, utcnow()
    session.add(article)
    session.flush()
    assert article.id is not None
    clear_links(session, article.id)
    add_links(session, article.id, parsed, sig.bands)


def _insert_article(
    session: Session, parsed: ParsedArticle, snapshot: FileSnapshot, sig: neardup.Fingerprint
) -> tuple[int, int, NearDuplicate | None]:
    """Insert a new article with its links; return its id, its story and the near-duplicate that chose it.

    Core statements, not an ORM object: building and flushing a SQLModel object cost more than the INSERT.
    The story is looked up before the INSERT, which is what excluding the new article's id used to achieve.
    """
    bands = sig.bands
    near = _near_duplicate(session, sig.values, bands, exclude_id=None)
    now = utcnow()
    driver = Driver(session)
    article_id = driver.scalar(
        _INSERT_ARTICLE,
        {
            "sha256": parsed.sha256, "file": os.path.basename(snapshot.path), "title": parsed.title,
            "date": parsed.date, "source": parsed.source, "url": parsed.url, "language": parsed.language,
            "body": parsed.body,
            "signature": sig.encoded, "story_id": near.story_id if near else None, "ingested_at": now,
            "updated_at": now,
        },
    )
    story_id = near.story_id if near else article_id
    if near is None:
        driver.rows(_SET_STORY, {"article": article_id, "story": article_id})
    add_links(session, article_id, parsed, bands)
    return article_id, story_id, near




# --- near duplicates -------------------------------------------------------------------------------------


def find_near_duplicate(
    *, session: Session, signature: tuple[int, ...], exclude_id: int | None = None
) -> NearDuplicate | None:
    """Return the stored article most similar to ``signature`` if it reaches the near-duplicate threshold."""
    return _near_duplicate(session, signature, neardup.band_hashes(signature), exclude_id=exclude_id)


def _near_duplicate(
    session: Session, signature: tuple[int, ...], bands: list[int], *, exclude_id: int | None
) -> NearDuplicate | None:
    if not bands:
        return None
    params: dict[str, int] = {f"v{i}": v for i, v in enumerate(bands)}
    params["limit"] = _MAX_CANDIDATES
    if exclude_id is not None:
        params["exclude"] = exclude_id
    best: NearDuplicate | None = None
    candidates = Driver(session).rows(_candidates_query(len(bands), exclude_id is not None), params)
    scores = neardup.similarities(signature, [encoded for _, encoded, _ in candidates])
    for (article_id, _, story_id), score in zip(candidates, scores, strict=True):
        if score < neardup.NEAR_DUPLICATE_THRESHOLD:
            continue
        if best is None or (score, -article_id) > (best.similarity, -best.article_id):
            best = NearDuplicate(article_id=article_id, story_id=story_id or article_id, similarity=score)
    return best


@cache
def _candidates_query(bands: int, exclude: bool) -> Statement:
    """(id, signature, story) of the articles sharing at least one of ``bands`` band hashes, the ``:limit``
    sharing most (one statement; SQL text built once: composing the condition as an expression cost more than
    running it). A band hash includes its band (``neardup.band_hashes``), so its value alone identifies it."""
    values = ", ".join(f":v{i}" for i in range(bands))
    where = f"value IN ({values})" + (" AND article_id != :exclude" if exclude else "")
    return Statement(
        "SELECT a.id, a.signature, a.story_id FROM articles AS a JOIN ("
        f"SELECT article_id FROM article_bands WHERE {where} "
        "GROUP BY article_id ORDER BY count(*) DESC, article_id LIMIT :limit) AS c ON a.id = c.article_id"
    )
