"""Per-chat settings (language, time zone, digest time) and the queries on them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import BigInteger, Column, DateTime, func, update
from sqlmodel import Field, Session, SQLModel, col, select

from storage.base import utcnow


class Chat(SQLModel, table=True):
    __tablename__ = "chats"

    chat_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    type: str = Field(default="private", max_length=16)  # private | group | supergroup | channel
    title: str | None = None
    language: str | None = Field(default=None, max_length=8)  # explicit /language choice
    reply_language: str | None = Field(default=None, max_length=8)  # language it was answered in when subscribing
    timezone: str = Field(default="UTC", max_length=64)
    digest_time: str = Field(default="08:00", max_length=5)  # HH:MM in ``timezone``
    digest_weekday: int | None = None  # weekday of the weekly digest, 0 = Monday (None: Monday); migration 0014
    paused: bool = Field(default=False)  # deliveries stopped (blocked, kicked, chat not found)
    paused_reason: str | None = None
    last_digest_at: datetime | None = Field(default=None, sa_type=DateTime())  # naive UTC
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime())
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime())


@dataclass(frozen=True)
class ChatRow:
    chat_id: int
    type: str
    title: str | None
    language: str | None
    reply_language: str | None
    timezone: str
    digest_time: str
    paused: bool
    last_digest_at: datetime | None
    digest_weekday: int | None = None  # weekly digest's weekday, 0 = Monday (None: Monday)


def _row(chat: Chat) -> ChatRow:
    return ChatRow(chat.chat_id, chat.type, chat.title, chat.language, chat.reply_language, chat.timezone,
                   chat.digest_time, chat.paused, chat.last_digest_at, chat.digest_weekday)


def get_chat(*, session: Session, chat_id: int) -> ChatRow | None:
    chat = session.get(Chat, chat_id)
    return _row(chat) if chat else None


def lock_chat(*, session: Session, chat_id: int) -> ChatRow | None:
    """Return the chat and keep other transactions from locking it until this one ends.

    PostgreSQL: ``SELECT ... FOR UPDATE`` on the chat's row. SQLite has no row locks (the clause is not
    rendered) and needs none: a ``write_session`` already holds the database's single write lock.
    """
    chat = session.exec(select(Chat).where(Chat.chat_id == chat_id).with_for_update()).first()
    return _row(chat) if chat else None


def delivery_language(chat: ChatRow | None, default: str) -> str:
    """Language of messages the bot sends on its own: the chat's choice, else the one it subscribed in."""
    if chat is None:
        return default
    return chat.language or chat.reply_language or default


def get_chat_language(*, session: Session, chat_id: int) -> str | None:
    chat = session.get(Chat, chat_id)
    return chat.language if chat else None


def upsert_chat(*, session: Session, chat_id: int, type: str, title: str | None = None, **changes: object) -> ChatRow:
    """Create the chat if new, apply ``changes`` (language, timezone, digest_time, paused…) and commit."""
    chat = session.get(Chat, chat_id)
    if chat is None:
        chat = Chat(chat_id=chat_id, type=str(type), title=title)
        session.add(chat)
    else:
        chat.type = str(type) if type else chat.type
        chat.title = title if title is not None else chat.title
    for name, value in changes.items():
        if not hasattr(chat, name):
            raise AttributeError(f"chat has no setting {name!r}")
        setattr(chat, name, value)
    chat.updated_at = utcnow()
    session.commit()
    session.refresh(chat)
    return _row(chat)


def migrate_chat(*, session: Session, old_id: int, new_id: int) -> None:
    """Move a group's settings (and, by ON UPDATE CASCADE, its subscriptions) to its supergroup id."""
    if session.get(Chat, old_id) is None or session.get(Chat, new_id) is not None:
        return
    session.exec(update(Chat).where(col(Chat.chat_id) == old_id).values(  # type: ignore[call-overload]
        chat_id=new_id, type="supergroup", updated_at=utcnow()))
    session.commit()


def set_paused(*, session: Session, chat_id: int, paused: bool, reason: str | None = None) -> bool:
    """Pause (or resume) deliveries to a chat; return whether anything changed."""
    chat = session.get(Chat, chat_id)
    if chat is None or chat.paused == paused:
        return False
    chat.paused = paused
    chat.paused_reason = reason if paused else None
    chat.updated_at = utcnow()
    session.commit()
    return True


def count_chats(*, session: Session) -> tuple[int, int]:
    """(chats known, chats paused)."""
    total = session.exec(select(func.count()).select_from(Chat)).one()
    paused = session.exec(select(func.count()).select_from(Chat).where(col(Chat.paused).is_(True))).one()
    return total, paused


def list_chats(*, session: Session) -> list[ChatRow]:
    return [_row(c) for c in session.exec(select(Chat).order_by(Chat.chat_id))]
