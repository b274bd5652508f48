"""``energybridge export`` writes a project's articles as CSV or JSON; the console saves the photos and documents
the bot sends and prints their paths."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.cli import main
from bot.console import console_session, exchange
from bot.settings import Settings
from tests.support.articles import ingest_articles


@pytest.fixture
def settings(engine: Engine, db_url: str, tmp_path: Path) -> Settings:
    ingest_articles(engine, tmp_path / "inbox")
    return Settings(database_url=db_url, seeds_dir=tmp_path / "inbox")


def test_export_csv_to_stdout_and_json_to_a_file(settings: Settings, tmp_path: Path,
                                                 capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export", "--project", "Rogun"], settings=settings) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8-sig"), newline="")))
    assert [r["date"] for r in rows] == ["2025-03-20", "2025-03-18", "2025-02-10"]
    target = tmp_path / "casa.json"
    assert main(["export", "--project", "CASA-1000", "--format", "json", "-o", str(target)], settings=settings) == 0
    records = json.loads(target.read_text(encoding="utf-8"))
    assert [r["url"] for r in records] == ["https://trend.example.test/casa", "https://kabar.example.test/casa"]


def test_export_of_an_unknown_project_is_one_line_and_exit_2(settings: Settings,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--project", "Atlantis"], settings=settings) == 2
    assert capsys.readouterr().err.strip() == "energybridge export: 'Atlantis': no such project"
    assert main(["export"], settings=settings) == 2


async def test_console_saves_a_chart_and_prints_its_path(settings: Settings, engine: Engine, tmp_path: Path) -> None:
    async with console_session(settings, engine, "ru") as session:
        session.media_dir = tmp_path / "media"
        [line] = await exchange(session, "/trend CASA-1000")
        document = await exchange(session, "/export CASA-1000")
    assert line.startswith("[photo saved to ") and "CASA-1000" in line
    path = Path(line.split("saved to ", 1)[1].split("]", 1)[0])
    assert path.parent == tmp_path / "media" and (await asyncio.to_thread(path.read_bytes)).startswith(b"\x89PNG")
    assert "casa-1000.csv" in document[0] and "CASA-1000: 2" in document[0]
