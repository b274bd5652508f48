"""What a chat's digest holds, the alerts a new article triggers, and queuing both in the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from storage.chats import Chat
from storage.models import Article, ArticleCountry, ArticleProject, Project
from storage.outbox import enqueue
from storage.paging import article_rows, newest_first
from storage.rows import ArticleRow
from storage.subscriptions import Mode, Subscription, Topic, matching_instant
from storage.timeline import TimelineEvent, lead_event_id, lead_events


@dataclass(frozen=True)
class DigestEntry:
    article: ArticleRow  # newest article of the story in the window
    sources: list[str]  # every outlet of the story
    topic: str  # the subscription it is listed under: project | country | all
    key: str  # slug, ISO code or ""
    event: TimelineEvent | None = None  # the event the story leads with (storage.timeline), listed once
    projects: tuple[str, ...] = ()  # the article's project slugs, first mentioned first (what the line is about)


def _article_topics(session: Session, article_ids: list[int]) -> dict[int, tuple[list[str], list[str]]]:
    out: dict[int, tuple[list[str], list[str]]] = {i: ([], []) for i in article_ids}
    for aid, slug in session.exec(
        select(ArticleProject.article_id, Project.slug).join(Project, col(Project.id) == col(ArticleProject.project_id))
        .where(col(ArticleProject.article_id).in_(article_ids))
    ):
        out[aid][0].append(slug)
    for aid, code in session.exec(
        select(ArticleCountry.article_id, ArticleCountry.country).where(col(ArticleCountry.article_id).in_(article_ids))
    ):
        out[aid][1].append(code)
    return out


def digest_entries(*, session: Session, chat_id: int, until: datetime) -> list[DigestEntry]:
    """Stories ingested since the chat's previous digest (or its first daily subscription) that match its daily
    subscriptions, one entry per story, in subscription order then newest first."""
    daily = select(Subscription).where(Subscription.chat_id == chat_id, Subscription.mode == Mode.DAILY)
    subs = list(session.exec(daily.order_by(col(Subscription.id))))
    if not subs:
        return []
    chat = session.get(Chat, chat_id)
    since = (chat.last_digest_at if chat and chat.last_digest_at else min(s.created_at for s in subs))
    articles = list(session.exec(
        select(Article).where(col(Article.ingested_at) > since, col(Article.ingested_at) <= until)
        .order_by(*newest_first())
    ))
    if not articles:
        return []
    topics = _article_topics(session, [a.id for a in articles if a.id is not None])
    rows = {r.id: r for r in article_rows(session, articles)}
    events = lead_events(session=session, article_ids=[a.id for a in articles if a.id is not None])
    entries: list[DigestEntry] = []
    seen_stories: set[int] = set()
    seen_events: set[int] = set()  # several stories on one event: the newest is its line
    for sub in subs:
        for article in articles:
            assert article.id is not None
            story = article.story_id or article.id
            event = events.get(article.id)
            if story in seen_stories or (event is not None and event.id in seen_events):
                continue
            projects, countries = topics[article.id]
            if sub.topic == Topic.ALL or (sub.topic == Topic.PROJECT and sub.key in projects) or (
                sub.topic == Topic.COUNTRY and sub.key in countries
            ):
                seen_stories.add(story)
                if event is not None:
                    seen_events.add(event.id)
                row = rows[article.id]
                entries.append(DigestEntry(row, row.sources_in_story, sub.topic, sub.key, event, tuple(projects)))
    return entries


def queue_digest(*, session: Session, chat_id: int, until: datetime, parts: list[str]) -> int:
    """Queue a digest's parts and move the chat's digest mark to ``until`` in one transaction."""
    queued = 0
    for i, text in enumerate(parts):
        queued += enqueue(session=session, chat_id=chat_id, kind="digest", text=text,
                          dedupe_key=f"digest:{chat_id}:{until.isoformat()}:{i}")
    chat = session.get(Chat, chat_id)
    if chat is not None:
        chat.last_digest_at = until
    session.commit()
    return queued


def queue_alerts(*, session: Session, article_id: int, story_id: int | None, projects: list[str],
                 countries: list[str]) -> int:
    """Queue an instant alert of a new story to every matching chat (no commit: the ingest transaction's): one
    per chat and event the article leads with (several articles on one event give one alert), else per story."""
    story = story_id or article_id
    event_id = lead_event_id(session=session, article_id=article_id)
    about = f"event:{event_id}" if event_id is not None else str(story)
    queued = 0
    for chat_id, topic, key in matching_instant(session=session, projects=projects, countries=countries):
        queued += enqueue(session=session, chat_id=chat_id, kind="alert", article_id=article_id, topic=topic,
                          topic_key=key, dedupe_key=f"alert:{chat_id}:{about}")
    return queued
