"""The bot's shared send budget: one row per budget holding the next free send instant, for every worker.

Telegram's overall limit (30 messages/s) is per bot, not per process: several workers (webhook mode, one
PostgreSQL database) must share it. The budget row ``send_budget(name, next_at)`` holds the instant (Unix
seconds, the workers' wall clock) at which the next message may leave. A worker takes ``count`` slots in its
claim transaction: slot ``i`` starts at ``max(next_at, now) + i * interval`` and ``next_at`` moves past the
last one. The row is locked for the transaction (``SELECT ... FOR UPDATE`` on PostgreSQL, the single write
lock on SQLite), so workers' slots never overlap and, taken together, leave at most ``1 / interval`` messages
a second. A 429 pushes ``next_at`` to the end of the ``retry_after`` for every worker, and records that end in
the budget's pause row (``<name>:pause``), so that slots other workers took before the 429 are replaced rather
than used during the pause (:func:`pause_budget`, :func:`paused_until`).

Workers on several hosts read their own clocks: keep them NTP-synchronised (a skew of ``d`` seconds lets up
to ``d / interval`` extra messages through once).
"""

from __future__ import annotations

from sqlalchemy import Float, String
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, select

from storage.engine import is_sqlite

TELEGRAM = "telegram"  # the bot's overall budget
PAUSE_SUFFIX = ":pause"  # a second row per budget: its next_at is the end of the last 429 pause


class SendBudget(SQLModel, table=True):
    __tablename__ = "send_budget"

    name: str = Field(sa_type=String(32), primary_key=True)
    next_at: float = Field(default=0.0, sa_type=Float(), nullable=False)  # Unix seconds: the next free instant


def lock_budget(*, session: Session, name: str = TELEGRAM) -> SendBudget:
    """Lock the budget row for the rest of the transaction (creating it on first use) and return it.

    Taking it first in a claim transaction also serialises the claims of all workers.
    """
    query = select(SendBudget).where(SendBudget.name == name)
    if not is_sqlite(session):
        query = query.with_for_update()
    budget = session.exec(query).first()
    if budget is None:
        try:
            with session.begin_nested():
                session.add(SendBudget(name=name, next_at=0.0))
        except IntegrityError:
            pass  # another worker created it first: lock theirs
        budget = session.exec(query.execution_options(populate_existing=True)).one()
    return budget


def take_slots(*, session: Session, count: int, interval: float, now: float, name: str = TELEGRAM) -> list[float]:
    """Reserve ``count`` send instants ``interval`` apart, the first no earlier than ``now``; no commit."""
    if count <= 0:
        return []
    budget = lock_budget(session=session, name=name)
    first = max(budget.next_at, now)
    budget.next_at = first + count * interval
    session.add(budget)
    session.flush()
    return [first + i * interval for i in range(count)]


def pause_budget(*, session: Session, until: float, name: str = TELEGRAM) -> None:
    """Telegram asked to wait: no slot of any worker starts before ``until``, and slots handed out before it are
    not used (:func:`paused_until`); no commit."""
    for row_name in (name, name + PAUSE_SUFFIX):
        budget = lock_budget(session=session, name=row_name)
        if budget.next_at < until:
            budget.next_at = until
            session.add(budget)
            session.flush()


def paused_until(*, session: Session, name: str = TELEGRAM) -> float:
    """The end of the last pause any worker was told (Unix seconds; 0 if none): a slot before it is stale."""
    until = session.exec(select(SendBudget.next_at).where(SendBudget.name == name + PAUSE_SUFFIX)).first()
    return until or 0.0
