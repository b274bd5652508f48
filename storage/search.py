"""Full-text search over article titles and bodies, behind one function with a dialect switch.

SQLite: the FTS5 table ``articles_fts`` (tokenizer ``unicode61 remove_diacritics 2``, created by the
first migration), ranked by bm25 with the title weighted up, then newest first. PostgreSQL:
``to_tsvector('simple')`` over the same text (GIN index from the migration), ranked by ``ts_rank``.

User text never reaches the query syntax: it is cut into words (letters and digits only) and each word
becomes a quoted prefix term, all of them required. Quotes, ``*``, ``(``, ``OR``, ``NEAR``, ``-``, ``:`` or
``^`` typed by a user are separators or plain words, never operators.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlmodel import Session, col, select

from ingest.normalize import normalize
from storage.models import Article
from storage.paging import article_rows, check_window
from storage.rows import ArticleRow, Page

# Words of the query that are searched; the rest of a pasted paragraph only slows the query down.
MAX_TERMS = 12
# Words at least this long match as prefixes, so inflected forms are found ("Тәжікстан" finds
# "Тәжікстанда", "Таджикистан" finds "Таджикистаном"); shorter ones match whole words ("EU", "gas").
PREFIX_MIN_LENGTH = 4
# bm25 column weights (title, body): a word in the title counts as much as ten in the body.
_TITLE_WEIGHT, _BODY_WEIGHT = 10.0, 1.0
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def query_terms(user_text: str) -> list[str]:
    """Return the words of ``user_text`` that are searched (normalised, letters and digits only)."""
    words = _WORD.findall(normalize(user_text.replace("\x00", " ")))
    return list(dict.fromkeys(words))[:MAX_TERMS]


def fts5_query(terms: list[str]) -> str:
    """Return an FTS5 MATCH expression requiring every term (each a quoted string, optionally a prefix)."""
    parts = []
    for term in terms:
        quoted = '"' + term.replace('"', '""') + '"'
        parts.append(quoted + "*" if len(term) >= PREFIX_MIN_LENGTH else quoted)
    return " ".join(parts)


def tsquery(terms: list[str]) -> str:
    """Return a PostgreSQL tsquery requiring every term (terms hold only letters and digits)."""
    return " & ".join(
        f"'{term}':*" if len(term) >= PREFIX_MIN_LENGTH else f"'{term}'" for term in terms
    )


def search_articles(*, session: Session, text: str, limit: int, offset: int) -> Page[ArticleRow]:
    """Return articles whose title or body contains every word of ``text``, best match first."""
    check_window(limit, offset)
    terms = query_terms(text)
    if not terms:
        return Page(items=[], total=0, offset=offset, limit=limit)
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        ids, total = _sqlite_ids(session, fts5_query(terms), limit, offset)
    elif dialect == "postgresql":
        ids, total = _postgres_ids(session, tsquery(terms), limit, offset)
    else:
        raise NotImplementedError(f"full-text search is not implemented for {dialect}")
    by_id = {a.id: a for a in session.exec(select(Article).where(col(Article.id).in_(ids)))}
    ordered = [by_id[i] for i in ids if i in by_id]
    return Page(items=article_rows(session, ordered), total=total, offset=offset, limit=limit)


def _sqlite_ids(session: Session, match: str, limit: int, offset: int) -> tuple[list[int], int]:
    total = session.execute(
        text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :q"), {"q": match}
    ).scalar_one()
    rows = session.execute(
        text(
            "SELECT a.id FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid "
            "WHERE articles_fts MATCH :q "
            f"ORDER BY bm25(articles_fts, {_TITLE_WEIGHT}, {_BODY_WEIGHT}), "
            "a.date IS NULL, a.date DESC, a.id DESC LIMIT :limit OFFSET :offset"
        ),
        {"q": match, "limit": limit, "offset": offset},
    )
    return [r[0] for r in rows], int(total)


# Same expression as the GIN index of migration 0001 (hyphens to spaces: "CASA-1000" is "casa", "1000").
_PG_TITLE = "translate(coalesce(a.title, ''), '-‐‑‒–—', '      ')"
_PG_BODY = "translate(coalesce(a.body, ''), '-‐‑‒–—', '      ')"
_PG_DOCUMENT = (
    "to_tsvector('simple', translate(coalesce(a.title, '') || ' ' || coalesce(a.body, ''), '-‐‑‒–—', '      '))"
)


def _postgres_ids(session: Session, query: str, limit: int, offset: int) -> tuple[list[int], int]:
    total = session.execute(
        text(f"SELECT count(*) FROM articles AS a WHERE {_PG_DOCUMENT} @@ to_tsquery('simple', :q)"),
        {"q": query},
    ).scalar_one()
    rows = session.execute(
        text(
            f"SELECT a.id FROM articles AS a WHERE {_PG_DOCUMENT} @@ to_tsquery('simple', :q) "
            f"ORDER BY ts_rank(setweight(to_tsvector('simple', {_PG_TITLE}), 'A') || "
            f"to_tsvector('simple', {_PG_BODY}), to_tsquery('simple', :q)) DESC, "
            "a.date DESC NULLS LAST, a.id DESC LIMIT :limit OFFSET :offset"
        ),
        {"q": query, "limit": limit, "offset": offset},
    )
    return [r[0] for r in rows], int(total)
