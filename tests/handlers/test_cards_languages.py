"""Cards a reader trusts in every language (issue 20), end to end: the real Application against the Bot API
emulator, on articles written for these tests, for a reader of each of the seven languages."""

from __future__ import annotations

from datetime import date

import pytest
from babel.dates import format_date

from emulator import Chat, User
from ingest.catalog import load_catalog
from ingest.people import person_key
from storage.subscriptions import Mode
from tests.support.botkit import running_bot
from ui.collate import collation_key
from ui.i18n import SUPPORTED_LANGUAGES, tr
from ui.people import display_name
from ui.understand import native_language_name
from ui.units import unit_label

KAMBARATA_KABAR = """ date 2026-03-07 BISHKEK, March 7 (Kabar) — Kyrgyzstan and Uzbekistan agreed on the next \
financing round of the Kambarata HPP-1, the Ministry of Energy of Kyrgyzstan said on Saturday.

The 1,860 MW plant on the Naryn river will be built by a joint company of Kyrgyzstan, Kazakhstan and \
Uzbekistan. The partners expect the first unit to run in 2028, and a 500 kV line to take its power south.

Engineers from the three countries met in Bishkek to review the design of the dam and the schedule of works.
"""
# The same story from another outlet: one list entry naming both outlets.
KAMBARATA_AKIPRESS = KAMBARATA_KABAR.replace("(Kabar)", "(AKIpress)").replace("said on Saturday", "said Saturday")
ROGUN_UNDATED = """Rogun HPP adds a third turbine in Tajikistan

Tajikistan put a third turbine of the Rogun HPP into service, Asia-Plus reports. The Rogun plant will have \
3,780 MW when its six units run; the reservoir fills as the dam rises.

The Ministry of Energy of Tajikistan expects the Rogun dam to reach its full height within six years.
"""

USERS = {lang: User(id=700 + i, first_name=f"Reader {lang}", language_code=lang)
         for i, lang in enumerate(SUPPORTED_LANGUAGES)}


@pytest.fixture
async def bot(tmp_path):
    seeds = tmp_path / "articles"
    seeds.mkdir()
    (seeds / "k1_kabar.txt").write_text(KAMBARATA_KABAR, encoding="utf-8")
    (seeds / "k2_akipress.txt").write_text(KAMBARATA_AKIPRESS, encoding="utf-8")
    (seeds / "r1_undated.txt").write_text(ROGUN_UNDATED, encoding="utf-8")
    admins = ",".join(str(u.id) for u in USERS.values())
    async with running_bot(tmp_path, seeds=seeds, BOT_ADMIN_IDS=admins, SEEDS_SETTLE_SECONDS=0.0,
                           DELIVERY_POLL_SECONDS=0.2) as running:
        yield running


def _text(calls) -> str:
    return "\n".join(str(c.params["text"]) for c in calls)


def _buttons(calls) -> list[str]:
    markup = calls[-1].params.get("reply_markup") or {}
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]


async def test_country_card_dates_one_story_both_outlets_no_lone_footer(bot) -> None:
    for lang, user in USERS.items():
        t = tr(lang)
        text = _text(await bot.say(Chat.for_user(user), user, "/country KG"))
        assert t.country("KG") in text.split("\n")[0], lang
        assert format_date(date(2026, 3, 7), format="long", locale=lang) in text, lang  # CLDR's long date
        assert text.count("Kyrgyzstan and Uzbekistan agreed") == 1, lang  # one entry for the story
        assert "Kabar, AKIpress" in text or "AKIpress, Kabar" in text, lang  # with both outlets
        assert "–1 " not in text and "1–" not in text, lang  # no "1–1 of 1" on a one-page list
        assert "— ·" not in text, lang


async def test_project_card_units_and_undated_articles_in_words(bot) -> None:
    for lang, user in USERS.items():
        t = tr(lang)
        text = _text(await bot.say(Chat.for_user(user), user, "/project Rogun"))
        assert unit_label(lang, "MW") in text, lang  # the catalog's 3780 MW in the reader's symbols
        assert t("date unknown") in text, lang
        if lang != "en":
            assert t("date unknown") != "date unknown", lang
        kambarata = _text(await bot.say(Chat.for_user(user), user, "/project Kambarata"))
        assert t.number(1860) in kambarata and unit_label(lang, "MW") in kambarata, lang
        one_day = t.n("{n} article, {date}", "{n} articles, {date}", 2).format(n=t.number(2),
                                                                              date=t.date(date(2026, 3, 7)))
        assert one_day in kambarata, lang  # both articles are of one day: the date once, not "d – d"


