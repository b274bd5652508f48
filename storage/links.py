"""Link rows of a stored article (countries, projects, people, organisations, figures, candidate projects, MinHash
bands) and the ids of the entities they point to, created on first mention.

Works inside the caller's write transaction (``storage.writes.store_article``); rows are written with one
``executemany`` per table through ``storage.driver`` (no ORM objects: ingest stores ~60 rows an article), and
entity ids are cached for the transaction in ``session.info``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import bindparam, delete, insert, update
from sqlmodel import Session, col, select

from ingest.catalog import load_catalog
from ingest.model import ParsedArticle
from ingest.normalize import normalize
from ingest.people import catalog_name
from ingest.projects import describe_candidate
from storage.driver import Driver, insert_statement
from storage.events import clear_article_events, store_article_events
from storage.models import (
    ArticleBand,
    ArticleCandidate,
    ArticleCountry,
    ArticleOrganisation,
    ArticlePerson,
    ArticleProject,
    CandidateProject,
    FigureRecord,
    Organisation,
    PersonRecord,
    Project,
)
from storage.source_files import chunked

__all__ = ["add_links", "clear_links", "deferred_links", "prefetch_entities", "project_id"]

_PEOPLE = PersonRecord.__table__  # type: ignore[attr-defined]
_PERSON_BY_KEY = select(_PEOPLE.c.id, _PEOPLE.c.spellings).where(_PEOPLE.c.key == bindparam("key"))
_INSERT_PERSON = insert(_PEOPLE)
_SET_SPELLINGS = update(_PEOPLE).where(_PEOPLE.c.id == bindparam("person")).values(spellings=bindparam("spellings"))
_LINK_COLUMNS: dict[type, list[str]] = {
    ArticleCountry: ["article_id", "country", "position"],
    ArticleProject: ["article_id", "project_id"],
    ArticlePerson: ["article_id", "person_id", "name", "role", "country", "role_kind", "portfolio"],
    ArticleOrganisation: ["article_id", "organisation_id"],
    FigureRecord: ["article_id", "value", "unit", "text", "project", "candidate"],
    ArticleCandidate: ["article_id", "candidate_id", "name"],
    ArticleBand: ["article_id", "band", "value"],
}
_LINK_INSERTS = {
    table: insert_statement(table.__table__, columns)  # type: ignore[attr-defined]
    for table, columns in _LINK_COLUMNS.items()
}


_LINK_TABLES = (ArticleCountry, ArticleProject, ArticlePerson, ArticleOrganisation, FigureRecord, ArticleCandidate,
                ArticleBand)
# Band rows are never deferred (``deferred_links``): the near-duplicate lookup of the next article in the same
# transaction reads them.
_PENDING = "storage.links.pending_links"


@contextmanager
def deferred_links(session: Session) -> Iterator[None]:
    """Collect the link rows of the articles stored inside the block and write them at its end, one
    ``executemany`` per table for all of them (ingest stores up to ``scan.runner.BATCH_FILES`` files per
    transaction: one statement per table and article was a third of the storing time). Nothing between the
    store and the end of the block may read the deferred rows (countries, projects, people, organisations,
    figures of these articles)."""
    pending: dict[int, dict[type, list[dict[str, object]]]] = {}
    session.info[_PENDING] = pending
    try:
        yield
        _write_links(session, [rows for article in pending.values() for rows in article.items()])
    finally:
        session.info.pop(_PENDING, None)


def _write_links(session: Session, groups: Iterable[tuple[type, list[dict[str, object]]]]) -> None:
    by_table: dict[type, list[dict[str, object]]] = {}
    for table, rows in groups:
        by_table.setdefault(table, []).extend(rows)
    driver = Driver(session)
    for table in _LINK_TABLES:  # a fixed order: figure ids follow the articles' order
        driver.many(_LINK_INSERTS[table], by_table.get(table, []))


def clear_links(session: Session, article_id: int) -> None:
    pending = session.info.get(_PENDING)
    if pending is not None:
        pending.pop(article_id, None)
    for table in _LINK_TABLES:
        session.execute(delete(table).where(col(table.article_id) == article_id))
    clear_article_events(session=session, article_id=article_id)


def add_links(session: Session, article_id: int, parsed: ParsedArticle, bands: list[int]) -> None:
    # Link rows are written with one executemany per table (no ORM objects: ingest stores ~60 rows an article),
    # at the end of a ``deferred_links`` block when there is one.
    countries = [
        {"article_id": article_id, "country": code, "position": position}
        for position, code in enumerate(dict.fromkeys(c.upper() for c in parsed.countries if len(c) == 2))
    ]
    projects = [
        {"article_id": article_id, "project_id": project_id(session, slug)} for slug in dict.fromkeys(parsed.projects)
    ]
    people: list[dict[str, object]] = []
    seen_people: set[int] = set()
    for person in parsed.people:
        person_id = _person_id(session, person.key, person.name)
        if person_id in seen_people:
            continue
        seen_people.add(person_id)
        people.append(
            {"article_id": article_id, "person_id": person_id, "name": person.name, "role": person.role,
             "country": person.country, "role_kind": person.role_kind, "portfolio": person.portfolio}
        )
    organisations: list[dict[str, object]] = []
    seen_orgs: set[int] = set()
    for name in parsed.organizations:
        org_id = _organisation_id(session, name)
        if org_id is not None and org_id not in seen_orgs:
            seen_orgs.add(org_id)
            organisations.append({"article_id": article_id, "organisation_id": org_id})
    figures = [
        {"article_id": article_id, "value": figure.value, "unit": figure.unit, "text": figure.text,
         "project": figure.project, "candidate": figure.candidate}
        for figure in parsed.figures
    ]
    candidates: list[dict[str, object]] = []
    seen_candidates: set[int] = set()
    for name in parsed.project_candidates:
        candidate_id = _candidate_id(session, name)
        if candidate_id not in seen_candidates:
            seen_candidates.add(candidate_id)
            candidates.append({"article_id": article_id, "candidate_id": candidate_id, "name": name})
    band_rows = [{"article_id": article_id, "band": band, "value": value} for band, value in enumerate(bands)]
    Driver(session).many(_LINK_INSERTS[ArticleBand], band_rows)
    links = [(ArticleCountry, countries), (ArticleProject, projects), (ArticlePerson, people),
             (ArticleOrganisation, organisations), (FigureRecord, figures), (ArticleCandidate, candidates)]
    pending = session.info.get(_PENDING)
    if pending is None:
        _write_links(session, links)
    else:
        article = pending.setdefault(article_id, {})
        for table, rows in links:
            article.setdefault(table, []).extend(rows)
    # Not deferred: an event folds into the events of the articles stored before it in the same transaction.
    store_article_events(session=session, article_id=article_id, events=parsed.events)


def _cache(session: Session, name: str) -> dict:
    """A lookup cache that lives as long as the session, i.e. one write transaction (rows only get added)."""
    return session.info.setdefault(f"storage.links.{name}", {})


def prefetch_entities(*, session: Session, articles: Iterable[ParsedArticle]) -> None:
    """Load, with one query per kind, the ids of the projects, people and organisations ``articles`` mention,
    for the ``store_article`` calls of this transaction (one query per mention and batch cost ~0.3 ms an
    article)."""
    projects: dict[str, int] = _cache(session, "project_ids")
    if not projects:
        projects.update((slug, pid) for slug, pid in session.execute(select(Project.slug, Project.id)))
    people: dict[str, tuple[int, list[str]]] = _cache(session, "people")
    organisations: dict[str, int] = _cache(session, "organisation_ids")
    person_keys: set[str] = set()
    org_keys: set[str] = set()
    for parsed in articles:
        person_keys.update(p.key for p in parsed.people if p.key not in people)
        org_keys.update(k for k in map(normalize, parsed.organizations) if k and k not in organisations)
    for chunk in chunked(sorted(person_keys)):
        for key, pid, spellings in session.execute(
            select(_PEOPLE.c.key, _PEOPLE.c.id, _PEOPLE.c.spellings).where(_PEOPLE.c.key.in_(chunk))
        ):
            people[key] = (pid, list(spellings or []))
    for chunk in chunked(sorted(org_keys)):
        query = select(Organisation.key, Organisation.id).where(col(Organisation.key).in_(chunk))
        organisations.update((key, oid) for key, oid in session.execute(query))


def project_id(session: Session, slug: str) -> int:
    """The id of the project ``slug``, its row created from the catalog on first use (cached for the transaction)."""
    cache = _cache(session, "project_ids")
    if slug in cache:
        return cache[slug]
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
    cache[slug] = project.id
    return project.id


def _person_id(session: Session, key: str, name: str) -> int:
    """The id of the person with ``key``, created or given the new spelling ``name`` as needed (Core
    statements: an ORM object per mention cost half a millisecond)."""
    cache: dict[str, tuple[int, list[str]]] = _cache(session, "people")
    known = cache.get(key)
    if known is None:
        row = session.execute(_PERSON_BY_KEY, {"key": key}).first()
        if row is None:  # a catalogued person is shown by the catalog's name, anyone else by the first spelling
            display = catalog_name(key) or name
            result = session.execute(_INSERT_PERSON, {"key": key, "name": display, "spellings": [name]})
            known = (int(result.inserted_primary_key[0]), [name])
        else:
            known = (row.id, list(row.spellings or []))
        cache[key] = known
    person_id, spellings = known
    if name not in spellings:
        spellings.append(name)
        session.execute(_SET_SPELLINGS, {"person": person_id, "spellings": list(spellings)})
    return person_id


def _candidate_id(session: Session, name: str) -> int:
    """The id of the candidate project ``name`` stands for (by its key), created with this name and kind on
    first mention."""
    candidate = describe_candidate(name)
    cache = _cache(session, "candidate_ids")
    if candidate.key in cache:
        return cache[candidate.key]
    row = session.exec(select(CandidateProject.id).where(CandidateProject.key == candidate.key)).first()
    if row is None:
        record = CandidateProject(key=candidate.key, name=candidate.name, kind=candidate.kind)
        session.add(record)
        session.flush()
        row = record.id
    assert row is not None
    cache[candidate.key] = row
    return row


def _organisation_id(session: Session, name: str) -> int | None:
    key = normalize(name)
    if not key:
        return None
    cache = _cache(session, "organisation_ids")
    if key in cache:
        return cache[key]
    org = session.exec(select(Organisation).where(Organisation.key == key)).first()
    if org is None:
        org = Organisation(key=key, name=name.strip())
        session.add(org)
        session.flush()
    cache[key] = org.id
    return org.id
