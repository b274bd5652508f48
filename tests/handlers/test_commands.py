"""End to end: the real Application answers commands through HTTP against the Bot API emulator."""

from __future__ import annotations

import asyncio
import re

import pytest

from emulator import Chat, User
from ui.render import visible_len

ALICE = User(id=501, first_name="Alice", language_code="en")
ALIBEK = User(id=502, first_name="Әлібек", language_code="kk")
BORIS = User(id=503, first_name="Борис", language_code="ru-RU")


def _text(call) -> str:
    return str(call.params["text"])


COMMANDS = ["/start", "/help", "/project CASA1000", "/projects", "/country Tajikistan", "/countries",
            "/person Daler Juma", "/latest", "/search energy", "/article 1", "/language"]


@pytest.mark.parametrize("user", [ALICE, ALIBEK, BORIS], ids=["en", "kk", "ru"])
async def test_every_command_answers_in_html(bot, user) -> None:
    chat = Chat.for_user(user)
    for command in COMMANDS:
        replies = await bot.say(chat, user, command)
        assert replies, command
        for call in replies:
            assert call.ok, (command, call.response)
            assert call.params.get("parse_mode") == "HTML"
            assert visible_len(_text(call)) <= 4096


async def test_country_in_user_language(bot) -> None:
    en = await bot.say(Chat.for_user(ALICE), ALICE, "/country Tajikistan")
    kk = await bot.say(Chat.for_user(ALIBEK), ALIBEK, "/country Tajikistan")
    en_head, kk_head = _text(en[0]).split("\n")[0], _text(kk[0]).split("\n")[0]
    assert "Tajikistan" in en_head and "Тәжікстан" in kk_head
    assert _text(en[0]) != _text(kk[0])


@pytest.mark.parametrize("query", ["CASA1000", "casa-1000", "CАSA-1000", "КАСА-1000"])
async def test_project_any_spelling(bot, query) -> None:
    replies = await bot.say(Chat.for_user(ALICE), ALICE, f"/project {query}")
    text = _text(replies[0])
    assert "CASA-1000" in text and "Tajikistan and Kyrgyzstan discussed" in text and "/article_" in text


async def test_project_not_found_suggests(bot) -> None:
    replies = await bot.say(Chat.for_user(ALICE), ALICE, "/project Rogunn dam")
    assert "Rogun" in _text(replies[0])


async def test_search_for_a_country_or_project_name_points_to_its_command(bot) -> None:
    from ui.i18n import tr

    # The seeds write Kyrgyzstan in English and Kazakh ("Қырғызстан"), never in Russian: the words typed are
    # not found, and the reply says which command finds the country in every language, in the user's language.
    none = _text((await bot.say(Chat.for_user(BORIS), BORIS, "/search Кыргызстан"))[0])
    assert tr("ru")("No articles match “{query}”.").format(query="Кыргызстан") in none
    assert tr("ru")("“{query}” is a country: {command} shows its articles in every language.").format(
        query="Кыргызстан", command="/country KG") in none
    found = _text((await bot.say(Chat.for_user(ALICE), ALICE, "/search Kyrgyzstan"))[0])
    assert "/article_" in found and "/country KG" in found
    project = _text((await bot.say(Chat.for_user(ALICE), ALICE, "/search CASA-1000"))[0])
    assert "is a project: /project casa-1000 shows" in project and "/article_" in project
    plain = _text((await bot.say(Chat.for_user(ALICE), ALICE, "/search energy"))[0])
    assert "/country" not in plain and "/project" not in plain


async def test_group_command_with_bot_name(bot) -> None:
    group = Chat(id=-1001, type="group", title="Energy journalists")
    replies = await bot.say(group, ALICE, "/country@EnergyBridgeBot TJ")
    assert "Tajikistan" in _text(replies[0])


async def test_unknown_command_private_and_group(bot) -> None:
    replies = await bot.say(Chat.for_user(ALICE), ALICE, "/frobnicate")
    assert "/help" in _text(replies[0])
    group = Chat(id=-1002, type="group", title="G")
    assert await bot.say(group, ALICE, "/frobnicate", expect=0) == []


