"""The counts kept by triggers (``storage.counts``) equal a count of the rows, after every kind of write: ingest
(articles, links and timeline events), a changed file re-ingested, an article deleted (its links go by cascade),
a bulk copy of link rows."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text

from scan import run_ingest
from storage.engine import read_session, write_session
from tests.support.db import copy_seeds, settle

_ACTUAL = (
    "SELECT 'articles', count(*) FROM articles "
    "UNION ALL SELECT 'c:' || country, count(*) FROM article_countries GROUP BY country "
    "UNION ALL SELECT 'p:' || CAST(project_id AS TEXT), count(*) FROM article_projects GROUP BY project_id "
    "UNION ALL SELECT 'h:' || CAST(person_id AS TEXT), count(*) FROM article_people GROUP BY person_id "
    "UNION ALL SELECT 'e:' || subject, count(*) FROM event_subjects GROUP BY subject"
)


def _agree(engine: Engine) -> dict[str, int]:
    with read_session(engine) as session:
        actual = {k: int(n) for k, n in session.execute(text(_ACTUAL))}
        kept = {k: int(n) for k, n in session.execute(text("SELECT key, n FROM subject_counts WHERE n <> 0"))}
    assert kept == actual
    return kept


def test_counts_follow_ingest_changes_and_deletes(engine: Engine, tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path / "seeds")
    run_ingest(engine=engine, directory=seeds, settle_seconds=0.0)
    counts = _agree(engine)
    assert counts["articles"] == 5 and counts["c:TJ"] == 3

    changed = sorted(seeds.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nKazakhstan and Uzbekistan joined the talks.\n",
                       encoding="utf-8")
    settle(changed)
    run_ingest(engine=engine, directory=seeds, settle_seconds=0.0)
    _agree(engine)

    with write_session(engine) as session:
        session.execute(text("DELETE FROM articles WHERE id = (SELECT min(id) FROM articles)"))
    counts = _agree(engine)
    assert counts["articles"] == 4


def test_a_bulk_copy_of_link_rows_is_counted(seeded_engine: Engine) -> None:
    with write_session(seeded_engine) as session:
        session.execute(text(
            "INSERT INTO article_countries (article_id, country, position) "
            "SELECT id, 'MN', 9 FROM articles"))
    assert _agree(seeded_engine)["c:MN"] == 5
