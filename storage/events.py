"""Events (``ingest.events``) stored once with all their sources: tables, the write path and the backfill.

One reported event is one ``events`` row however many articles report it: an article's event folds into a stored
one of the same type, sharing a subject (a project; without projects, the countries), dated within
``FOLD_DAYS`` (``_folds``). ``event_sources`` links it to every article that reports it, with the sentence;
``event_subjects`` indexes it by project (``p:casa-1000``) and country (``c:TJ``) in date order, which is all the
timeline reads (``storage.timeline``). ``event_scans`` records which articles had their events extracted and by
which extractor version, so that ``backfill_events`` fills the tables for articles stored before them (migration
0015) or after the extractor changed, from the stored title and body.

The write path (``store_article_events``, ``clear_article_events``) runs inside the ingest transaction, for each
article as it is stored (events fold into events of earlier articles of the same batch), through the DBAPI
driver like the other hot ingest statements.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from datetime import date as date_type
from functools import cache
from typing import Any

from sqlalchemy import Column, DateTime, Index, Text
from sqlmodel import Field, Session, SQLModel

from ingest.events import find_events
from ingest.model import Event, Person
from storage.base import utcnow
from storage.driver import Driver, Statement, insert_statement

# Reports of one event by several outlets carry dates this many days apart at most (the day of a signing, the
# next day's wrap-up, a weekly roundup's lead): measured on nothing yet but the seeds; a guess kept small.
FOLD_DAYS = 3
# Stored in ``event_subjects.date`` for an event without a date: sorts after every real date in a newest-first
# timeline on both backends (PostgreSQL puts NULLs first in DESC order, SQLite last).
UNDATED = date(1, 1, 1)
# Bump when ``ingest.events`` changes what it extracts: ``backfill_events`` extracts again for older scans.
EXTRACTOR_VERSION = 3  # 2: one article's events of a type fold more; 3: broader trigger lists
# Candidate stored events read per new event (the most recent first): a project has a handful of events of one
# type within a week.
_MAX_CANDIDATES = 20


class EventRecord(SQLModel, table=True):
    __tablename__ = "events"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # ingest.events.EVENT_TYPES
    date: date_type | None = None  # the event's own date when stated, else its first article's
    date_stated: bool = False
    projects: str = Field(default="[]", sa_type=Text)  # JSON: catalog slugs (all its sources')
    countries: str = Field(default="[]", sa_type=Text)  # JSON: ISO codes
    organizations: str = Field(default="[]", sa_type=Text)  # JSON: names, the lender or contractor first
    amounts: str = Field(default="[]", sa_type=Text)  # JSON: [value, unit]
    people: str = Field(default="[]", sa_type=Text)  # JSON: [name, key, role, country]
    sentence: str = Field(default="", sa_type=Text)  # of its first source
    source_count: int = 1
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime())


class EventSubject(SQLModel, table=True):
    """The event under each of its projects (``p:slug``) and countries (``c:TJ``), with its date and type."""

    __tablename__ = "event_subjects"
    __table_args__ = (
        Index("ix_event_subjects_timeline", "subject", "date", "event_id"),
        Index("ix_event_subjects_fold", "subject", "kind", "date"),
    )

    event_id: int = Field(foreign_key="events.id", ondelete="CASCADE", primary_key=True)
    subject: str = Field(max_length=80, primary_key=True)
    kind: str = Field(max_length=16)
    date: date_type  # UNDATED for an event without a date


class EventSource(SQLModel, table=True):
    __tablename__ = "event_sources"

    event_id: int = Field(foreign_key="events.id", ondelete="CASCADE", primary_key=True)
    article_id: int = Field(foreign_key="articles.id", ondelete="CASCADE", primary_key=True, index=True)
    position: int = 0  # the event's place among its article's events: 0 is what the article leads with
    sentence: str = Field(default="", sa_type=Text)


class EventScan(SQLModel, table=True):
    __tablename__ = "event_scans"

    article_id: int = Field(foreign_key="articles.id", ondelete="CASCADE", primary_key=True)
    version: int = EXTRACTOR_VERSION


def project_subject(slug: str) -> str:
    return f"p:{slug}"


def country_subject(code: str) -> str:
    return f"c:{code.upper()}"


def _subjects(projects: Sequence[str], countries: Sequence[str]) -> list[str]:
    return [*(project_subject(p) for p in projects), *(country_subject(c) for c in countries)]


def _columns(table: Any, names: Sequence[str]) -> dict[str, Column[Any]]:
    return {name: table.c[name] for name in names}


_EVENTS = EventRecord.__table__  # type: ignore[attr-defined]
_SUBJECTS = EventSubject.__table__  # type: ignore[attr-defined]
_SOURCES = EventSource.__table__  # type: ignore[attr-defined]
_SCANS = EventScan.__table__  # type: ignore[attr-defined]
_INSERT_EVENT = insert_statement(
    _EVENTS,
    ["kind", "date", "date_stated", "projects", "countries", "organizations", "amounts", "people", "sentence",
     "source_count", "created_at"],
    returning="id",
)
_INSERT_SUBJECT = insert_statement(_SUBJECTS, ["event_id", "subject", "kind", "date"])
_INSERT_SOURCE = insert_statement(_SOURCES, ["event_id", "article_id", "position", "sentence"])
_INSERT_SCAN = insert_statement(_SCANS, ["article_id", "version"])
_UPDATE_EVENT = Statement(
    "UPDATE events SET source_count = source_count + 1, projects = :projects, countries = :countries, "
    "organizations = :organizations, amounts = :amounts, people = :people WHERE id = :id"
)
_SOURCES_OF_ARTICLE = Statement("SELECT event_id FROM event_sources WHERE article_id = :article")
_DELETE_SOURCES = Statement("DELETE FROM event_sources WHERE article_id = :article")
_DELETE_SCAN = Statement("DELETE FROM event_scans WHERE article_id = :article")
_DECREMENT = Statement("UPDATE events SET source_count = source_count - 1 WHERE id = :id")
_DELETE_SUBJECTS_OF_EMPTY = Statement(
    "DELETE FROM event_subjects WHERE event_id = :id AND EXISTS "
    "(SELECT 1 FROM events WHERE id = :id AND source_count <= 0)"
)
_DELETE_EMPTY = Statement("DELETE FROM events WHERE id = :id AND source_count <= 0")


@cache
def _candidates_statement(subjects: int) -> Statement:
    """Stored events of one type under any of ``subjects`` subjects within a date range (newest first)."""
    marks = ", ".join(f":s{i}" for i in range(subjects))
    return Statement(
        "SELECT DISTINCT e.id, e.projects, e.countries, e.organizations, e.amounts, e.people, s.date "
        "FROM event_subjects AS s JOIN events AS e ON e.id = s.event_id "
        f"WHERE s.subject IN ({marks}) AND s.kind = :kind AND s.date BETWEEN :lo AND :hi "
        f"ORDER BY s.date DESC, e.id DESC LIMIT {_MAX_CANDIDATES}",
        columns={"lo": _SUBJECTS.c.date, "hi": _SUBJECTS.c.date},
    )


def store_article_events(*, session: Session, article_id: int, events: Sequence[Event]) -> list[int]:
    """Store the events of the article ``article_id`` (just stored, its old events cleared): each one folds into
    a stored event it reports again, or is a new event. Return the event ids, in the article's order."""
    driver = Driver(session)
    ids: list[int] = []
    for position, event in enumerate(events):
        event_id = _fold_into_stored(driver, event)
        if event_id is None:
            event_id = _insert_event(driver, event)
        if event_id in ids:
            continue  # two events of the article folded into one stored event
        ids.append(event_id)
        driver.many(_INSERT_SOURCE, [{"event_id": event_id, "article_id": article_id, "position": position,
                                      "sentence": event.sentence}])
    driver.many(_INSERT_SCAN, [{"article_id": article_id, "version": EXTRACTOR_VERSION}])
    return ids