async def test_pagination_edits_in_place(bot) -> None:
    chat = Chat.for_user(ALICE)
    first = await bot.say(chat, ALICE, "/latest 2")
    markup = first[-1].params["reply_markup"]
    button = markup["inline_keyboard"][0][-1]
    message_id = first[-1].response["result"]["message_id"]
    edited = await bot.press(chat, ALICE, message_id, button["callback_data"])
    assert edited[0].method == "editMessageText"
    assert "Articles 3–4 of 5" in _text(edited[0])
    assert len(button["callback_data"].encode()) <= 64


async def test_user_text_is_escaped(bot) -> None:
    replies = await bot.say(Chat.for_user(ALICE), ALICE, "/search <script>alert(1)</script>")
    assert "&lt;script&gt;" in _text(replies[0]) and "<script>" not in _text(replies[0])
    replies = await bot.say(Chat.for_user(ALICE), ALICE, '/search "OR (NEAR* -x')
    assert replies[0].ok


async def test_long_argument_is_answered(bot) -> None:
    replies = await bot.say(Chat.for_user(ALICE), ALICE, "/search " + "энергия " * 625)
    assert replies and all(c.ok for c in replies)
    replies = await bot.say(Chat.for_user(ALICE), ALICE, "/project " + "x" * 5000)
    assert replies and all(c.ok and visible_len(_text(c)) <= 4096 for c in replies)


async def test_language_choice_is_stored(bot) -> None:
    chat = Chat.for_user(ALICE)
    await bot.say(chat, ALICE, "/language ru")
    replies = await bot.say(chat, ALICE, "/country TJ")
    assert "Таджикистан" in _text(replies[0])


async def test_handler_error_apologises_and_keeps_serving(bot, monkeypatch) -> None:
    import handlers.catalog

    def broken(**_kwargs):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(handlers.catalog, "read_country_card", broken)
    replies = await bot.say(Chat.for_user(ALICE), ALICE, "/country TJ")
    assert "Sorry" in _text(replies[0])
    monkeypatch.undo()
    replies = await bot.say(Chat.for_user(ALICE), ALICE, "/country TJ")
    assert "Tajikistan" in _text(replies[0])


async def test_fifty_users_at_once(bot) -> None:
    users = [User(id=9000 + i, first_name=f"U{i}", language_code=("en", "ru", "kk")[i % 3]) for i in range(50)]
    for user in users:
        bot.emu.send_text(Chat.for_user(user), user, "/country Tajikistan")
    await bot.emu.wait_for(lambda: all(bot.emu.calls_to("sendMessage", u.id) for u in users), timeout=30)
    for user in users:
        assert bot.emu.calls_to("sendMessage", user.id)[0].ok


async def test_flood_is_slowed_down(bot) -> None:
    chat = Chat.for_user(ALICE)
    for _ in range(25):
        bot.emu.send_text(chat, ALICE, "/projects")
    await bot.emu.wait_idle(timeout=20, quiet=0.5)
    texts = [_text(c) for c in bot.emu.calls_to("sendMessage", chat.id)]
    assert sum("too fast" in t for t in texts) == 1
    assert sum("too fast" not in t for t in texts) == 20


async def test_menus_registered_per_language(bot) -> None:
    calls = bot.emu.calls_to("setMyCommands")
    languages = {c.params.get("language_code") for c in calls}
    assert {None, "en", "ru", "kk", "tg", "ky", "uz", "az"} <= languages


async def test_article_split_under_limit(bot, tmp_path) -> None:
    long_article = "Long CASA-1000 report\n\n" + "\n\n".join(
        f"Paragraph {i} about Tajikistan energy exports and the CASA-1000 line to Pakistan." for i in range(200))
    (bot.settings.seeds_dir / "900_long.txt").write_text(long_article, encoding="utf-8")
    from scan import run_ingest

    await asyncio.to_thread(run_ingest, engine=bot.app.bot_data["deps"].engine,
                            directory=bot.settings.seeds_dir, settle_seconds=0.0)
    replies = await bot.say(Chat.for_user(ALICE), ALICE, "/search Paragraph", expect=1)
    match = re.search(r"/article_(\d+)", _text(replies[0]))
    assert match
    parts = await bot.say(Chat.for_user(ALICE), ALICE, f"/article {match.group(1)}", expect=2)
    assert len(parts) >= 2 and all(visible_len(_text(p)) <= 4096 and p.ok for p in parts)
