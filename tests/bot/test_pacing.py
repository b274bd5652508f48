"""The paced sender against an emulator enforcing Telegram's limits strictly (30 in any sliding second, 1 a second
to a private chat, 20 a minute to a group): per-chat spacing without holding other chats up, and a 429 mid-run
that pauses everything once and then resumes at the rate; a pause one worker saw holds the others' slots too. On
each configured backend.

The bot is an ``ExtBot`` with the application's ``PacedRateLimiter``: the pacer's requests pass through it, so
the pacer itself sees the 429.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import defaultdict

from sqlalchemy import Engine
from telegram.ext import ExtBot

from bot.delivery import DeliveryOptions, drain
from bot.pacer import PacedRateLimiter, Pacer
from emulator import ApiCall, BotApiEmulator
from storage.engine import read_session, write_session
from storage.outbox import ChatGaps, enqueue, outbox_counts
from tests.support.botkit import TOKEN

PRIVATE = 700_001  # one private chat with a three-part digest
GROUP = -1_000_700_002  # one channel with a two-part digest
OTHERS = list(range(700_101, 700_141))  # forty private chats with one message each, queued after those two


def _queue(engine: Engine, chats: dict[int, int]) -> None:
    with write_session(engine) as session:
        for chat_id, parts in chats.items():
            for part in range(parts):
                assert enqueue(session=session, chat_id=chat_id, kind="digest", dedupe_key=f"d:{chat_id}:{part}",
                               text=f"Digest for {chat_id}, part {part + 1} of {parts}")


def _by_chat(calls: list[ApiCall]) -> dict[int, list[float]]:
    times: dict[int, list[float]] = defaultdict(list)
    for call in calls:
        times[int(call.chat_id)].append(call.time)  # type: ignore[arg-type]
    return times


async def _drain_until_empty(bot: ExtBot, engine: Engine, options: DeliveryOptions) -> dict[str, int]:
    """What the send job does: drain until no row is pending (one a 429 sent back comes due a second later)."""
    total: dict[str, int] = {}
    for _ in range(10):
        for outcome, n in (await drain(bot, engine, options)).items():
            total[outcome] = total.get(outcome, 0) + n
        with read_session(engine) as session:
            counts = outbox_counts(session=session)
        if counts.pending + counts.sending == 0:
            break
        await asyncio.sleep(0.3)
    return total


async def test_per_chat_and_per_group_spacing_without_holding_other_chats_up(engine: Engine) -> None:
    _queue(engine, {PRIVATE: 3, GROUP: 2, **dict.fromkeys(OTHERS, 1)})
    async with BotApiEmulator(token=TOKEN, enforce_limits=True) as emu:
        async with ExtBot(TOKEN, base_url=emu.bot_base_url, rate_limiter=PacedRateLimiter(max_retries=3)) as bot:
            counts = await _drain_until_empty(bot, engine, DeliveryOptions())
        sent = emu.calls_to("sendMessage", ok=True)
        assert not emu.calls_to("sendMessage", ok=False), "refused (429)"
        assert counts == {"sent": 3 + 2 + len(OTHERS)}
        times = _by_chat(sent)
        assert [c.params["text"] for c in sent if c.chat_id == PRIVATE] == [
            f"Digest for {PRIVATE}, part {n} of 3" for n in (1, 2, 3)]
        private, group = times[PRIVATE], times[GROUP]
        assert all(b - a >= 1.0 for a, b in itertools.pairwise(private)), private  # 1 a second
        assert group[1] - group[0] >= 3.0, group  # 20 a minute, evenly
        # The other chats went out while those two waited for their gaps.
        others = [t for chat in OTHERS for t in times[chat]]
        assert len([t for t in others if private[0] < t < private[1]]) >= 10, (private, sorted(others))
        assert emu.stats.peak_per_second <= 30


async def test_a_429_pauses_every_send_once_then_sending_resumes_at_the_rate(engine: Engine) -> None:
    chats = list(range(710_001, 710_061))
    _queue(engine, dict.fromkeys(chats, 1))
    options = DeliveryOptions(in_flight=8)  # a burst after the pause would be 8 messages at once
    async with BotApiEmulator(token=TOKEN, enforce_limits=True) as emu:
        emu.fail_chat(chats[20], "retry_after", times=1, retry_after=1)
        async with ExtBot(TOKEN, base_url=emu.bot_base_url, rate_limiter=PacedRateLimiter(max_retries=3)) as bot:
            counts = await _drain_until_empty(bot, engine, options)
        [refused] = emu.calls_to("sendMessage", ok=False)
        accepted = sorted(c.time for c in emu.calls_to("sendMessage", ok=True))
    assert counts == {"sent": len(chats), "retry": 1}  # the pacer itself saw the 429
    assert sorted(_by_chat(emu.calls_to("sendMessage", ok=True))) == chats  # each chat once, the refused one too
    # Nothing left during the retry_after (requests already on their way when the 429 came back may land first).
    assert not [t for t in accepted if refused.time + 0.2 < t < refused.time + 1.0], accepted
    # Then the rate, not a burst: the slots after the pause start no earlier than its end, 1/29 s apart, and a
    # message arrives no earlier than its slot, so at most 3 arrive in the pause's first 100 ms (a burst: 8).
    end = refused.time + 1.0
    assert len([t for t in accepted if end <= t < end + 0.1]) <= 3, accepted
    assert [t for t in accepted if t >= end], "nothing sent after the pause"


async def test_a_pause_seen_by_another_worker_replaces_slots_handed_out_before_it(engine: Engine) -> None:
    _queue(engine, {720_001: 1})
    first, second = (Pacer(engine, rate=29.0, gaps=ChatGaps(1.05, 3.05), lease_seconds=120.0, worker=f"host:{n}")
                     for n in (1, 2))
    [(row, slot)] = await asyncio.to_thread(second.claim, 1)  # the second worker's slot: now
    await first.pause(0.5)  # the first worker got a 429 meanwhile
    until = first.resume_at
    assert slot < until
    await second.turn(row.id, slot)
    assert time.time() >= until  # the second worker did not send into the pause
    assert second.resume_at == until
