"""Write paths used by scanning: articles with their links, and the near-duplicate lookup.

Every function works inside the caller's transaction (one file per transaction, see ``write_session``) and
never commits. Concurrent writers are resolved by unique constraints: a losing insert raises
``IntegrityError``, the caller rolls back and runs the whole file again, and then finds the winner's rows.
File records and article ownership live in ``storage.source_files`` (re-exported here).
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import and_, delete, func, or_, text
from sqlmodel import Session, col, select

from ingest.catalog import load_catalog
from ingest.model import ParsedArticle
from ingest.normalize import normalize
from storage import neardup
from storage.base import utcnow
from storage.models import (
    Article,
    ArticleBand,
    ArticleCountry,
    ArticleOrganisation,
    ArticlePerson,
    ArticleProject,
    FigureRecord,
    FileStatus,
    Organisation,
    PersonRecord,
    Project,
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
    "file_states",
    "find_near_duplicate",
    "get_file",
    "mark_removed",
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


def store_article(
    *,
    session: Session,
    parsed: ParsedArticle,
    source_path: str | Path,
    snapshot: FileSnapshot | None = None,
    signature: tuple[int, ...] | None = None,
) -> StoreResult:
    """Store what was parsed from the file at ``source_path``: new article, update in place, or duplicate.

    ``snapshot`` is what the scanner saw of the file before parsing it (taken from the file now when not
    given); ``signature`` the MinHash of ``parsed.body`` (computed here when not given). Links (countries,
    projects, people, organisations, figures) are replaced when an article changes.
    """
    if snapshot is None:
        snapshot = snapshot_of(source_path)
    elif Path(snapshot.path) != Path(source_path):
        raise ValueError(f"snapshot of {snapshot.path} given for {source_path}")
    record = get_file(session=session, path=snapshot.path)
    if is_current(record, snapshot):
        return touch_record(session, record, snapshot)
    sig = signature if signature is not None else neardup.signature(parsed.body)

    existing = session.exec(select(Article).where(Article.sha256 == parsed.sha256)).first()
    if existing is not None:
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
    article = Article(sha256=parsed.sha256, file="", title="", language="", body="")
    near = _fill_article(session, article, parsed, snapshot, sig, new=True)
    save_file(session, record, snapshot, FileStatus.OK, article_id=article.id)
    if near is None:
        return StoreResult(Outcome.NEW, article.id, new_story=True, story_id=article.story_id)
    return StoreResult(Outcome.NEAR_DUPLICATE, article.id, new_story=False, story_id=article.story_id)


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
    session: Session,
    article: Article,
    parsed: ParsedArticle,
    snapshot: FileSnapshot,
    sig: tuple[int, ...],
    *,
    new: bool = False,
) -> NearDuplicate | None:
    """Copy ``parsed`` into ``article`` and replace its links; for a new article, find its story."""
    now = utcnow()
    article.sha256, article.file = parsed.sha256, os.path.basename(snapshot.path)
    article.title, article.date, article.source = parsed.title, parsed.date, parsed.source
    article.language, article.body = parsed.language, parsed.body
    article.signature, article.updated_at = neardup.encode(sig), now
    if new:
        article.ingested_at = now
    session.add(article)
    session.flush()
    assert article.id is not None
    near = None
    if new:
        near = find_near_duplicate(session=session, signature=sig, exclude_id=article.id)
        article.story_id = near.story_id if near else article.id
        session.add(article)
    else:
        _clear_links(session, article.id)
    _add_links(session, article.id, parsed, sig)
    return near


def _clear_links(session: Session, article_id: int) -> None:
    tables = (ArticleCountry, ArticleProject, ArticlePerson, ArticleOrganisation, FigureRecord, ArticleBand)
    for table in tables:
        session.execute(delete(table).where(col(table.article_id) == article_id))


def _add_links(session: Session, article_id: int, parsed: ParsedArticle, sig: tuple[int, ...]) -> None:
    for position, code in enumerate(dict.fromkeys(c.upper() for c in parsed.countries if len(c) == 2)):
        session.add(ArticleCountry(article_id=article_id, country=code, position=position))
    for slug in dict.fromkeys(parsed.projects):
        session.add(ArticleProject(article_id=article_id, project_id=_project_id(session, slug)))
    seen_people: set[int] = set()
    for person in parsed.people:
        person_id = _person_id(session, person.key, person.name)
        if person_id in seen_people:
            continue
        seen_people.add(person_id)
        session.add(
            ArticlePerson(
                article_id=article_id, person_id=person_id, name=person.name, role=person.role,
                country=person.country,
            )
        )
    seen_orgs: set[int] = set()
    for name in parsed.organizations:
        org_id = _organisation_id(session, name)
        if org_id is not None and org_id not in seen_orgs:
            seen_orgs.add(org_id)
            session.add(ArticleOrganisation(article_id=article_id, organisation_id=org_id))
    for figure in parsed.figures:
        session.add(
            FigureRecord(article_id=article_id, value=figure.value, unit=figure.unit, text=figure.text)
        )
    for band, value in enumerate(neardup.band_hashes(sig)):
        session.add(ArticleBand(article_id=article_id, band=band, value=value))
    session.flush()


def _project_id(session: Session, slug: str) -> int:
    project = session.exec(select(Project).where(Project.slug == slug)).first()
    if project is None:
        known = load_catalog().get(slug)
        project = Project(
            slug=slug,
            kind=known.kind if known else None,
            names=dict(known.names) if known else {},
            countries=list(known.countries) if known else [],
        )
        session.add(project)
        session.flush()
    assert project.id is not None
    return project.id


def _person_id(session: Session, key: str, name: str) -> int:
    person = session.exec(select(PersonRecord).where(PersonRecord.key == key)).first()
    if person is None:
        person = PersonRecord(key=key, name=name, spellings=[name])
        session.add(person)
        session.flush()
    elif name not in person.spellings:
        person.spellings = [*person.spellings, name]  # a new list: JSON columns track assignment only
        session.add(person)
    assert person.id is not None
    return person.id


def _organisation_id(session: Session, name: str) -> int | None:
    key = normalize(name)
    if not key:
        return None
    org = session.exec(select(Organisation).where(Organisation.key == key)).first()
    if org is None:
        org = Organisation(key=key, name=name.strip())
        session.add(org)
        session.flush()
    return org.id


# --- near duplicates -------------------------------------------------------------------------------------


def find_near_duplicate(
    *, session: Session, signature: tuple[int, ...], exclude_id: int | None = None
) -> NearDuplicate | None:
    """Return the stored article most similar to ``signature`` if it reaches the near-duplicate threshold."""
    bands = neardup.band_hashes(signature)
    if not bands:
        return None
    matches = or_(*(and_(ArticleBand.band == i, ArticleBand.value == v) for i, v in enumerate(bands)))
    shared = func.count()
    query = (
        select(ArticleBand.article_id)
        .where(matches)
        .group_by(col(ArticleBand.article_id))
        .order_by(shared.desc(), col(ArticleBand.article_id))
        .limit(_MAX_CANDIDATES)
    )
    if exclude_id is not None:
        query = query.where(ArticleBand.article_id != exclude_id)
    candidate_ids = list(session.exec(query))
    if not candidate_ids:
        return None
    best: NearDuplicate | None = None
    rows = session.exec(
        select(Article.id, Article.signature, Article.story_id).where(col(Article.id).in_(candidate_ids))
    )
    for article_id, encoded, story_id in rows:
        score = neardup.similarity(signature, neardup.decode(encoded))
        if score < neardup.NEAR_DUPLICATE_THRESHOLD:
            continue
        if best is None or (score, -article_id) > (best.similarity, -best.article_id):
            best = NearDuplicate(article_id=article_id, story_id=story_id or article_id, similarity=score)
    return best
