"""``python -m bench.eval`` on a tiny evaluation directory written here (sentences written for the test)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.eval import main
from tests.support.eval_sets import write_eval_dir


def test_eval_prints_and_writes_every_field(tmp_path: Path, capsys) -> None:
    out = tmp_path / "eval.json"
    assert main(["--eval-dir", str(write_eval_dir(tmp_path / "eval")), "--json", str(out), "--no-people"]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["fields"]["countries"]["nerel_ru"]["f1"] == 1.0
    assert result["fields"]["countries"]["kaznerd_kk"]["recall"] == 1.0
    assert set(result["fields"]) >= {"countries", "date", "projects", "figures"}
    assert result["language"]["sib_dev_whole"]["accuracy"]["all"] == 1.0
    assert result["language"]["sib_dev_whole"]["confusion"]["ru"] == {"ru": 1}
    printed = capsys.readouterr().out
    assert "nerel_ru" in printed and "sib_dev_40" in printed and str(out) in printed


def test_a_missing_directory_exits_2(tmp_path: Path) -> None:
    try:
        main(["--eval-dir", str(tmp_path / "nothing"), "--json", str(tmp_path / "x.json")])
    except SystemExit as exc:
        assert exc.code == 2
    else:
        raise AssertionError("no exit")