async def test_empty_country_card_is_one_line_with_a_command(bot) -> None:
    for lang, user in USERS.items():
        t = tr(lang)
        text = _text(await bot.say(Chat.for_user(user), user, "/country China"))
        lines = text.split("\n")
        assert len(lines) == 2 and t.country("CN") in lines[0] and "/countries" in lines[1], (lang, text)
        assert t("<b>Latest articles</b>") not in text, lang


async def test_person_minimum_score(bot) -> None:
    for lang, user in USERS.items():
        t = tr(lang)
        for query in ("aaaa", "1e9"):
            text = _text(await bot.say(Chat.for_user(user), user, f"/person {query}"))
            assert text == t("Nobody called “{query}” appears in the articles.").format(query=query), (lang, text)


async def test_did_you_mean_for_countries_and_projects(bot) -> None:
    for lang, user in USERS.items():
        t = tr(lang)
        chat = Chat.for_user(user)
        replies = await bot.say(chat, user, "/country Tajikstan")
        assert _buttons(replies) == [t.country("TJ")], lang
        replies = await bot.say(chat, user, "/project Rogn")
        assert _buttons(replies) == [load_catalog().get("rogun-hpp").name(lang)], lang  # type: ignore[union-attr]
        plain = await bot.say(chat, user, "Tajikstan")  # plain text in a private chat
        assert t.country("TJ") in _text(plain) and _buttons(plain) == [t.country("TJ")], lang
        # A pressed suggestion shows the card.
        pressed = await bot.press(chat, user, plain[-1].response["result"]["message_id"],
                                  plain[-1].params["reply_markup"]["inline_keyboard"][0][0]["callback_data"])
        assert t.country("TJ") in _text(pressed).split("\n")[0], lang


async def test_plain_text_private_answers_group_only_when_mentioned(bot) -> None:
    user = USERS["ru"]
    card = _text(await bot.say(Chat.for_user(user), user, "Рогун"))
    assert card.startswith("🔌") and "Рогунская ГЭС" in card
    nothing = _text(await bot.say(Chat.for_user(user), user, "qwertyuiop asdfgh"))
    assert "/help" in nothing and "qwertyuiop" in nothing
    group = Chat(id=-100777, type="group", title="Energy desk")
    assert await bot.say(group, user, "Рогун", expect=0) == []
    mentioned = _text(await bot.say(group, user, "@EnergyBridgeBot Рогун"))
    assert "Рогунская ГЭС" in mentioned


async def test_language_names_in_any_language_and_choices_on_a_bad_value(bot) -> None:
    names = {"ru": "русский", "kk": "қазақша", "en": "English", "tg": "тоҷикӣ", "ky": "кыргызча",
             "uz": "oʻzbekcha", "az": "Azərbaycan dili"}
    user = User(id=790, first_name="Polyglot", language_code="en")
    chat = Chat.for_user(user)
    for lang, name in names.items():
        text = _text(await bot.say(chat, user, f"/language {name}"))
        assert text == tr(lang)("Language set to {language}.").format(language=tr(lang).language_name(lang)), lang
    bad = await bot.say(chat, user, "/language klingon")
    assert _buttons(bad) == [native_language_name(c) for c in SUPPORTED_LANGUAGES]


async def test_settings_understood_and_refused_in_every_language(bot) -> None:
    for lang, user in USERS.items():
        t = tr(lang)
        chat = Chat.for_user(user)
        typo = _text(await bot.say(chat, user, "/subscribe project Rogn instant"))
        assert typo.endswith(t("Did you mean: {names}?").format(names=load_catalog().get("rogun-hpp").name(lang))), lang  # type: ignore[union-attr]
        refused = _text(await bot.say(chat, user, "/subscribe project Rogun monthly"))
        assert refused == t("Unknown mode “{mode}”. Choose one of: {modes}.").format(
            mode="monthly", modes=", ".join(Mode)), lang
        assert "UTC+5" in _text(await bot.say(chat, user, "/timezone UTC+5")), lang
        assert "Asia/Almaty" in _text(await bot.say(chat, user, "/timezone Almaty")), lang
        examples = _text(await bot.say(chat, user, "/digesttime"))
        assert "/digesttime 07:30" in examples and "/timezone UTC+" in examples and "Asia/Almaty" in examples, lang


