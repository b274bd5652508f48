"""Every card query reads a bounded part of an index, never a whole table: each statement a card, list, search or
timeline call sends is explained on the database itself, and no plan may scan ``articles`` or a link table in
full. SQLite: ``EXPLAIN QUERY PLAN`` (a bare ``SCAN <table>`` is a full scan; ``SCAN t USING INDEX`` walks an
index in order, bounded only when the statement has a LIMIT). PostgreSQL: ``EXPLAIN`` with ``enable_seqscan``
off, so that a ``Seq Scan`` left in the plan means no index could serve it (on a store this small the planner
would otherwise prefer scanning, whatever the indexes). On both, a count without a LIMIT reads every match of its
subject, which grows with the store: totals come from ``storage.counts`` instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event

from storage import cards, queries
from storage.engine import read_session
from storage.timeline import list_timeline

# Tables whose rows grow with the store.
GROWING = ("articles", "article_countries", "article_projects", "article_people", "article_organisations",
           "figures", "events", "event_subjects", "event_sources")
CALLS: dict[str, Callable[[Any], Any]] = {
    "project": lambda s: cards.read_project_card(session=s, slug="casa-1000", limit=5, offset=0),
    "project page 2": lambda s: cards.read_project_card(session=s, slug="casa-1000", limit=1, offset=1),
    "country": lambda s: cards.read_country_card(session=s, code="TJ", limit=5, offset=0),
    "person": lambda s: cards.read_person_card(session=s, text="Daler Juma", limit=5, offset=0),
    "search": lambda s: queries.search_articles(session=s, text="energy", limit=5, offset=0),
    "latest": lambda s: queries.list_latest(session=s, limit=5, offset=0),
    "latest page 3": lambda s: queries.list_latest(session=s, limit=2, offset=4),
    "timeline": lambda s: list_timeline(session=s, project="casa-1000", limit=5),
}


@contextmanager
def _captured(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, many: bool) -> None:
        if not many and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _full_scans(engine: Engine, statement: str, parameters: Any) -> list[str]:
    bounded = "LIMIT" in statement.upper()
    if re.search(r"\bcount\(", statement, re.I) and not bounded:
        return ["a count over every match"]
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
            lines = [str(row[-1]) for row in cursor.fetchall()]
            index = "" if bounded else "(?: USING .*INDEX.*)?"
            pattern = re.compile(rf"^SCAN ({'|'.join(GROWING)})(?: AS \w+)?{index}$")
            return [line for line in lines if pattern.search(line.strip())]
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN " + statement, parameters)
        return _postgres_full_scans([str(row[0]) for row in cursor.fetchall()], bounded=bounded)
    finally:
        raw.rollback()
        raw.close()


def _postgres_full_scans(lines: list[str], *, bounded: bool) -> list[str]:
    """Plan nodes reading a whole growing table: a sequential scan, or (without a LIMIT) an index scan with no
    index condition, i.e. a walk of the whole index."""
    node = re.compile(rf"(Seq Scan|Index Only Scan|Index Scan)\b.* on ({'|'.join(GROWING)})\b")
    found = []
    for i, line in enumerate(lines):
        match = node.search(line)
        if not match:
            continue
        if match.group(1) == "Seq Scan":
            found.append(line.strip())
            continue
        details = []
        for following in lines[i + 1:]:
            if "->" in following:
                break
            details.append(following)
        if not bounded and not any("Index Cond" in d for d in details):
            found.append(line.strip())
    return found


@pytest.mark.parametrize("name", list(CALLS))
def test_no_card_query_scans_a_growing_table(seeded_engine: Engine, name: str) -> None:
    with _captured(seeded_engine) as statements, read_session(seeded_engine) as session:
        CALLS[name](session)
    assert statements, f"{name}: no statement captured"
    problems = []
    for statement, parameters in statements:
        scans = _full_scans(seeded_engine, statement, parameters)
        if scans:
            problems.append(f"{scans}: {' '.join(statement.split())[:300]}")
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("statement", [
    "SELECT count(*) FROM articles",
    "SELECT id FROM articles ORDER BY title",
    "SELECT article_id FROM article_countries WHERE position = 3",
])
def test_the_check_finds_a_whole_table_read(seeded_engine: Engine, statement: str) -> None:
    assert _full_scans(seeded_engine, statement, ())
