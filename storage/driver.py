"""The few statements of the ingest hot path, run straight on the DBAPI cursor of the session's connection.

SQLAlchemy spends ~0.1-0.2 ms of Python on every ``execute`` (execution context, parameter processing, result
object) while SQLite needs ~0.05 ms for these statements; ingest runs several per article, so that overhead was
most of the storing time (``python -m bench --only ingest``, profile in the README). A ``Statement`` is plain
SQL written once for both backends with ``:name`` parameters, turned into the driver's parameter style once per
dialect. Its values are converted by the bind processors of the columns they are written to, i.e. by
SQLAlchemy's own types, so the stored values are exactly what a Core or ORM statement would store (checked by
comparing whole databases ingested both ways). Everything runs inside the session's transaction, after the
session's pending ORM changes are flushed.

Kept as a second SQL path beside SQLAlchemy because the ingest benchmark needs it: ingest runs ~8 statements and
~60 link rows an article, so SQLAlchemy's per-execute overhead was ~0.5-1 ms of the ~4 ms an article cost when
ingest ran at 260-430 articles/s, against the 500/s target (history in docs/performance.md). Only the hot
statements of ``storage.writes`` and ``storage.links`` use it; everything else goes through SQLAlchemy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Column
from sqlalchemy.engine import Dialect
from sqlmodel import Session

_NAMED = re.compile(r"(?<![:\w]):(\w+)")


@dataclass(frozen=True, eq=False)
class Statement:
    """SQL text with ``:name`` parameters; ``columns`` names the column each typed parameter is written to."""

    sql: str
    columns: Mapping[str, Column[Any]] = field(default_factory=dict)


Prepared = tuple[str, tuple[tuple[str, Callable[[Any], Any]], ...]]


@cache
def _compiled(statement: Statement, dialect: Dialect) -> Prepared:
    dialect_name, paramstyle = dialect.name, dialect.paramstyle
    if dialect_name == "sqlite" or paramstyle == "named":  # sqlite3 takes :name with a mapping in any style
        sql = statement.sql
    elif paramstyle in ("pyformat", "format"):  # psycopg: %(name)s with a mapping
        sql = _NAMED.sub(r"%(\1)s", statement.sql.replace("%", "%%"))
    else:
        raise NotImplementedError(f"parameter style {paramstyle} of {dialect_name}")
    processors = []
    for name, column in statement.columns.items():
        # What SQLAlchemy itself applies when it binds a value of this column's type on this dialect.
        process = column.type._cached_bind_processor(dialect)  # noqa: SLF001
        if process is not None:
            processors.append((name, process))
    return sql, tuple(processors)


class Driver:
    """The session's DBAPI connection, for ``Statement`` objects."""

    def __init__(self, session: Session) -> None:
        if session.new or session.dirty or session.deleted:
            session.flush()  # the statements below must see what the ORM has pending
        connection = session.connection()
        self._dialect = connection.dialect
        self._dbapi = connection.connection

    def _prepare(self, statement: Statement) -> Prepared:
        return _compiled(statement, self._dialect)

    @staticmethod
    def _bind(params: Mapping[str, Any], processors: Sequence[tuple[str, Callable[[Any], Any]]]) -> Mapping[str, Any]:
        if not processors:
            return params
        bound = dict(params)
        for name, process in processors:
            if bound.get(name) is not None:
                bound[name] = process(bound[name])
        return bound

    def rows(self, statement: Statement, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Run one statement; return every row it produced (none for a plain write)."""
        sql, processors = self._prepare(statement)
        cursor = self._dbapi.cursor()
        try:
            cursor.execute(sql, self._bind(params, processors))
            return list(cursor.fetchall()) if cursor.description else []
        finally:
            cursor.close()

    def scalar(self, statement: Statement, params: Mapping[str, Any]) -> Any:
        """Run one statement; return the first column of its first row, or None."""
        found = self.rows(statement, params)
        return found[0][0] if found else None

    def many(self, statement: Statement, rows: Iterable[Mapping[str, Any]]) -> None:
        """Run one write statement for every row of parameters (``executemany``)."""
        sql, processors = self._prepare(statement)
        batch = [self._bind(r, processors) for r in rows]
        if not batch:
            return
        cursor = self._dbapi.cursor()
        try:
            cursor.executemany(sql, batch)
        finally:
            cursor.close()


def insert_statement(table: Any, columns: Sequence[str], *, returning: str | None = None) -> Statement:
    """An INSERT of ``columns`` into ``table`` (a Table), typed by those columns."""
    names = ", ".join(columns)
    values = ", ".join(f":{c}" for c in columns)
    tail = f" RETURNING {returning}" if returning else ""
    return Statement(f"INSERT INTO {table.name} ({names}) VALUES ({values}){tail}",
                     {c: table.c[c] for c in columns})
