"""Evaluate publication dates, projects named (catalog or candidate) and figures attached to their project on the
labelled items of ``tests/ingest/facts_eval.yaml`` (texts written for it), through the whole parse.

Scores (``evaluate_facts()``):
- ``date``: precision = right dates / dates given, recall = right dates / items that have a publication date;
  ``date.accuracy`` counts an item right when its date is right or when both it and the label have none.
- ``projects``: distinct projects per item, a catalog slug or a candidate key ("datkasughd:line").
- ``figures``: (value, unit, project) triples per item; a figure given to the wrong project (or to one when the
  label has none) is both a false find and a miss.
``dateparser_dates()`` runs dateparser's ``search_dates`` on the same items (the candidate library of the issue),
for quality and cost beside ours; it is not used by ingest. Run ``python -m bench.eval_facts [--dateparser]``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from ingest.pipeline import parse_bytes
from ingest.projects import describe_candidate
from ingest.yamlfile import load_yaml

ITEMS = Path(__file__).resolve().parents[1] / "tests" / "ingest" / "facts_eval.yaml"


def load_items(path: Path = ITEMS) -> list[dict[str, Any]]:
    return list(load_yaml(path))


def _prf(found: int, correct: int, gold: int) -> dict[str, float]:
    precision = correct / found if found else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "found": float(found), "gold": float(gold)}


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _sets(found: Iterable[object], gold: Iterable[object]) -> tuple[int, int, int]:
    f, g = set(found), set(gold)
    return len(f), len(f & g), len(g)


def evaluate_facts(path: Path = ITEMS) -> dict[str, float]:
    """``{"date.precision": ..., "projects.f1": ..., "figures.recall": ..., "items": n}``."""
    dates = [0, 0, 0]  # given, right, labelled
    date_right = 0
    projects = [0, 0, 0]
    figures = [0, 0, 0]
    items = load_items(path)
    for i, item in enumerate(items):
        art = parse_bytes(item["text"].encode("utf-8"), file=f"item-{i}.txt")
        gold_date = _as_date(item.get("date"))
        dates[0] += art.date is not None
        dates[1] += art.date is not None and art.date == gold_date
        dates[2] += gold_date is not None
        date_right += art.date == gold_date
        named = [*art.projects, *(describe_candidate(n).key for n in art.project_candidates)]
        projects = [a + b for a, b in zip(projects, _sets(named, item.get("projects") or []), strict=True)]
        found = [(float(f.value), f.unit, f.project or f.candidate) for f in art.figures]
        gold = [(float(v), u, owner) for v, u, owner in item.get("figures") or []]
        figures = [a + b for a, b in zip(figures, _sets(found, gold), strict=True)]
    result: dict[str, float] = {"items": float(len(items)), "date.accuracy": date_right / len(items)}
    for name, (found_n, right, gold_n) in (("date", dates), ("projects", projects), ("figures", figures)):
        for metric, value in _prf(found_n, right, gold_n).items():
            result[f"{name}.{metric}"] = value
    return result


def dateparser_dates(path: Path = ITEMS) -> dict[str, float]:
    """dateparser's first date in the first 200 characters of each item: precision, recall, ms per item."""
    from dateparser.search import search_dates

    items = load_items(path)
    search_dates("warm up 10 June 2016")  # its first call loads every language's data (seconds)
    given = right = labelled = 0
    start = time.perf_counter()
    for item in items:
        gold = _as_date(item.get("date"))
        try:
            found = search_dates(item["text"][:200], settings={"PREFER_DATES_FROM": "past"})
        except Exception:  # dateparser raises on some inputs; count it as no date
            found = None
        guess = found[0][1].date() if found else None
        given += guess is not None
        right += guess is not None and guess == gold
        labelled += gold is not None
    elapsed = time.perf_counter() - start
    return {**{f"dateparser.{k}": v for k, v in _prf(given, right, labelled).items()},
            "dateparser.ms_per_item": 1000 * elapsed / len(items)}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    scores = evaluate_facts()
    if "--dateparser" in args:
        scores.update(dateparser_dates())
    for key, value in scores.items():
        print(f"{key:28} {value:8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
