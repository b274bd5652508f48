"""Open-world projects (named infrastructure not in the catalog) and the project each figure is stated with.

A candidate is a name with its type word: "the Datka–Sughd 500 kV line", "Shurob HPP-2", "Trans-Afghan Railway
Corridor", "газопровод «Сила Сибири»". Names the catalog knows are not candidates. A figure (MW, kV, km, bcm, $)
belongs to the project named nearest to it in its own sentence (catalog project or candidate), or to none: an
article naming CASA-1000 and Kambarata-1 no longer gives CASA-1000's 1,300 MW to Kambarata-1.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from ingest.catalog import Catalog
from ingest.countries import find_countries
from ingest.entities import find_figures
from ingest.model import Figure
from ingest.normalize import compact, normalize

# Type words of a named project and the kind each gives (English; Russian below).
_EN_TYPES = (
    ("hydropower plant|hydroelectric power plant|hydro power plant|power plant|power station|thermal power plant|"
     "solar power plant|solar plant|solar park|wind farm|wind power plant|dam", "plant"),
    ("transmission line|power line|line|interconnector|interconnection", "line"),
    ("gas pipeline|oil pipeline|pipeline", "pipeline"),
    ("corridor|railway|highway", "corridor"),
)
# Capitalised words that start a sentence or a phrase but never a project's name.
_STOP = frozenset(
    "the this that these those a an its their our his her new each every such which what one two three "
    "first second last national regional international". split()
)
_CAP = r"[A-Z][\w'’]*+"
# The look-behinds come after the first letter (not before it): a pattern that starts with a letter class lets the
# regex engine skip to the capitals (2-3x faster on the benchmark corpus, the same matches).
_EN = re.compile(
    rf"(?P<name>[A-Z](?<![\w-][A-Z])[\w'’]*+(?:[-–—]{_CAP})*(?:\s+{_CAP}(?:[-–—]{_CAP})*){{0,3}})"
    r"(?P<kv>\s+\d{2,4}\s?(?i:kv))?"
    r"(?:\s+(?i:high-voltage|power|transmission|electricity|export|gas|oil|energy|green|hydrogen)){0,2}"
    r"\s+(?P<type>(?i:" + "|".join(t for t, _ in _EN_TYPES) + r"))(?![\w-])"
)
# A capitalised type word is part of the name ("Trans-Afghan Railway Corridor"): _EN with IGNORECASE takes it.
_KIND = {word: kind for words, kind in _EN_TYPES for word in words.split("|")}
# Plant codes after a proper name: "Yavan TPP-3", "Шуроб ГЭС-2", "Sangtuda GES-1".
_CODE = re.compile(
    r"[A-ZА-ЯЁӘҚҒҢӨҰҮҺІ](?<![\w-][A-ZА-ЯЁӘҚҒҢӨҰҮҺІ])[\w-]*+\s"
    r"(?:HPP|TPP|CHP|SPP|WPP|GES|IES|ГЭС|ТЭЦ|ТЭС|ГРЭС|СЭС|ЖЭО|НБО|МОБ)(?:[- ]?\d+)?(?![\w])"
)
# Substrings without which _EN or _CODE cannot match: ``in`` tests (a regex alternation searched for them took
# longer than _EN itself).
_EN_TYPE_WORDS = tuple(w for word in ("plant", "station", "farm", "park", "dam", "line", "interconnect", "corridor",
                                      "railway", "highway") for w in (word, word.capitalize()))
_TURKIC_WORDS = ("желісі", "линиясы", "liniyasi", "xətti", "станциясы", "stansiyasi", "stansiyası", "құбыры",
                 "түтүгү", "quvuri", "kəməri", "дәлізі", "коридору", "yoʻlagi", "dəhlizi", "орталығ")
_CODE_WORDS = ("HPP", "TPP", "CHP", "SPP", "WPP", "GES", "IES", "ГЭС", "ТЭЦ", "ТЭС", "ГРЭС", "СЭС", "ЖЭО", "НБО",
               "МОБ")
# Russian: a type word and the name in guillemets ("газопровод «Сила Сибири»", "ЛЭП «Датка — Худжанд»").
_RU = re.compile(
    r"(?<!\w)(?P<type>газопровод|нефтепровод|трубопровод|ЛЭП|линия электропередачи|линии электропередачи|"
    r"коридор|ГЭС|ТЭС|ТЭЦ|СЭС|ВЭС|АЭС|электростанция|электростанции)(?:а|у|ом|е)?\s+«(?P<name>[^«»\n]{2,60}+)»"
)
_RU_KIND = {"газопровод": "pipeline", "нефтепровод": "pipeline", "трубопровод": "pipeline", "лэп": "line",
            "линия электропередачи": "line", "линии электропередачи": "line", "коридор": "corridor"}
# Kazakh, Kyrgyz, Uzbek and Azerbaijani: a proper name, then its type phrase ("Датка–Суғд электр беру желісі",
# "Shimoliy gaz quvuri", "Xəzər qaz kəməri"); Tajik puts the type first ("хати интиқоли барқи Датка–Суғд").
_TURKIC_TYPES = {
    "электр беру желісі": "line", "электр берүү линиясы": "line", "elektr uzatish liniyasi": "line",
    "elektrik ötürmə xətti": "line", "су электр станциясы": "plant", "электр станциясы": "plant",
    "elektr stansiyasi": "plant", "elektrik stansiyası": "plant", "газ құбыры": "pipeline", "газ түтүгү": "pipeline",
    "gaz quvuri": "pipeline", "qaz kəməri": "pipeline", "boru kəməri": "pipeline", "дәлізі": "corridor",
    "коридору": "corridor", "yoʻlagi": "corridor", "dəhlizi": "corridor",
    "жылу электр орталығ": "plant", "жылу қуат орталығ": "plant",  # a CHP; its case endings follow the stem
}
_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІҶҲӢӮƏÇĞİÖŞÜ"
_WORD_CAP = rf"[{_UP}][\w'ʻ’]*+"
_TURKIC = re.compile(
    rf"(?P<name>[{_UP}](?<![\w-][{_UP}])[\w'ʻ’]*+(?:[-–—]{_WORD_CAP})*(?:\s+{_WORD_CAP}(?:[-–—]{_WORD_CAP})*){{0,2}})"
    r"(?:\s+\d{2,4}\s?(?i:кв|kv))?\s+(?P<type>(?i:" + "|".join(sorted(_TURKIC_TYPES, key=len, reverse=True)) + r"))"
    r"\w{0,7}(?![\w-])"
)
# Words that open a sentence before a type phrase but are not names: pronouns and demonstratives.
_TURKIC_STOP = frozenset("біз бұл ол осы сол мұндай бул ал ушул ошол мындай bu biz u ushbu shu bunday o həmin bizim "
                         "belə жаңа yangi yeni".split())
_TG_TYPES = {"хати интиқоли барқи": "line", "нерӯгоҳи барқи обии": "plant", "нерӯгоҳи барқи": "plant",
             "лӯлаи газии": "pipeline", "долони": "corridor"}
_TG = re.compile(
    r"(?<!\w)(?P<type>(?i:" + "|".join(sorted(_TG_TYPES, key=len, reverse=True)) + r"))\s+"
    rf"(?P<name>{_WORD_CAP}(?:[-–—]{_WORD_CAP})*(?:\s+{_WORD_CAP}){{0,2}})"
)
# Catalog mentions longer than this may come from its "type word ... place" patterns (up to 120 characters
# between: "chp is planned at 240 mw, semey"); such a mention is placed at its last word. Longer aliases
# ("Kambarata hydropower plant-1") are then placed at their last word, still inside the name.
LONG_MENTION = 24
# Sentence ends: a full stop, "!" or "?" before a space, or a paragraph break.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[^\s\d])|\n+")
_DIGIT = re.compile(r"\d")
_TWO_WORDS = re.compile(r"(?:[^\S\n]++[\w-]++){1,2}")
# Clause breaks inside a sentence: a semicolon or colon, a comma before a space (not the one in "1,300"), a dash
# between spaces. A figure is given to a name in its own clause before a nearer one across a break.
_CLAUSE_BREAK = re.compile(r"[;:]|,\s|\s[—–-]\s")


@dataclass(frozen=True)
class Candidate:
    name: str  # as written, without a leading "the"
    key: str  # compact(proper name):kind, one candidate across spellings that differ in case, hyphens, voltage
    kind: str  # plant, line, pipeline, corridor, project


def _candidate_spans(text: str, catalog: Catalog) -> list[tuple[int, int, Candidate]]:
    spans: list[tuple[int, int, Candidate]] = []
    # Their type words and codes, searched first, are absent from most articles.
    for m in (_EN.finditer(text) if any(w in text for w in _EN_TYPE_WORDS) else ()):
        words = m.group("name").split()
        while words and words[0].casefold() in _STOP:
            words = words[1:]
        if not words or not any(w[:1].isupper() for w in words):
            continue
        type_word = m.group("type")
        kind = _KIND.get(type_word.casefold(), "project")
        if len(words) == 1 and not type_word[:1].isupper() and not m.group("kv") and "-" not in words[0] \
                and "–" not in words[0]:
            # One capitalised word before a lowercase type word is usually a place or a country ("Kazakhstan
            # power plant"): a name needs two words, a hyphenated pair ("Datka–Sughd"), a voltage or a type
            # word written as part of the name ("Rogun Dam").
            continue
        start = m.start("name") + m.group("name").find(words[0])
        spans.append((start, m.end(), _make(text[start:m.end()], " ".join(words), kind)))
    for m in (_CODE.finditer(text) if any(w in text for w in _CODE_WORDS) else ()):
        if find_countries(m.group(0).split()[0]):
            continue  # a country's plants ("Кыргызстандын ГЭС"), not one plant's name
        spans.append((m.start(), m.end(), _make(m.group(0), m.group(0), "plant")))
    if any(w in text for w in _TURKIC_WORDS):
        for m in _TURKIC.finditer(text):
            words = m.group("name").split()
            while words and words[0].casefold() in _TURKIC_STOP:
                words = words[1:]
            if not words or (len(words) == 1 and find_countries(words[0])):
                continue  # a pronoun, or a country's plants ("Қазақстан электр станциялары")
            start = m.start("name") + m.group("name").find(words[0])
            kind = _TURKIC_TYPES[m.group("type").casefold()]
            spans.append((start, m.end(), _make(text[start:m.end()], " ".join(words), kind)))
    if any(w in text for w in ("хати", "Хати", "нерӯгоҳ", "Нерӯгоҳ", "лӯла", "Лӯла", "долон", "Долон")):
        for m in _TG.finditer(text):
            kind = _TG_TYPES[m.group("type").lower()]
            spans.append((m.start(), m.end(), _make(m.group(0), m.group("name"), kind)))
    if "«" in text:
        for m in _RU.finditer(text):
            kind = _RU_KIND.get(m.group("type").casefold(), "plant")
            spans.append((m.start(), m.end(), _make(m.group(0), m.group("name"), kind)))
    kept: list[tuple[int, int, Candidate]] = []
    for start, end, cand in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and start < kept[-1][1]:
            continue  # inside a longer candidate
        if catalog.find_in_text(cand.name) or _starts_catalog_name(text, start, end, catalog):
            continue  # the catalog knows it, or it is the start of a catalog name ("Строительство ТЭЦ Душанбе-2")
        kept.append((start, end, cand))
    return kept


def _starts_catalog_name(text: str, start: int, end: int, catalog: Catalog) -> bool:
    """Whether a catalog name starts inside ``text[start:end]`` and runs on into the (at most) two words after."""
    more = _TWO_WORDS.match(text, end)
    if more is None:
        return False
    inside = len(normalize(text[start:end]))
    return any(hit < inside for hit, _, _ in catalog.scan(normalize(text[start:more.end()])))


def _make(raw: str, proper: str, kind: str) -> Candidate:
    """A candidate named ``raw``; its key is its proper name and its kind ("datkasughd:line"), so "the Datka–Sughd
    500 kV line" and "the Datka-Sughd line" are one candidate."""
    name = re.sub(r"\s+", " ", raw).strip(" ,.;:")
    return Candidate(name=name, key=f"{compact(proper)}:{kind}", kind=kind)


