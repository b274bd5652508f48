"""End to end through the emulator: /trend sends a PNG chart, /export a CSV document, /search takes filters,
inline mode offers cards, and article lines link to their source pages."""

from __future__ import annotations

import csv
import io
import shutil
import time

import pytest
from PIL import Image

from emulator import Chat, User
from tests.support.articles import ARTICLES, write_articles
from tests.support.botkit import running_bot
from tests.support.paths import SEEDS
from ui.i18n import tr
from ui.render import visible_len

ALICE = User(id=601, first_name="Alice", language_code="en")
ALIBEK = User(id=602, first_name="Әлібек", language_code="kk")
BORIS = User(id=603, first_name="Борис", language_code="ru")
GROUP = Chat(id=-100777, type="supergroup", title="Energy analysts")


@pytest.fixture
async def bot(tmp_path):
    seeds = tmp_path / "inbox"
    shutil.copytree(SEEDS, seeds)
    write_articles(seeds)
    async with running_bot(tmp_path, seeds=seeds) as running:
        yield running


@pytest.fixture
async def any_backend_bot(tmp_path, db_url):
    """The same bot on every configured backend (PostgreSQL when TEST_DATABASE_URL is set)."""
    seeds = tmp_path / "inbox"
    shutil.copytree(SEEDS, seeds)
    write_articles(seeds)
    async with running_bot(tmp_path, database_url=db_url, seeds=seeds) as running:
        yield running


async def _media(bot, chat: Chat, user: User, text: str, method: str):
    """Send ``text``; return the bot's ``method`` call to ``chat`` (sendPhoto, sendDocument)."""
    before = len(bot.emu.calls)
    bot.emu.send_text(chat, user, text)
    calls = await bot.emu.wait_for_calls(method, 1, chat_id=chat.id, since=before, timeout=20.0)
    await bot.emu.wait_idle(timeout=10.0, quiet=0.1)
    assert calls[0].ok, calls[0].response
    return calls[0]


def _png(call) -> Image.Image:
    data = call.files["photo"]
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert 5_000 < len(data) < 200_000
    image = Image.open(io.BytesIO(data))
    image.verify()
    return Image.open(io.BytesIO(data))


async def test_trend_sends_a_png_chart_with_a_localized_caption(any_backend_bot) -> None:
    bot = any_backend_bot
    call = await _media(bot, Chat.for_user(ALIBEK), ALIBEK, "/trend CASA-1000", "sendPhoto")
    assert _png(call).size == (800, 450)
    caption = str(call.params["caption"])
    kk = tr("kk")
    assert "CASA-1000" in caption and call.params["parse_mode"] == "HTML"
    assert kk("Articles per week, by language") in caption or kk("Articles per month, by language") in caption
    # Asked again before any article changed: the cached chart, the same bytes.
    again = await _media(bot, Chat.for_user(ALIBEK), ALIBEK, "/trend casa1000", "sendPhoto")
    assert again.files["photo"] == call.files["photo"]


async def test_trend_of_a_country_by_outlet_works_in_a_group(bot) -> None:
    call = await _media(bot, GROUP, BORIS, "/trend Таджикистан outlet month", "sendPhoto")
    _png(call)
    caption = str(call.params["caption"])
    assert tr("ru")("Articles per month, by outlet") in caption and "Таджикистан" in caption


async def test_trend_of_an_unknown_subject_says_so(bot) -> None:
    replies = await bot.say(Chat.for_user(ALICE), ALICE, "/trend Atlantis")
    assert "“Atlantis” is neither a project nor a country." in str(replies[0].params["text"])
    usage = await bot.say(Chat.for_user(ALICE), ALICE, "/trend")
    assert "/trend CASA-1000" in str(usage[0].params["text"])


async def test_export_sends_a_csv_with_a_row_per_article(any_backend_bot) -> None:
    bot = any_backend_bot
    call = await _media(bot, GROUP, ALICE, "/export CASA-1000", "sendDocument")
    data = call.files["document"]
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for spreadsheet applications
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    # Two seeds and two of the hand-written articles are on CASA-1000.
    assert len(rows) == 4
    assert str(call.params["caption"]).startswith("CASA-1000: 4 articles")
    by_url = {r["url"]: r for r in rows}
    casa = by_url["https://kabar.example.test/casa"]
    assert casa["date"] == "2025-04-02" and casa["outlet"] == "Kabar" and casa["language"] == "ru"
    assert set(casa["countries"].split("; ")) >= {"KG", "TJ"}
    assert "1300 MW" in casa["figures"]
    assert any(r["url"] == "" for r in rows)  # seeds carry no address


