"""Evaluate the country finder (:func:`ingest.countries.find_countries`) on NEREL (ru) and KazNERD (kk).

Unit of counting: the distinct countries of a document (a NEREL document, a KazNERD sentence), as ISO codes.
A gold span is turned into its code by ``resolve_country`` (the same name matching as user queries); a gold
span it cannot resolve stays a gold item of its own (its text), so it counts as missed, never as found.
NEREL marks countries as COUNTRY; KazNERD marks countries, cities and regions alike as GPE, so there only the
GPE spans that resolve to a country are gold (its recall is an upper bound, its precision the figure to watch).
Run ``python -m bench.eval_countries [EVAL_DIR]`` for a table.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.eval_people import EVAL_ROOT
from ingest.countries import find_countries, resolve_country

Extractor = Callable[[str], list[str]]
Doc = tuple[str, dict[str, list[str]]]  # text, entity type -> spans
# Types whose spans are the countries a finder should report: NEREL's COUNTRY (names and adjectives,
# "американских"); KazNERD's GPE and NORP ("қазақстандық") that resolve to a country.
NEREL_GOLD = ("COUNTRY",)
KAZNERD_GOLD = ("GPE", "NORP")
# A country named inside another entity ("Қазақстан Республикасының Қылмыстық кодексі", a LAW) is a country
# named in the text: it does not count as a miss when not found, nor as a false find when found.
KAZNERD_ALSO = ("ORGANISATION", "LAW", "EVENT", "FACILITY", "POSITION", "PROJECT")
# NEREL marks a person's nationality apart ("японский миллиардер": NATIONALITY): the finder reports the country
# of such an adjective; neither counted as a miss nor as a false find.
NEREL_ALSO = ("NATIONALITY", "ORGANIZATION")


def nerel_docs(root: Path) -> Iterator[Doc]:
    """(text, spans by type) of each NEREL test document (brat standoff)."""
    for ann in sorted((root / "test").glob("*.ann")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        spans: dict[str, list[str]] = {}
        for line in ann.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3 and parts[0].startswith("T"):
                spans.setdefault(parts[1].split(" ", 1)[0], []).append(parts[2])
        yield text, spans


def iob_sentences(path: Path, limit: int | None = None) -> Iterator[Doc]:
    """(sentence, spans by type) of a two-column IOB2 file (KazNERD)."""
    tokens: list[str] = []
    spans: dict[str, list[str]] = {}
    current: tuple[str, list[str]] | None = None
    count = 0
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        fields = raw.split()
        if len(fields) < 2 or fields[-1] == "O" or fields[-1].startswith("B-"):
            if current:
                spans.setdefault(current[0], []).append(" ".join(current[1]))
            current = None
        if not fields:
            if tokens:
                yield " ".join(tokens), spans
                count += 1
                if limit is not None and count >= limit:
                    return
            tokens, spans = [], {}
            continue
        tokens.append(fields[0])
        tag = fields[-1]
        if tag.startswith("B-"):
            current = (tag[2:], [fields[0]])
        elif tag.startswith("I-") and current is not None:
            current[1].append(fields[0])
    return


def gold_code(span: str) -> str:
    """The ISO code of a gold span, else the span itself (an item no finder output can equal)."""
    code = resolve_country(span)
    if code is None:
        found = find_countries(span[:1].upper() + span[1:])
        code = found[0] if len(found) == 1 else None
    return code or f"?{span}"


def score(docs: Iterator[Doc], extract: Extractor, *, gold_types: tuple[str, ...], also: tuple[str, ...] = (),
          unresolved_is_gold: bool = True, misses: Counter[str] | None = None,
          extras: Counter[str] | None = None) -> dict[str, float]:
    """Precision, recall, F1 over the distinct countries of each document."""
    found = correct = gold_total = recalled = 0
    for text, spans in docs:
        gold = {gold_code(s) for t in gold_types for s in spans.get(t, ())}
        if not unresolved_is_gold:
            gold = {g for g in gold if not g.startswith("?")}
        allowed = {c for t in also for s in spans.get(t, ()) for c in find_countries(s)}
        predicted = set(extract(text))
        neutral = (predicted & allowed) - gold
        found += len(predicted - neutral)
        correct += len(predicted & gold)
        gold_total += len(gold)
        recalled += len(gold & predicted)
        if misses is not None:
            misses.update(gold - predicted)
        if extras is not None:
            extras.update(predicted - gold - neutral)
    precision = correct / found if found else 0.0
    recall = recalled / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "found": float(found), "gold": float(gold_total)}


def evaluate_countries(eval_dir: Path = EVAL_ROOT, extract: Extractor = find_countries,
                       kaznerd_limit: int | None = None) -> dict[str, float]:
    """``{"nerel_ru.precision": ..., "kaznerd_kk.f1": ..., ...}`` for the sets present under ``eval_dir``."""
    result: dict[str, float] = {}
    if (eval_dir / "NEREL").exists():
        for metric, value in score(nerel_docs(eval_dir / "NEREL"), extract, gold_types=NEREL_GOLD,
                                     also=NEREL_ALSO).items():
            result[f"nerel_ru.{metric}"] = value
    kaznerd = eval_dir / "KazNERD" / "IOB2_test.txt"
    if kaznerd.exists():
        docs = iob_sentences(kaznerd, kaznerd_limit)
        scores = score(docs, extract, gold_types=KAZNERD_GOLD, also=KAZNERD_ALSO, unresolved_is_gold=False)
        for metric, value in scores.items():
            result[f"kaznerd_kk.{metric}"] = value
    return result


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else EVAL_ROOT
    misses: Counter[str] = Counter()
    extras: Counter[str] = Counter()
    nerel = score(nerel_docs(root / "NEREL"), find_countries, gold_types=NEREL_GOLD, also=NEREL_ALSO,
                  misses=misses, extras=extras)
    print("NEREL", {k: round(v, 3) for k, v in nerel.items()})
    print("missed:", misses.most_common(40))
    print("extra:", extras.most_common(20))
    misses.clear()
    extras.clear()
    kk = score(iob_sentences(root / "KazNERD" / "IOB2_test.txt"), find_countries, gold_types=KAZNERD_GOLD,
               also=KAZNERD_ALSO, unresolved_is_gold=False, misses=misses, extras=extras)
    print("KazNERD", {k: round(v, 3) for k, v in kk.items()})
    print("missed:", misses.most_common(20))
    print("extra:", extras.most_common(20))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
