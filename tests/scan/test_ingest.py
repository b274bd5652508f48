"""Incremental ingestion: idempotent, edits in place, duplicates, near-duplicates, settling, quarantine."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import col, select

import scan.runner
import scan.store
from ingest.normalize import normalize
from scan import list_quarantined, run_ingest
from scan.work import parse_file, parse_files
from storage.engine import create_engine_for, read_session
from storage.migrate import upgrade
from storage.models import Article, ArticleOrganisation, ArticlePerson, FileStatus, SourceFile
from storage.queries import get_article, list_articles_for_country, list_articles_for_project
from tests.support.db import copy_seeds, settle


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    return copy_seeds(tmp_path / "inbox")


def _seed(directory: Path, prefix: str) -> Path:
    return next(directory.glob(f"{prefix}_*.txt"))


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(paths: list[str]) -> None:
        raise AssertionError(f"parsed {paths}")

    monkeypatch.setattr(scan.runner, "parse_files", fail)


def _files(engine: Engine) -> dict[str, tuple[str, int | None]]:
    with read_session(engine) as session:
        rows = session.exec(select(SourceFile.path, SourceFile.status, SourceFile.article_id)).all()
    return {_key(Path(path).name): (status, article_id) for path, status, article_id in rows}


def _key(name: str) -> str:
    """Seeds by their number ("000"), other files by name."""
    return name[:3] if name[:3].isdigit() else name


def _article_count(engine: Engine) -> int:
    with read_session(engine) as session:
        return session.exec(select(func.count()).select_from(Article)).one()


def test_reingesting_unchanged_files_parses_nothing(engine: Engine, inbox: Path, monkeypatch) -> None:
    first = run_ingest(engine=engine, directory=inbox)
    assert first.summary_line().startswith("5 new, 0 updated, 0 unchanged, 0 duplicate, 0 near-duplicate")
    assert [a.new_story for a in first.new_articles] == [True] * 5
    _no_parsing(monkeypatch)
    second = run_ingest(engine=engine, directory=inbox)
    assert second.summary_line().startswith("0 new, 0 updated, 5 unchanged, 0 duplicate")
    assert second.new_articles == [] and _article_count(engine) == 5


def test_a_batch_of_files_is_stored_in_one_transaction(engine: Engine, inbox: Path, monkeypatch) -> None:
    # The file-by-file replay is for a batch that fails; healthy files never need it (it once hid a bug in the
    # batch's prefetching, at three times the cost).
    shutil.copy(_seed(inbox, "001"), inbox / "copy.txt")  # a duplicate inside the same batch
    settle(inbox / "copy.txt")

    def replay(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a batch was replayed file by file")

    monkeypatch.setattr(scan.store, "store_one", replay)
    report = run_ingest(engine=engine, directory=inbox)
    assert (report.new, report.duplicate) == (5, 1)
    with read_session(engine) as session:
        organisations = session.exec(select(func.count()).select_from(ArticleOrganisation)).one()
        people = session.exec(select(func.count()).select_from(ArticlePerson)).one()
    assert organisations and people  # the batch's prefetched entities were used
    assert run_ingest(engine=engine, directory=inbox).unchanged == 6


def test_touching_a_file_without_changing_it_is_a_no_op(engine: Engine, inbox: Path, monkeypatch) -> None:
    run_ingest(engine=engine, directory=inbox)
    for path in inbox.iterdir():
        settle(path, seconds_ago=30)  # a new mtime, same bytes
    _no_parsing(monkeypatch)
    report = run_ingest(engine=engine, directory=inbox)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 5)
    monkeypatch.undo()
    assert run_ingest(engine=engine, directory=inbox).unchanged == 5  # and the new mtime was recorded


def test_editing_a_file_updates_its_article_in_place(engine: Engine, inbox: Path) -> None:
    run_ingest(engine=engine, directory=inbox)
    path = _seed(inbox, "004")
    before = _files(engine)["004"][1]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Azerbaijan-Albania", "Azerbaijan-Albania-Tajikistan", 1), encoding="utf-8")
    settle(path)
    report = run_ingest(engine=engine, directory=inbox)
    assert (report.new, report.updated, report.unchanged) == (0, 1, 4)
    assert _files(engine)["004"] == (FileStatus.OK, before) and _article_count(engine) == 5
    with read_session(engine) as session:
        detail = get_article(session=session, article_id=before)
        tajik = list_articles_for_country(session=session, code="TJ", limit=10, offset=0)
    assert detail is not None and "Azerbaijan-Albania-Tajikistan" in detail.body
    assert "TJ" in detail.countries  # links were rebuilt
    assert before in [row.id for row in tajik.items]


def test_a_copy_under_a_new_name_is_a_duplicate(engine: Engine, inbox: Path) -> None:
    run_ingest(engine=engine, directory=inbox)
    copy = inbox / "copy-of-000.txt"
    shutil.copyfile(_seed(inbox, "000"), copy)
    settle(copy)
    report = run_ingest(engine=engine, directory=inbox)
    assert (report.new, report.duplicate, report.unchanged) == (0, 1, 5)
    files = _files(engine)
    assert files["copy-of-000.txt"] == (FileStatus.DUPLICATE, files["000"][1])
    assert _article_count(engine) == 5
    with read_session(engine) as session:
        dup = session.exec(select(SourceFile).where(SourceFile.path == str(copy))).one()
        owner = session.get(SourceFile, dup.duplicate_of)
    assert owner is not None and Path(owner.path).name.startswith("000")


def test_boilerplate_changed_seed_is_a_near_duplicate_in_the_same_story(engine: Engine, inbox: Path) -> None:
    run_ingest(engine=engine, directory=inbox)
    original = _seed(inbox, "000").read_text(encoding="utf-8")
    reprint = original.replace("Trend reports", "Kabar reports").replace(
        "BISHKEK, Kyrgyzstan", "Central Asia Energy Review. BISHKEK, Kyrgyzstan"
    ) + "\nRead more energy news from Central Asia on our website.\n"
    (inbox / "kabar-reprint.txt").write_text(reprint, encoding="utf-8")
    settle(inbox / "kabar-reprint.txt")
    report = run_ingest(engine=engine, directory=inbox)
    assert (report.new, report.near_duplicate, report.duplicate) == (0, 1, 0)
    [added] = report.new_articles
    assert added.new_story is False
    with read_session(engine) as session:
        first = session.exec(select(Article).where(col(Article.file).startswith("000"))).one()
        second = session.get(Article, added.article_id)
        detail = get_article(session=session, article_id=first.id)
        page = list_articles_for_project(session=session, slug="casa-1000", limit=10, offset=0)
    assert second is not None and second.story_id == first.story_id == first.id
    assert detail is not None and [r.id for r in detail.other_in_story] == [added.article_id]
    # The story is listed once, by its newest version, naming both outlets.
    [listed] = [r for r in page.items if r.story_id == first.story_id]
    assert listed.id == added.article_id and {"Trend", "Kabar"} <= set(listed.sources_in_story)


def test_half_written_files_are_skipped_then_ingested_once_complete(engine: Engine, inbox: Path) -> None:
    fresh = inbox / "fresh.txt"
    fresh.write_bytes(_seed(inbox, "004").read_bytes().replace(b"Tirana", b"Durres"))  # mtime: now
    partial = inbox / "incoming.txt.part"
    partial.write_bytes(_seed(inbox, "002").read_bytes()[:500])
    settle(partial)
    report = run_ingest(engine=engine, directory=inbox, settle_seconds=60)
    assert (report.new, report.skipped_unsettled) == (5, 2)
    assert "fresh.txt" not in _files(engine) and "incoming.txt.part" not in _files(engine)

    settle(fresh, seconds_ago=120)
    partial.rename(inbox / "incoming.txt")
    (inbox / "incoming.txt").write_bytes(_seed(inbox, "002").read_bytes().replace(b"693", b"694"))
    settle(inbox / "incoming.txt", seconds_ago=120)
    report = run_ingest(engine=engine, directory=inbox, settle_seconds=60)
    assert report.skipped_unsettled == 0
    assert report.near_duplicate + report.new + report.duplicate == 2
    assert _files(engine)["fresh.txt"][0] == FileStatus.OK


def test_binary_file_is_quarantined_and_nothing_else_is_affected(engine: Engine, inbox: Path, monkeypatch) -> None:
    binary = inbox / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    settle(binary)
    report = run_ingest(engine=engine, directory=inbox)
    assert (report.new, report.quarantined) == (5, 1)
    [(path, reason)] = report.quarantined_files
    assert path == str(binary) and reason
    [(q_path, q_reason, seen_at)] = list_quarantined(engine)
    assert (q_path, q_reason) == (str(binary), reason) and seen_at is not None
    assert binary.exists()  # stays where it is

    _no_parsing(monkeypatch)  # not retried while unchanged
    assert run_ingest(engine=engine, directory=inbox).summary_line().startswith("0 new, 0 updated, 6 unchanged")
    monkeypatch.undo()

    fixed = _seed(inbox, "003").read_text(encoding="utf-8").replace("slated to finish in 2027", "due in 2028")
    binary.write_text(fixed, encoding="utf-8")
    settle(binary)
    report = run_ingest(engine=engine, directory=inbox)
    assert report.quarantined == 0 and report.near_duplicate == 1
    assert list_quarantined(engine) == [] and _files(engine)["photo.txt"][0] == FileStatus.OK


def test_removed_file_keeps_its_article(engine: Engine, inbox: Path) -> None:
    run_ingest(engine=engine, directory=inbox)
    path = _seed(inbox, "001")
    article_id = _files(engine)["001"][1]
    saved = path.read_bytes()
    path.unlink()
    report = run_ingest(engine=engine, directory=inbox)
    assert (report.removed, report.unchanged) == (1, 4)
    assert _files(engine)["001"] == (FileStatus.REMOVED, article_id)
    with read_session(engine) as session:
        assert get_article(session=session, article_id=article_id) is not None
    assert run_ingest(engine=engine, directory=inbox).removed == 0

    path.write_bytes(saved)  # it comes back: the same article, owned again
    settle(path)
    report = run_ingest(engine=engine, directory=inbox)
    assert (report.new, report.updated) == (0, 1)
    assert _files(engine)["001"] == (FileStatus.OK, article_id)


def test_renamed_file_takes_its_article_along(engine: Engine, inbox: Path) -> None:
    run_ingest(engine=engine, directory=inbox)
    old = _seed(inbox, "002")
    article_id = _files(engine)["002"][1]
    new = inbox / "renamed.txt"
    os.rename(old, new)
    report = run_ingest(engine=engine, directory=inbox)
    assert (report.removed, report.updated, report.new, report.duplicate) == (1, 1, 0, 0)
    assert _files(engine)["renamed.txt"] == (FileStatus.OK, article_id)
    with read_session(engine) as session:
        detail = get_article(session=session, article_id=article_id)
    assert detail is not None and detail.article.file == "renamed.txt"


def test_many_files_are_parsed_in_worker_processes(tmp_path: Path, inbox: Path, monkeypatch) -> None:
    # Parsing, not storage, is under test: one backend is enough (worker processes take seconds to start).
    monkeypatch.setattr(scan.runner, "PARALLEL_MIN_FILES", 2)
    engine = create_engine_for(f"sqlite:///{tmp_path / 'pool.db'}")
    upgrade(engine)
    report = run_ingest(engine=engine, directory=inbox, workers=2, progress=True)
    engine.dispose()
    assert report.new == 5 and sorted(Path(a.path).name[:3] for a in report.new_articles) == [
        "000", "001", "002", "003", "004"
    ]


def test_parse_file_reports_instead_of_raising(tmp_path: Path) -> None:
    missing = parse_file(str(tmp_path / "nope.txt"))
    assert missing.vanished
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = parse_file(str(empty))
    assert result.article is None and result.error


def test_missing_directory_is_an_error(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError):
        run_ingest(engine=engine, directory=tmp_path / "missing")


def test_a_chunk_of_files_gives_one_result_per_file_in_order(tmp_path: Path, inbox: Path, monkeypatch) -> None:
    import scan.work
    from storage import neardup

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    seeds = sorted(str(p) for p in inbox.glob("*.txt"))
    paths = [seeds[0], str(tmp_path / "gone.txt"), str(empty), str(tmp_path), *seeds[1:]]
    results = parse_files(paths)
    assert [r.snapshot.path for r in results[:1] + results[3:]] == [seeds[0], str(tmp_path), *seeds[1:]]
    assert results[1].vanished and results[2].error == "empty file"
    assert results[3].error == "not a regular file (a directory)"  # refused unread (ingest.reader.read_file)
    assert all(r.article is not None and r.fingerprint is not None for r in results[:1] + results[4:])
    assert [r.article for r in results[:1] + results[4:]] == [parse_file(p).article for p in seeds]

    real = neardup.fingerprint
    bad_body = results[4].article.body

    def broken_on_one_body(text: str, *, normalized: bool = False) -> neardup.Fingerprint:
        if text == normalize(bad_body):
            raise ValueError("signature bug")
        return real(text, normalized=normalized)

    monkeypatch.setattr(scan.work.neardup, "fingerprint", broken_on_one_body)
    again = parse_files(paths)
    assert again[4].error == "parser error: ValueError: signature bug" and again[4].article is None
    assert [r.article for r in again[:1] + again[5:]] == [r.article for r in results[:1] + results[5:]]
