"""No input gives the apology: odd numbers, forged or repeated buttons, commands for other bots; in groups only
administrators change the language or take the digest. End to end through the Bot API emulator."""

from __future__ import annotations

import pytest

from emulator import Chat, User
from ui.i18n import tr

ALICE = User(id=601, first_name="Alice", language_code="en")
BORIS = User(id=602, first_name="Борис", language_code="ru")
APOLOGY = tr("en")("Sorry, something went wrong while answering. Please try again.")
EXPIRED = tr("en")("This list has expired. Please send the command again.")
HUGE = "9" * 4400  # more digits than int() converts


def _texts(calls) -> list[str]:
    return [str(c.params.get("text", "")) for c in calls]


def _answers(bot, before: int) -> list[dict]:
    return [c.params for c in bot.emu.calls[before:] if c.method == "answerCallbackQuery"]


def _no_apology_sent(bot, before: int) -> None:
    sent = [c for c in bot.emu.calls[before:] if c.method in ("sendMessage", "editMessageText")]
    assert not [t for t in _texts(sent) if "Sorry" in t or APOLOGY in t]


def _no_apology(bot, before: int) -> None:
    _no_apology_sent(bot, before)
    assert all(c.ok for c in bot.emu.calls[before:] if c.method != "getUpdates"), "a call the bot made failed"


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/latest ²", "Usage: /latest [n]"),
        (f"/latest {HUGE}", "Usage: /latest [n]"),
        ("/article ²", "Usage: /article &lt;id&gt;"),
        ("/article_²", "Send /help"),
        ("/article_٣", "Usage: /article &lt;id&gt;"),
        ("/article 99999999999999999999", "There is no article 99999999999999999999."),
        (f"/article {HUGE}", "There is no article 9999"),
        ("/article 0", "There is no article 0."),
        ("/digestday ²", "Usage: /digestday"),
        (f"/digestday {HUGE}", "Usage: /digestday"),
    ],
)
async def test_odd_numbers_get_a_specific_answer(bot, command: str, expected: str) -> None:
    chat = Chat.for_user(ALICE)
    before = len(bot.emu.calls)
    replies = await bot.say(chat, ALICE, command)
    assert expected in _texts(replies)[0]
    _no_apology(bot, before)


@pytest.mark.parametrize("offset", ["²", HUGE, "-1", "99999999999999999999"])
async def test_a_forged_inline_offset_starts_over(bot, offset: str) -> None:
    query_id = bot.emu.send_inline_query(ALICE, "CASA", offset=offset)
    answer = await bot.emu.wait_for(lambda: bot.emu.inline_answer(query_id), timeout=10)
    assert answer["results"]


async def _latest_message(bot, chat: Chat) -> int:
    replies = await bot.say(chat, ALICE, "/latest 2")
    return int(replies[-1].response["result"]["message_id"])


@pytest.mark.parametrize(
    "data",
    ["pg:lat:", "pg:lat", "pg:cty:TJ:²", "pg:cty:TJ:99999999999999999999999", "pg:prj:casa-1000:-1",
     f"pg:per:daler-juma:{HUGE}", "pg:src:nokey:0", "tl:p:", "tl:c:TJ:²", "pick:prj", "unsub:²", f"unsub:{HUGE}",
     "lang:xx"],
)
async def test_forged_buttons_get_an_answer_not_the_apology(bot, data: str) -> None:
    chat = Chat.for_user(ALICE)
    message_id = await _latest_message(bot, chat)
    before = len(bot.emu.calls)
    bot.emu.press_button(chat, ALICE, message_id, data, check_button=False)
    await bot.emu.wait_for(lambda: _answers(bot, before), timeout=10)
    await bot.emu.wait_idle(timeout=10, quiet=0.15)
    _no_apology(bot, before)
    answers = _answers(bot, before)
    assert len(answers) == 1
    if data.startswith("pg:"):
        assert answers[0].get("text") == EXPIRED


