"""The same story from several outlets is listed once, with its newest article, even when its older versions fall
on the next page (issue 20: "/country KG lists them twice"); the pages keep their positions."""

from __future__ import annotations

from sqlalchemy import Engine, text

from storage.engine import read_session, write_session
from storage.queries import list_articles_for_country, list_latest
from ui.i18n import tr
from ui.render import article_list


def _join_second_to_first(engine: Engine) -> tuple[int, int, int]:
    """Make the second-newest Tajik article a version of the newest one's story; return the three ids."""
    with read_session(engine) as session:
        first, second, third = (r.id for r in list_articles_for_country(session=session, code="TJ", limit=3,
                                                                         offset=0).items)
    with write_session(engine) as session:
        session.execute(text("UPDATE articles SET story_id = (SELECT story_id FROM articles WHERE id = :a) "
                             "WHERE id = :b"), {"a": first, "b": second})
    return first, second, third


def test_a_story_is_listed_once_across_pages(seeded_engine: Engine) -> None:
    first, second, third = _join_second_to_first(seeded_engine)
    with read_session(seeded_engine) as session:
        pages = [list_articles_for_country(session=session, code="TJ", limit=1, offset=i) for i in range(3)]
        whole = list_articles_for_country(session=session, code="TJ", limit=5, offset=0)
    assert [[r.id for r in p.items] for p in pages] == [[first], [], [third]]
    assert [p.has_more for p in pages] == [True, True, False]
    assert [r.id for r in whole.items] == [first, third] and whole.end == 3 and not whole.has_more
    empty_middle = article_list(tr("en"), pages[1])
    assert "No articles" not in empty_middle and "Articles 2–2 of 3" in empty_middle


def test_latest_lists_a_story_once(seeded_engine: Engine) -> None:
    first, second, _ = _join_second_to_first(seeded_engine)
    with read_session(seeded_engine) as session:
        ids = [[r.id for r in list_latest(session=session, limit=2, offset=i).items] for i in (0, 2, 4)]
    flat = [i for page in ids for i in page]
    assert first in flat and second not in flat and len(flat) == 4