async def test_help_lists_every_command_grouped(bot) -> None:
    for lang, user in USERS.items():
        t = tr(lang)
        text = _text(await bot.say(Chat.for_user(user), user, "/help"))
        for command in ("/subscribe", "/subscriptions", "/digest", "/digesttime", "/timezone", "/language",
                        "/project", "/country", "/person", "/search"):
            assert command in text, (lang, command)
        for header in ("<b>Projects, countries, people</b>", "<b>Alerts and digests</b>", "<b>Settings</b>"):
            assert t(header) in text, (lang, header)


async def test_long_arguments_are_cut_in_echoes(bot) -> None:
    for lang, user in USERS.items():
        for command in ("/country", "/project", "/person", "/language", "/timezone", "/search"):
            text = _text(await bot.say(Chat.for_user(user), user, f"{command} {'x' * 4000}"))
            assert len(text) < 400 and "x" * 100 not in text, (lang, command)


async def test_projects_sorted_by_count_then_locale_collation(bot) -> None:
    for lang, user in USERS.items():
        text = _text(await bot.say(Chat.for_user(user), user, "/projects"))
        lines = [line for line in text.split("\n") if line.startswith("• ")]
        counts = [int(line.rsplit("(/project", 1)[0].split("— ")[-1].split()[0]) for line in lines]
        assert counts == sorted(counts, reverse=True), lang
        zero = [line[2:].split(" — ")[0] for line, n in zip(lines, counts, strict=True) if n == 0]
        assert zero == sorted(zero, key=lambda name: collation_key(lang, name)), lang


async def test_person_candidates_when_several_are_close(bot) -> None:
    from storage.engine import write_session
    from storage.models import Article, ArticlePerson, PersonRecord

    with write_session(bot.app.bot_data["deps"].engine) as session:
        for n, name in enumerate(("Rustam Azimov", "Rustam Azimovich")):
            person = PersonRecord(key=person_key(name), name=name, spellings=[name])
            article = Article(sha256=f"{n + 900:064x}", file=f"p{n}.txt", title=f"About {name}", language="en",
                              body=f"{name} spoke.")
            session.add_all([person, article])
            session.flush()
            session.add(ArticlePerson(article_id=article.id, person_id=person.id, name=name))
    for lang, user in USERS.items():
        t = tr(lang)
        chat = Chat.for_user(user)
        replies = await bot.say(chat, user, "/person Rustam Azimovch")
        assert _text(replies) == t("Several people match “{query}”. Choose one:").format(query="Rustam Azimovch")
        shown = {name: display_name(name, person_key(name), lang, [name])  # in the reader's script
                 for name in ("Rustam Azimov", "Rustam Azimovich")}
        assert sorted(_buttons(replies)) == sorted(shown.values()), lang
        markup = replies[-1].params["reply_markup"]["inline_keyboard"]
        data = next(row[0]["callback_data"] for row in markup if row[0]["text"] == shown["Rustam Azimovich"])
        card = _text(await bot.press(chat, user, replies[-1].response["result"]["message_id"], data))
        assert card.startswith(f"👤 <b>{shown['Rustam Azimovich']}</b>") and "About Rustam Azimovich" in card, lang


async def test_admin_replies_in_the_readers_language(bot) -> None:
    for lang, user in USERS.items():
        t = tr(lang)
        scanned = t("Scan finished in {seconds} s: {new} new, {updated} updated, {unchanged} unchanged, "
                    "{duplicates} duplicates, {quarantined} quarantined, {removed} removed.").split("{seconds}")[0]
        reload = _text(await bot.say(Chat.for_user(user), user, "/reload"))
        assert reload.startswith(scanned), (lang, reload)
        status = _text(await bot.say(Chat.for_user(user), user, "/status"))
        assert t("Last scan: {when}").split("{when}")[0] in status and scanned in status, (lang, status)


