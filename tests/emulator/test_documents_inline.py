"""The emulator's sendDocument (multipart uploads) and inline queries (answerInlineQuery), through the real
python-telegram-bot client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
import telegram
from telegram import InlineQueryResultArticle, InputFile, InputTextMessageContent
from telegram.error import BadRequest

from emulator import BotApiEmulator, Chat, User
from emulator.methods import inline

TOKEN = "123456:TEST"
ALICE = User(1001, first_name="Alice", language_code="kk")


@pytest_asyncio.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN, bot_username="EnergyBridgeBot") as emulator:
        yield emulator


@pytest_asyncio.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[telegram.Bot]:
    client = telegram.Bot(TOKEN, base_url=f"{emu.base_url}/bot", base_file_url=emu.file_base_url)
    async with client:
        yield client


def _result(result_id: str, text: str = "<b>card</b>") -> InlineQueryResultArticle:
    return InlineQueryResultArticle(result_id, "Title", InputTextMessageContent(text, parse_mode="HTML"))


async def test_a_document_upload_is_stored_with_its_name_and_bytes(emu: BotApiEmulator, bot: telegram.Bot) -> None:
    chat = Chat.for_user(ALICE)
    emu.add_chat(chat)
    data = "\ufeffid,title\r\n1,Рогун\r\n".encode()
    message = await bot.send_document(chat.id, InputFile(data, filename="rogun.csv"), caption="<b>Rogun</b>",
                                      parse_mode="HTML")
    assert message.document is not None and message.document.file_name == "rogun.csv"
    assert message.document.file_size == len(data) and message.caption == "Rogun"
    call = emu.calls_to("sendDocument")[0]
    assert call.files["document"] == data
    stored = await (await bot.get_file(message.document.file_id)).download_as_bytearray()
    assert bytes(stored) == data
    with pytest.raises(BadRequest, match="(?i)no document"):
        await bot.do_api_request("senddocument", api_kwargs={"chat_id": chat.id})


async def test_an_inline_query_is_answered_once_within_the_timeout(emu: BotApiEmulator, bot: telegram.Bot) -> None:
    query_id = emu.send_inline_query(ALICE, "casa")
    updates = await bot.get_updates()
    assert updates[-1].inline_query is not None and updates[-1].inline_query.query == "casa"
    assert updates[-1].inline_query.from_user.language_code == "kk"
    assert await bot.answer_inline_query(query_id, [_result("a"), _result("b")], cache_time=60, is_personal=True,
                                         next_offset="2")
    answer = emu.inline_answer(query_id)
    assert answer is not None and [r["id"] for r in answer["results"]] == ["a", "b"]
    assert answer["next_offset"] == "2" and answer["is_personal"] and answer["cache_time"] == 60
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await bot.answer_inline_query(query_id, [])  # answered already


async def test_bad_inline_answers_are_refused(emu: BotApiEmulator, bot: telegram.Bot,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    query_id = emu.send_inline_query(ALICE, "x")
    with pytest.raises(BadRequest, match="(?i)result_id_duplicate"):
        await bot.answer_inline_query(query_id, [_result("a"), _result("a")])
    with pytest.raises(BadRequest, match="(?i)can.t parse entities"):
        await bot.answer_inline_query(query_id, [_result("a", "<b>unclosed")])
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await bot.answer_inline_query("999", [])
    monkeypatch.setattr(inline, "INLINE_QUERY_TIMEOUT_S", -1.0)
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await bot.answer_inline_query(query_id, [_result("a")])
