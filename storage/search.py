"""Full-text search over article titles and bodies, behind one function with a dialect switch.

SQLite: the FTS5 table ``articles_fts`` (tokenizer ``unicode61 remove_diacritics 2``, created by the
first migration), ranked by bm25 with the title weighted up, then newest first. PostgreSQL: the generated
``tsvector`` column ``articles.search_vector`` (``simple`` configuration over title and body, title weighted
'A', GIN index; migration 0005), ranked by ``ts_rank``, then newest first; its query plans are chosen here from
the exact count (``pg_newest_plan``), since the planner underprices testing a row's tsvector.

Only the ``RANK_WINDOW`` most recently stored matches (highest ids: ids grow with ingestion) are ranked: the
order of all matches is that window by relevance (best score first, then dated before undated, newest date
first, highest id first), followed by every older match, newest stored first (id descending), unranked. With
at most ``RANK_WINDOW`` matches this is plain ranking of every match. ``total`` is the exact number of matches,
and pages (``limit``/``offset``) walk that one order, so every match is on exactly one page. A page beyond the
window computes no score at all; a page straddling its end takes the window's last rows and the first older
ones. Both backends order alike, so they return the same pages. On SQLite a page inside the window is read
while a second pooled connection counts the matches, in a worker thread (``_COUNT_BESIDE``).

User text never reaches the query syntax: it is cut into words (letters and digits only), the same words on
both backends, all of them required. On SQLite each word becomes a quoted FTS5 string; on PostgreSQL each is
a bound parameter of ``plainto_tsquery``. Words of ``PREFIX_MIN_LENGTH`` letters or more match as prefixes.
Quotes, ``*``, ``(``, ``OR``, ``NEAR``, ``-``, ``:``, ``&``, ``!`` or ``^`` typed by a user are separators or
plain words, never operators.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from concurrent.futures import wait
from contextlib import contextmanager

from sqlalchemy import Engine, bindparam, text
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

from ingest.normalize import normalize
from storage.engine import side_workers
from storage.paging import check_window, rows_by_id
from storage.rows import ArticleRow, Page

# Words of the query that are searched; the rest of a pasted paragraph only slows the query down.
MAX_TERMS = 12
# Words at least this long match as prefixes, so inflected forms are found ("Тәжікстан" finds
# "Тәжікстанда", "Таджикистан" finds "Таджикистаном"); shorter ones match whole words ("EU", "gas").
PREFIX_MIN_LENGTH = 4
# bm25 column weights (title, body): a word in the title counts as much as ten in the body.
_TITLE_WEIGHT, _BODY_WEIGHT = 10.0, 1.0
# Matches ranked by relevance: the most recently stored ones (see the module docstring). SQLite computes bm25
# for every row it returns, after one pass over all matches for the word statistics, so ranking every match of a
# word in a third of 100,000 articles took p95 ~45-47 ms. First measured with a throwaway 100,000-article store
# of real news bodies (first page of 5, the bench's six search words; p95 on a quiet machine: 1,000: 14 ms,
# 2,000: 15, 4,000: 17, 8,000: 22), then with ``python -m bench --only queries`` on its 100,000-article store,
# where prefix words ("кыргызстан"*, 36,000 matches) cost more: 2,000: 24.4 ms, 1,000: 16.4, 500: 16.4. Each
# pass over such a word's matches costs ~5 ms there (the count, the window's scan, bm25's statistics), which no
# window size removes; 1,000 is the largest that keeps p95 under the 20 ms target with room for a busy machine.
RANK_WINDOW = 1_000
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
    """Return articles whose title or body contains every word of ``text``: the ``RANK_WINDOW`` most recently
    stored best match first, then the older ones newest stored first."""
    check_window(limit, offset)
    terms = query_terms(text)
    if not terms:
        return Page(items=[], total=0, offset=offset, limit=limit)
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        ids, total = _sqlite_ids(session, fts5_query(terms), limit, offset)
        capped = total >= SEARCH_COUNT_CAP
    elif dialect == "postgresql":
        ids, total, capped = _postgres_ids(session, terms, limit, offset)
    else:
        raise NotImplementedError(f"full-text search is not implemented for {dialect}")
    return Page(items=rows_by_id(session, ids), total=total, offset=offset, limit=limit, total_at_least=capped)


def _page_parts(limit: int, offset: int, total: int) -> tuple[int, int, int]:
    """Split the page ``offset``..``offset + limit`` of ``total`` matches at the end of the ranked window.

    Return how many of its rows come from the window (ranked, from position ``offset``) and the offset and number
    of the rows after it. Position ``p >= RANK_WINDOW`` of the order is the ``p``-th match newest stored first:
    the window is exactly the first ``RANK_WINDOW`` matches in that order, so the rest needs no other skipping.
    """
    end = min(offset + limit, total)
    ranked = max(0, min(end, RANK_WINDOW) - offset)
    rest_offset = max(offset, RANK_WINDOW)
    return ranked, rest_offset, max(0, end - rest_offset)


def _window_then_older(
    total: int, limit: int, offset: int, ranked: Callable[[int], list[int]], older: Callable[[int, int], list[int]]
) -> list[int]:
    """The page's ids: ``ranked(n)`` gives its first ``n`` rows from the ranked window (from position ``offset``),
    ``older(n, skip)`` the ``n`` older matches after the ``skip`` newest stored ones."""
    in_window, older_offset, older_count = _page_parts(limit, offset, total)
    ids = ranked(in_window) if in_window else []
    if older_count:
        ids.extend(older(older_count, older_offset))
    return ids


def _ids(session: Session, sql: str, params: dict[str, object]) -> list[int]:
    return list(session.execute(text(sql), params).scalars())


# Matches a search counts at most: the count reads every match it counts, so an uncapped count grows with the store
# (a common word in a third of a million articles); past the cap a page says "of more than 10,000". Far beyond
# what anyone pages through five at a time, and ten times the ranked window, so every ranked page is exact.
SEARCH_COUNT_CAP = 10_000
_COUNT = "SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q{} LIMIT :cap)"
# The exact count and the ranked page are independent reads of the same matches, and each is a whole pass over
# them in FTS5 (~3-5 ms for a prefix word in a third of 100,000 articles; a page needs two: its rows and bm25's
# statistics). A page inside the ranked window needs no count to be read, so on a database file with an idle
# pooled connection the count runs beside it, on that connection in a worker thread: a search takes about its
# page's time instead of the sum (measured at 100,000 articles, the bench's six words: p95 20.8 -> 14.4 ms, p50
# 7.0 -> 5.7, on a busy stretch of the VM). It counts the matches among the ids the page's snapshot holds
# (``rowid <= newest``), so an article stored in between is not counted on one side only. Otherwise (an
# in-memory database's single connection, every pooled connection busy, a page beyond the window, whose
# position depends on the count) the count runs first, on the same connection.
_COUNT_BESIDE = _COUNT.format(" AND rowid <= :newest")
_COUNT = _COUNT.format("")


def _idle_connection(session: Session) -> Engine | None:
    """The session's engine when its pool has a connection no one is using (a pool of several) and the engine
    has threads for reads beside a query, else None."""
    bind = session.get_bind()
    if (isinstance(bind, Engine) and isinstance(bind.pool, QueuePool) and side_workers(bind) is not None
            and bind.pool.checkedout() < bind.pool.size()):
        return bind
    return None


def _count_beside(engine: Engine, match: str, newest: int) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(_COUNT_BESIDE), {"q": match, "newest": newest, "cap": SEARCH_COUNT_CAP})
                   .scalar_one())


def _sqlite_ids(session: Session, match: str, limit: int, offset: int) -> tuple[list[int], int]:
    if offset + limit <= RANK_WINDOW:
        # Read first: the snapshot the page will see, and the session's own connection taken from the pool.
        newest = int(session.execute(text("SELECT coalesce(max(id), 0) FROM articles")).scalar_one())
        engine = _idle_connection(session)
        if engine is not None:
            workers = side_workers(engine)
            assert workers is not None  # checked by _idle_connection
            counted = workers.submit(_count_beside, engine, match, newest)
            try:
                ids = _ranked_ids(session, match, limit, offset)
            finally:
                wait([counted])  # never leave a count running on a connection after the search returned
            return ids, counted.result()
    total = int(session.execute(text(_COUNT), {"q": match, "cap": SEARCH_COUNT_CAP}).scalar_one())

    def older(n: int, skip: int) -> list[int]:
        return _ids(
            session,
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q ORDER BY rowid DESC LIMIT :n OFFSET :skip",
            {"q": match, "n": n, "skip": skip},
        )

    def ranked(n: int) -> list[int]:
        return _ranked_ids(session, match, n, offset)

    return _window_then_older(total, limit, offset, ranked, older), total


def _ranked_ids(session: Session, match: str, n: int, offset: int) -> list[int]:
    """Up to ``n`` ids of the ranked window from position ``offset`` (fewer when the matches end first)."""
    # FTS5 walks the matches in rowid order and computes bm25 only for the rows the LIMIT lets through (timed:
    # the cost grows with the LIMIT, not with the matches); ``recent`` is used twice, so SQLite materialises
    # it and scores each row once. Only matches scoring at most the score of the page's last row in bm25 order
    # can be on the page (ties included), so only those are joined with ``articles`` for their dates.
    return _ids(
        session,
        "WITH recent AS (SELECT rowid AS id, "
        f"bm25(articles_fts, {_TITLE_WEIGHT}, {_BODY_WEIGHT}) AS score "
        "FROM articles_fts WHERE articles_fts MATCH :q ORDER BY rowid DESC LIMIT :window) "
        "SELECT a.id FROM recent JOIN articles AS a ON a.id = recent.id "
        "WHERE recent.score <= coalesce((SELECT score FROM recent ORDER BY score LIMIT 1 OFFSET :last), 1e308) "
        "ORDER BY recent.score, a.date IS NULL, a.date DESC, a.id DESC LIMIT :limit OFFSET :offset",
        {"q": match, "window": RANK_WINDOW, "limit": n, "offset": offset, "last": offset + n - 1},
    )


# PostgreSQL's planner prices ``search_vector @@ query`` like any cheap operator, but every row it tests has its
# tsvector (kilobytes, compressed) read and decompressed: at 100,000 articles it chose a sequential scan for the
# count of a word in a fifth of them (~650 ms, against ~20 ms through the GIN index), and a backward walk of the
# newest ids for a word in 1-10 % of them (100-700 ms, against ~20 ms). So the plan is chosen here, from the
# exact count: walking the newest ids tests ~rows * articles / matches rows, the GIN bitmap reads every match and
# sorts them; the walk wins when matches ** 2 > _NEWEST_WALK_COST * rows * articles (each row the walk tests cost
# ~3 times a bitmap row: measured on 100,000 articles, equal at 17,700 matches for a window of 1,000).
_NEWEST_WALK_COST = 3


def _postgres_ids(session: Session, terms: list[str], limit: int, offset: int) -> tuple[list[int], int, bool]:
    query, params = pg_tsquery(terms)
    matches = f"FROM articles AS a, (SELECT {query} AS q) AS query WHERE a.search_vector @@ query.q"
    articles = float(session.execute(text(
        "SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'articles'::regclass")).scalar_one())
    # Count up to the cap, or up to where walking the newest ids wins (``pg_newest_plan``), whichever is more: a
    # capped count still chooses the plan right.
    cap = max(SEARCH_COUNT_CAP, math.isqrt(int(_NEWEST_WALK_COST * RANK_WINDOW * max(articles, 1.0))) + 1)
    with pg_planner(session, enable_seqscan="off"):  # the count through the GIN index
        total = int(session.execute(text(f"SELECT count(*) FROM (SELECT a.id {matches} LIMIT :cap) AS counted"),
                                    {**params, "cap": cap}).scalar_one())

    def ranked(n: int) -> list[int]:
        # ts_rank is in the outer query: computed for the window's rows only, after the LIMIT picked them.
        with pg_planner(session, **pg_newest_plan(total, RANK_WINDOW, articles)):
            return _ids(
                session,
                "SELECT recent.id FROM (SELECT a.id, a.date, a.search_vector, query.q "
                f"{matches} ORDER BY a.id DESC LIMIT :window) AS recent "
                "ORDER BY ts_rank(recent.search_vector, recent.q) DESC, recent.date DESC NULLS LAST, recent.id DESC "
                "LIMIT :limit OFFSET :offset",
                {**params, "window": RANK_WINDOW, "limit": n, "offset": offset},
            )

    def older(n: int, skip: int) -> list[int]:
        with pg_planner(session, **pg_newest_plan(total, skip + n, articles)):
            return _ids(session, f"SELECT a.id {matches} ORDER BY a.id DESC LIMIT :n OFFSET :skip",
                        {**params, "n": n, "skip": skip})

    return _window_then_older(total, limit, offset, ranked, older), total, total >= cap


def pg_newest_plan(matches: int, rows: int, articles: float) -> dict[str, str]:
    """PostgreSQL planner settings for reading the ``rows`` newest stored of ``matches`` among ``articles``."""
    if matches * matches > _NEWEST_WALK_COST * rows * max(articles, matches):
        return {"enable_bitmapscan": "off", "enable_seqscan": "off"}  # walk the newest ids, test each
    return {"enable_indexscan": "off", "enable_seqscan": "off"}  # every match from the GIN index, sorted


@contextmanager
def pg_planner(session: Session, **settings: str) -> Iterator[None]:
    """Set PostgreSQL planner settings for the statements inside, in this transaction only; then put back the
    session's own values (``pg_settings.reset_val``)."""
    names = {f"name{i}": name for i, name in enumerate(settings)}
    values = {f"value{i}": value for i, value in enumerate(settings.values())}
    session.execute(text("SELECT " + ", ".join(f"set_config(:name{i}, :value{i}, true)" for i in range(len(names)))),
                    {**names, **values})
    try:
        yield
    finally:
        session.execute(text("SELECT set_config(name, reset_val, true) FROM pg_settings WHERE name IN :names")
                        .bindparams(bindparam("names", expanding=True)), {"names": list(settings)})
