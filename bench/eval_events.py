"""Evaluate event extraction (:func:`ingest.events.find_events`) on the hand-labelled sentences of
``tests/ingest/events_eval.jsonl`` (written for it, in the seven languages; none copied from articles; the trigger
lists were tuned on it) and ``tests/ingest/events_heldout.jsonl`` (written after the lists were last changed).

Each line: ``lang``, ``text``, ``type`` (an ``EVENT_TYPES`` name, or null for a sentence reporting no event),
``projects``, ``countries``, ``amounts`` ([value, unit]), ``date`` (the event's own date, or null) and, on some,
``orgs`` (the lender, contractor or party, by the catalog's name). A sentence is parsed alone (no article around
it, no article date). Counting:
- type accuracy: the type of the sentence's first event (None when it yields none) equals the label, over every
  line (a null line is right when no event comes out);
- argument precision/recall/F1: micro-averaged over (kind, value) items of the event sentences, kinds projects,
  countries, amounts (value and unit), date; organisations only on the lines labelled with ``orgs``. The
  arguments of a sentence whose type is wrong still count (the arguments are read independently of the type).
Run ``python -m bench.eval_events`` for the table.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from ingest.events import find_events

EVAL_FILE = Path(__file__).resolve().parent.parent / "tests" / "ingest" / "events_eval.jsonl"
# Written after the trigger lists were last changed, and measured once then (type accuracy 0.857, argument F1
# 0.895); the misses it showed were left unfixed, so that it stays a held-out figure. Do not tune on it.
HELDOUT_FILE = EVAL_FILE.with_name("events_heldout.jsonl")
TARGET_TYPE_ACCURACY = 0.85


def load(path: Path = EVAL_FILE) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _items(kind: str, values: Any) -> set[tuple[str, str]]:
    if kind == "date":
        return {("date", values)} if values else set()
    if kind == "amounts":
        return {("amount", f"{float(v):g} {u}") for v, u in values}
    return {(kind, str(v)) for v in values}


def predict(text: str) -> dict[str, Any]:
    """The first event of ``text`` as a label line would state it (type None when there is none)."""
    events = find_events(text, article_date=None)
    if not events:
        return {"type": None, "projects": [], "countries": [], "amounts": [], "date": None, "orgs": []}
    e = events[0]
    return {
        "type": e.kind,
        "projects": list(e.projects),
        "countries": list(e.countries),
        "amounts": [[f.value, f.unit] for f in e.amounts],
        "date": e.date.isoformat() if e.date else None,
        "orgs": list(e.organizations),
    }


def evaluate(path: Path = EVAL_FILE) -> dict[str, Any]:
    """Type accuracy and argument P/R/F1 overall and per language, and the misses (for reading)."""
    lines = load(path)
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    misses: list[dict[str, Any]] = []
    for line in lines:
        got = predict(line["text"])
        lang = line["lang"]
        total[lang] += 1
        if got["type"] == line["type"]:
            right[lang] += 1
        else:
            misses.append({"text": line["text"], "want": line["type"], "got": got["type"]})
        if line["type"] is None:
            continue
        kinds = ["projects", "countries", "amounts", "date"] + (["orgs"] if "orgs" in line else [])
        gold = set().union(*(_items(k, line[k]) for k in kinds))
        found = set().union(*(_items(k, got[k]) for k in kinds))
        for key in (lang, "all"):
            tp[key] += len(gold & found)
            fp[key] += len(found - gold)
            fn[key] += len(gold - found)
        for item in sorted(gold ^ found):
            misses.append({"text": line["text"], "argument": item, "missing": item in gold})
    right["all"], total["all"] = sum(right.values()), sum(total.values())
    table = {}
    for key in [*sorted(k for k in total if k != "all"), "all"]:
        p = tp[key] / (tp[key] + fp[key]) if tp[key] + fp[key] else 0.0
        r = tp[key] / (tp[key] + fn[key]) if tp[key] + fn[key] else 0.0
        table[key] = {
            "sentences": total[key],
            "type_accuracy": round(right[key] / total[key], 3),
            "argument_precision": round(p, 3),
            "argument_recall": round(r, 3),
            "argument_f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "found": tp[key] + fp[key],
            "gold": tp[key] + fn[key],
        }
    return {"file": str(path), "by_language": table, "misses": misses}


def evaluate_fields() -> dict[str, dict[str, float]]:
    """The overall figures in ``bench.eval``'s shape, for the labelled set and the held-out one:
    {"events_eval" | "events_heldout": {precision, recall, f1, found, gold, type_accuracy, sentences}}
    (precision/recall/F1 of the arguments)."""
    out = {}
    for name, path in (("events_eval", EVAL_FILE), ("events_heldout", HELDOUT_FILE)):
        row = evaluate(path)["by_language"]["all"]
        out[name] = {
            "precision": row["argument_precision"], "recall": row["argument_recall"], "f1": row["argument_f1"],
            "found": row["found"], "gold": row["gold"], "type_accuracy": row["type_accuracy"],
            "sentences": row["sentences"],
        }
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [a for a in args if a != "-v"]
    result = evaluate(Path(paths[0]) if paths else EVAL_FILE)
    print(f"{'lang':<5} {'n':>4} {'type acc':>9} {'arg P':>6} {'arg R':>6} {'arg F1':>6}")
    for lang, row in result["by_language"].items():
        print(
            f"{lang:<5} {row['sentences']:>4} {row['type_accuracy']:>9.3f} {row['argument_precision']:>6.3f} "
            f"{row['argument_recall']:>6.3f} {row['argument_f1']:>6.3f}"
        )
    if "-v" in args:
        for miss in result["misses"]:
            print(miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