async def test_digest_lines_name_their_project(bot) -> None:
    from bot.jobs import scan_now

    for user in USERS.values():
        await bot.say(Chat.for_user(user), user, "/subscribe country Tajikistan daily")
    (bot.settings.seeds_dir / "r2_rogun.txt").write_text(
        " date 2026-04-02 Rogun HPP starts its fourth turbine\n\nTajikistan started the fourth turbine of the Rogun "
        "HPP on Thursday, Asia-Plus reports.\n", encoding="utf-8")
    await scan_now(bot.app)
    for lang, user in USERS.items():
        chat = Chat.for_user(user)
        before = len(bot.emu.calls)
        replies = await bot.say(chat, user, "/digest", expect=0)

        def digests(chat_id: int = chat.id, since: int = before) -> list[str]:
            return [str(c.params["text"]) for c in bot.emu.calls_to("sendMessage", chat_id, since=since)
                    if "🗞" in str(c.params.get("text"))]

        await bot.emu.wait_for(lambda: bool(digests()), timeout=15)
        digest = digests()[0]
        assert replies is not None
        rogun = load_catalog().get("rogun-hpp").name(lang)  # type: ignore[union-attr]
        assert f"• {rogun} · " in digest and "fourth turbine" in digest, (lang, digest)


async def test_alerts_lead_with_the_headline_and_name_the_right_project(bot) -> None:
    from bot.jobs import scan_now

    for user in USERS.values():
        await bot.say(Chat.for_user(user), user, "/subscribe project CASA-1000 instant")
    before = len(bot.emu.calls)
    (bot.settings.seeds_dir / "r3_rogun.txt").write_text(
        "Rogun HPP fills its reservoir\n\nThe Rogun HPP in Tajikistan started filling its reservoir; its power will "
        "also reach Pakistan through CASA-1000, Trend reports.\n", encoding="utf-8")
    await scan_now(bot.app)
    catalog = load_catalog()
    for lang, user in USERS.items():
        chat_id = Chat.for_user(user).id

        def alerts(chat_id: int = chat_id) -> list[str]:
            return [str(c.params["text"]) for c in bot.emu.calls_to("sendMessage", chat_id, since=before)
                    if str(c.params.get("text")).startswith("🔔")]

        await bot.emu.wait_for(lambda: bool(alerts()), timeout=15)
        first, second = alerts()[0].split("\n")[:2]
        assert first == "🔔 <b>Rogun HPP fills its reservoir</b>", (lang, first)
        about = f"{catalog.get('rogun-hpp').name(lang)} · {catalog.get('casa-1000').name(lang)} · "  # type: ignore[union-attr]
        assert second.startswith(about), (lang, second)


async def test_a_short_text_does_not_decide_the_reply_language(bot) -> None:
    nobody = User(id=795, first_name="Anon", language_code=None)  # a client that sends no language
    chat = Chat.for_user(nobody)
    short = _text(await bot.say(chat, nobody, "/country Қазақстан"))
    assert short.split("\n")[0] == "🌍 <b>Kazakhstan</b>"  # a name is no evidence: the default language
    await bot.say(chat, nobody, "/search Қазақстан мен Тәжікстан энергетика саласындағы ынтымақтастық")
    again = _text(await bot.say(chat, nobody, "/country KG"))
    assert again.split("\n")[0] == "🌍 <b>Қырғызстан</b>"  # the chat's last longer text was Kazakh


async def test_plain_text_counts_against_the_flood_limit(bot) -> None:
    user = User(id=796, first_name="Typist", language_code="ru")
    chat = Chat.for_user(user)
    for i in range(25):
        bot.emu.send_text(chat, user, f"Рогун {i}")
    await bot.emu.wait_idle(timeout=30, quiet=0.5)
    texts = [str(c.params["text"]) for c in bot.emu.calls_to("sendMessage", chat.id)]
    slow_down = tr("ru")("You are sending commands too fast. Please wait a minute.")
    assert texts.count(slow_down) == 1 and len(texts) == 21
    chatty = User(id=797, first_name="Chatty", language_code="ru")
    group = Chat(id=-100778, type="group", title="Chatty group")
    for i in range(25):  # not addressed to the bot: neither answered nor counted
        bot.emu.send_text(group, chatty, f"hello {i}")
    assert await bot.say(group, chatty, "/help", expect=1)


async def test_counterpart_countries_in_the_readers_alphabetical_order(bot) -> None:
    for lang, user in USERS.items():
        t = tr(lang)
        text = _text(await bot.say(Chat.for_user(user), user, "/country KG"))
        line = next(x for x in text.split("\n") if x.startswith(t("<b>Counterpart countries:</b> {countries}")
                                                                   .split("{countries}")[0]))
        names = line.split("</b> ", 1)[1].split(", ")
        assert names == sorted(names, key=lambda name: collation_key(lang, name)), (lang, names)
