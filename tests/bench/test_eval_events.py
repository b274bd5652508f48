"""``energybridge eval`` reports event type accuracy and argument P/R/F1 (bench.eval_events on the labelled
sentences of tests/ingest/events_eval.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.eval import main
from bench.eval_events import TARGET_TYPE_ACCURACY, evaluate_fields
from tests.support.eval_sets import write_eval_dir


def test_the_event_figures_in_the_eval_report(tmp_path: Path, capsys) -> None:
    figures = evaluate_fields()["events_eval"]
    assert figures["sentences"] >= 60 and figures["type_accuracy"] >= TARGET_TYPE_ACCURACY
    assert figures["found"] > 0 and figures["gold"] > 0 and 0 < figures["f1"] <= 1
    out = tmp_path / "eval.json"
    assert main(["--eval-dir", str(write_eval_dir(tmp_path / "eval")), "--json", str(out), "--no-people"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["fields"]["events"] == {"events_eval": figures}
    assert "event type accuracy" in capsys.readouterr().out
