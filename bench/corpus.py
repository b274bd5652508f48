"""A benchmark corpus: N article files built from real texts, written once to ``bench/.cache/``.

Sources: the five ``seeds/``, the 500 Kyrgyz news articles of ``shared/eval/kyrgyz-multi-label-topic-
classification`` and the six English energy posts of ``shared/eval/nlp_news_summary``. File ``i`` (seeded by
``i``, so every run builds the same corpus) picks a base text (80 % Kyrgyz news, 20 % the eleven energy texts,
so projects, people and figures occur often) and is either

* a re-edit of it (15 %): about a quarter of its paragraphs dropped, one or two paragraphs of other articles in
  the same language inserted, some numbers changed; re-edits of one base are near-duplicates (one story), or
  exact duplicates when the edits happen to cancel out; or
* a new article (85 %): the base's first line as headline over three to six paragraphs drawn from every
  article in the same language, some numbers changed.

60 % start with a ` date YYYY-MM-DD` header (a random day of 2015-2026). Files go into sub-directories of
1,000 with names from their base and past modification times. The ingest figure reports the resulting split
(new, near-duplicate, duplicate).
"""

from __future__ import annotations

import csv
import os
import random
import re
import time
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
EVAL = ROOT.parent / "shared" / "eval"
SEEDS = ROOT / "seeds"
KYRGYZ_CSV = EVAL / "kyrgyz-multi-label-topic-classification" / "qad-test_0500.csv"
NEWS_SUMMARY = EVAL / "nlp_news_summary"
# Bump when the generator changes: cached corpora of another version are not reused.
VERSION = 2
# Share of files based on one of the eleven energy texts (the rest: Kyrgyz news).
ENERGY_SHARE = 0.2
REEDIT_SHARE = 0.15
NEW_PARAGRAPHS = (3, 6)
DROP_PARAGRAPH = 0.25
CHANGE_NUMBER = 0.3
DATE_HEADER = 0.6
FIRST_DAY, DAYS = date(2015, 1, 1), 4200  # dates up to 2026
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class Source:
    name: str  # short, file-name safe
    text: str
    language: str
    suffix: str = ".txt"

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.split("\n") if p.strip()]


@dataclass(frozen=True)
class Corpus:
    directory: Path
    files: int
    total_bytes: int

    @property
    def mean_bytes(self) -> float:
        return self.total_bytes / max(1, self.files)


@cache
def sources() -> tuple[tuple[Source, ...], tuple[Source, ...]]:
    """(energy texts, Kyrgyz news), each with the language the project's own detector gives it."""
    from ingest.language import detect_language

    energy: list[Source] = []
    for path in sorted(SEEDS.glob("*.txt")):
        energy.append(Source(f"seed{path.stem[:3]}", path.read_text("utf-8"), ""))
    for k, path in enumerate(sorted(NEWS_SUMMARY.glob("*.md"))):
        energy.append(Source(f"{path.stem.split('__')[0]}{k}", path.read_text("utf-8"), "", ".md"))
    news: list[Source] = []
    csv.field_size_limit(1 << 26)
    with KYRGYZ_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            news.append(Source(f"ky{row['id']}", row["text"], ""))

    def labelled(items: list[Source]) -> tuple[Source, ...]:
        return tuple(Source(s.name, s.text, detect_language(s.text) or "und", s.suffix) for s in items)

    return labelled(energy), labelled(news)


def _pools() -> dict[str, list[str]]:
    """Body paragraphs (not first lines) of every source, by language."""
    pools: dict[str, list[str]] = {}
    for group in sources():
        for s in group:
            pools.setdefault(s.language, []).extend(p for p in s.paragraphs[1:] if len(p) > 40)
    return pools


def article_text(i: int, pools: dict[str, list[str]] | None = None) -> tuple[str, str]:
    """(file name, text) of corpus file ``i`` (deterministic)."""
    energy, news = sources()
    pools = pools if pools is not None else _pools()
    rng = random.Random(f"energy-bridge-corpus-{VERSION}-{i}")
    base = rng.choice(energy) if rng.random() < ENERGY_SHARE else rng.choice(news)
    paras = base.paragraphs or [base.text.strip() or "…"]
    pool = pools.get(base.language, [])
    head = paras[0]
    if rng.random() < REEDIT_SHARE or len(pool) < NEW_PARAGRAPHS[1]:
        kept = [p for p in paras[1:] if rng.random() >= DROP_PARAGRAPH] or paras[1:2]
        for _ in range(rng.randint(1, 2) if pool else 0):
            kept.insert(rng.randint(0, len(kept)), rng.choice(pool))
    else:
        kept = rng.sample(pool, rng.randint(*NEW_PARAGRAPHS))

    def number(m: re.Match[str]) -> str:
        digits = m.group(0)
        if rng.random() >= CHANGE_NUMBER or len(digits) > 6:
            return digits
        return str(rng.randrange(10 ** (len(digits) - 1) if len(digits) > 1 else 0, 10 ** len(digits)))

    # The first two paragraphs keep their numbers: they hold the datelines the parser reads.
    kept = kept[:1] + [_NUMBER.sub(number, p) for p in kept[1:]]
    separator = "\n\n" if "\n\n" in base.text else "\n"
    text = separator.join([head, *kept]) + "\n"
    if rng.random() < DATE_HEADER:
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        text = f" date {day.isoformat()} {text}" if rng.random() < 0.5 else f" date {day.isoformat()}\n{text}"
    return f"{i:06d}_{base.name}{base.suffix}", text


def build(files: int, *, cache_dir: Path = CACHE) -> Corpus:
    """Return the corpus of ``files`` articles, generating it on first use."""
    directory = cache_dir / "corpus" / f"v{VERSION}-{files}"
    marker = directory.with_name(directory.name + ".complete")
    if marker.is_file():
        return Corpus(directory, files, int(marker.read_text().split()[0]))
    pools = _pools()
    total = 0
    past = time.time() - 86_400
    for i in range(files):
        name, text = article_text(i, pools)
        sub = directory / f"{i // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path = sub / name
        path.write_bytes(data)
        os.utime(path, (past + i, past + i))
        total += len(data)
    marker.write_text(f"{total} bytes in {files} files\n")
    return Corpus(directory, files, total)


def article_bodies(limit: int) -> list[str]:
    """Texts of the first ``limit`` corpus articles (without writing files), for synthetic stores."""
    pools = _pools()
    return [article_text(i, pools)[1] for i in range(limit)]
