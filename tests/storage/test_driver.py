"""The ingest hot path's statements on the DBAPI cursor store what SQLAlchemy's own statements store."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from storage.driver import Driver, Statement, _compiled, insert_statement
from storage.engine import write_session
from storage.models import Article, SourceFile

ARTICLES = Article.__table__  # type: ignore[attr-defined]
FILES = SourceFile.__table__  # type: ignore[attr-defined]
COLUMNS = ["sha256", "file", "title", "date", "source", "language", "body", "signature", "story_id", "ingested_at",
           "updated_at"]


def _article(n: int, *, microsecond: int) -> dict[str, object]:
    when = datetime(2026, 11, 30, 8, 5, 1, microsecond)
    return {"sha256": f"{n:064x}", "file": f"{n}.txt", "title": "Rogun 100% on track", "date": date(2026, 2, 17),
            "source": None, "language": "ru", "body": "Тело статьи: 1,300 MW", "signature": "00ff",
            "story_id": None, "ingested_at": when, "updated_at": when}


def test_parameters_take_the_drivers_style_and_percent_signs_survive() -> None:
    statement = Statement("SELECT :a, '100%', x::text FROM t WHERE b = :b_2")
    pg_sql, _ = _compiled(statement, postgresql.psycopg.dialect())
    lite_sql, _ = _compiled(statement, sqlite.pysqlite.dialect())
    assert pg_sql == "SELECT %(a)s, '100%%', x::text FROM t WHERE b = %(b_2)s"
    assert lite_sql == statement.sql


def test_rows_are_stored_as_sqlalchemy_stores_them(engine: Engine) -> None:
    statement = insert_statement(ARTICLES, COLUMNS, returning="id")
    with write_session(engine) as session:
        ids = []
        for n, microsecond in enumerate((0, 123456)):  # a whole second too: SQLite keeps ".000000"
            session.execute(insert(ARTICLES), _article(2 * n, microsecond=microsecond))
            ids.append(Driver(session).scalar(statement, _article(2 * n + 1, microsecond=microsecond)))
    with engine.connect() as conn:
        rows = {r.sha256: r for r in conn.execute(select(ARTICLES))}
        raw = {r[0]: r[1:] for r in conn.exec_driver_sql("SELECT sha256, date, ingested_at FROM articles")}
    assert all(isinstance(i, int) for i in ids)
    for n in (0, 2):
        core, driver = f"{n:064x}", f"{n + 1:064x}"
        assert raw[core] == raw[driver]  # the same stored text or value, not only the same Python value
        assert {k: v for k, v in rows[core]._mapping.items() if k not in ("id", "sha256", "file")} == {
            k: v for k, v in rows[driver]._mapping.items() if k not in ("id", "sha256", "file")
        }


def test_executemany_and_scalars(engine: Engine) -> None:
    statement = insert_statement(FILES, ["path", "size", "mtime_ns", "raw_sha256", "status", "seen_at"])
    now = datetime(2026, 12, 1, 21, 0, 0, 5)
    rows = [{"path": f"/seeds/{i}.txt", "size": 10 * i, "mtime_ns": 2**62 + i, "raw_sha256": "0" * 64,
             "status": "ok", "seen_at": now} for i in range(3)]
    with write_session(engine) as session:
        driver = Driver(session)
        driver.many(statement, rows)
        driver.many(statement, [])  # nothing to write: no statement
        count = driver.scalar(Statement("SELECT count(*) FROM source_files WHERE size >= :least"), {"least": 10})
        missing = driver.scalar(Statement("SELECT id FROM source_files WHERE path = :p"), {"p": "/none"})
    assert (count, missing) == (2, None)
    with engine.connect() as conn:
        stored = conn.execute(select(FILES.c.path, FILES.c.mtime_ns, FILES.c.seen_at).order_by(FILES.c.path)).all()
    assert [tuple(r) for r in stored] == [(f"/seeds/{i}.txt", 2**62 + i, now) for i in range(3)]


def test_pending_orm_changes_are_flushed_first(engine: Engine) -> None:
    with write_session(engine) as session:
        session.add(SourceFile(path="/seeds/pending.txt", size=1, mtime_ns=1, raw_sha256="0" * 64, status="ok"))
        found = Driver(session).scalar(Statement("SELECT count(*) FROM source_files WHERE path = :p"),
                                       {"p": "/seeds/pending.txt"})
    assert found == 1
