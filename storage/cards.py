"""What one card command reads, in one session: a project's, country's or person's head and a page of articles.

The bot's /project, /country and /person (and their page buttons) each make exactly one of these calls, so a
command costs one trip to a worker thread and one read transaction (the head and the page see the same store);
the query benchmark measures these same functions.
"""

from __future__ import annotations

from sqlmodel import Session

from storage.paging import check_window, empty_page
from storage.people import find_people
from storage.queries import (
    list_articles_for_country,
    list_articles_for_people,
    list_articles_for_project,
)
from storage.rows import ArticleRow, CountrySummary, Page, PersonRow, ProjectSummary
from storage.summaries import summarize_country, summarize_project


def read_project_card(
    *, session: Session, slug: str, limit: int, offset: int
) -> tuple[ProjectSummary, Page[ArticleRow]]:
    """Return the summary of the project ``slug`` and one page of its articles, newest first."""
    summary = summarize_project(session=session, slug=slug)
    page = list_articles_for_project(session=session, slug=slug, limit=limit, offset=offset,
                                     total=summary.article_count)  # the same articles, counted already
    return summary, page


def read_country_card(
    *, session: Session, code: str, limit: int, offset: int
) -> tuple[CountrySummary, Page[ArticleRow]]:
    """Return the summary of the country ``code`` and one page of its articles, newest first."""
    summary = summarize_country(session=session, code=code)
    page = list_articles_for_country(session=session, code=code, limit=limit, offset=offset,
                                     total=summary.article_count)  # the same articles, counted already
    return summary, page


def read_person_card(
    *, session: Session, text: str, limit: int, offset: int
) -> tuple[list[PersonRow], Page[ArticleRow]]:
    """Return the people ``text`` names, the most mentioned first (one for an exact match, the close candidates
    of a fuzzy match; empty when nobody matches), and one page of the first one's articles.

    The row is the one the match built (``text`` may have matched several people fuzzily; reading the best one's
    counts and roles again cost ~5 ms at 100,000 articles), and its article count is the page's total: one link
    row per article and person.
    """
    check_window(limit, offset)
    found = find_people(session=session, text=text)
    if not found:
        return [], empty_page(limit, offset)
    best = found[0]
    page = list_articles_for_people(session=session, person_ids=[best.id], limit=limit, offset=offset,
                                    total=best.article_count)
    return found, page
