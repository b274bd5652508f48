"""Events an article reports: what happened (a small, cross-lingual set of types), when, to which projects, who.

Cheap by construction (ingest runs it on every article): one compiled regex finds the trigger words of every
type in all seven languages (``catalog/event_triggers.yaml``, built into one trie-shaped alternation so the
regex engine tests a position with a few character comparisons); only the sentences holding a trigger are
examined further, at most ``MAX_SENTENCES`` of them. A sentence's type is the one whose triggers weigh most
there (a specific type that reaches ``MIN_WEIGHT`` beats a general one; ties: the order of ``EVENT_TYPES``); it
is an event when that weight reaches ``MIN_WEIGHT`` and the sentence names a project or a country. Its arguments
are taken from that sentence only: projects (catalog), countries, people with roles, organisations (the lender or
contractor first), amounts with units and the event's own date when stated. Events of one type in one article are
one, unless both name projects and none in common (``_fold_events``). Measured in docs/events.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path

from ingest.catalog import load_catalog
from ingest.countries import find_countries
from ingest.dates import find_dateline
from ingest.entities import find_figures, find_organizations
from ingest.model import Event, Figure, Person
from ingest.normalize import normalize
from ingest.people import find_people
from ingest.yamlfile import load_yaml

# Most specific first: the order breaks ties between types of equal weight in a sentence ("gas supplies were
# suspended" is a supply event, not a delay; "the loan was signed" financing, not an agreement).
EVENT_TYPES = (
    "supply", "delay", "commissioning", "construction", "financing", "contract", "study", "agreement", "meeting",
)
# Types that accompany the others (an agreement is signed, talks are held, for a loan, a contract, a supply).
GENERAL_TYPES = frozenset({"agreement", "meeting"})
# Verb lists of the trigger file shared by several types (one point each).
_SHARED = {
    "_start": ("construction", "supply", "study"),
    "_stop": ("supply",),
    "_done": ("study", "construction"),
    "_neutral": (),
}
# A sentence is an event when its best type weighs this much: one strong trigger ("signed", "loan") or two weak
# ones ("construction" + "began"). One weak word alone ("agreement", "export") is background, not news.
MIN_WEIGHT = 2
# Trigger sentences examined per article: the news is in the title and the first paragraphs; a long article has
# dozens of trigger words further on (background), and each examined sentence costs ~0.1 ms.
MAX_SENTENCES = 12
# Events kept per article (after folding those of one type and subject), and event sentences whose arguments
# are read (the first ones: the rest is background).
MAX_EVENTS = 6
MAX_CANDIDATES = 8
# Characters of an article searched for events: the title and the lead paragraphs, where news is reported
# (further on, trigger words are mostly background: "the agreement signed in 2018").
EVENT_WINDOW = 2500
# A stated date more than this after the article's is a plan ("will be commissioned on 1 December"): the event
# reported is the announcement, dated by the article.
_FUTURE_SLACK = timedelta(days=1)
# Sentences end at . ! ? … or a line break, followed by space; a dot between digits ("$1.2") does not end one.
_SENTENCE_END = re.compile(r"[.!?…](?=\s)|\n")
_DIGIT = re.compile(r"\d")
_APOSTROPHES = "'ʻ’‘ʼ`"
_LONGEST_SENTENCE = 600  # characters kept either side of a trigger when a "sentence" has no end (lists, tables)


_Weights = tuple[tuple[str, int], ...]  # (event type, weight) of a trigger


@cache
def _triggers() -> tuple[re.Pattern[str], dict[str, _Weights], dict[str, _Weights]]:
    """The trigger regex, and exact word -> ((type, weight), ...) and stem -> ((type, weight), ...)."""
    raw = load_yaml(Path(__file__).with_name("catalog") / "event_triggers.yaml")
    exact: dict[str, list[tuple[str, int]]] = {}
    stems: dict[str, list[tuple[str, int]]] = {}
    for group, languages in raw.items():
        kinds = _SHARED.get(group, (group,))
        for entries in languages.values():
            for entry in entries:
                weight = 2 if entry.startswith("+") else 1
                word = _fold(entry.lstrip("+"))
                target = stems if word.endswith("*") else exact
                key = word.rstrip("*")
                target.setdefault(key, [])  # a neutral phrase is matched (and weighs nothing) too
                for kind in kinds:
                    target.setdefault(key, []).append((kind, weight))
    words = [(w, False) for w in exact] + [(w, True) for w in stems]
    # Matched on lower-cased text (``_lower``): 2x faster than IGNORECASE.
    pattern = re.compile(r"(?<!\w)(?:" + _trie_regex(words) + ")")
    return pattern, {k: tuple(v) for k, v in exact.items()}, {k: tuple(v) for k, v in stems.items()}


def _fold(text: str) -> str:
    """Lower case, one apostrophe, single spaces: how trigger words are compared."""
    for a in _APOSTROPHES[1:]:
        text = text.replace(a, "'")
    return " ".join(text.casefold().split())


def _trie_regex(words: list[tuple[str, bool]]) -> str:
    """One alternation over ``words`` (text, is_stem) shaped as a trie: shared prefixes are tested once."""
    trie: dict = {}
    for word, is_stem in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = max(node.get("", False), is_stem)  # a word that is also a stem: the stem matches more

    def build(node: dict) -> str:
        branches = []
        for ch in sorted(k for k in node if k):
            if ch == " ":
                piece = r"\s+"
            elif ch == "'":
                piece = "[" + re.escape(_APOSTROPHES) + "]"
            else:
                piece = re.escape(ch)
            branches.append(piece + build(node[ch]))
        if "" in node:
            branches.append(r"\w*" if node[""] else r"(?!\w)")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return build(trie)


@lru_cache(maxsize=4096)
def _weights(found: str) -> _Weights:
    """(type, weight) of a matched trigger: its exact entry, else its longest stem (trigger words recur: cached)."""
    _, exact, stems = _triggers()
    word = _fold(found)
    weights: dict[str, int] = dict(exact.get(word, ()))
    for end in range(len(word), 0, -1):  # every stem it starts with: each type at its heaviest
        for kind, weight in stems.get(word[:end], ()):
            weights[kind] = max(weight, weights.get(kind, 0))
    return tuple(weights.items())


def classify(sentence: str) -> tuple[str | None, int]:
    """The event type of ``sentence`` and its weight (``None`` when no trigger is found)."""
    pattern = _triggers()[0]
    return _best_type(m.group(0) for m in pattern.finditer(_lower(sentence)))


def _lower(text: str) -> str:
    """``text`` lower-cased, of the same length (so positions match): "İ" lower-cases to two characters."""
    return text.replace("İ", "i").lower()


def _best_type(found: Iterable[str]) -> tuple[str | None, int]:
    """The heaviest type; a specific type that is an event by itself beats a general one ("signed a loan
    agreement" is financing, "discussed and signed a contract" a contract)."""
    scores: dict[str, int] = {}
    for text in found:
        for kind, weight in _weights(text):
            scores[kind] = scores.get(kind, 0) + weight
    if not scores:
        return None, 0
    kind = max(
        scores, key=lambda k: (k not in GENERAL_TYPES and scores[k] >= MIN_WEIGHT, scores[k], -EVENT_TYPES.index(k))
    )
    return kind, scores[kind]


def _sentences(text: str, limit: int | None = None) -> list[tuple[int, int, list[str]]]:
    """(start, end, trigger words) of each sentence of ``text`` holding a trigger in its first ``limit``
    characters, in order, at most ``MAX_SENTENCES``."""
    pattern = _triggers()[0]
    out: list[tuple[int, int, list[str]]] = []
    # Only the searched part and the end of its last sentence are lower-cased (articles run to 40 kB).
    lowered = _lower(text if limit is None else text[: limit + _LONGEST_SENTENCE])
    for m in pattern.finditer(lowered, 0, len(text) if limit is None else limit):
        if out and m.start() < out[-1][1]:
            out[-1][2].append(m.group(0))
            continue
        if len(out) == MAX_SENTENCES:
            break
        start = _sentence_start(text, m.start())
        end_match = _SENTENCE_END.search(text, m.end())
        end = end_match.end() if end_match else len(text)
        end = min(end, m.end() + _LONGEST_SENTENCE)
        out.append((start, end, [m.group(0)]))
    return out


def _sentence_start(text: str, pos: int) -> int:
    lo = max(0, pos - _LONGEST_SENTENCE)
    start = lo
    for m in _SENTENCE_END.finditer(text, lo, pos):
        start = m.end()
    return start


def find_events(
    text: str,
    *,
    article_date: date | None,
    lead_end: int = 0,
    article_projects: Sequence[str] | None = None,
    article_countries: Sequence[str] | None = None,
    article_people: Sequence[Person] | None = None,
) -> list[Event]:
    """The events reported in ``text`` (an article's title and body), in order of first mention.

    ``article_projects``, ``article_countries`` and ``article_people`` are what the article names (the pipeline
    has them already): a sentence is searched only for those kinds the article has, and its people are the
    article's whose spelling it contains (roles are stated once, often in another sentence). ``None`` searches
    the sentence itself. A sentence in the lead (``text[:lead_end]``: the title and first paragraph) that names
    no project or country takes the article's first project and its countries: a headline says "Loan approved
    for the line" and the article says which line.
    """
    events: list[Event] = []
    for start, end, words in _sentences(text, EVENT_WINDOW):
        kind, weight = _best_type(words)
        if kind is None or weight < MIN_WEIGHT:
            continue
        sentence = " ".join(text[start:end].split())
        event = _event(kind, sentence, article_date, article_projects, article_countries, article_people)
        if not event.projects and not event.countries and start < lead_end:
            event = _with_subjects(event, tuple(article_projects or ())[:1], tuple(article_countries or ()))
        if event.projects or event.countries:
            events.append(event)
            if len(events) == MAX_CANDIDATES:
                break
    return _fold_events(events)[:MAX_EVENTS]


def _event(
    kind: str,
    sentence: str,
    article_date: date | None,
    projects: Sequence[str] | None,
    countries: Sequence[str] | None,
    people: Sequence[Person] | None,
) -> Event:
    stated = _stated_date(sentence, article_date)
    if people is None:
        named = find_people(sentence)
    else:
        named = [p for p in people if p.name in sentence]
    return Event(
        kind=kind,
        date=stated or article_date,
        date_stated=stated is not None,
        projects=_projects_in(sentence, projects),
        countries=tuple(find_countries(_without_money(sentence))) if countries is None or countries else (),
        people=tuple(named),
        organizations=tuple(find_organizations(sentence)),
        amounts=tuple(_amounts(sentence)),
        sentence=sentence,
    )


# Sums of dollars written with the scale word of kk tg ky uz az ("100 миллион АҚШ доллары", "50 миллион
# доллар", "200 million dollar", "100 milyon dollar"), which ``find_figures`` does not read.
_LOCAL_MONEY = re.compile(
    r"(?<![\w.,])(?P<num>\d+(?:[.,]\d+)?)\s*(?P<scale>млн|млрд|миллион|миллиард|mln|mlrd|million|milliard|milyon|"
    r"milyard|billion|bn)\w*\.?\s+(?:(?:АҚШ|АКШ|AQSH|ABŞ|US|США)\s+)?(?:доллар|dollar|долл)\w*",
    re.IGNORECASE,
)
_BILLIONS = ("млрд", "миллиард", "mlrd", "milliard", "milyard", "billion", "bn")


def _without_money(sentence: str) -> str:
    """``sentence`` without its sums in "АҚШ доллары" ("US dollars"): the currency names no party."""
    if _DIGIT.search(sentence) is None:
        return sentence
    return _LOCAL_MONEY.sub(" ", sentence)


def _amounts(sentence: str) -> list[Figure]:
    figures = find_figures(sentence)
    if _DIGIT.search(sentence) is None:
        return figures
    seen = {(f.value, f.unit) for f in figures}
    for m in _LOCAL_MONEY.finditer(sentence):
        value = float(m.group("num").replace(",", "."))
        value *= 1e9 if m.group("scale").casefold() in _BILLIONS else 1e6
        if (value, "USD") not in seen:
            seen.add((value, "USD"))
            figures.append(Figure(value=value, unit="USD", text=m.group(0)))
    return figures


def _projects_in(sentence: str, projects: Sequence[str] | None) -> tuple[str, ...]:
    """Catalog projects named in ``sentence``: any (``projects`` None), else those of ``projects`` (the
    article's), each tried with its own regex (half the time of a scan for every project)."""
    if projects is None:
        return tuple(load_catalog().find_in_text(sentence))
    if not projects:
        return ()
    matchers = _project_matchers()
    norm = normalize(sentence)
    return tuple(slug for slug in projects if slug in matchers and matchers[slug].search(norm))


@cache
def _project_matchers() -> dict[str, re.Pattern[str]]:
    return {slug: matcher for slug, _anchors, matcher in load_catalog()._matchers}


def _with_subjects(event: Event, projects: tuple[str, ...], countries: tuple[str, ...]) -> Event:
    return Event(
        kind=event.kind, date=event.date, date_stated=event.date_stated, projects=projects, countries=countries,
        people=event.people, organizations=event.organizations, amounts=event.amounts, sentence=event.sentence,
    )


# Datelines are looked for in windows of the sentence this far apart (``find_dateline`` reads 160 characters).
_DATE_STEP = 120


def _stated_date(sentence: str, article_date: date | None) -> date | None:
    """The day the sentence says the event happened on, when it says one (not after the article's date)."""
    if _DIGIT.search(sentence) is None:
        return None
    year = article_date.year if article_date else None
    sentence = sentence.replace(" соли ", " ")  # Tajik "12 марти соли 2025": the year word before the year
    for offset in range(0, max(1, len(sentence) - 20), _DATE_STEP):
        found = find_dateline(sentence[offset:], year)
        if found is None:
            continue
        day = found[0]
        if article_date is not None and day > article_date + _FUTURE_SLACK:
            return None  # a plan, not the day it happened
        return day
    return None


def _fold_events(events: list[Event]) -> list[Event]:
    """One event per type and subject in an article: the headline and the lead usually report it twice, and a
    sentence naming the parties and one naming the project report one meeting. Two events of a type stay apart
    only when both name projects and none in common (two agreements, on two projects), or their dates differ."""
    folded: list[Event] = []
    for event in events:
        for i, kept in enumerate(folded):
            apart = bool(kept.projects and event.projects and not set(kept.projects) & set(event.projects))
            if kept.kind == event.kind and not apart and _near(kept.date, event.date):
                folded[i] = _merge(kept, event)
                break
        else:
            folded.append(event)
    return folded


def _near(a: date | None, b: date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= 3


def _merge(kept: Event, other: Event) -> Event:
    """``kept`` completed with what ``other`` adds (the first sentence stays the evidence)."""
    people = {p.key: p for p in (*other.people, *kept.people)}
    amounts: dict[tuple[float, str], Figure] = {(f.value, f.unit): f for f in (*other.amounts, *kept.amounts)}
    return Event(
        kind=kept.kind,
        date=kept.date if kept.date_stated or not other.date_stated else other.date,
        date_stated=kept.date_stated or other.date_stated,
        projects=tuple(dict.fromkeys((*kept.projects, *other.projects))),
        countries=tuple(dict.fromkeys((*kept.countries, *other.countries))),
        people=tuple(_ordered(people, [p.key for p in (*kept.people, *other.people)])),
        organizations=tuple(dict.fromkeys((*kept.organizations, *other.organizations))),
        amounts=tuple(_ordered(amounts, [(f.value, f.unit) for f in (*kept.amounts, *other.amounts)])),
        sentence=kept.sentence,
    )


def _ordered(items: dict, keys: list) -> list:
    return [items[k] for k in dict.fromkeys(keys)]


__all__ = ["EVENT_TYPES", "MIN_WEIGHT", "Event", "Person", "classify", "find_events"]
