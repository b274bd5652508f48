"""Full-text search over article titles and bodies, behind one function with a dialect switch.

SQLite: the FTS5 table ``articles_fts`` (tokenizer ``unicode61 remove_diacritics 2``, created by the
first migration), ranked by bm25 with the title weighted up, then newest first. PostgreSQL: the generated
``tsvector`` column ``articles.search_vector`` (``simple`` configuration over title and body, title weighted
'A', GIN index; migration 0005), ranked by ``ts_rank``, then newest first.

User text never reaches the query syntax: it is cut into words (letters and digits only), the same words on
both backends, all of them required. On SQLite each word becomes a quoted FTS5 string; on PostgreSQL each is
a bound parameter of ``plainto_tsquery``. Words of ``PREFIX_MIN_LENGTH`` letters or more match as prefixes.
Quotes, ``*``, ``(``, ``OR``, ``NEAR``, ``-``, ``:``, ``&``, ``!`` or ``^`` typed by a user are separators or
plain words, never operators.
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


def pg_tsquery(terms: list[str]) -> tuple[str, dict[str, str]]:
    """Return a PostgreSQL tsquery expression requiring every term, and its bound parameters.

    Each term goes through ``plainto_tsquery('simple', ...)`` (the parser that built the documents, so both
    sides split words alike); a prefix term then gets ``:*`` appended to that tsquery's canonical text, which
    PostgreSQL itself produced and which is therefore always valid tsquery input. A term without any lexeme
    (a character the parser skips) is left empty, and ``&&`` ignores an empty operand.
    """
    parts: list[str] = []
    params: dict[str, str] = {}
    for i, term in enumerate(terms):
        params[f"term{i}"] = term
        words = f"plainto_tsquery('simple', :term{i})"
        if len(term) >= PREFIX_MIN_LENGTH:
            words = f"(CASE WHEN numnode({words}) = 0 THEN {words} ELSE ({words}::text || ':*')::tsquery END)"
        parts.append(words)
    return " && ".join(parts), params


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
        ids, total = _postgres_ids(session, terms, limit, offset)
    else:
        raise NotImplementedError(f"full-text search is not implemented for {dialect}")
    by_id = {a.id: a for a in session.exec(select(Article).where(col(Article.id).in_(ids)))}
    ordered = [by_id[i] for i in ids if i in by_id]
    return Page(items=article_rows(session, ordered), total=total, offset=offset, limit=limit)


def _sqlite_ids(session: Session, match: str, limit: int, offset: int) -> tuple[list[int], int]:
    total = session.execute(
        text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :q"), {"q": match}
    ).scalar_one()
    # Ranked by bm25, then newest first. Only matches scoring at most the score of the page's last row in bm25
    # order can be on the page (ties included), so only those are joined with ``articles`` for their dates:
    # for a word in a third of 100,000 articles that halves the time (reading every match's row was half of it).
    rows = session.execute(
        text(
            "WITH scored AS (SELECT rowid AS id, "
            f"bm25(articles_fts, {_TITLE_WEIGHT}, {_BODY_WEIGHT}) AS score "
            "FROM articles_fts WHERE articles_fts MATCH :q) "
            "SELECT a.id FROM scored JOIN articles AS a ON a.id = scored.id "
            "WHERE scored.score <= coalesce((SELECT score FROM scored ORDER BY score LIMIT 1 OFFSET :last), 1e308) "
            "ORDER BY scored.score, a.date IS NULL, a.date DESC, a.id DESC LIMIT :limit OFFSET :offset"
        ),
        {"q": match, "limit": limit, "offset": offset, "last": offset + limit - 1},
    )
    return [r[0] for r in rows], int(total)


def _postgres_ids(session: Session, terms: list[str], limit: int, offset: int) -> tuple[list[int], int]:
    query, params = pg_tsquery(terms)
    matches = f"FROM articles AS a, (SELECT {query} AS q) AS query WHERE a.search_vector @@ query.q"
    total = session.execute(text(f"SELECT count(*) {matches}"), params).scalar_one()
    rows = session.execute(
        text(
            f"SELECT a.id {matches} ORDER BY ts_rank(a.search_vector, query.q) DESC, "
            "a.date DESC NULLS LAST, a.id DESC LIMIT :limit OFFSET :offset"
        ),
        {**params, "limit": limit, "offset": offset},
    )
    return [r[0] for r in rows], int(total)
