"""``python -m bench.eval`` (``energybridge eval``): extraction quality, per field, on the evaluation sets.

Prints one precision / recall / F1 table (and language accuracy with confusion matrices) and writes every number
to JSON (``bench/results/eval.json`` unless ``--json PATH``). Sets, each read from ``--eval-dir`` (default
``../shared/eval``) when present:

========================  ============================================  =======================================
field                     set                                           module
========================  ============================================  =======================================
countries                 NEREL ru (COUNTRY), KazNERD kk (GPE, NORP)    ``bench.eval_countries``
language                  SIB-200 dev (whole, first 40 chars), seeds    ``bench.eval_language``
date, projects, figures   tests/ingest/facts_eval.yaml (written here)   ``bench.eval_facts``
people                    NEREL, factRuEval, UNER en/ru, KazNERD        ``bench.eval_people``
events (type, arguments)  tests/ingest/events_*.jsonl (written here)   ``bench.eval_events``
========================  ============================================  =======================================

The SIB-200 ``test`` split is reserved for independent measurement: nothing here reads it. Counting units and
what is neutral are in each module's docstring. ``--fast`` reads the first 3,000 KazNERD sentences only.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.eval_people import EVAL_ROOT

RESULTS = Path(__file__).resolve().parent / "results" / "eval.json"
FAST_KAZNERD = 3_000


def run(eval_dir: Path, *, fast: bool = False, people: bool = True,
        log: Callable[[str], None] = print) -> dict[str, Any]:
    """Every evaluation that has its data; ``{"fields": {field: {set: {metric: value}}}, "language": ...}``."""
    from bench.eval_countries import evaluate_countries
    from bench.eval_facts import evaluate_facts
    from bench.eval_language import accuracy, evaluate_language

    limit = FAST_KAZNERD if fast else None
    fields: dict[str, dict[str, dict[str, float]]] = {}
    seconds: dict[str, float] = {}

    def timed(name: str, fn: Callable[[], Any]) -> Any:
        log(f"… {name}")
        start = time.perf_counter()
        value = fn()
        seconds[name] = round(time.perf_counter() - start, 2)
        return value

    countries = timed("countries", lambda: evaluate_countries(eval_dir, kaznerd_limit=limit))
    fields["countries"] = _by_set(countries)
    facts = timed("facts", evaluate_facts)
    for field in ("date", "projects", "figures"):
        fields[field] = {"facts_eval": {k.split(".", 1)[1]: v for k, v in facts.items() if k.startswith(field + ".")}}
    from bench.eval_events import evaluate_fields as evaluate_events

    fields["events"] = timed("events", evaluate_events)
    if people:
        from bench.eval_people import evaluate_people

        fields["people"] = _by_set(timed("people", lambda: evaluate_people(eval_dir, kaznerd_limit=limit or 3_000)))
    matrices = timed("language", lambda: evaluate_language(eval_dir))
    language = {name: {"accuracy": accuracy(m), "confusion": m} for name, m in matrices.items()}
    return {"eval_dir": str(eval_dir), "fields": fields, "language": language, "seconds": seconds,
            "items": int(facts["items"])}


def _by_set(flat: dict[str, float]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for key, value in flat.items():
        name, metric = key.split(".", 1)
        out.setdefault(name, {})[metric] = value
    return out


def table(result: dict[str, Any]) -> str:
    """The per-field table and the language matrices, as printed."""
    from bench.eval_language import format_matrix

    lines = [f"{'field':10} {'set':14} {'P':>6} {'R':>6} {'F1':>6} {'found':>6} {'gold':>6}"]
    for field, sets in result["fields"].items():
        for name, m in sets.items():
            lines.append(f"{field:10} {name:14} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
                         f"{m['found']:6.0f} {m['gold']:6.0f}")
    if "facts_eval" in result["fields"].get("date", {}):
        lines.append(f"(date accuracy incl. undated items: {result['fields']['date']['facts_eval']['accuracy']:.3f})")
    for name, m in result["fields"].get("events", {}).items():
        lines.append(f"(event type accuracy on {name}: {m['type_accuracy']:.3f}, target 0.85; events P/R/F1 are "
                     "of the arguments)")
    lines.append("")
    lines.append(f"{'language':18} " + " ".join(f"{lang:>6}" for lang in ("kk", "ky", "tg", "uz", "az", "ru", "en"))
                 + f" {'all':>6}")
    for name, data in result["language"].items():
        acc = data["accuracy"]
        lines.append(f"{name:18} " + " ".join(f"{acc[lang]:6.3f}" if lang in acc else f"{'-':>6}"
                                               for lang in ("kk", "ky", "tg", "uz", "az", "ru", "en"))
                     + f" {acc['all']:6.3f}")
    for name, data in result["language"].items():
        lines += ["", format_matrix(name, data["confusion"])]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.eval", description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=EVAL_ROOT, help="the evaluation sets (../shared/eval)")
    parser.add_argument("--json", type=Path, default=RESULTS, help="where to write the numbers")
    parser.add_argument("--fast", action="store_true", help=f"first {FAST_KAZNERD:,} KazNERD sentences only")
    parser.add_argument("--no-people", action="store_true", help="skip the people sets (the slowest)")
    args = parser.parse_args(argv)
    if not args.eval_dir.is_dir():
        parser.exit(2, f"no evaluation sets at {args.eval_dir}\n")
    return report(args.eval_dir, args.json, fast=args.fast, people=not args.no_people)


def report(eval_dir: Path, json_path: Path, *, fast: bool = False, people: bool = True) -> int:
    """Run, print the table, write the JSON; the exit status (0)."""
    result = run(eval_dir, fast=fast, people=people)
    print(table(result))
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(result, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"\nwritten: {json_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
