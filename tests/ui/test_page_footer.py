"""The footer of a page of articles: exact totals, and a capped search total said as a lower bound, localized."""

from __future__ import annotations

from datetime import date

from storage.rows import ArticleRow, Page
from ui.i18n import tr
from ui.render import article_list


def _page(total: int, *, at_least: bool) -> Page[ArticleRow]:
    rows = [ArticleRow(id=i, file=f"{i}.txt", title=f"Headline {i}", date=date(2026, 3, i), language="en",
                       source="Trend", story_id=i, sources_in_story=["Trend"]) for i in (1, 2)]
    return Page(items=rows, total=total, offset=0, limit=2, total_at_least=at_least)


def test_exact_and_capped_totals() -> None:
    assert "Articles 1–2 of 12</i>" in article_list(tr("en"), _page(12, at_least=False))
    assert "Articles 1–2 of 10,000 or more</i>" in article_list(tr("en"), _page(10_000, at_least=True))
    russian = article_list(tr("ru"), _page(10_000, at_least=True))
    assert "из 10\xa0000 или более" in russian