async def test_a_second_tap_on_a_page_button_changes_nothing_quietly(bot) -> None:
    chat = Chat.for_user(ALICE)
    message_id = await _latest_message(bot, chat)
    edits = []
    for _ in range(2):  # a double tap: the second press carries the button of the page before the first edit
        before = len(bot.emu.calls)
        bot.emu.press_button(chat, ALICE, message_id, "pg:lat:2:2", check_button=False)
        await bot.emu.wait_for(lambda b=before: _answers(bot, b), timeout=10)
        await bot.emu.wait_idle(timeout=10, quiet=0.15)
        assert len(_answers(bot, before)) == 1
        edits += [c for c in bot.emu.calls[before:] if c.method == "editMessageText"]
        _no_apology_sent(bot, before)
    assert [c.ok for c in edits] == [True, False]  # Telegram refused the second edit: nothing changed


async def test_a_second_tap_on_a_remove_button_is_quiet(bot) -> None:
    chat = Chat.for_user(ALICE)
    await bot.say(chat, ALICE, "/subscribe project CASA-1000 instant")
    await bot.say(chat, ALICE, "/subscribe country TJ instant")
    listing = await bot.say(chat, ALICE, "/subscriptions")
    message_id = int(listing[-1].response["result"]["message_id"])
    button = listing[-1].params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    for _ in range(2):
        before = len(bot.emu.calls)
        bot.emu.press_button(chat, ALICE, message_id, button, check_button=False)
        await bot.emu.wait_for(lambda b=before: _answers(bot, b), timeout=10)
        await bot.emu.wait_idle(timeout=10, quiet=0.15)
        _no_apology_sent(bot, before)


@pytest.mark.parametrize("command", ["/article_1@OtherBot", "/latest@OtherBot", "/nosuch@OtherBot",
                                     "/language@OtherBot ru"])
async def test_commands_for_another_bot_are_ignored(bot, command: str) -> None:
    for chat in (Chat.for_user(ALICE), Chat(id=-7001, type="supergroup", title="Energy desk")):
        before = len(bot.emu.calls)
        assert await bot.say(chat, ALICE, command, expect=0, wait=2.0) == []
        assert not [c for c in bot.emu.calls[before:] if c.method == "sendMessage"]
    # Addressed to this bot, the same command is answered.
    replies = await bot.say(Chat.for_user(ALICE), ALICE, "/article_1@EnergyBridgeBot")
    assert "/article_1" not in _texts(replies)[0] and replies[0].params.get("parse_mode") == "HTML"


async def test_in_a_group_only_admins_change_the_language_and_take_the_digest(bot) -> None:
    group = Chat(id=-7002, type="supergroup", title="Energy desk")
    refused = await bot.say(group, BORIS, "/language kk")
    assert _texts(refused) == [tr("ru")("Only the group's administrators can change its language.")]
    keyboard = await bot.say(group, BORIS, "/language")
    message_id = int(keyboard[-1].response["result"]["message_id"])
    before = len(bot.emu.calls)
    await bot.press(group, BORIS, message_id, "lang:kk", expect=0)
    [answer] = _answers(bot, before)
    assert answer["text"] == tr("ru")("Only the group's administrators can change its language.")
    assert not [c for c in bot.emu.calls[before:] if c.method == "editMessageText"]
    digest = await bot.say(group, BORIS, "/digest")
    assert _texts(digest) == [tr("ru")("Only the group's administrators can ask for its digest now.")]

    bot.emu.set_member_status(group.id, BORIS.id, "administrator")
    before = len(bot.emu.calls)
    await bot.press(group, BORIS, message_id, "lang:kk")
    assert [c for c in bot.emu.calls[before:] if c.method == "editMessageText"]
    accepted = await bot.say(group, BORIS, "/language en")
    assert _texts(accepted) == ["Language set to English."]
    assert "administrators" not in _texts(await bot.say(group, BORIS, "/digest"))[0]
