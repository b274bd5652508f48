"""Source-file records: what the scanner saw of each file, its status, and which file owns which article.

A file *owns* its article when its record has status ``ok``; files with the same cleaned body are
``duplicate`` records pointing at the owner. When an owner goes away (removed, quarantined, changed) its first
duplicate becomes the owner; an article whose files are all gone is kept. Functions work inside the caller's
transaction and never commit.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from storage.base import utcnow
from storage.driver import Driver, insert_statement
from storage.models import Article, FileStatus, SourceFile
from storage.snapshots import FileSnapshot

T = TypeVar("T")


class Outcome(StrEnum):
    NEW = "new"  # a new article that starts a new story
    NEAR_DUPLICATE = "near_duplicate"  # a new article that joins an existing story
    UPDATED = "updated"  # the file's article was changed in place (or re-attached to this file)
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"  # same cleaned body as another file's article
    QUARANTINED = "quarantined"


@dataclass(frozen=True)
class FileState:
    path: str
    size: int
    mtime_ns: int
    raw_sha256: str
    status: str


@dataclass(frozen=True)
class StoreResult:
    outcome: Outcome
    article_id: int | None
    new_story: bool = False
    story_id: int | None = None


def snapshot_of(path: str | Path) -> FileSnapshot:
    """Return the snapshot (absolute path, size, mtime, raw SHA-256) of the file at ``path`` now."""
    resolved = Path(path).expanduser().resolve()
    data = resolved.read_bytes()
    return FileSnapshot(str(resolved), len(data), resolved.stat().st_mtime_ns, hashlib.sha256(data).hexdigest())


# Values bound in one IN (...) query: well under every backend's limit of bound parameters (SQLite: 32,766).
_IN_CHUNK = 500
# Statements of the ingest hot path, built once.
_FILE_BY_PATH = select(SourceFile).where(SourceFile.path == bindparam("path"))
_INSERT_FILE = insert_statement(
    SourceFile.__table__,  # type: ignore[attr-defined]
    ["path", "size", "mtime_ns", "raw_sha256", "status", "reason", "article_id", "duplicate_of", "seen_at"],
)


_PREFETCHED = "storage.source_files.prefetched"


def get_file(*, session: Session, path: str) -> SourceFile | None:
    prefetched = session.info.get(_PREFETCHED)
    if prefetched is not None and path in prefetched:
        return prefetched[path]
    return session.exec(_FILE_BY_PATH, params={"path": path}).first()


def prefetch_files(*, session: Session, paths: list[str]) -> None:
    """Load the records of ``paths`` with one query, for the ``get_file`` calls of this transaction (a batch of
    ingested files: one query instead of one per file). A path whose record is inserted later is looked up
    again."""
    prefetched: dict[str, SourceFile | None] = session.info.setdefault(_PREFETCHED, {})
    for chunk in chunked([p for p in dict.fromkeys(paths) if p not in prefetched]):
        found = {r.path: r for r in session.exec(select(SourceFile).where(col(SourceFile.path).in_(chunk)))}
        prefetched.update({p: found.get(p) for p in chunk})


def chunked(items: Sequence[T]) -> Iterator[list[T]]:
    """``items`` in slices small enough for one ``IN (...)`` query each."""
    for start in range(0, len(items), _IN_CHUNK):
        yield list(items[start : start + _IN_CHUNK])


def file_states(*, session: Session, directory: str) -> dict[str, FileState]:
    """Return the records of every file under ``directory`` (an absolute path), by path."""
    prefix = directory.rstrip(os.sep) + os.sep
    rows = session.exec(select(SourceFile).where(col(SourceFile.path).startswith(prefix, autoescape=True)))
    return {r.path: FileState(r.path, r.size, r.mtime_ns, r.raw_sha256, r.status) for r in rows}


def touch_file(*, session: Session, snapshot: FileSnapshot) -> bool:
    """Record new size/mtime for a file whose raw bytes did not change; False if the record disagrees."""
    record = get_file(session=session, path=snapshot.path)
    if record is None or record.raw_sha256 != snapshot.raw_sha256 or record.status == FileStatus.REMOVED:
        return False
    record.size, record.mtime_ns, record.seen_at = snapshot.size, snapshot.mtime_ns, utcnow()
    session.add(record)
    return True


def mark_removed(*, session: Session, paths: list[str]) -> int:
    """Mark the records of vanished files ``removed`` (their articles stay); return how many changed."""
    changed = 0
    for path in paths:
        record = get_file(session=session, path=path)
        if record is None or record.status == FileStatus.REMOVED:
            continue
        release(session, record)
        record.status, record.seen_at = FileStatus.REMOVED, utcnow()
        session.add(record)
        changed += 1
    return changed


def quarantine_file(*, session: Session, snapshot: FileSnapshot, reason: str) -> StoreResult:
    """Record that a file cannot be read; it stays where it is and is retried only when it changes."""
    record = get_file(session=session, path=snapshot.path)
    if is_current(record, snapshot):
        return touch_record(session, record, snapshot)
    if record is not None:
        release(session, record)
    save_file(session, record, snapshot, FileStatus.QUARANTINED, reason=reason,
               article_id=record.article_id if record else None)
    return StoreResult(Outcome.QUARANTINED, None)


def is_current(record: SourceFile | None, snapshot: FileSnapshot) -> bool:
    # Another process stored these very bytes since the scanner looked.
    return (
        record is not None
        and record.raw_sha256 == snapshot.raw_sha256
        and record.status != FileStatus.REMOVED
    )


def touch_record(session: Session, record: SourceFile, snapshot: FileSnapshot) -> StoreResult:
    record.size, record.mtime_ns, record.seen_at = snapshot.size, snapshot.mtime_ns, utcnow()
    session.add(record)
    return StoreResult(Outcome.UNCHANGED, record.article_id)


def save_file(
    session: Session,
    record: SourceFile | None,
    snapshot: FileSnapshot,
    status: FileStatus,
    *,
    article_id: int | None,
    duplicate_of: int | None = None,
    reason: str | None = None,
) -> None:
    """Record what was stored from the file: update its record, or insert one (a Core INSERT: ingesting many
    new files, building and flushing a SQLModel object per file cost more than the INSERT itself)."""
    if record is None:
        session.info.get(_PREFETCHED, {}).pop(snapshot.path, None)
        Driver(session).rows(
            _INSERT_FILE,
            {
                "path": snapshot.path, "size": snapshot.size, "mtime_ns": snapshot.mtime_ns,
                "raw_sha256": snapshot.raw_sha256, "status": status, "reason": reason, "article_id": article_id,
                "duplicate_of": duplicate_of, "seen_at": utcnow(),
            },
        )
        return
    record.size, record.mtime_ns, record.raw_sha256 = snapshot.size, snapshot.mtime_ns, snapshot.raw_sha256
    record.status, record.reason = status, reason
    record.article_id, record.duplicate_of, record.seen_at = article_id, duplicate_of, utcnow()
    session.add(record)
    session.flush()


def owner_of(session: Session, article_id: int) -> SourceFile | None:
    return session.exec(
        select(SourceFile)
        .where(SourceFile.article_id == article_id, SourceFile.status == FileStatus.OK)
        .order_by(col(SourceFile.id))
    ).first()


def release(session: Session, record: SourceFile) -> None:
    """Hand the article a file owns to its first duplicate (if any) before the file stops owning it."""
    if record.status != FileStatus.OK or record.article_id is None:
        return
    duplicates = session.exec(
        select(SourceFile)
        .where(
            SourceFile.article_id == record.article_id,
            SourceFile.status == FileStatus.DUPLICATE,
            SourceFile.id != record.id,
        )
        .order_by(col(SourceFile.id))
    ).all()
    if not duplicates:
        return
    heir, rest = duplicates[0], duplicates[1:]
    heir.status, heir.duplicate_of = FileStatus.OK, None
    session.add(heir)
    for other in rest:
        other.duplicate_of = heir.id
        session.add(other)
    article = session.get(Article, record.article_id)
    if article is not None:
        article.file = os.path.basename(heir.path)
        session.add(article)
