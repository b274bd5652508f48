"""Evaluate the people finder (:func:`ingest.people.find_people`) on public NER sets in ``shared/eval``.

``evaluate_people(eval_dir)`` returns ``{"<set>.precision": p, "<set>.recall": r, "<set>.f1": f, ...}`` for
NEREL (ru, PERSON), factRuEval-2016 (ru, Person), UNER PUD (en and ru, PER), KazNERD (kk, PERSON) and the
labelled sentences of ``tests/ingest/people_sentences.yaml`` (all seven languages, written for the tests). Run
``python -m bench.eval_people [EVAL_DIR]`` for a table.

Unit of counting: the distinct people of a document (a NER set's document, or its sentence where the set has
no documents), each identified by the phonetic skeleton of its surname (the last word of a span), so that
"Вертинский" and "Александра Вертинского" are one person and a surname alone counts as that person. A found
person is correct when its surname matches a gold one of the same document up to a short case ending.

These sets annotate every person, named in any way; the finder keeps only people anchored by a role, a verb of
speech or the catalog (a bare "Иванов пришёл" is not news about energy cooperation), so its recall here is a
lower bound and its precision is the figure to watch. Sets are read in full except KazNERD (``limit`` sentences,
the first 3,000 by default: 11,307 sentences take a minute on this shared machine).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from ingest.people import find_people, phonetic
from ingest.yamlfile import load_yaml

Extractor = Callable[[str], list[str]]
EVAL_ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
KAZNERD_LIMIT = 3_000
# Sentences written for the tests, in en ru kk ky tg uz az (the first 51 with the patterns: optimistic).
LABELLED = Path(__file__).resolve().parents[1] / "tests" / "ingest" / "people_sentences.yaml"
# Case endings a surname takes in ru/kk/ky/tg (phonetic letters): "Вертинского" ~ "Вертинский".
_ENDING = 4


def _finder(text: str) -> list[str]:
    return [p.name for p in find_people(text)]


def _surname(name: str) -> str:
    words = phonetic(name).split("-")
    return words[-1] if words and words[-1] else ""


def same_surname(a: str, b: str) -> bool:
    """Two phonetic surnames are one when they differ only by a short case ending ("vertinski" ~ "vertinskogo")."""
    if a == b:
        return True
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= 4 and max(len(a), len(b)) - common <= _ENDING


def _score(docs: Iterator[tuple[str, list[str]]], extract: Extractor) -> dict[str, float]:
    found = correct = gold_total = recalled = 0
    for text, gold_names in docs:
        gold = {s for s in map(_surname, gold_names) if s}
        predicted = {s for s in map(_surname, extract(text)) if s}
        found += len(predicted)
        correct += sum(1 for p in predicted if any(same_surname(p, g) for g in gold))
        gold_total += len(gold)
        recalled += sum(1 for g in gold if any(same_surname(p, g) for p in predicted))
    precision = correct / found if found else 0.0
    recall = recalled / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "found": float(found), "gold": float(gold_total)}


def nerel_docs(root: Path) -> Iterator[tuple[str, list[str]]]:
    for ann in sorted((root / "test").glob("*.ann")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        names = []
        for line in ann.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3 and parts[1].startswith("PERSON "):
                names.append(parts[2])
        yield text, names


def factrueval_docs(root: Path) -> Iterator[tuple[str, list[str]]]:
    for objects in sorted((root / "testset").glob("*.objects")):
        text = objects.with_suffix(".txt").read_text(encoding="utf-8-sig")
        spans: dict[str, tuple[str, str]] = {}
        for line in objects.with_suffix(".spans").read_text(encoding="utf-8-sig").splitlines():
            head, _, tail = line.partition("#")
            fields = head.split()
            if len(fields) >= 2:
                spans[fields[0]] = (fields[1], " ".join(tail.split()[int(fields[5]) if len(fields) > 5 else 1:]))
        names = []
        for line in objects.read_text(encoding="utf-8-sig").splitlines():
            head, _, _ = line.partition("#")
            fields = head.split()
            if len(fields) >= 3 and fields[1] == "Person":
                parts = [spans[s] for s in fields[2:] if s in spans]
                surname = [t for kind, t in parts if kind == "surname"]
                if surname:
                    names.append(surname[0])
        yield text, names


def iob_docs(path: Path, person_tag: str, limit: int | None = None) -> Iterator[tuple[str, list[str]]]:
    """Sentences of a CoNLL/IOB2 file (token first, tag in column 2 or last) with their person spans."""
    tokens: list[str] = []
    names: list[str] = []
    current: list[str] = []
    count = 0
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        if raw.startswith("#"):
            continue
        if not raw.strip():
            if current:
                names.append(" ".join(current))
                current = []
            if tokens:
                yield " ".join(tokens), names
                count += 1
                if limit is not None and count >= limit:
                    return
            tokens, names = [], []
            continue
        fields = raw.split("\t") if "\t" in raw else raw.split()
        token, tag = (fields[1], fields[2]) if len(fields) >= 5 else (fields[0], fields[-1])
        tokens.append(token)
        if tag == f"B-{person_tag}" or (tag == f"I-{person_tag}" and not current):
            if current:
                names.append(" ".join(current))
            current = [token]
        elif tag == f"I-{person_tag}":
            current.append(token)
        elif current:
            names.append(" ".join(current))
            current = []


def labelled_docs(path: Path = LABELLED) -> Iterator[tuple[str, list[str]]]:
    """The sentences written for the tests (all seven languages), each with the people it names."""
    for item in load_yaml(path):
        yield item["text"], [name for name, _, _ in item["people"]]


def evaluate_people(
    eval_dir: Path = EVAL_ROOT, extract: Extractor = _finder, kaznerd_limit: int | None = KAZNERD_LIMIT
) -> dict[str, float]:
    """Precision, recall and F1 of ``extract`` (the people finder by default) on each NER set under ``eval_dir``
    that is present, as ``{"nerel.precision": ..., "nerel.recall": ..., "nerel.f1": ..., ...}``."""
    sets: dict[str, Callable[[], Iterator[tuple[str, list[str]]]]] = {
        "nerel": lambda: nerel_docs(eval_dir / "NEREL"),
        "factrueval": lambda: factrueval_docs(eval_dir / "factRuEval-2016"),
        "uner_en": lambda: iob_docs(eval_dir / "UNER_English-PUD" / "en_pud-ud-test.iob2", "PER"),
        "uner_ru": lambda: iob_docs(eval_dir / "UNER_Russian-PUD" / "ru_pud-ud-test.iob2", "PER"),
        "kaznerd": lambda: iob_docs(eval_dir / "KazNERD" / "IOB2_test.txt", "PERSON", kaznerd_limit),
        "labelled": labelled_docs,
    }
    present = {
        "nerel": eval_dir / "NEREL",
        "factrueval": eval_dir / "factRuEval-2016",
        "uner_en": eval_dir / "UNER_English-PUD",
        "uner_ru": eval_dir / "UNER_Russian-PUD",
        "kaznerd": eval_dir / "KazNERD",
        "labelled": LABELLED,
    }
    result: dict[str, float] = {}
    for name, docs in sets.items():
        if not present[name].exists():
            continue
        for metric, value in _score(docs(), extract).items():
            result[f"{name}.{metric}"] = value
    return result


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    scores = evaluate_people(Path(args[0]) if args else EVAL_ROOT)
    sets = dict.fromkeys(k.split(".")[0] for k in scores)
    print(f"{'set':12} {'P':>6} {'R':>6} {'F1':>6} {'found':>6} {'gold':>6}")
    for s in sets:
        print(f"{s:12} {scores[s + '.precision']:6.3f} {scores[s + '.recall']:6.3f} {scores[s + '.f1']:6.3f} "
              f"{scores[s + '.found']:6.0f} {scores[s + '.gold']:6.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
