"""Language identification per language with a confusion matrix: SIB-200 ``dev`` (whole sentences and their
first 40 characters, the size of a chat message) and the seed articles (whole, each paragraph, its first 40).
The ``test`` split is reserved for independent measurement and is never read here.
Run ``python -m bench.eval_language [EVAL_DIR]``.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from bench.eval_people import EVAL_ROOT
from bench.langid_eval import SIB_FILES, SNIPPET_CHARS, read_sib
from ingest.language import detect_language
from ingest.reader import read_text

LANGS = tuple(SIB_FILES)
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
# The language of each seed article (read by a person).
SEED_LANGUAGES = {"000": "en", "001": "kk", "002": "kk", "003": "en", "004": "en"}
# A seed line counts as a paragraph with at least this many letters (shorter ones are counters, credits, titles).
PARAGRAPH_LETTERS = 40


def confusion(pairs: Iterable[tuple[str, str | None]]) -> dict[str, dict[str, int]]:
    """expected -> answer -> count."""
    matrix: dict[str, Counter[str]] = {}
    for expected, got in pairs:
        matrix.setdefault(expected, Counter())[got or "none"] += 1
    return {lang: dict(row) for lang, row in matrix.items()}


def accuracy(matrix: dict[str, dict[str, int]]) -> dict[str, float]:
    """Accuracy per expected language and over all (``"all"``)."""
    out = {lang: row.get(lang, 0) / sum(row.values()) for lang, row in matrix.items() if sum(row.values())}
    total = sum(sum(row.values()) for row in matrix.values())
    out["all"] = sum(row.get(lang, 0) for lang, row in matrix.items()) / total if total else 0.0
    return out


def evaluate_language(eval_dir: Path = EVAL_ROOT) -> dict[str, dict[str, dict[str, int]]]:
    """Confusion matrices by set: ``sib_dev_whole``, ``sib_dev_40`` and ``seeds`` (when present)."""
    sets: dict[str, list[tuple[str, str | None]]] = {}
    sib = eval_dir / "sib-200"
    if sib.is_dir():
        whole, short = [], []
        for lang, stem in SIB_FILES.items():
            path = sib / f"{stem}.dev.tsv"
            if not path.exists():
                continue
            for text in read_sib(path):
                whole.append((lang, detect_language(text)))
                short.append((lang, detect_language(text[:SNIPPET_CHARS])))
        sets["sib_dev_whole"], sets[f"sib_dev_{SNIPPET_CHARS}"] = whole, short
    seeds, paragraphs, short = [], [], []
    for path in sorted(SEEDS.glob("*.txt")):
        expected = SEED_LANGUAGES.get(path.name[:3])
        if not expected:
            continue
        text = read_text(path.read_bytes()).text
        seeds.append((expected, detect_language(text)))
        for para in (p.strip() for p in text.split("\n")):
            if sum(ch.isalpha() for ch in para) >= PARAGRAPH_LETTERS:
                paragraphs.append((expected, detect_language(para)))
                short.append((expected, detect_language(para[:SNIPPET_CHARS])))
    if seeds:
        sets["seeds"], sets["seed_paragraphs"], sets[f"seed_paragraphs_{SNIPPET_CHARS}"] = seeds, paragraphs, short
    return {name: confusion(pairs) for name, pairs in sets.items()}


def format_matrix(name: str, matrix: dict[str, dict[str, int]]) -> str:
    answers = sorted({a for row in matrix.values() for a in row}, key=lambda a: (a not in LANGS, LANGS.index(a)
                                                                                  if a in LANGS else 0, a))
    acc = accuracy(matrix)
    lines = [f"{name}: accuracy {acc['all']:.3f}", "exp\\got " + " ".join(f"{a:>5}" for a in answers) + "   acc"]
    for lang in [x for x in LANGS if x in matrix]:
        row = matrix[lang]
        lines.append(f"{lang:8}" + " ".join(f"{row.get(a, 0):5d}" for a in answers) + f"  {acc[lang]:.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for name, matrix in evaluate_language(Path(args[0]) if args else EVAL_ROOT).items():
        print(format_matrix(name, matrix), end="\n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
