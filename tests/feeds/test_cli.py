"""``energybridge sources add|list|remove|poll`` on a local site."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import Settings
from feeds.config import Source, load_sources
from tests.feeds import site as S
from tests.support.feedserver import FeedServer


def settings(tmp_path: Path) -> Settings:
    return Settings(DATABASE_URL=f"sqlite:///{tmp_path / 'cli.db'}", SEEDS_DIR=tmp_path / "seeds",
                    SOURCES_FILE=tmp_path / "conf" / "sources.yaml", FEEDS_DELAY_SECONDS=0, FEEDS_TIMEOUT_SECONDS=10,
                    FEEDS_MAX_PAGE_BYTES=S.MAX_BYTES)


def test_add_list_poll_remove(tmp_path: Path, server: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    s = settings(tmp_path)
    rss, broken = server.url("/rss.xml"), server.url("/broken.xml")
    assert main(["sources", "add", rss, "--language", "EN", "--outlet", "Test Wire", "--interval", "15"],
                settings=s) == 0
    assert main(["sources", "add", broken], settings=s) == 0
    assert main(["sources", "add", broken, "--outlet", "Broken"], settings=s) == 0  # updates, no second entry
    assert load_sources(s.sources_file) == [Source(rss, "en", "Test Wire", 15.0), Source(broken, None, "Broken")]
    assert main(["sources", "list"], settings=s) == 0
    out = capsys.readouterr().out
    assert "added" in out and "updated" in out and out.count("not polled yet") == 2

    assert main(["sources", "poll"], settings=s) == 0
    captured = capsys.readouterr()
    assert "2 feeds polled, 3 new articles" in captured.out and f"{broken}: HTTP 500" in captured.err
    assert len([p for p in s.seeds_dir.iterdir() if p.name.startswith("feed_")]) == 3
    assert main(["sources", "list"], settings=s) == 0
    out = capsys.readouterr().out
    assert "3 articles, last good poll" in out and "FAILING (1 in a row" in out and "HTTP 500" in out

    assert main(["sources", "poll"], settings=s) == 0  # nothing due yet
    assert "0 feeds polled" in capsys.readouterr().out
    assert main(["sources", "remove", broken], settings=s) == 0
    assert main(["sources", "remove", broken], settings=s) == 2
    assert "no feed" in capsys.readouterr().err
    assert [x.url for x in load_sources(s.sources_file)] == [rss]


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = settings(tmp_path)
    assert main(["sources", "add", "ftp://x.test/feed"], settings=s) == 2
    assert main(["sources", "add", "https://x.test/feed", "--language", "english"], settings=s) == 2
    s.sources_file.parent.mkdir(parents=True)
    s.sources_file.write_text("feeds: {url: 1}\n", encoding="utf-8")
    assert main(["sources", "list"], settings=s) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3 and all(line.startswith("energybridge sources ") for line in err)
