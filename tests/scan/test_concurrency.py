"""Two processes ingesting the same directory at once leave the same database as one process would."""

from __future__ import annotations

import multiprocessing
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import select

from scan import run_ingest
from storage.engine import create_engine_for, read_session
from storage.migrate import upgrade
from storage.models import (
    Article,
    ArticleCountry,
    ArticlePerson,
    ArticleProject,
    FigureRecord,
    Organisation,
    PersonRecord,
    Project,
    SourceFile,
)
from tests.support.db import copy_seeds, settle


def _ingest_in_child(url: str, directory: str, go: Event, results: Queue) -> None:
    """Body of each ingesting process: its own engine, started together with the other one."""
    engine = create_engine_for(url)
    try:
        go.wait(timeout=30)
        report = run_ingest(engine=engine, directory=Path(directory), workers=1)
        results.put(("ok", report.new, report.summary_line()))
    except BaseException as exc:  # reported to the test, which fails with it
        results.put(("error", 0, f"{type(exc).__name__}: {exc}"))
    finally:
        engine.dispose()


def _inbox(directory: Path) -> Path:
    """The seeds, plus exact copies and near-duplicates of them: every kind of race."""
    copy_seeds(directory)
    for seed in sorted(directory.glob("00*.txt")):
        text = seed.read_text(encoding="utf-8")
        (directory / f"copy-{seed.name}").write_text(text, encoding="utf-8")
        paragraphs = text.split("\n\n")
        paragraphs[len(paragraphs) // 2] = "This paragraph was rewritten by another outlet entirely."
        (directory / f"reprint-{seed.name}").write_text("\n\n".join(paragraphs), encoding="utf-8")
    for path in directory.iterdir():
        settle(path)
    return directory


def _snapshot(engine: Engine) -> dict[str, object]:
    """The database's content, independent of id assignment order."""
    with read_session(engine) as s:
        articles = {a.id: a for a in s.exec(select(Article))}
        name = {i: a.file for i, a in articles.items()}
        files = {f.id: f for f in s.exec(select(SourceFile))}
        stories: dict[int | None, set[str]] = {}
        for a in articles.values():
            stories.setdefault(a.story_id, set()).add(a.file)
        projects = {p.id: p.slug for p in s.exec(select(Project))}
        people = {p.id: p.key for p in s.exec(select(PersonRecord))}
        return {
            "articles": sorted((a.file, a.sha256, a.title, a.date, a.source, a.language) for a in articles.values()),
            "stories": sorted(sorted(members) for members in stories.values()),
            "files": sorted(
                (
                    Path(f.path).name,
                    f.status,
                    name.get(f.article_id),
                    Path(files[f.duplicate_of].path).name if f.duplicate_of else None,
                )
                for f in files.values()
            ),
            "countries": sorted((name[c.article_id], c.country) for c in s.exec(select(ArticleCountry))),
            "projects": sorted((name[p.article_id], projects[p.project_id]) for p in s.exec(select(ArticleProject))),
            "people": sorted(
                (name[p.article_id], people[p.person_id], p.role) for p in s.exec(select(ArticlePerson))
            ),
            "spellings": sorted((p.key, sorted(p.spellings)) for p in s.exec(select(PersonRecord))),
            "organisations": sorted(o.key for o in s.exec(select(Organisation))),
            "figures": sorted((name[f.article_id], f.value, f.unit) for f in s.exec(select(FigureRecord))),
        }


def test_two_processes_at_once_equal_one(db_url: str, tmp_path: Path) -> None:
    inbox = _inbox(tmp_path / "inbox")
    upgrade(db_url)  # as `energybridge ingest` does before scanning
    # fork: the children start with the parser already imported and warm (no engine is open here).
    context = multiprocessing.get_context("fork")
    go, results = context.Event(), context.Queue()
    children = [
        context.Process(target=_ingest_in_child, args=(db_url, str(inbox), go, results)) for _ in range(2)
    ]
    for child in children:
        child.start()
    go.set()
    outcomes = [results.get(timeout=120) for _ in children]
    for child in children:
        child.join(timeout=30)
        assert child.exitcode == 0
    assert [status for status, _, _ in outcomes] == ["ok", "ok"], outcomes
    assert sum(new for _, new, _ in outcomes) == 5, outcomes  # every article stored by exactly one of them

    together = create_engine_for(db_url)
    alone = create_engine_for(f"sqlite:///{tmp_path / 'alone.db'}")
    try:
        upgrade(alone)
        report = run_ingest(engine=alone, directory=inbox)
        assert (report.new, report.duplicate, report.near_duplicate) == (5, 5, 5)
        expected = _snapshot(alone)
        assert _snapshot(together) == expected
        assert len(expected["articles"]) == 10 and len(expected["stories"]) == 5  # type: ignore[arg-type]
    finally:
        together.dispose()
        alone.dispose()
