"""Subscriptions of chats to projects, countries or everything, instant or daily."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, UniqueConstraint
from sqlmodel import Field, Session, SQLModel, col, select

from storage.base import utcnow
from storage.chats import Chat


class Topic(StrEnum):
    PROJECT = "project"
    COUNTRY = "country"
    ALL = "all"


class Mode(StrEnum):
    INSTANT = "instant"
    DAILY = "daily"
    WEEKLY = "weekly"


# Modes delivered as a digest by the chat's digest job (at its digest time; the weekly one on its digest weekday).
DIGEST_MODES = (Mode.DAILY, Mode.WEEKLY)


class Subscription(SQLModel, table=True):
    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("chat_id", "topic", "key", name="uq_subscriptions_chat_topic_key"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("chats.chat_id", ondelete="CASCADE", onupdate="CASCADE"),
                         nullable=False, index=True)
    )
    topic: str = Field(max_length=8)  # project | country | all
    key: str = Field(default="", max_length=64)  # slug, ISO code, or "" for all
    mode: str = Field(default=Mode.DAILY, max_length=8)  # instant | daily | weekly
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime())


@dataclass(frozen=True)
class SubscriptionRow:
    id: int
    chat_id: int
    topic: str
    key: str
    mode: str


def _row(s: Subscription) -> SubscriptionRow:
    assert s.id is not None
    return SubscriptionRow(s.id, s.chat_id, s.topic, s.key, s.mode)


def subscribe(*, session: Session, chat_id: int, chat_type: str, title: str | None, topic: str, key: str,
              mode: str) -> tuple[SubscriptionRow, bool]:
    """Add (or change the mode of) a subscription; return it and whether it was new."""
    if session.get(Chat, chat_id) is None:
        session.add(Chat(chat_id=chat_id, type=str(chat_type), title=title))
        session.flush()
    existing = session.exec(
        select(Subscription).where(Subscription.chat_id == chat_id, Subscription.topic == topic,
                                   Subscription.key == key)
    ).first()
    created = existing is None
    if existing is None:
        existing = Subscription(chat_id=chat_id, topic=topic, key=key, mode=mode)
        session.add(existing)
    else:
        existing.mode = mode
    session.commit()
    session.refresh(existing)
    return _row(existing), created


def unsubscribe(*, session: Session, chat_id: int, topic: str | None = None, key: str = "",
                subscription_id: int | None = None) -> int:
    """Remove one subscription (by topic+key or id), or all of a chat's when ``topic`` is None; return count."""
    query = select(Subscription).where(Subscription.chat_id == chat_id)
    if subscription_id is not None:
        query = query.where(Subscription.id == subscription_id)
    elif topic is not None:
        query = query.where(Subscription.topic == topic, Subscription.key == key)
    rows = list(session.exec(query))
    for row in rows:
        session.delete(row)
    session.commit()
    return len(rows)


def list_subscriptions(*, session: Session, chat_id: int) -> list[SubscriptionRow]:
    query = select(Subscription).where(Subscription.chat_id == chat_id).order_by(col(Subscription.id))
    return [_row(s) for s in session.exec(query)]


def chats_with_daily(*, session: Session) -> list[int]:
    """Chats that have at least one daily or weekly subscription (their digest jobs are scheduled at start-up)."""
    query = select(Subscription.chat_id).where(col(Subscription.mode).in_(DIGEST_MODES)).distinct()
    return sorted(session.exec(query))


def digest_schedules(*, session: Session, chat_id: int | None = None) -> dict[int, tuple[str, str]]:
    """Chat id -> (digest time, time zone) of the chats with a daily or weekly subscription (only ``chat_id``'s if
    given)."""
    query = (
        select(Chat.chat_id, Chat.digest_time, Chat.timezone)
        .where(col(Chat.chat_id).in_(select(Subscription.chat_id).where(col(Subscription.mode).in_(DIGEST_MODES))))
        .order_by(col(Chat.chat_id))
    )
    if chat_id is not None:
        query = query.where(Chat.chat_id == chat_id)
    return {chat: (digest_time, timezone) for chat, digest_time, timezone in session.exec(query)}


def matching_instant(*, session: Session, projects: list[str], countries: list[str]) -> list[tuple[int, str, str]]:
    """(chat id, topic, key) of active instant subscriptions matching an article, one per chat (first match)."""
    query = (
        select(Subscription.chat_id, Subscription.topic, Subscription.key)
        .join(Chat, col(Chat.chat_id) == col(Subscription.chat_id))
        .where(Subscription.mode == Mode.INSTANT, col(Chat.paused).is_(False))
        .order_by(col(Subscription.id))
    )
    matches: dict[int, tuple[int, str, str]] = {}
    for chat_id, topic, key in session.exec(query):
        if chat_id in matches:
            continue
        if topic == Topic.ALL or (topic == Topic.PROJECT and key in projects) or (
            topic == Topic.COUNTRY and key in countries
        ):
            matches[chat_id] = (chat_id, topic, key)
    return list(matches.values())


def count_subscriptions(*, session: Session) -> int:
    from sqlalchemy import func

    return session.exec(select(func.count()).select_from(Subscription)).one()
