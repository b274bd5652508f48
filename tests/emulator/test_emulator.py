"""Tests of the Bot API emulator, driven by the real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, ChatMigrated, Conflict, Forbidden, InvalidToken, NetworkError
from telegram.error import RetryAfter as RetryAfterError
from telegram.ext import Application, ApplicationBuilder, CommandHandler, ContextTypes

from emulator import BotApiEmulator, Chat, User

TOKEN = "123456:TEST"
ALICE = User(1001, first_name="Alice", username="alice", language_code="ru")
ALICE_CHAT = Chat.for_user(ALICE)
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

GROUP = Chat(-100555, type="supergroup", title="Energy", username="energy_group")


@pytest_asyncio.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN, bot_username="EnergyBridgeBot") as emulator:
        yield emulator


@pytest_asyncio.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[telegram.Bot]:
    client = telegram.Bot(TOKEN, base_url=f"{emu.base_url}/bot", base_file_url=emu.file_base_url)
    async with client:
        yield client


def keyboard(*datas: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d) for d in datas]])


async def raw_post(emu: BotApiEmulator, method: str, **kwargs: Any) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{emu.base_url}/bot{TOKEN}/{method}", **kwargs) as response:
            body: dict[str, Any] = await response.json()
            return response.status, body


# -- basics -------------------------------------------------------------------------------------
async def test_get_me_and_method_names_are_case_insensitive(emu: BotApiEmulator, bot: telegram.Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "EnergyBridgeBot", True)
    assert (await bot.do_api_request("GETME"))["username"] == "EnergyBridgeBot"
    assert [call.method for call in emu.calls_to("getme")] == ["getMe", "getMe", "getMe"]


async def test_unknown_method_and_wrong_token(emu: BotApiEmulator) -> None:
    status, body = await raw_post(emu, "noSuchMethod")
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    with pytest.raises(InvalidToken):
        async with telegram.Bot("999:WRONG", base_url=f"{emu.base_url}/bot"):
            pass  # initialize() calls getMe
    assert emu.calls[-1].status == 401
    assert emu.calls[-1].response["description"] == "Unauthorized"


async def test_json_form_and_multipart_bodies_decode_alike(emu: BotApiEmulator) -> None:
    markup = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}
    bodies: list[dict[str, Any]] = [
        {"json": {"chat_id": 7, "text": "a", "reply_markup": markup}},
        {"params": {"chat_id": "7", "text": "a", "reply_markup": json.dumps(markup)}},
        {"json": {"chat_id": "7", "text": "a", "reply_markup": json.dumps(markup)}},
        {"data": {"chat_id": "7", "text": "a", "reply_markup": json.dumps(markup)}},
    ]
    form = aiohttp.FormData()
    for key, value in (("chat_id", "7"), ("text", "a"), ("reply_markup", json.dumps(markup))):
        form.add_field(key, value)
    form.add_field("unused", b"bytes", filename="x.bin")
    bodies.append({"data": form})
    for body in bodies:
        status, answer = await raw_post(emu, "sendmessage", **body)
        assert status == 200 and answer["ok"], answer
        assert answer["result"]["reply_markup"] == markup
    params = [call.params for call in emu.calls_to("sendMessage")]
    assert all(p["chat_id"] == 7 and p["reply_markup"] == markup for p in params)
    assert emu.stats.duplicates == 4


# -- sending and editing ------------------------------------------------------------------------
async def test_send_message_html_entities_and_keyboard(emu: BotApiEmulator, bot: telegram.Bot) -> None:
    sent = await bot.send_message(
        ALICE.id, "😀 <b>Bold &amp; <i>both</i></b> <a href='https://x.org'>link</a>",
        parse_mode="HTML", reply_markup=keyboard("subscribe"),
    )
    assert sent.text == "😀 Bold & both link"
    entities = [(e.type, e.offset, e.length) for e in sent.entities]
    assert entities == [("bold", 3, 11), ("italic", 10, 4), ("text_link", 15, 4)]
    assert sent.entities[2].url == "https://x.org"
    assert sent.from_user is not None and sent.from_user.id == emu.bot_id
    call = emu.calls_to("sendMessage", chat_id=ALICE.id)[0]
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "subscribe"
    stored = emu.sent_messages(ALICE.id)
    assert [m["message_id"] for m in stored] == [sent.message_id]
    assert stored[0]["reply_markup"] == call.params["reply_markup"]


async def test_edit_message_text_and_not_modified(emu: BotApiEmulator, bot: telegram.Bot) -> None:
    sent = await bot.send_message(ALICE.id, "v1", reply_markup=keyboard("a"))
    await bot.edit_message_text("<b>v2</b>", chat_id=ALICE.id, message_id=sent.message_id,
                                parse_mode="HTML", reply_markup=keyboard("b"))
    current = emu.message(ALICE.id, sent.message_id)
    assert current is not None
    assert current["text"] == "v2" and current["entities"][0]["type"] == "bold"
    assert current["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "b"
    assert emu.sent_messages(ALICE.id)[0]["text"] == "v1"  # as sent
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("<b>v2</b>", chat_id=ALICE.id, message_id=sent.message_id,
                                    parse_mode="HTML", reply_markup=keyboard("b"))
    await bot.edit_message_reply_markup(chat_id=ALICE.id, message_id=sent.message_id)
    assert "reply_markup" not in (emu.message(ALICE.id, sent.message_id) or {})
    with pytest.raises(BadRequest, match="[Mm]essage to edit not found"):
        await bot.edit_message_text("x", chat_id=ALICE.id, message_id=999)
    assert await bot.delete_message(ALICE.id, sent.message_id)
    assert emu.message(ALICE.id, sent.message_id) is None


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("<div>x</div>", 'can\'t parse entities: Unsupported start tag "div" at byte offset 0'),
        ("<b>open", 'can\'t parse entities: Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", "can't parse entities: Unmatched end tag at byte offset 7, "
                            'expected "</i>", found "</b>"'),
        ("<br/>", 'can\'t parse entities: Unsupported start tag "br/" at byte offset 0'),
        ("<b></b>  ", "message text is empty"),
        ("<b>" + "x" * 4097 + "</b>", "message is too long"),
        ("😀" * 2049, "message is too long"),
    ],
)
async def test_html_validation(emu: BotApiEmulator, text: str, description: str) -> None:
    status, body = await raw_post(emu, "sendMessage",
                                  json={"chat_id": 1, "text": text, "parse_mode": "HTML"})
    assert (status, body["description"]) == (400, f"Bad Request: {description}")


async def test_length_counts_visible_utf16_text(bot: telegram.Bot) -> None:
    await bot.send_message(1, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    await bot.send_message(1, "😀" * 2048)
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(1, "x" * 4097)
    with pytest.raises(BadRequest, match="reserved"):
        await bot.send_message(1, "Price 3.5", parse_mode="MarkdownV2")


async def test_callback_data_is_validated(bot: telegram.Bot) -> None:
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await bot.send_message(1, "hi", reply_markup=keyboard("x" * 65))
    await bot.send_message(1, "hi", reply_markup=keyboard("я" * 32))  # 64 bytes: fine


# -- faults ---------------------------------------------------------------------------------------
async def test_fault_injection(emu: BotApiEmulator, bot: telegram.Bot) -> None:
    emu.fail_chat(10, "retry_after", times=1, retry_after=3)
    with pytest.raises(RetryAfterError):
        await bot.send_message(10, "hi")
    assert emu.calls[-1].response == {
        "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }
    assert (await bot.send_message(10, "hi")).text == "hi"

    emu.fail_chat(11, "blocked")
    for _ in range(2):
        with pytest.raises(Forbidden, match="blocked by the user"):
            await bot.send_message(11, "hi")
    emu.fail_chat(-12, "kicked", times=1)
    with pytest.raises(Forbidden, match="kicked"):
        await bot.send_message(-12, "hi")
    emu.fail_chat(-13, "migrated", migrate_to_chat_id=-100013)
    with pytest.raises(ChatMigrated) as migrated:
        await bot.send_message(-13, "hi")
    assert migrated.value.new_chat_id == -100013
    emu.fail_chat(14, "server_error", times=1)
    with pytest.raises(NetworkError):
        await bot.send_message(14, "hi")
    emu.fail_chat(15, "not_found")
    with pytest.raises(BadRequest, match="[Cc]hat not found"):
        await bot.send_message(15, "hi")
    emu.fail_chat(16, "too_long", max_length=10)
    await bot.send_message(16, "<b>0123456789</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(16, "0123456789!")
    emu.clear_faults()
    await bot.send_message(11, "hi again")
    assert emu.stats.injected_faults == 8
    assert emu.stats.too_many_requests == 1


async def test_rate_limits_are_strict_sliding_windows() -> None:
    # A frozen clock stands still unless advanced -> deterministic.
    async with BotApiEmulator(token=TOKEN, frozen_clock=True, enforce_limits=True) as emu:
        async with telegram.Bot(TOKEN, base_url=emu.bot_base_url) as bot:
            await bot.send_message(1, "m0")
            with pytest.raises(RetryAfterError):  # 1 per sliding second to a private chat: no burst
                await bot.send_message(1, "m1")
            assert emu.calls[-1].response["parameters"]["retry_after"] == 1
            emu.advance_clock(0.5)
            with pytest.raises(RetryAfterError):
                await bot.send_message(1, "m1")
            emu.advance_clock(0.5)
            await bot.send_message(1, "m0")  # accepted again; same chat + same text = duplicate
            for i in range(20):
                await bot.send_message(-100, f"g{i}")
            with pytest.raises(RetryAfterError):
                await bot.send_message(-100, "g20")
            assert emu.calls[-1].response["parameters"]["retry_after"] == 60
            emu.advance_clock(1.0)
            for chat in range(2, 33):  # the 31st message within one second is refused
                try:
                    await bot.send_message(chat, "fan-out")
                except RetryAfterError:
                    break
            assert emu.stats.messages_accepted == 1 + 1 + 20 + 30
            assert emu.stats.too_many_requests == 4
            assert emu.stats.peak_per_second == 30
            assert emu.stats.duplicates == 1
            assert emu.stats.per_chat[-100] == 20
            emu.advance_clock(0.999)  # still inside the second of the 30: refused
            with pytest.raises(RetryAfterError):
                await bot.send_message(40, "late")
            emu.advance_clock(0.002)
            await bot.send_message(40, "late")


# -- updates --------------------------------------------------------------------------------------
async def test_get_updates_long_polling_and_offset(emu: BotApiEmulator, bot: telegram.Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    assert not poll.done()
    update_id = emu.send_text(ALICE_CHAT, ALICE, "/start ref_42")
    updates = await asyncio.wait_for(poll, 2)
    assert [u.update_id for u in updates] == [update_id]
    message = updates[0].message
    assert message is not None and message.text == "/start ref_42"
    assert message.entities[0].type == "bot_command" and message.entities[0].length == 6
    assert message.from_user is not None and message.from_user.language_code == "ru"
    assert [u.update_id for u in await bot.get_updates()] == [update_id]  # not confirmed yet
    assert await bot.get_updates(offset=update_id + 1) == ()
    assert emu.pending_updates == []
    started = asyncio.get_running_loop().time()
    assert await bot.get_updates(offset=update_id + 1, timeout=dtm.timedelta(seconds=0.2)) == ()
    assert asyncio.get_running_loop().time() - started >= 0.19


async def test_buttons_callback_queries_and_channel_posts(emu: BotApiEmulator, bot: telegram.Bot) -> None:
    sent = await bot.send_message(ALICE.id, "Pick", reply_markup=keyboard("lang:en", "lang:ru"))
    update_id = emu.press_button(ALICE_CHAT, ALICE, sent.message_id, "lang:ru")
    with pytest.raises(ValueError, match="no button"):
        emu.press_button(ALICE_CHAT, ALICE, sent.message_id, "lang:xx")
    channel = Chat(-100777, type="channel", title="News", username="energy_news")
    post_id = emu.post_channel(channel, "#energy news")
    updates = await bot.get_updates(allowed_updates=Update.ALL_TYPES)
    assert [u.update_id for u in updates] == [update_id, post_id]
    query = updates[0].callback_query
    assert query is not None and query.data == "lang:ru"
    assert query.message is not None and query.message.message_id == sent.message_id
    await query.answer("Saved", show_alert=True)
    assert emu.callback_answer(update_id) == {"text": "Saved", "show_alert": True, "url": None,
                                              "cache_time": 0}
    with pytest.raises(BadRequest, match="[Qq]uery is too old"):
        await query.answer("again")
    post = updates[1].channel_post
    assert post is not None and post.sender_chat is not None and post.sender_chat.id == -100777
    assert (await bot.get_chat("@energy_news")).title == "News"


async def test_members_commands_and_webhook(emu: BotApiEmulator, bot: telegram.Bot) -> None:
    emu.add_chat(GROUP)
    emu.set_member_status(GROUP.id, ALICE.id, "creator")
    emu.set_member_status(GROUP.id, emu.bot_id, "administrator")
    assert (await bot.get_chat_member(GROUP.id, 42)).status == "member"
    assert (await bot.get_chat_member("@energy_group", ALICE.id)).status == "creator"
    admins = await bot.get_chat_administrators(GROUP.id)
    assert [(a.user.id, a.status) for a in admins] == [(ALICE.id, "creator"),
                                                       (emu.bot_id, "administrator")]
    emu.set_member_status(GROUP.id, emu.bot_id, "kicked")
    with pytest.raises(Forbidden, match="kicked"):
        await bot.send_message(GROUP.id, "hi")

    await bot.set_my_commands([("start", "Начать")], language_code="ru")
    await bot.set_my_commands([("start", "Start")])
    assert [c.description for c in await bot.get_my_commands(language_code="ru")] == ["Начать"]
    assert emu.commands(language_code="ru") == [{"command": "start", "description": "Начать"}]
    assert emu.visible_commands(ALICE.id, ALICE.id, "en")[0]["description"] == "Start"
    with pytest.raises(BadRequest, match="(?i)bot_command_invalid"):
        await bot.set_my_commands([("Bad-Command", "x")])

    assert await bot.set_webhook("http://127.0.0.1:9/hook", secret_token="s3cret")
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    assert (await bot.get_webhook_info()).url == "http://127.0.0.1:9/hook"
    assert await bot.delete_webhook()
    assert (await bot.get_webhook_info()).url == ""


async def test_webhook_delivery(emu: BotApiEmulator, bot: telegram.Bot) -> None:
    received: asyncio.Queue[tuple[str | None, dict[str, Any]]] = asyncio.Queue()

    async def hook(request: aiohttp.web.Request) -> aiohttp.web.Response:
        await received.put((request.headers.get("X-Telegram-Bot-Api-Secret-Token"),
                            await request.json()))
        return aiohttp.web.Response()

    app = aiohttp.web.Application()
    app.router.add_post("/hook", hook)
    runner = aiohttp.web.AppRunner(app)
    await runner.setup()
    site = aiohttp.web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = runner.addresses[0][1]
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="tok")
        update_id = emu.send_text(ALICE_CHAT, ALICE, "hello")
        secret, update = await asyncio.wait_for(received.get(), 2)
        assert secret == "tok" and update["update_id"] == update_id
        await emu.wait_for(lambda: not emu.pending_updates, timeout=2)
    finally:
        await bot.delete_webhook()
        await runner.cleanup()


async def test_stopping_with_an_active_webhook_returns() -> None:
    """Stopping ends the webhook delivery task (on Python 3.11 a swallowed cancellation used to hang here)."""
    emulator = await BotApiEmulator(token=TOKEN).start()
    try:
        async with telegram.Bot(TOKEN, base_url=f"{emulator.base_url}/bot") as client:
            assert await client.set_webhook("http://127.0.0.1:9/hook")
    finally:
        stopping = asyncio.create_task(emulator.stop())
        done, _ = await asyncio.wait({stopping}, timeout=5)
    assert done, "the emulator did not stop"


async def test_send_photo_upload_and_file_download(emu: BotApiEmulator, bot: telegram.Bot) -> None:
    message = await bot.send_photo(ALICE.id, photo=b"\x89PNG fake", caption="<i>chart</i>",
                                   parse_mode="HTML")
    assert message.caption == "chart" and message.caption_entities[0].type == "italic"
    file = await bot.get_file(message.photo[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == b"\x89PNG fake"
    again = await bot.send_photo(ALICE.id, photo=message.photo[-1].file_id)
    assert again.photo[-1].file_id == message.photo[-1].file_id
    assert len(emu.sent_messages(ALICE.id)) == 2


# -- a real Application ------------------------------------------------------------------------
async def test_application_polling_replies_to_start(emu: BotApiEmulator) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(
            "<b>Welcome</b>", parse_mode="HTML", reply_markup=keyboard("subscribe")
        )

    app: Application = (  # type: ignore[type-arg]
        ApplicationBuilder().token(TOKEN).base_url(f"{emu.base_url}/bot")
        .base_file_url(emu.file_base_url).build()
    )
    app.add_handler(CommandHandler("start", start))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        emu.send_text(ALICE_CHAT, ALICE, "/start")
        calls = await emu.wait_for_calls("sendMessage", chat_id=ALICE.id, timeout=5)
        assert calls[0].ok and calls[0].params["text"] == "<b>Welcome</b>"
        assert emu.sent_messages(ALICE.id)[0]["text"] == "Welcome"
        await emu.wait_idle(timeout=3)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    assert emu.pending_updates == []  # the final getUpdates confirmed the update
    assert emu.calls_to("getMe") and emu.calls_to("deleteWebhook")
