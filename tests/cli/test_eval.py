"""``energybridge eval``: the quality table printed and written to JSON; a missing directory is exit 2."""

from __future__ import annotations

import json
from pathlib import Path

from bot.cli import main
from tests.support.eval_sets import write_eval_dir


def test_eval_command_writes_the_json(tmp_path: Path, capsys) -> None:
    out = tmp_path / "eval.json"
    code = main(["eval", "--eval-dir", str(write_eval_dir(tmp_path / "sets")), "--json", str(out), "--no-people"])
    assert code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["fields"]["countries"]["nerel_ru"]["recall"] == 1.0
    assert "countries" in capsys.readouterr().out


def test_eval_command_without_sets_is_exit_2(tmp_path: Path, capsys) -> None:
    assert main(["eval", "--eval-dir", str(tmp_path / "none")]) == 2
    assert "no evaluation sets" in capsys.readouterr().err
