"""The delivery outbox: every message the bot owes a chat, the source of truth for alerts and digests.

A row is ``pending`` until sent; a worker claims rows (``sending`` with a lease) and marks each ``sent`` with
the Telegram message id right after Telegram accepted it, so a crash repeats at most the messages in flight.
``dedupe_key`` is unique: the same alert or digest part is never queued twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import BigInteger, Column, DateTime, Float, Index, Text, func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col, select

from storage.base import utcnow
from storage.engine import is_sqlite


class Status(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a worker until ``lease_until``
    SENT = "sent"
    FAILED = "failed"  # gave up; ``last_error`` says why


class OutboxItem(SQLModel, table=True):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_due", "status", "next_attempt_at"), Index("ix_outbox_sent_at", "sent_at"))

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    kind: str = Field(max_length=8)  # alert | digest
    dedupe_key: str = Field(unique=True, max_length=200)
    article_id: int | None = Field(default=None, foreign_key="articles.id", ondelete="SET NULL")
    topic: str | None = Field(default=None, max_length=8)  # what matched: project | country | all
    topic_key: str | None = Field(default=None, max_length=64)
    text: str | None = Field(default=None, sa_type=Text)  # rendered HTML (digests); alerts render at send time
    status: str = Field(default=Status.PENDING, max_length=8)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=DateTime())
    lease_until: datetime | None = Field(default=None, sa_type=DateTime())
    claimed_by: str | None = Field(default=None, max_length=100)  # worker "host:pid" holding the lease
    last_error: str | None = None
    telegram_message_id: int | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime())
    sent_at: datetime | None = Field(default=None, sa_type=DateTime())
    slot_at: float | None = Field(default=None, sa_type=Float())  # Unix s: when the paced sender may send it


@dataclass(frozen=True)
class OutboxRow:
    id: int
    chat_id: int
    kind: str
    article_id: int | None
    topic: str | None
    topic_key: str | None
    text: str | None
    attempts: int
    dedupe_key: str


def _row(item: OutboxItem) -> OutboxRow:
    assert item.id is not None
    return OutboxRow(item.id, item.chat_id, item.kind, item.article_id, item.topic, item.topic_key, item.text,
                     item.attempts, item.dedupe_key)


def enqueue(*, session: Session, chat_id: int, kind: str, dedupe_key: str, article_id: int | None = None,
            topic: str | None = None, topic_key: str | None = None, text: str | None = None) -> bool:
    """Queue one message unless its ``dedupe_key`` is already queued; no commit (caller's transaction)."""
    exists = session.exec(select(OutboxItem.id).where(OutboxItem.dedupe_key == dedupe_key)).first()
    if exists is not None:
        return False
    try:
        with session.begin_nested():
            session.add(OutboxItem(chat_id=chat_id, kind=kind, dedupe_key=dedupe_key, article_id=article_id,
                                   topic=topic, topic_key=topic_key, text=text))
    except IntegrityError:
        return False  # a concurrent writer queued it first
    return True


@dataclass(frozen=True)
class ChatGaps:
    """Least time between two messages to one chat, in seconds (0: no per-chat spacing)."""

    private: float = 0.0  # positive chat ids
    group: float = 0.0  # negative chat ids: groups, supergroups, channels


def _busy_chats(session: Session, now: datetime, gaps: ChatGaps) -> set[int]:
    """Chats with a message in flight (any worker) or served within their gap: not to be claimed now."""
    sending = select(OutboxItem.chat_id).where(OutboxItem.status == Status.SENDING,
                                               col(OutboxItem.lease_until) >= now)
    busy = set(session.exec(sending))
    oldest = now - timedelta(seconds=max(gaps.private, gaps.group))
    recent = select(OutboxItem.chat_id, OutboxItem.sent_at).where(col(OutboxItem.sent_at) > oldest)
    for chat_id, sent_at in session.exec(recent):
        if sent_at > now - timedelta(seconds=gaps.private if chat_id > 0 else gaps.group):
            busy.add(chat_id)
    return busy


def claim(
    *, session: Session, limit: int, lease_seconds: float = 120.0, now: datetime | None = None,
    worker: str | None = None, gaps: ChatGaps | None = None,
) -> list[OutboxRow]:
    """Claim up to ``limit`` due rows for this worker (pending, or sending with an expired lease); no commit.

    With ``gaps``, at most one row per chat, and none of a chat that has a message in flight or was served
    within its gap (other chats are claimed meanwhile, not held up). PostgreSQL: ``FOR UPDATE SKIP LOCKED``
    so concurrent workers take disjoint rows (the paced sender also serialises claims through the send
    budget's row lock, so two workers never claim one chat at once). SQLite: the caller's session holds the
    single write lock (``write_session``), which serialises claims.
    """
    now = now or utcnow()
    due = or_(
        (col(OutboxItem.status) == Status.PENDING) & (col(OutboxItem.next_attempt_at) <= now),
        (col(OutboxItem.status) == Status.SENDING) & (col(OutboxItem.lease_until) < now),
    )
    query = select(OutboxItem).where(due).order_by(col(OutboxItem.id))
    if gaps is not None:
        busy = _busy_chats(session, now, gaps)
        if busy:
            query = query.where(col(OutboxItem.chat_id).not_in(busy))
        # Several rows of one chat (a digest's parts) come together: read enough to find ``limit`` chats.
        query = query.limit(limit * 4)
    else:
        query = query.limit(limit)
    if not is_sqlite(session):
        query = query.with_for_update(skip_locked=True)
    items: list[OutboxItem] = []
    chats: set[int] = set()
    for item in session.exec(query):
        if len(items) == limit:
            break
        if gaps is not None and item.chat_id in chats:
            continue
        chats.add(item.chat_id)
        items.append(item)
    lease = now + timedelta(seconds=lease_seconds)
    for item in items:
        item.status = Status.SENDING
        item.lease_until = lease
        item.claimed_by = worker
    session.flush()
    return [_row(i) for i in items]


# A claimed row whose send instant is older than this is no longer in flight (PTB's time-outs are far shorter): its
# worker died and the row waits for its lease to run out; it must not hold a place in every second until then.
IN_FLIGHT_HORIZON_S = 60.0


def set_slot(*, session: Session, item_id: int, slot: float) -> None:
    """Record the send instant the paced sender gave a claimed row; no commit."""
    session.exec(update(OutboxItem).where(col(OutboxItem.id) == item_id).values(slot_at=slot))  # type: ignore[call-overload]


def sends_in_window(*, session: Session, now: float, seconds: float) -> int:
    """Messages of every worker that Telegram may have accepted within ``seconds`` before ``now`` (Unix s), or may
    accept at ``now``: those marked sent since, and those in flight (claimed and past their send instant)."""
    since = datetime.fromtimestamp(now - seconds, UTC).replace(tzinfo=None)
    # One statement, one snapshot: a row marked sent between two statements would be in neither count.
    answered = col(OutboxItem.sent_at) > since
    flying = ((col(OutboxItem.status) == Status.SENDING) & (col(OutboxItem.slot_at) <= now)
              & (col(OutboxItem.slot_at) > now - IN_FLIGHT_HORIZON_S))
    return int(session.exec(select(func.count()).select_from(OutboxItem).where(or_(answered, flying))).one())


def has_due(*, session: Session, now: datetime | None = None) -> bool:
    """Whether any row is waiting to be sent now (pending and due)."""
    now = now or utcnow()
    query = select(OutboxItem.id).where(OutboxItem.status == Status.PENDING,
                                        col(OutboxItem.next_attempt_at) <= now).limit(1)
    return session.exec(query).first() is not None


def claim_holders(*, session: Session) -> list[str]:
    """Workers holding claimed (in-flight) rows."""
    query = select(OutboxItem.claimed_by).where(OutboxItem.status == Status.SENDING).distinct()
    return [w for w in session.exec(query) if w]


def release_claims(*, session: Session, workers: list[str]) -> int:
    """Return the in-flight rows of dead workers to the queue (at most those messages are sent twice)."""
    if not workers:
        return 0
    result = session.exec(update(OutboxItem).where(  # type: ignore[call-overload]
        col(OutboxItem.status) == Status.SENDING, col(OutboxItem.claimed_by).in_(workers)
    ).values(status=Status.PENDING, lease_until=None, claimed_by=None))
    session.commit()
    return result.rowcount or 0


def mark_sent(*, session: Session, item_id: int, message_id: int) -> None:
    session.exec(update(OutboxItem).where(col(OutboxItem.id) == item_id).values(  # type: ignore[call-overload]
        status=Status.SENT, telegram_message_id=message_id, sent_at=utcnow(), lease_until=None))
    session.commit()


def reschedule(*, session: Session, item_id: int, delay_seconds: float, error: str, count_attempt: bool = True) -> None:
    item = session.get(OutboxItem, item_id)
    if item is None:
        return
    item.status = Status.PENDING
    item.lease_until = None
    item.next_attempt_at = utcnow() + timedelta(seconds=delay_seconds)
    item.last_error = error[:500]
    if count_attempt:
        item.attempts += 1
    session.commit()


def mark_failed(*, session: Session, item_id: int, error: str) -> None:
    item = session.get(OutboxItem, item_id)
    if item is None:
        return
    item.status = Status.FAILED
    item.lease_until = None
    item.attempts += 1
    item.last_error = error[:500]
    session.commit()


def fail_pending_for_chat(*, session: Session, chat_id: int, error: str) -> int:
    """Give up every unsent message to a chat that is gone (blocked the bot, kicked it, not found)."""
    result = session.exec(update(OutboxItem).where(  # type: ignore[call-overload]
        col(OutboxItem.chat_id) == chat_id, col(OutboxItem.status).in_([Status.PENDING, Status.SENDING])
    ).values(status=Status.FAILED, last_error=error[:500], lease_until=None))
    session.commit()
    return result.rowcount or 0


def rekey_chat(*, session: Session, old_id: int, new_id: int) -> None:
    """Point unsent messages of a migrated group at its new supergroup id."""
    session.exec(update(OutboxItem).where(  # type: ignore[call-overload]
        col(OutboxItem.chat_id) == old_id, col(OutboxItem.status) != Status.SENT
    ).values(chat_id=new_id, status=Status.PENDING, lease_until=None, next_attempt_at=utcnow()))
    session.commit()


def replace_with_parts(*, session: Session, item_id: int, parts: list[str]) -> None:
    """Split a message Telegram found too long into several queued parts (the original is retired)."""
    item = session.get(OutboxItem, item_id)
    if item is None:
        return
    for i, part in enumerate(parts):
        session.add(OutboxItem(chat_id=item.chat_id, kind=item.kind, dedupe_key=f"{item.dedupe_key}#{i}",
                               article_id=item.article_id, topic=item.topic, topic_key=item.topic_key, text=part))
    item.status = Status.FAILED
    item.last_error = f"split into {len(parts)} parts"
    session.commit()


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    sending: int
    sent: int
    failed: int
    last_errors: list[tuple[int, str]]  # (chat id, error) of recent failures


def outbox_counts(*, session: Session) -> OutboxCounts:
    counts = dict(session.exec(select(OutboxItem.status, func.count()).group_by(OutboxItem.status)).all())
    failures = session.exec(
        select(OutboxItem.chat_id, OutboxItem.last_error).where(OutboxItem.status == Status.FAILED)
        .order_by(col(OutboxItem.id).desc()).limit(5)
    ).all()
    return OutboxCounts(counts.get(Status.PENDING, 0), counts.get(Status.SENDING, 0), counts.get(Status.SENT, 0),
                        counts.get(Status.FAILED, 0), [(c, e or "") for c, e in failures])


def sent_texts(*, session: Session, chat_id: int) -> list[str]:
    """Texts queued for a chat (digest parts), oldest first — used by tests and /status."""
    query = select(OutboxItem.text).where(OutboxItem.chat_id == chat_id).order_by(col(OutboxItem.id))
    return [t for t in session.exec(query) if t]