def clear_article_events(*, session: Session, article_id: int) -> None:
    """Forget what the article ``article_id`` reported (it changed or is stored again): its sources go, and an
    event left without sources goes with them."""
    driver = Driver(session)
    event_ids = [row[0] for row in driver.rows(_SOURCES_OF_ARTICLE, {"article": article_id})]
    driver.rows(_DELETE_SOURCES, {"article": article_id})
    driver.rows(_DELETE_SCAN, {"article": article_id})
    for event_id in event_ids:
        driver.rows(_DECREMENT, {"id": event_id})
        driver.rows(_DELETE_SUBJECTS_OF_EMPTY, {"id": event_id})
        driver.rows(_DELETE_EMPTY, {"id": event_id})


def _fold_into_stored(driver: Driver, event: Event) -> int | None:
    subjects = _subjects(event.projects, event.countries)
    if not subjects:
        return None
    day = event.date or UNDATED
    span = timedelta(days=FOLD_DAYS) if event.date else timedelta(0)
    params: dict[str, Any] = {f"s{i}": s for i, s in enumerate(subjects)}
    params.update(kind=event.kind, lo=max(UNDATED, day - span) if event.date else UNDATED, hi=day + span)
    for row in driver.rows(_candidates_statement(len(subjects)), params):
        event_id, projects, countries, organizations, amounts, people, _ = row
        stored_projects, stored_countries = json.loads(projects), json.loads(countries)
        if not _same_event(event, stored_projects, stored_countries):
            continue
        driver.rows(_UPDATE_EVENT, {
            "id": event_id,
            "projects": _dumps(_union(stored_projects, event.projects)),
            "countries": _dumps(_union(stored_countries, event.countries)),
            "organizations": _dumps(_union(json.loads(organizations), event.organizations)),
            "amounts": _dumps(_union_lists(json.loads(amounts), _amounts(event))),
            "people": _dumps(_union_lists(json.loads(people), _people(event), key=lambda p: p[1])),
        })
        added = [s for s in subjects if s not in set(_subjects(stored_projects, stored_countries))]
        driver.many(_INSERT_SUBJECT, [{"event_id": event_id, "subject": s, "kind": event.kind, "date": day}
                                      for s in added])
        return int(event_id)
    return None


