"""Engine factory: SQLite tuned for several processes, PostgreSQL through psycopg 3."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from storage.engine import create_engine_for, read_session, write_session


def test_sqlite_file_gets_wal_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'nested' / 'dir' / 'x.db'}")
    try:
        assert (tmp_path / "nested" / "dir").is_dir()
        with write_session(engine) as session:
            assert session.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
            assert session.execute(text("PRAGMA busy_timeout")).scalar_one() == 30000
            assert session.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    finally:
        engine.dispose()


def test_in_memory_sqlite_shares_one_connection() -> None:
    engine = create_engine_for("sqlite://")
    try:
        with write_session(engine) as session:
            session.execute(text("CREATE TABLE t (x INTEGER)"))
            session.execute(text("INSERT INTO t VALUES (1)"))
        with read_session(engine) as session:
            assert session.execute(text("SELECT x FROM t")).scalar_one() == 1
    finally:
        engine.dispose()


def test_write_session_rolls_back_on_error(tmp_path: Path) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with write_session(engine) as session:
            session.execute(text("CREATE TABLE t (x INTEGER)"))
        try:
            with write_session(engine) as session:
                session.execute(text("INSERT INTO t VALUES (1)"))
                raise RuntimeError("boom")
        except RuntimeError:
            pass
        with read_session(engine) as session:
            assert session.execute(text("SELECT count(*) FROM t")).scalar_one() == 0
    finally:
        engine.dispose()


def test_plain_postgresql_url_uses_psycopg3() -> None:
    engine = create_engine_for("postgresql://user@127.0.0.1:1/none")
    assert engine.dialect.name == "postgresql"
    assert engine.dialect.driver == "psycopg"
    engine.dispose()
