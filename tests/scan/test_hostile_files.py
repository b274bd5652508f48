"""No file can stall, crash or silently shrink an ingest: a seeds directory with every hostile entry of issue 16
next to the real seeds ingests in seconds, stores every good file and quarantines every bad one with its reason."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from bot.cli import main
from bot.cli.startup import prepare_store
from bot.console import polling_against
from bot.settings import Settings
from emulator import BotApiEmulator, Chat, User
from scan import run_ingest
from scan.work import FileLimits
from storage.engine import create_engine_for
from storage.migrate import upgrade
from tests.support.botkit import TOKEN
from tests.support.db import copy_seeds, settle
from tests.support.paths import ROOT

ARTICLE = (
    "Dushanbe, 3 March 2025. Tajikistan and Kyrgyzstan agreed to speed up the CASA-1000 line, the energy "
    "ministers said after talks on the 500 kV section and the 1,300 MW of summer power it will carry.\n\n"
    "The sides also discussed the Rogun plant and the water it will hold back for the dry season.\n"
)
RUSSIAN = (
    "Бишкек, 12 апреля 2025 года. Кыргызстан и Казахстан подписали соглашение о поставках электроэнергии на "
    "летний период: до 900 млн кВт·ч пойдут по линиям 500 кВ через Шымкент.\n\n"
    "Стороны договорились вернуться к вопросу о Камбаратинской ГЭС-1 осенью.\n"
)
# A good article under a name that is not UTF-8 (the bytes of 'bad\xff.txt').
BAD_NAME = os.fsdecode(b"bad\xffname.txt")


def _hostile_dir(root: Path) -> Path:
    """The real seeds plus each hostile entry of the issue and two good files in unusual forms."""
    directory = copy_seeds(root / "seeds")
    (directory / BAD_NAME).write_bytes(ARTICLE.encode("utf-8"))
    (directory / "utf16.txt").write_bytes(RUSSIAN.encode("utf-16-le"))  # no byte-order mark
    os.symlink("loop_b.txt", directory / "loop_a.txt")
    os.symlink("loop_a.txt", directory / "loop_b.txt")
    os.symlink("missing.txt", directory / "dangling.txt")
    os.mkfifo(directory / "fifo.txt")
    os.symlink("/dev/zero", directory / "zero.txt")
    with open(directory / "huge.txt", "wb") as fh:  # sparse: 1 GB on paper, nothing on disk
        fh.truncate(1 << 30)
    (directory / "binary.txt").write_bytes(bytes(range(256)) * 8)
    for name in os.listdir(directory):
        if not os.path.islink(directory / name) and name != "fifo.txt":
            settle(directory / name)
    return directory


EXPECTED_QUARANTINE = {
    "loop_a.txt": "cannot read file: Too many levels of symbolic links",
    "loop_b.txt": "cannot read file: Too many levels of symbolic links",
    "dangling.txt": "cannot read file: a dangling symbolic link",
    "fifo.txt": "not a regular file (a FIFO)",
    "zero.txt": "not a regular file (a character device)",
    "huge.txt": f"file too large ({1 << 30} bytes > 5000000)",
    "binary.txt": "binary file (contains NUL bytes)",
}


def test_hostile_seeds_ingest_in_seconds_and_the_bot_starts(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = _hostile_dir(tmp_path)
    settings = Settings(database_url=db_url, seeds_dir=directory)
    started = time.monotonic()
    assert main(["ingest", "--report"], settings=settings) == 0
    assert time.monotonic() - started < 30
    out = capsys.readouterr().out
    summary, *lines = out.splitlines()
    assert summary.startswith("7 new, 0 updated, 0 unchanged, 0 duplicate, 0 near-duplicate, 7 quarantined")
    # Piped (not a terminal): one tab-separated line per file with its full path, so grep works.
    new = {line.split("\t")[3] for line in lines if line.startswith("new\t")}
    assert {Path(p).name for p in new} >= {"utf16.txt", "bad\\xffname.txt"}
    assert str(directory / "bad\\xffname.txt") in new
    quarantined = {Path(p).name: reason for kind, p, reason, _ in (x.split("\t") for x in lines) if kind != "new"}
    assert quarantined == EXPECTED_QUARANTINE

    # A second pass leaves every file alone (none re-read, none re-quarantined).
    assert main(["ingest"], settings=settings) == 0
    assert capsys.readouterr().out.startswith("0 new, 0 updated, 14 unchanged, 0 duplicate, 0 near-duplicate, 0 q")
    # The start-up of run/ask/chat (migrations, then an ingest of SEEDS_DIR) succeeds on it.
    prepare_store(settings).dispose()


async def test_the_bot_starts_on_hostile_seeds_and_serves_every_good_file(db_url: str, tmp_path: Path) -> None:
    directory = _hostile_dir(tmp_path)
    settings = Settings(database_url=db_url, seeds_dir=directory, sources_file=tmp_path / "sources.yaml")
    engine = await asyncio.to_thread(prepare_store, settings)
    user = User(id=701, first_name="Alice", language_code="en")
    try:
        async with BotApiEmulator(token=TOKEN, bot_username="EnergyBridgeBot") as emu:
            async with polling_against(emu, settings, engine):
                emu.send_text(Chat.for_user(user), user, "/latest 10")
                [reply] = await emu.wait_for_calls("sendMessage", chat_id=user.id, ok=True, timeout=30)
    finally:
        engine.dispose()
    text = str(reply.params["text"])
    assert text.count("/article_") == 7  # the five seeds, the UTF-16 file and the one with a non-UTF-8 name
    assert "Кыргызстан и Казахстан" in text and "Tajikistan and Kyrgyzstan agreed" in text


def test_parse_refuses_a_fifo_and_dev_zero_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(tmp_path / "x.txt")
    os.symlink("/dev/zero", tmp_path / "z.txt")
    for name, reason in (("x.txt", "a FIFO"), ("z.txt", "a character device")):
        assert main(["parse", str(tmp_path / name)]) == 2
        assert capsys.readouterr().err.strip().endswith(f"not a regular file ({reason})")


def _slow_file(directory: Path) -> Path:
    # ~2 MB of article text: parsing it takes seconds of CPU, far more than the 0.5 s budget below (a seed: ~25 ms).
    path = directory / "slow.txt"
    path.write_text(ARTICLE * 8000, encoding="utf-8")
    settle(path)
    return path


def test_a_file_over_the_parse_budget_is_quarantined_and_the_pass_goes_on(engine: Engine, tmp_path: Path) -> None:
    directory = copy_seeds(tmp_path / "seeds")
    slow = _slow_file(directory)
    report = run_ingest(engine=engine, directory=directory, workers=1,
                        limits=FileLimits(parse_seconds=0.5))
    assert report.new == 5
    assert report.quarantined_files == [(str(slow), "took too long to parse (over 0.5 s)")]


def test_the_budget_holds_when_the_ingest_runs_in_a_thread(engine: Engine, tmp_path: Path) -> None:
    """The bot ingests in a worker thread, where no timer signal arrives: the parse goes to a parser process."""
    directory = copy_seeds(tmp_path / "seeds")
    slow = _slow_file(directory)
    reports = []
    thread = threading.Thread(target=lambda: reports.append(run_ingest(
        engine=engine, directory=directory, workers=1, limits=FileLimits(parse_seconds=0.5))))
    thread.start()
    thread.join(120)
    [report] = reports
    assert report.new == 5
    assert report.quarantined_files == [(str(slow), "took too long to parse (over 0.5 s)")]


_POOL_SCRIPT = """
import os, sys, time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import forkserver
from scan.runner import _parser_context
from scan.work import die_with_parent

