"""Curated project catalog (``projects.yaml``): slugs, names per language, aliases in every script."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

from ingest.normalize import compact, normalize
from ingest.yamlfile import load_yaml

_JOINERS = r"[\s\-‐‑‒–—_./]*"
_CODE_JOIN = re.compile(r"[\s\-‐‑‒–—_./]+")
_WORD_EDGE_L = r"(?<![\w])"
_ANCHOR = 3
_LITERAL = re.compile(r"(?<![\\])[^\W\d_]{3,}")
_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def first_mentions(hits: list[tuple[int, int, str]]) -> list[str]:
    """Slugs of ``scan()`` hits in order of first mention."""
    first: dict[str, int] = {}
    for start, _end, slug in hits:
        if slug not in first or start < first[slug]:
            first[slug] = start
    return sorted(first, key=first.__getitem__)
_WORD_EDGE_R = r"(?![\w])"


@dataclass(frozen=True)
class Project:
    slug: str
    kind: str
    names: dict[str, str]
    aliases: tuple[str, ...]
    countries: tuple[str, ...]
    capacity: str | None
    patterns: tuple[str, ...] = field(default=())

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names.get("en") or self.slug


def _alias_regex(alias: str) -> str:
    """Regex over normalised text for an alias: joiners optional between chunks; long words may inflect."""
    parts = [p for p in _CODE_JOIN.split(normalize(alias)) if p]
    chunks: list[str] = []
    for part in parts:
        escaped = re.escape(part)
        if len(part) >= 6 and part.isalpha():
            # Long words take case endings (ru/kk/tg/ky/uz/az): keep the stem, allow up to 5 letters after it.
            stem = part[:-1] if part[-1] in "аеиоуыэюяәөүұіaeiouəı" else part
            escaped = re.escape(stem) + r"\w{0,5}"
        chunks.append(escaped)
    tail = r"(?:-?\w{1,6})?" if parts and not parts[-1].isdigit() and len(parts[-1]) >= 4 else ""
    # No look-behind at the start: it would stop the regex engine from skipping ahead to the first letters of
    # the aliases; scan() checks the left word edge instead.
    return _JOINERS.join(chunks) + tail + _WORD_EDGE_R


class Catalog:
    """All projects with lookup by alias and matching in running text."""

    def __init__(self, projects: list[Project]) -> None:
        self.projects = projects
        self._by_slug = {p.slug: p for p in projects}
        self._by_key: dict[str, list[str]] = {}
        for p in projects:
            for text in (p.slug, *p.names.values(), *p.aliases):
                slugs = self._by_key.setdefault(compact(text), [])
                if p.slug not in slugs:
                    slugs.append(p.slug)
        self._matchers: list[tuple[str, frozenset[str], re.Pattern[str]]] = []
        for p in projects:
            names = [a for a in (*p.names.values(), *p.aliases) if len(compact(a)) >= 3]
            alternatives = {_alias_regex(a) for a in names} | set(p.patterns)
            # Every match starts a word with one of these 3-letter prefixes: a cheap set test decides whether
            # the (slow) regex needs to run at all (measured: ~20x faster catalog matching on the seeds).
            anchors = {_words(normalize(a))[0][:_ANCHOR] for a in names if _words(normalize(a))}
            anchors |= {w[:_ANCHOR] for pattern in p.patterns for w in _LITERAL.findall(pattern)}
            self._matchers.append((p.slug, frozenset(anchors), re.compile("|".join(sorted(alternatives)))))
        # One regex finds, in C, every word start that begins with some project's anchor (a 3-letter anchor is a
        # word's first three letters; a shorter one is a whole word): the words of an article need no Python loop.
        every = sorted({a for _, anchors, _ in self._matchers for a in anchors}, key=lambda a: (-len(a), a))
        self._anchor_starts = re.compile(
            "(?<![^\\W_])(?:"
            + "|".join(re.escape(a) + ("" if len(a) >= _ANCHOR else "(?![^\\W_])") for a in every)
            + ")"
        )

    def get(self, slug: str) -> Project | None:
        return self._by_slug.get(slug)

    def named(self, text: str) -> list[str]:
        """Slugs whose slug, name or alias equals ``text`` once normalised (nothing looser)."""
        return list(self._by_key.get(compact(text), []))

    def resolve(self, text: str) -> list[str]:
        """Slugs whose slug, name or alias equals ``text`` once normalised (then those mentioned in it)."""
        key = compact(text)
        if not key:
            return []
        named = self.named(text)
        if named:
            return named
        found = self.find_in_text(text)
        if found or len(key) < 4:
            return found
        # A fragment of a name ("kambarata", "gas corridor"): every project with an alias containing it.
        for alias_key, slugs in self._by_key.items():
            if key in alias_key:
                found.extend(s for s in slugs if s not in found)
        return found

    def scan(self, norm_text: str) -> list[tuple[int, int, str]]:
        """Every catalog mention (start, end, slug) in normalised text."""
        # A mention starts a word with one of its project's anchors, so each project's regex is tried only at
        # those word starts (``match``), not run over the whole text (``finditer``): half the time on the
        # benchmark corpus, the same mentions (checked on its 10,000 articles, the seeds and the eval news).
        starts: dict[str, list[int]] = {}
        for word in self._anchor_starts.finditer(norm_text):
            starts.setdefault(word.group(), []).append(word.start())
        hits: list[tuple[int, int, str]] = []
        for slug, anchors, matcher in self._matchers:
            present = anchors & starts.keys()
            if not present:
                continue
            end = -1
            for position in sorted(p for anchor in present for p in starts[anchor]):
                if position < end:
                    continue  # inside the previous mention
                m = matcher.match(norm_text, position)
                if m is not None:
                    hits.append((m.start(), m.end(), slug))
                    end = m.end()
        return hits

    def find_in_text(self, text: str) -> list[str]:
        """Slugs mentioned in running ``text``, in order of first mention."""
        return first_mentions(self.scan(normalize(text)))

    def closest(self, text: str, n: int = 3) -> list[str]:
        """The ``n`` slugs whose names or aliases are closest to ``text`` (for "did you mean")."""
        key = compact(text)
        if not key:
            return []
        choices = {k: slugs for k, slugs in self._by_key.items()}
        found: list[str] = []
        for k, _score, _ in process.extract(key, list(choices), scorer=fuzz.WRatio, limit=n * 4):
            for slug in choices[k]:
                if slug not in found:
                    found.append(slug)
        return found[:n]


@cache
def load_catalog(path: str | None = None) -> Catalog:
    """Load (once) the catalog from ``projects.yaml`` next to this module, or from ``path``."""
    source = Path(path) if path else Path(__file__).with_name("projects.yaml")
    raw = load_yaml(source)
    projects = [
        Project(
            slug=item["slug"],
            kind=item["kind"],
            names={str(k): str(v) for k, v in item["names"].items()},
            aliases=tuple(str(a) for a in item.get("aliases") or ()),
            countries=tuple(item.get("countries") or ()),
            capacity=item.get("capacity"),
            patterns=tuple(item.get("patterns") or ()),
        )
        for item in raw
    ]
    return Catalog(projects)
