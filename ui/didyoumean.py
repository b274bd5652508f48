"""Did-you-mean for countries and projects: fuzzy matching over their names in every supported language.

A reader types in any script ("Tajikstan", "Таджикстан", "Rogn"); the names compared are CLDR's country names
in every locale ``ingest.countries`` recognises plus its extra forms, and each catalog project's slug, names
and aliases. Scores are rapidfuzz's normalised Indel similarity (0-100) between folded forms.
"""

from __future__ import annotations

import re
from functools import cache

from rapidfuzz import fuzz, process

from ingest.catalog import load_catalog
from ingest.countries import _names as country_name_index
from ingest.normalize import compact, normalize

# Lowest similarity that is offered as a suggestion. Measured with fuzz.ratio on folded names: one missing or
# doubled letter in a country name scores 89-95 ("tajikstan"~"tajikistan" 95, "kirgizstan"~"kyrgyzstan" 80,
# "uzbekstan"~"uzbekistan" 95, "rogn"~"rogun" 89), while unrelated words score below 70 ("aaaa"~"iran" 50,
# "energy"~"greece" 50, "pipeline"~"philippines" 63, "gas"~"ghana" 50).
MIN_SCORE = 75
# Suggestions within this many points of the best one are offered together (several close names).
MARGIN = 8
# Suggestions shown at most: a reader scans three names at a glance.
LIMIT = 3


_TOKEN = re.compile(r"[^\W_]+(?:['ʻ’‘ʼ`][^\W_]+)*")
_APOSTROPHES = str.maketrans("", "", "'ʻ’‘ʼ`")


def _fold(text: str) -> str:
    return normalize(text).translate(_APOSTROPHES)


@cache
def _country_names() -> dict[str, set[str]]:
    """Folded name -> country codes it names: the names ``ingest.countries`` recognises (CLDR in every locale it
    reads, and its extra forms), folded the same way."""
    names: dict[str, set[str]] = {}
    for forms in country_name_index().values():
        for name in forms:
            names.setdefault(" ".join(name.words), set()).add(name.code)
    return names


@cache
def _project_names() -> dict[str, set[str]]:
    """Compact name -> project slugs it names."""
    names: dict[str, set[str]] = {}
    for p in load_catalog().projects:
        for text in (p.slug, *p.names.values(), *p.aliases):
            key = compact(text)
            if key:
                names.setdefault(key, set()).add(p.slug)
    return names


def _best(query: str, names: dict[str, set[str]]) -> list[str]:
    if len(query) < 3:
        return []
    found = process.extract(query, list(names), scorer=fuzz.ratio, score_cutoff=MIN_SCORE, limit=LIMIT * 6)
    if not found:
        return []
    top = found[0][1]
    out: list[str] = []
    for name, score, _ in found:
        if score < top - MARGIN:
            break
        for key in sorted(names[name]):
            if key not in out:
                out.append(key)
    return out[:LIMIT]


def suggest_countries(text: str) -> list[str]:
    """ISO codes of the countries whose name in some language is close to ``text``, closest first."""
    return _best(" ".join(_fold(w) for w in _TOKEN.findall(text)), _country_names())


def suggest_projects(text: str) -> list[str]:
    """Slugs of the catalog projects whose slug, name or alias is close to ``text``, closest first."""
    return _best(compact(text.strip()), _project_names())
