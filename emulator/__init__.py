"""Local Telegram Bot API emulator used by tests, the console chat and benchmarks.

An aiohttp server on 127.0.0.1 that speaks the Bot API over HTTP (``/bot<TOKEN>/<method>``),
so the real python-telegram-bot ``Application`` can run against it unchanged::

    async with BotApiEmulator(token="123456:TEST") as emu:
        app = (ApplicationBuilder().token(emu.token).base_url(emu.bot_base_url)
               .base_file_url(emu.file_base_url).build())
        ...
        emu.send_text(Chat(42), User(42), "/start")
        await emu.wait_for_calls("sendMessage", chat_id=42)

Modules: ``emulator.emulator`` (the façade), ``server`` (HTTP), ``methods`` (the Bot API
methods), ``core``/``state`` (the emulated world), ``updates`` (getUpdates/webhook),
``limits`` (limit clock, flood limits enforced strictly in real time, statistics),
``faults`` (fault injection), ``html_parser``/``markdown``/``entities`` (text formatting).
"""

from emulator.common import ApiError
from emulator.emulator import BotApiEmulator
from emulator.faults import FAULT_KINDS, Fault, FaultKind
from emulator.limits import Clock, RateLimits, Stats
from emulator.models import ApiCall, Chat, ChatType, MemberStatus, User

__all__ = [
    "FAULT_KINDS",
    "ApiCall",
    "ApiError",
    "BotApiEmulator",
    "Chat",
    "ChatType",
    "Clock",
    "Fault",
    "FaultKind",
    "MemberStatus",
    "RateLimits",
    "Stats",
    "User",
]
