"""What an ingest pass did (``IngestReport``) and what is waiting in quarantine."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import col, select

from storage.engine import read_session
from storage.models import FileStatus, SourceFile


@dataclass(frozen=True)
class NewArticle:
    """An article stored for the first time by this pass (for alerts)."""

    article_id: int
    path: str
    story_id: int | None
    new_story: bool  # False: it joined the story of a near-duplicate already stored


@dataclass
class IngestReport:
    """Counts of one pass. Every settled file lands in exactly one of new, updated, unchanged, duplicate,
    near_duplicate or quarantined (counted for this pass: a file quarantined earlier and not changed since is
    ``unchanged``); ``removed`` counts records of vanished files; ``skipped_unsettled`` the files left for the
    next pass (still being written, or temporary names)."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0
    near_duplicate: int = 0
    quarantined: int = 0
    removed: int = 0
    skipped_unsettled: int = 0
    seconds: float = 0.0
    new_articles: list[NewArticle] = field(default_factory=list)
    quarantined_files: list[tuple[str, str]] = field(default_factory=list)  # (path, reason) of this pass

    def summary_line(self) -> str:
        parts = [
            f"{self.new} new",
            f"{self.updated} updated",
            f"{self.unchanged} unchanged",
            f"{self.duplicate} duplicate",
            f"{self.near_duplicate} near-duplicate",
            f"{self.quarantined} quarantined",
            f"{self.removed} removed",
        ]
        if self.skipped_unsettled:
            parts.append(f"{self.skipped_unsettled} skipped")
        parts.append(f"{self.seconds:.2f} s")
        return ", ".join(parts)

    def to_json(self) -> dict:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicate": self.duplicate,
            "near_duplicate": self.near_duplicate,
            "quarantined": self.quarantined,
            "removed": self.removed,
            "skipped_unsettled": self.skipped_unsettled,
            "seconds": round(self.seconds, 3),
            "new_articles": [
                {"id": a.article_id, "path": a.path, "story": a.story_id, "new_story": a.new_story}
                for a in self.new_articles
            ],
            "quarantined_files": [{"path": p, "reason": r} for p, r in self.quarantined_files],
        }


def list_quarantined(engine: Engine) -> list[tuple[str, str | None, datetime]]:
    """Return ``(path, reason, seen_at)`` of every quarantined file, by path."""
    with read_session(engine) as session:
        rows = session.exec(
            select(SourceFile.path, SourceFile.reason, SourceFile.seen_at)
            .where(SourceFile.status == FileStatus.QUARANTINED)
            .order_by(col(SourceFile.path))
        ).all()
    return [(path, reason, seen_at) for path, reason, seen_at in rows]
