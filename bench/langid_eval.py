"""Evaluate :func:`ingest.language.detect_language` on the SIB-200 (FLORES) sentences.

Run ``python -m bench.langid_eval`` (dev split, the only one to tune on) or
``python -m bench.langid_eval --split test`` for the held-out numbers.  ``--data DIR`` points at
another copy of the SIB-200 files (``<lang>.<split>.tsv`` or the FLORES names ``kaz_Cyrl.dev.tsv``
...).  ``--extra`` adds dev-only material from ``shared/eval`` (Kyrgyz news articles and lines,
KazNERD Kazakh sentences, factRuEval Russian articles, English energy news, UNER ru/en sentences).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.language import detect_language, preload

# ISO 639-1 code -> SIB-200 file stem (FLORES-200 code).
SIB_FILES: dict[str, str] = {
    "kk": "kaz_Cyrl",
    "ky": "kir_Cyrl",
    "tg": "tgk_Cyrl",
    "uz": "uzn_Latn",
    "az": "azj_Latn",
    "ru": "rus_Cyrl",
    "en": "eng_Latn",
}
SNIPPET_CHARS = 40  # the brief's "short message" size
EVAL_ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
DEFAULT_DATA = EVAL_ROOT / "sib-200"
TARGET_WHOLE = 0.97
TARGET_SNIPPET = 0.80


@dataclass
class Score:
    """Accuracy counter for one language and one input size."""

    total: int = 0
    correct: int = 0
    errors: Counter[str] = field(default_factory=Counter)

    def add(self, expected: str, got: str | None) -> None:
        self.total += 1
        if got == expected:
            self.correct += 1
        else:
            self.errors[str(got)] += 1

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def read_sib(path: Path) -> list[str]:
    """Return the ``text`` column of one SIB-200 TSV file (columns: index_id, category, text)."""
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [row["text"].strip() for row in reader if row.get("text")]


def _extra_sets() -> Iterator[tuple[str, str, list[str]]]:
    """Dev-only extra material: (name, language, texts). Missing files are skipped."""
    ky_csv = EVAL_ROOT / "kyrgyz-multi-label-topic-classification" / "qad-test_0500.csv"
    if ky_csv.exists():
        csv.field_size_limit(sys.maxsize)
        with ky_csv.open(encoding="utf-8", newline="") as handle:
            articles = [
                row["text"] for row in csv.DictReader(handle) if any(ch.isalpha() for ch in row["text"])
            ]
        yield "kyrgyz-news articles", "ky", articles
        lines = [line.strip() for text in articles for line in text.splitlines() if len(line.strip()) > 60]
        yield "kyrgyz-news lines", "ky", lines
    kaznerd = EVAL_ROOT / "KazNERD" / "IOB2_test.txt"
    if kaznerd.exists():
        yield "KazNERD sentences", "kk", _conll_sentences(kaznerd, column=0)[:3000]
    fact_ru = EVAL_ROOT / "factRuEval-2016" / "testset"
    if fact_ru.is_dir():
        yield (
            "factRuEval documents",
            "ru",
            [p.read_text(encoding="utf-8") for p in sorted(fact_ru.glob("book_*.txt"))],
        )
    news_en = EVAL_ROOT / "nlp_news_summary"
    if news_en.is_dir():
        yield "EN energy news", "en", [p.read_text(encoding="utf-8") for p in sorted(news_en.glob("*.md"))]
    for lang, name in (
        ("ru", "UNER_Russian-PUD/ru_pud-ud-test.iob2"),
        ("en", "UNER_English-PUD/en_pud-ud-test.iob2"),
    ):
        path = EVAL_ROOT / name
        if path.exists():
            sentences = [
                line.removeprefix("# text =").strip()
                for line in path.read_text(encoding="utf-8").splitlines()
                if line.startswith("# text =")
            ]
            yield f"UNER {lang} sentences", lang, sentences


def _conll_sentences(path: Path, column: int) -> list[str]:
    sentences: list[str] = []
    tokens: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if tokens:
                sentences.append(" ".join(tokens))
                tokens = []
            continue
        tokens.append(parts[column])
    if tokens:
        sentences.append(" ".join(tokens))
    return sentences


def _fmt(score: Score, show_errors: bool) -> str:
    cell = f"{score.accuracy * 100:6.1f} % ({score.correct:>3}/{score.total})"
    if show_errors and score.errors:
        worst = ", ".join(f"{code}:{n}" for code, n in score.errors.most_common(3))
        cell += f" [{worst}]"
    return cell


def evaluate(data_dir: Path, split: str, show_errors: bool) -> bool:
    """Print the per-language table; return True when every target is met."""
    whole: dict[str, Score] = {}
    snippet: dict[str, Score] = {}
    calls = 0
    started = time.perf_counter()
    preload()
    load_s = time.perf_counter() - started
    elapsed = 0.0
    for lang, stem in SIB_FILES.items():
        path = data_dir / f"{lang}.{split}.tsv"
        if not path.exists():
            path = data_dir / f"{stem}.{split}.tsv"
        if not path.exists():
            print(f"missing {path}", file=sys.stderr)
            return False
        texts = read_sib(path)
        whole[lang], snippet[lang] = Score(), Score()
        t0 = time.perf_counter()
        for text in texts:
            whole[lang].add(lang, detect_language(text))
            snippet[lang].add(lang, detect_language(text[:SNIPPET_CHARS]))
        elapsed += time.perf_counter() - t0
        calls += 2 * len(texts)

    print(f"SIB-200 {split} split, {data_dir}")
    print(f"{'lang':<6}{'whole sentence':<34}{f'first {SNIPPET_CHARS} chars':<34}")
    ok = True
    for lang in SIB_FILES:
        print(f"{lang:<6}{_fmt(whole[lang], show_errors):<34}{_fmt(snippet[lang], show_errors):<34}")
        ok = ok and whole[lang].accuracy >= TARGET_WHOLE and snippet[lang].accuracy >= TARGET_SNIPPET
    all_whole = Score(sum(s.total for s in whole.values()), sum(s.correct for s in whole.values()))
    all_snip = Score(sum(s.total for s in snippet.values()), sum(s.correct for s in snippet.values()))
    print(f"{'all':<6}{_fmt(all_whole, False):<34}{_fmt(all_snip, False):<34}")
    rate = calls / elapsed if elapsed else float("inf")
    print(
        f"speed: {rate:,.0f} texts/s ({calls} calls in {elapsed:.2f} s, wall clock); "
        f"model load {load_s:.2f} s"
    )
    print(
        f"targets (>= {TARGET_WHOLE:.0%} whole, >= {TARGET_SNIPPET:.0%} snippet per language): "
        f"{'met' if ok else 'NOT met'}"
    )
    return ok


def evaluate_extra(show_errors: bool) -> None:
    """Accuracy on longer dev-only material (never used for the test numbers)."""
    for name, lang, texts in _extra_sets():
        score = Score()
        t0 = time.perf_counter()
        for text in texts:
            score.add(lang, detect_language(text))
        rate = len(texts) / (time.perf_counter() - t0) if texts else 0.0
        print(f"{name:<24}{lang:<4}{_fmt(score, show_errors)}  {rate:,.0f} texts/s")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="SIB-200 directory")
    parser.add_argument("--errors", action="store_true", help="show the most common wrong answers")
    parser.add_argument("--extra", action="store_true", help="also score extra dev material (dev split only)")
    args = parser.parse_args(argv)
    ok = evaluate(args.data, args.split, args.errors)
    if args.extra and args.split == "dev":
        evaluate_extra(args.errors)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