pool = ProcessPoolExecutor(2, mp_context=_parser_context(), initializer=die_with_parent)
pids = {pool.submit(os.getpid).result() for _ in range(8)}
print(" ".join(map(str, [forkserver._forkserver._forkserver_pid, *pids])), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_parser_processes_die_with_a_killed_ingest() -> None:
    proc = subprocess.Popen([sys.executable, "-c", _POOL_SCRIPT], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        pids = [int(p) for p in proc.stdout.readline().split()]
        assert len(pids) >= 2 and all(_alive(p) for p in pids)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 15
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in pids if _alive(p)], "forkserver or parser processes outlived the killed ingest"


# File shapes: names of any bytes but "/" and NUL (not UTF-8, control characters, very long), contents of any bytes
# (empty, binary, NULs, text in some encoding), a few with the extensions the scanner skips.
_NAME = st.binary(min_size=1, max_size=40).map(lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_"))
_CONTENT = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8")),
    st.sampled_from([ARTICLE, RUSSIAN]).flatmap(
        lambda t: st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "utf-16", "cp1251"]).map(
            lambda enc, t=t: t.encode(enc, errors="replace"))),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.dictionaries(_NAME, _CONTENT, min_size=1, max_size=8))
def test_any_directory_of_files_ingests_and_accounts_for_every_file(files: dict[bytes, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp, "seeds")
        directory.mkdir()
        written = 0
        for name, data in files.items():
            if name in (b".", b".."):
                continue
            path = os.path.join(os.fsencode(directory), name)
            try:
                with open(path, "wb") as fh:
                    fh.write(data)
            except OSError:  # a name the file system refuses (too long)
                continue
            os.utime(path, (time.time() - 60, time.time() - 60))
            written += 1
        engine = create_engine_for(f"sqlite:///{tmp}/x.db")
        try:
            upgrade(engine)
            report = run_ingest(engine=engine, directory=directory, workers=1)
            again = run_ingest(engine=engine, directory=directory, workers=1)
        finally:
            engine.dispose()
    counted = (report.new + report.duplicate + report.near_duplicate + report.quarantined
               + report.skipped_unsettled)
    assert counted == written, report.summary_line()
    assert again.unchanged + again.skipped_unsettled == written and again.new == again.quarantined == 0


def test_parse_of_the_hostile_dir_prints_valid_json_lines(tmp_path: Path, capsysbinary) -> None:
    import json

    directory = _hostile_dir(tmp_path)
    assert main(["parse", str(directory)]) == 0
    lines = capsysbinary.readouterr().out.decode("utf-8").splitlines()  # valid UTF-8: the bad name is escaped
    files = {item["file"]: item for item in map(json.loads, lines)}
    assert "error" not in files["bad\\xffname.txt"] and files["utf16.txt"]["language"] == "ru"
    assert files["huge.txt"]["error"].startswith("file too large")