def find_candidates(text: str, catalog: Catalog) -> list[Candidate]:
    """Named projects of ``text`` that the catalog does not know, once each, in order of first mention."""
    seen: set[str] = set()
    out: list[Candidate] = []
    for _, _, cand in _candidate_spans(text, catalog):
        if cand.key not in seen:
            seen.add(cand.key)
            out.append(cand)
    return out


def sentences(text: str) -> list[tuple[int, str]]:
    """(start, sentence) of each sentence of ``text``."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            out.append((start, text[start:m.start()]))
        start = m.end()
    if start < len(text):
        out.append((start, text[start:]))
    return out


# A figure's project is among the names nearest to it: a name further away on the same side is at least as far and
# has at least as many clause breaks in between, so only this many names on each side of the figure are compared
# (every name of any real sentence; a "sentence" of thousands of names and figures without a full stop cost names
# x figures: 40,000 characters of "CASA-1000 1 000 MW" took ~2.5 s, and grew quadratically).
NEAREST_NAMES = 16


def attach_figures(text: str, catalog: Catalog) -> list[Figure]:
    """The figures of ``text``, each with the project named nearest to it in its sentence (``project``: a
    catalog slug, or ``candidate``: a candidate's key), or with neither. A figure is listed once per project."""
    out: list[Figure] = []
    figures = find_figures(text)
    if not figures:
        return out
    seen: set[tuple[float, str, str | None, str | None]] = set()
    parts = sentences(text)
    starts = [start for start, _ in parts]
    # Only the sentences holding a figure are read for names, once each.
    named: dict[int, tuple[list[tuple[int, int, str | None, str | None]], list[int], list[int]]] = {}
    for figure in figures:
        # find_figures gives a value once: each place it is written may belong to another project ("Semey CHP at
        # 360 MW and Ust-Kamenogorsk CHP at 360 MW").
        position = text.find(figure.text)
        while True:
            project = candidate = None
            if position >= 0:
                index = bisect_right(starts, position) - 1
                first, sentence = parts[index]
                if index not in named:
                    names = sorted(_names_in(sentence, catalog))
                    named[index] = names, [name[0] for name in names], (
                        [m.start() for m in _CLAUSE_BREAK.finditer(sentence)] if len(names) > 1 else [])
                names, name_starts, breaks = named[index]
                local = position - first
                if names:
                    end = local + len(figure.text)
                    nearest = bisect_left(name_starts, end)
                    _, _, project, candidate = min(
                        (_distance(start, stop, local, end, breaks), stop > local, slug, key)
                        for start, stop, slug, key in names[max(0, nearest - NEAREST_NAMES) : nearest + NEAREST_NAMES]
                    )
            item = (figure.value, figure.unit, project, candidate)
            if item not in seen:
                seen.add(item)
                out.append(replace(figure, project=project, candidate=candidate))
            if position < 0:
                break
            position = text.find(figure.text, position + len(figure.text))
            if position < 0:
                break
    return out


def _distance(start: int, stop: int, position: int, end: int, breaks: list[int]) -> tuple[int, int]:
    """How far a name (``start``-``stop``) is from a figure (``position``-``end``): clause breaks between them
    first (a figure belongs to its clause), then characters between them."""
    low, high = (stop, position) if stop <= position else (end, start)
    between = bisect_left(breaks, high) - bisect_left(breaks, low) if high > low else 0
    return between, max(high - low, 0)


def _names_in(sentence: str, catalog: Catalog) -> list[tuple[int, int, str | None, str | None]]:
    """(start, end, catalog slug, candidate key) of each project named in ``sentence``; positions are the
    sentence's (a catalog mention's, found in the normalised sentence, is mapped back approximately: normalising
    only folds case and collapses spaces, so the offset stays within a few characters)."""
    names: list[tuple[int, int, str | None, str | None]] = []
    norm = normalize(sentence)
    scale = len(sentence) / len(norm) if norm else 1.0
    for start, end, slug in catalog.scan(norm):
        if end - start > LONG_MENTION:
            # A catalog pattern "type word ... place" ("chp is planned at 240 mw, semey"): the name is its last
            # word, and the text in between may hold another project's figure.
            start = max(start, norm.rfind(" ", start, end) + 1)
        names.append((int(start * scale), int(end * scale), slug, None))
    for start, end, cand in _candidate_spans(sentence, catalog):
        names.append((start, end, None, cand.key))
    return names


def describe_candidate(name: str) -> Candidate:
    """The candidate a name from ``ParsedArticle.project_candidates`` stands for (its key and kind)."""
    spans = _candidate_spans(name, _NO_CATALOG)
    if spans and spans[0][0] == 0:
        return spans[0][2]
    return _make(name, name, "project")


class _NoCatalog:
    """A catalog that knows nothing: ``describe_candidate`` reads a name already known not to be catalogued."""

    def find_in_text(self, text: str) -> list[str]:
        return []


_NO_CATALOG: Catalog = _NoCatalog()  # type: ignore[assignment]
