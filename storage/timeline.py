"""Reading events (``storage.events``): a project's or country's timeline, the event an article leads with, the
week's events for digests.

A timeline page is two index range reads: the page of ``event_subjects`` under the subject in date order (its
index ``(subject, date, event_id)``), joined to the events by primary key, then the sources of those events; and
a count over the same index.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from storage.counts import stored_count, timeline_key
from storage.events import UNDATED, EventRecord, EventSource, EventSubject, country_subject, project_subject

# Source articles listed with each event (the count says how many there are).
SOURCES_SHOWN = 5

_E = EventRecord.__table__  # type: ignore[attr-defined]
_S = EventSubject.__table__  # type: ignore[attr-defined]
_SRC = EventSource.__table__  # type: ignore[attr-defined]
_EVENT_COLUMNS = (
    _E.c.id, _E.c.kind, _E.c.date, _E.c.date_stated, _E.c.projects, _E.c.countries, _E.c.organizations,
    _E.c.amounts, _E.c.people, _E.c.sentence, _E.c.source_count,
)


@dataclass(frozen=True)
class TimelineEvent:
    id: int
    kind: str  # ingest.events.EVENT_TYPES
    date: date | None
    date_stated: bool
    projects: list[str]
    countries: list[str]
    organizations: list[str]
    amounts: list[tuple[float, str]]  # (value, unit)
    people: list[tuple[str, str | None]]  # (name, role)
    sentence: str
    source_count: int
    article_ids: list[int] = field(default_factory=list)  # the first SOURCES_SHOWN sources, oldest first


@dataclass(frozen=True)
class TimelinePage:
    subject: str  # "p:casa-1000" or "c:TJ"
    total: int  # events under the subject
    offset: int
    events: list[TimelineEvent]


def list_timeline(
    *, session: Session, project: str | None = None, country: str | None = None, limit: int, offset: int = 0
) -> TimelinePage:
    """The events of the project ``project`` (slug) or the country ``country`` (ISO code), newest first (undated
    ones last), ``limit`` from ``offset``, with their first sources."""
    if (project is None) == (country is None):
        raise ValueError("give a project or a country")
    subject = project_subject(project) if project is not None else country_subject(country or "")
    page = (
        select(*_EVENT_COLUMNS)
        .select_from(_S.join(_E, _E.c.id == _S.c.event_id))
        .where(_S.c.subject == subject)
        .order_by(_S.c.date.desc(), _S.c.event_id.desc())
        .limit(limit)
        .offset(offset)
    )
    events = _with_sources(session, [_event(row) for row in session.execute(page)])
    total = stored_count(session, timeline_key(subject))  # kept by a trigger (storage.counts)
    return TimelinePage(subject=subject, total=total, offset=offset, events=events)


def lead_events(*, session: Session, article_ids: Sequence[int]) -> dict[int, TimelineEvent]:
    """The event each of ``article_ids`` leads with (its first), by article id; articles without events are
    absent."""
    if not article_ids:
        return {}
    query = (
        select(_SRC.c.article_id, *_EVENT_COLUMNS)
        .select_from(_SRC.join(_E, _E.c.id == _SRC.c.event_id))
        .where(_SRC.c.article_id.in_(list(article_ids)), _SRC.c.position == 0)
    )
    rows = session.execute(query).all()
    events = {row[0]: _event(row[1:]) for row in rows}
    with_sources = {e.id: e for e in _with_sources(session, list({e.id: e for e in events.values()}.values()))}
    return {article_id: with_sources[event.id] for article_id, event in events.items()}


def lead_event_id(*, session: Session, article_id: int) -> int | None:
    """The id of the event the article ``article_id`` leads with, if it reports one."""
    query = select(_SRC.c.event_id).where(_SRC.c.article_id == article_id, _SRC.c.position == 0)
    return session.execute(query).scalar()


def is_reported_before(*, session: Session, article_id: int) -> bool:
    """Whether the event the article ``article_id`` leads with was already reported by an article stored before
    it (an alert for it went out then: several articles on one event give one alert)."""
    lead = select(_SRC.c.event_id).where(_SRC.c.article_id == article_id, _SRC.c.position == 0).scalar_subquery()
    earlier = select(_SRC.c.article_id).where(_SRC.c.event_id == lead, _SRC.c.article_id < article_id).limit(1)
    return session.execute(earlier).first() is not None


def list_recent_events(
    *,
    session: Session,
    since: date,
    projects: Sequence[str] = (),
    countries: Sequence[str] = (),
    limit: int = 10,
) -> list[TimelineEvent]:
    """Events dated ``since`` or later under any of ``projects`` (slugs) or ``countries`` (ISO codes), or under
    any subject when neither is given: the most reported first, then the newest (the weekly digest's lead)."""
    subjects = [project_subject(p) for p in projects] + [country_subject(c) for c in countries]
    ids = select(_S.c.event_id).where(_S.c.date >= since)
    if subjects:
        ids = ids.where(_S.c.subject.in_(subjects))
    query = (
        select(*_EVENT_COLUMNS)
        .where(_E.c.id.in_(ids.distinct()))
        .order_by(_E.c.source_count.desc(), _E.c.date.desc(), _E.c.id.desc())
        .limit(limit)
    )
    return _with_sources(session, [_event(row) for row in session.execute(query)])


def _event(row: Sequence) -> TimelineEvent:
    (event_id, kind, day, stated, projects, countries, organizations, amounts, people, sentence, count) = row
    return TimelineEvent(
        id=event_id,
        kind=kind,
        date=None if day is None or day == UNDATED else day,
        date_stated=bool(stated),
        projects=json.loads(projects),
        countries=json.loads(countries),
        organizations=json.loads(organizations),
        amounts=[(float(v), str(u)) for v, u in json.loads(amounts)],
        people=[(p[0], p[2]) for p in json.loads(people)],
        sentence=sentence,
        source_count=int(count),
    )


def _with_sources(session: Session, events: list[TimelineEvent]) -> list[TimelineEvent]:
    if not events:
        return events
    query = (
        select(_SRC.c.event_id, _SRC.c.article_id)
        .where(_SRC.c.event_id.in_([e.id for e in events]))
        .order_by(_SRC.c.event_id, _SRC.c.article_id)
    )
    sources: dict[int, list[int]] = {}
    for event_id, article_id in session.execute(query):
        shown = sources.setdefault(event_id, [])
        if len(shown) < SOURCES_SHOWN:
            shown.append(article_id)
    return [
        TimelineEvent(**{**e.__dict__, "article_ids": sources.get(e.id, [])})  # frozen: a copy with its sources
        for e in events
    ]


__all__ = [
    "SOURCES_SHOWN",
    "TimelineEvent",
    "TimelinePage",
    "is_reported_before",
    "lead_event_id",
    "lead_events",
    "list_recent_events",
    "list_timeline",
]
