"""The weekly digest: a chat's weekly subscriptions over the last seven days, grouped by project, events first.

Stories stored in the seven days before the digest (``ingested_at``), one entry per story, each under a project:
the subscription's own for a project subscription, else the first project the article names (a country or "all"
subscription groups its stories by project; stories naming none are grouped under the subscription itself). Each
group leads with the events of the week under its project (``storage.timeline.list_recent_events``, the most
reported first). Queued with a dedupe key of the chat-local ISO week, so the digest jobs of several workers, or a
job run twice, queue one weekly digest a week.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from storage.digests import DigestEntry, _article_topics
from storage.models import Article
from storage.outbox import enqueue
from storage.paging import article_rows, newest_first
from storage.subscriptions import Mode, Subscription, Topic
from storage.timeline import TimelineEvent, list_recent_events

# Days a weekly digest covers.
WEEK = timedelta(days=7)
# Events leading the digest, over all its groups: a handful; the timeline (/timeline) has the rest.
MAX_EVENTS = 8
# Stories listed per group: a weekly digest of a busy project would otherwise run to several messages.
MAX_STORIES_PER_GROUP = 10


@dataclass
class WeeklyGroup:
    topic: str  # "project" (key: slug), or the subscription's topic when its stories name no project
    key: str
    events: list[TimelineEvent] = field(default_factory=list)
    entries: list[DigestEntry] = field(default_factory=list)
    more: int = 0  # stories beyond MAX_STORIES_PER_GROUP


def weekly_groups(*, session: Session, chat_id: int, until: datetime) -> list[WeeklyGroup]:
    """The chat's weekly digest for the seven days before ``until`` (naive UTC); empty when nothing is new."""
    subs = list(session.exec(select(Subscription).where(Subscription.chat_id == chat_id,
                                                         Subscription.mode == Mode.WEEKLY)
                             .order_by(col(Subscription.id))))
    if not subs:
        return []
    since = until - WEEK
    articles = list(session.exec(
        select(Article).where(col(Article.ingested_at) > since, col(Article.ingested_at) <= until)
        .order_by(*newest_first())))
    topics = _article_topics(session, [a.id for a in articles if a.id is not None])
    rows = {r.id: r for r in article_rows(session, articles)}
    groups: dict[tuple[str, str], WeeklyGroup] = {}
    seen: set[int] = set()
    for sub in subs:
        for article in articles:
            assert article.id is not None
            story = article.story_id or article.id
            projects, countries = topics[article.id]
            if story in seen or not (sub.topic == Topic.ALL or (sub.topic == Topic.PROJECT and sub.key in projects)
                                     or (sub.topic == Topic.COUNTRY and sub.key in countries)):
                continue
            seen.add(story)
            if sub.topic == Topic.PROJECT:
                key = (Topic.PROJECT.value, sub.key)
            elif projects:
                key = (Topic.PROJECT.value, projects[0])
            else:
                key = (sub.topic, sub.key)
            group = groups.setdefault(key, WeeklyGroup(*key))
            row = rows[article.id]
            if len(group.entries) < MAX_STORIES_PER_GROUP:
                group.entries.append(DigestEntry(row, row.sources_in_story, key[0], key[1]))
            else:
                group.more += 1
    _add_events(session, subs, groups, since.date())
    return list(groups.values())


def _add_events(session: Session, subs: list[Subscription], groups: dict[tuple[str, str], WeeklyGroup],
                since: date) -> None:
    """Put the week's events at the head of the groups of their projects (a group is opened for an event of a
    subscribed project that had no story this week)."""
    everything = any(s.topic == Topic.ALL for s in subs)
    projects = [] if everything else [s.key for s in subs if s.topic == Topic.PROJECT]
    countries = [] if everything else [s.key for s in subs if s.topic == Topic.COUNTRY]
    events = list_recent_events(session=session, since=since, projects=projects, countries=countries,
                                limit=MAX_EVENTS)
    for event in events:
        slug = next((p for p in event.projects if (Topic.PROJECT.value, p) in groups), None)
        if slug is None:
            slug = next((p for p in event.projects if p in projects), event.projects[0] if event.projects else None)
        if slug is None:
            continue
        groups.setdefault((Topic.PROJECT.value, slug), WeeklyGroup(Topic.PROJECT.value, slug)).events.append(event)


def queue_weekly(*, session: Session, chat_id: int, week: str, parts: list[str]) -> int:
    """Queue a weekly digest's parts once per chat and ``week`` (a key such as "2026-W49"); commit."""
    queued = 0
    for i, text in enumerate(parts):
        queued += enqueue(session=session, chat_id=chat_id, kind="digest", text=text,
                          dedupe_key=f"weekly:{chat_id}:{week}:{i}")
    session.commit()
    return queued
