"""End to end: candidate projects under /projects and as a /project card; a project card shows only its own
figures, each with its source article. Articles written for the test."""

from __future__ import annotations

import pytest

from emulator import Chat, User
from tests.support.botkit import running_bot

ALICE = User(id=601, first_name="Alice", language_code="en")
BORIS = User(id=603, first_name="Борис", language_code="ru")
_ARTICLES = {
    "a.txt": " date 2024-06-10 Ministers met in the capital to discuss power links between the neighbours.\n\n"
             "Kambarata-1 is planned at 1,860 MW. CASA-1000 will carry 1,300 MW over 970 km of new lines. "
             "The Datka–Sughd 500 kV line will run 200 km.\n",
    "b.txt": " date 2024-06-12 Engineers inspected substations in the north ahead of the winter season.\n\n"
             "Work on the Datka-Sughd line will finish next year, the operator said.\n",
}


@pytest.fixture
async def bot(tmp_path):
    seeds = tmp_path / "own"
    seeds.mkdir()
    for name, text in _ARTICLES.items():
        (seeds / name).write_text(text, encoding="utf-8")
    async with running_bot(tmp_path, seeds=seeds) as running:
        yield running


def _text(call) -> str:
    return str(call.params["text"])


async def test_projects_lists_candidates_and_project_finds_one(bot) -> None:
    chat = Chat.for_user(ALICE)
    listing = _text((await bot.say(chat, ALICE, "/projects"))[-1])
    assert "<b>Also mentioned</b>" in listing and "Datka–Sughd 500 kV line — 2 articles" in listing
    card = _text((await bot.say(chat, ALICE, "/project Datka-Sughd"))[0])
    assert "Datka–Sughd 500 kV line" in card and "named in 2 articles" in card
    assert "/article_1" in card and "/article_2" in card  # its articles are listed
    assert "200\xa0km (/article_1, June 10, 2024)" in card and "500\xa0kV" in card


async def test_a_project_card_shows_only_its_own_figures(bot) -> None:
    card = _text((await bot.say(Chat.for_user(ALICE), ALICE, "/project Kambarata-1"))[0])
    assert "<b>Key figures:</b> 1,860\xa0MW (/article_1, June 10, 2024)" in card, card
    assert "1,300" not in card and "970" not in card


async def test_candidate_card_in_russian(bot) -> None:
    card = _text((await bot.say(Chat.for_user(BORIS), BORIS, "/project Datka-Sughd"))[0])
    assert "Пока нет в каталоге проектов" in card


async def test_search_points_to_a_candidate(bot) -> None:
    reply = _text((await bot.say(Chat.for_user(ALICE), ALICE, "/search Datka"))[0])
    assert "names a project not in the catalog yet: /project Datka–Sughd 500 kV line" in reply
