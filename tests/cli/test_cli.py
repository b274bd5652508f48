"""The ingest / query / db commands as the ``energybridge`` CLI registers them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import Settings
from tests.support.db import copy_seeds


def _run(argv: list[str], settings: Settings) -> int:
    return main(argv, settings=settings)


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=db_url, seeds_dir=copy_seeds(tmp_path / "seeds"))


def test_ingest_then_query_as_json(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["ingest", "--report"], settings) == 0
    out = capsys.readouterr().out
    assert out.startswith("5 new, 0 updated, 0 unchanged, 0 duplicate, 0 near-duplicate, 0 quarantined")
    assert _run(["ingest"], settings) == 0
    assert capsys.readouterr().out.startswith("0 new, 0 updated, 5 unchanged")

    assert _run(["query", "country", "Тәжікстан", "--json"], settings) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(r["file"][:3] for r in rows) == ["000", "001", "003"]
    assert {"id", "file", "title", "date", "language", "source", "story"} <= set(rows[0])

    assert _run(["query", "project", "КАСА-1000", "--json", "--limit", "1", "--offset", "1"], settings) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["file"].startswith("000") and row["date"] == "2024-02-17" and row["language"] == "en"

    assert _run(["query", "person", "Далер", "Джума", "--json"], settings) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2

    assert _run(["query", "search", 'NEAR("CASA" OR *', "--json"], settings) == 0
    assert json.loads(capsys.readouterr().out) == []

    assert _run(["query", "stats", "--json"], settings) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["articles"] == 5 and stats["files_by_status"] == {"ok": 5}

    assert _run(["query", "latest"], settings) == 0
    assert "Articles 1-5 of 5" in capsys.readouterr().out


def test_db_upgrade(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["db", "upgrade"], settings) == 0
    assert "database at revision" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["query", "project"],
        ["query", "latest", "extra"],
        ["query", "latest", "--limit", "0"],
        ["query", "latest", "--limit", "x"],
        ["query", "nothing"],
        ["ingest", "/definitely/not/here"],
        ["ingest", "--workers", "0"],
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", seeds_dir=tmp_path)
    with pytest.raises(SystemExit) as exited:
        raise SystemExit(_run(argv, settings))
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith("energybridge")


def test_query_on_an_empty_database_explains(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["query", "latest"], settings) == 1
    assert "db upgrade" in capsys.readouterr().err