def _same_event(event: Event, projects: list[str], countries: list[str]) -> bool:
    """Whether a stored event (its projects and countries) is ``event`` reported again: the same project when
    both name projects; else the same countries (two of them when both name two or more: a meeting of KZ and AZ
    is not one of KZ and UZ on the same day)."""
    if event.projects and projects:
        return bool(set(event.projects) & set(projects))
    shared = set(event.countries) & set(countries)
    return bool(shared) and len(shared) >= min(2, len(event.countries), len(countries))


def _insert_event(driver: Driver, event: Event) -> int:
    day = event.date or UNDATED
    event_id = int(driver.scalar(_INSERT_EVENT, {
        "kind": event.kind, "date": event.date, "date_stated": event.date_stated,
        "projects": _dumps(list(event.projects)), "countries": _dumps(list(event.countries)),
        "organizations": _dumps(list(event.organizations)), "amounts": _dumps(_amounts(event)),
        "people": _dumps(_people(event)), "sentence": event.sentence, "source_count": 1, "created_at": utcnow(),
    }))
    driver.many(_INSERT_SUBJECT, [{"event_id": event_id, "subject": s, "kind": event.kind, "date": day}
                                  for s in _subjects(event.projects, event.countries)])
    return event_id


def _amounts(event: Event) -> list[list[Any]]:
    return [[f.value, f.unit] for f in event.amounts]


def _people(event: Event) -> list[list[Any]]:
    return [[p.name, p.key, p.role, p.country] for p in event.people]


def _union(old: list[str], new: Sequence[str]) -> list[str]:
    return list(dict.fromkeys([*old, *new]))


def _union_lists(old: list[list[Any]], new: list[list[Any]], key: Any = tuple) -> list[list[Any]]:
    merged = list(old)
    seen = {key(item) for item in old}
    for item in new:
        if key(item) not in seen:
            seen.add(key(item))
            merged.append(item)
    return merged


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# --- backfill --------------------------------------------------------------------------------------------


_UNSCANNED = Statement(
    "SELECT a.id, a.title, a.body, a.date FROM articles AS a LEFT JOIN event_scans AS s ON s.article_id = a.id "
    "WHERE s.article_id IS NULL OR s.version < :version ORDER BY a.id LIMIT :limit"
)
_ARTICLE_PROJECTS = Statement(
    "SELECT p.slug FROM article_projects AS ap JOIN projects AS p ON p.id = ap.project_id WHERE ap.article_id = :a"
)
_ARTICLE_COUNTRIES = Statement("SELECT country FROM article_countries WHERE article_id = :a ORDER BY position")
_ARTICLE_PEOPLE = Statement(
    "SELECT ap.name, pe.key, ap.role, ap.country FROM article_people AS ap JOIN people AS pe ON pe.id = ap.person_id "
    "WHERE ap.article_id = :a"
)


_ANY_UNSCANNED = Statement(
    "SELECT 1 FROM articles AS a LEFT JOIN event_scans AS s ON s.article_id = a.id "
    "WHERE s.article_id IS NULL OR s.version < :version LIMIT 1"
)


def has_unscanned_articles(*, session: Session) -> bool:
    """Whether some article has no events extracted by this extractor version (``backfill_events`` has work)."""
    return bool(Driver(session).rows(_ANY_UNSCANNED, {"version": EXTRACTOR_VERSION}))


def backfill_events(*, session: Session, limit: int = 500) -> int:
    """Extract and store the events of up to ``limit`` articles stored without them (before migration 0015, or
    by an older extractor), from their stored title and body, projects, countries and people. Return how many
    articles were done (0: none is left). Runs in the caller's transaction."""
    driver = Driver(session)
    rows = driver.rows(_UNSCANNED, {"version": EXTRACTOR_VERSION, "limit": limit})
    for article_id, title, body, day in rows:
        clear_article_events(session=session, article_id=article_id)
        if isinstance(day, str):
            day = date.fromisoformat(day[:10])
        projects = [r[0] for r in driver.rows(_ARTICLE_PROJECTS, {"a": article_id})]
        countries = [r[0] for r in driver.rows(_ARTICLE_COUNTRIES, {"a": article_id})]
        people = [Person(name=n, key=k, role=r, country=c) for n, k, r, c in driver.rows(_ARTICLE_PEOPLE,
                                                                                         {"a": article_id})]
        # The pipeline reads a separate headline before the body; a lead-sentence title is the body's start.
        text = body if body.startswith(title[:40]) else f"{title}\n\n{body}"
        lead_end = text.find("\n\n", 0 if text is body else len(title) + 2)
        events = find_events(
            text, article_date=day, lead_end=len(text) if lead_end < 0 else lead_end, article_projects=projects,
            article_countries=countries, article_people=people,
        )
        store_article_events(session=session, article_id=article_id, events=events)
    return len(rows)


__all__ = [
    "EXTRACTOR_VERSION",
    "FOLD_DAYS",
    "UNDATED",
    "EventRecord",
    "EventScan",
    "EventSource",
    "EventSubject",
    "backfill_events",
    "clear_article_events",
    "has_unscanned_articles",
    "country_subject",
    "project_subject",
    "store_article_events",
]