async def test_export_of_an_unknown_project(bot) -> None:
    replies = await bot.say(Chat.for_user(ALICE), ALICE, "/export Atlantis")
    assert "Project “Atlantis” not found." in str(replies[0].params["text"])
    misspelt = await bot.say(Chat.for_user(ALICE), ALICE, "/export Kambarta")
    assert "Did you mean: Kambarata HPP-1?" in str(misspelt[0].params["text"])
    country = await bot.say(Chat.for_user(BORIS), BORIS, "/trend Таджикистн")
    assert "Таджикистан" in str(country[0].params["text"])


async def test_search_filters(any_backend_bot) -> None:
    bot = any_backend_bot
    chat = Chat.for_user(BORIS)
    text = str((await bot.say(chat, BORIS, "/search rogun lang:ru since:2025-03 country:TJ outlet:Kabar"))[0]
               .params["text"])
    assert "АБР обсуждает финансирование Рогунской ГЭС" in text  # 2025-03-18, Kabar, ru
    assert "350 млн" not in text  # February
    assert "World Bank" not in text  # English
    english = str((await bot.say(chat, BORIS, "/search financing project:rogun lang:en"))[0].params["text"])
    assert "World Bank discusses Rogun HPP financing" in english
    bad = str((await bot.say(chat, BORIS, "/search rogun lang:xx"))[0].params["text"])
    assert tr("ru")("“{part}”: not a language code such as ru, kk or en.").format(part="lang:xx") in bad
    unknown = str((await bot.say(chat, BORIS, "/search rogun colour:red"))[0].params["text"])
    assert "colour:red" in unknown and "/help search" in unknown
    none = str((await bot.say(chat, BORIS, "/search project:rogun since:2030"))[0].params["text"])
    assert none == tr("ru")("No articles match these filters.")


async def test_help_search_explains_the_filters(bot) -> None:
    text = str((await bot.say(Chat.for_user(ALIBEK), ALIBEK, "/help search"))[0].params["text"])
    kk = tr("kk")
    assert kk("outlet:Kabar — articles from one outlet") in text and "since:2025-03" in text


async def test_article_lines_link_to_their_source(bot) -> None:
    text = str((await bot.say(Chat.for_user(ALICE), ALICE, "/project Rogun"))[0].params["text"])
    assert '<a href="https://asiaplus.example.test/rogun-wb">World Bank discusses Rogun HPP financing</a>' in text
    seed = str((await bot.say(Chat.for_user(ALICE), ALICE, "/project CASA-1000"))[0].params["text"])
    assert "Tajikistan and Kyrgyzstan discussed" in seed  # a seed without an address: plain title, /article_N


async def _inline(bot, user: User, query: str, offset: str = "") -> dict:
    started = time.monotonic()
    query_id = bot.emu.send_inline_query(user, query, offset=offset)
    answer = await bot.emu.wait_for(lambda: bot.emu.inline_answer(query_id), timeout=10.0)
    assert time.monotonic() - started < 10.0  # Telegram's inline query timeout
    return answer


async def test_inline_mode_offers_cards_in_the_users_language(bot) -> None:
    answer = await _inline(bot, ALIBEK, "casa")
    assert answer["is_personal"] and answer["cache_time"] > 0
    first = answer["results"][0]
    assert first["type"] == "article" and "CASA-1000" in first["title"]
    content = first["input_message_content"]
    assert content["parse_mode"] == "HTML" and visible_len(content["message_text"]) <= 4096
    assert tr("kk")("<b>Countries:</b> {countries}").split("<")[1] in content["message_text"]  # Kazakh card
    country = await _inline(bot, BORIS, "таджик")
    assert any(r["id"] == "cty:TJ" and "Таджикистан" in r["title"] for r in country["results"])


async def test_inline_results_are_paged(bot) -> None:
    first = await _inline(bot, ALICE, "")
    assert len(first["results"]) == 8 and first["next_offset"] == "8"
    second = await _inline(bot, ALICE, "", offset="8")
    assert second["results"] and not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


def test_written_articles_are_distinct() -> None:
    assert len({a.name for a in ARTICLES}) == len(ARTICLES)
