"""``energybridge eval`` reports event type accuracy and argument P/R/F1 (bench.eval_events on the labelled
sentences of tests/ingest/events_eval.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.eval import main
from bench.eval_events import TARGET_TYPE_ACCURACY, evaluate_fields
from tests.support.eval_sets import write_eval_dir


def test_the_event_figures_in_the_eval_report(tmp_path: Path, capsys) -> None:
    figures = evaluate_fields()
    labelled, heldout = figures["events_eval"], figures["events_heldout"]
    assert labelled["sentences"] >= 60 and labelled["type_accuracy"] >= TARGET_TYPE_ACCURACY
    assert labelled["found"] > 0 and labelled["gold"] > 0 and 0 < labelled["f1"] <= 1
    assert heldout["sentences"] >= 21 and heldout["type_accuracy"] >= 0.8  # 0.857 when written
    out = tmp_path / "eval.json"
    assert main(["--eval-dir", str(write_eval_dir(tmp_path / "eval")), "--json", str(out), "--no-people"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["fields"]["events"] == figures
    assert "event type accuracy" in capsys.readouterr().out
