"""People with their role and country; one script-independent key per person ("Juma" = "Джума")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from anyascii import anyascii

from ingest.countries import find_countries
from ingest.model import Person
from ingest.yamlfile import load_yaml

# Transliteration variants folded so that Latin and Cyrillic spellings meet: order matters (longest first).
_PHONETIC = (
    ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("x", "h"), ("q", "k"), ("gh", "g"), ("w", "v"),
    ("ya", "a"), ("yu", "u"), ("yo", "o"), ("ye", "e"), ("iy", "i"), ("y", ""), ("ts", "c"), ("ch", "c"),
)
_NAME_WORD = r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІҶӢӮҲЎƏİÇŞÖÜĞ][^\W\d_]+(?:['’ʻ-][^\W\d_]+)*(?![\w])"
_NAME = re.compile(rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,5}}")
# Role words. English/Russian/Uzbek roles precede the name ("Minister of Energy of Kyrgyzstan, X");
# Kazakh/Kyrgyz/Tajik roles end right before it ("... министрі X").
_ROLE_TRIGGER = re.compile(
    r"(?:(?:[A-Z][a-z]+ ){0,2}(?:Deputy |Vice |First )?(?:Prime )?Minister|President|Chairman|Chairwoman|"
    r"CEO|Ambassador|Director|Head of|[Мм]инистр|[Пп]резидент|[Пп]ремьер-министр|[Pp]rezident|[Vv]azir)"
)
_ROLE_END = re.compile(
    r"(?:министрі|министри|вазири|президенті|президенти|басшысы|төрағасы|төрагасы|директоры|"
    r"vaziri|prezidenti|nazirі|naziri)\s*$"
)
# Last words of organisation names, which look like person names ("Eurasian Economic Union").
_ORG_WORDS = frozenset(
    "union company ministry bank group corporation agency commission council organization organisation fund "
    "committee association university institute".split()
)
# Capitalised words that start sentences or roles, not names (measured on the seeds and NEREL/UNER).
_NOT_NAME = frozenset(
    """energy water resources infrastructure economy foreign affairs finance industry trade transport ministry
    minister president deputy prime republic federal state the and of in on at for with working group
    энергетика министр президент республика министрлігі министерство мемлекет
    """.split()
)
@dataclass(frozen=True)
class KnownPerson:
    key: str
    name: str
    spellings: tuple[str, ...]
    role: str | None
    country: str | None


def phonetic(name: str) -> str:
    """Latin phonetic skeleton of a name in any script (used for keys and fuzzy matching)."""
    text = anyascii(name).lower()
    text = re.sub(r"[^a-z\s-]", "", text)
    for old, new in _PHONETIC:
        text = text.replace(old, new)
    text = re.sub(r"(.)\1+", r"\1", text)
    return re.sub(r"[\s-]+", "-", text).strip("-")


@cache
def known_people() -> tuple[KnownPerson, ...]:
    raw = load_yaml(Path(__file__).with_name("catalog") / "people.yaml")
    return tuple(
        KnownPerson(p["key"], p["name"], tuple(p["spellings"]), p.get("role"), p.get("country")) for p in raw
    )


def catalog_name(key: str) -> str | None:
    """The catalog's display name of the known person ``key`` ("Edi Rama", whatever an article spelt), else None."""
    known = _by_key().get(key)
    return known.name if known else None


@cache
def _by_key() -> dict[str, KnownPerson]:
    return {p.key: p for p in known_people()}


@cache
def _known_index() -> dict[str, KnownPerson]:
    index: dict[str, KnownPerson] = {}
    for person in known_people():
        for spelling in (person.name, *person.spellings):
            index[phonetic(spelling)] = person
    return index


# Names recur from article to article (~130 people in 1,000 benchmark articles): the key, a pure function of
# the name, is kept for the most recent few thousand instead of transliterated again (~0.1 ms an article).
@lru_cache(maxsize=4096)
def person_key(name: str) -> str:
    """Script-independent key: a known person's key, else the phonetic skeleton of the full name."""
    key = phonetic(name)
    known = _known_index().get(key)
    if known:
        return known.key
    # An inflected surname ("Тоқаевтың", "Путина"): the known spelling plus a short case ending.
    for cut in range(1, 5):
        known = _known_index().get(key[:-cut])
        if known and len(key) - cut >= 4:
            return known.key
    # A full name whose surname is a known surname and first name matches too ("Далер Джума").
    parts = key.split("-")
    if len(parts) > 1:
        known = _known_index().get(parts[-1])
        if known and phonetic(known.name).split("-")[0] == parts[0]:
            return known.key
    return key


@cache
def _spellings() -> tuple[re.Pattern[str], dict[str, KnownPerson]]:
    """One regex over every known spelling (longest first); surnames inflect in kk/ru/tg ("Тоқаевтың",
    "Путина"), so a short ending may follow. The left word edge is checked by the caller: a look-behind at
    the start would stop the regex engine from skipping ahead (measured: 20x slower)."""
    by_spelling = {sp: person for person in known_people() for sp in person.spellings}
    alternatives = "|".join(re.escape(sp) for sp in sorted(by_spelling, key=len, reverse=True))
    return re.compile(rf"(?P<s>{alternatives})\w{{0,5}}(?!\w)"), by_spelling


def find_people(text: str) -> list[Person]:
    """People named in ``text`` with the role (and its country) stated there, in order of first mention."""
    found: dict[str, tuple[int, Person]] = {}

    def add(pos: int, name: str, key: str, role: str | None, country: str | None) -> None:
        previous = found.get(key)
        if previous is None:
            found[key] = (pos, Person(name=name, key=key, role=role, country=country))
        elif previous[1].role is None and role:
            found[key] = (previous[0], Person(previous[1].name, key, role, country or previous[1].country))

    previous_end = 0
    for m in _NAME.finditer(text):
        words = m.group(0).split()
        offset = m.start()
        while words and (words[0].casefold() in _NOT_NAME or find_countries(words[0])):
            offset = text.index(words[0], offset) + len(words[0])
            words = words[1:]
        name = " ".join(words)
        key = person_key(name) if len(words) >= 2 else ""
        if not key or words[-1].casefold() in _ORG_WORDS:
            continue
        name_start = text.index(words[0], offset)
        role, country = _role_before(text, max(previous_end, name_start - 120), name_start)
        if key not in _known_keys() and role is None:
            continue
        add(name_start, name, key, role, country)
        previous_end = m.end()
    pattern, by_spelling = _spellings()
    for m in pattern.finditer(text):
        if m.start() == 0 or not text[m.start() - 1].isalnum():
            add(m.start(), m.group(0), by_spelling[m.group("s")].key, None, None)
    # Known people mentioned without a role: fill their default role from the catalog.
    result: list[Person] = []
    for _pos, person in sorted(found.values(), key=lambda item: item[0]):
        known = _by_key().get(person.key)
        if known and person.role is None:
            person = Person(person.name, person.key, known.role, known.country)
        elif known and person.country is None:
            person = Person(person.name, person.key, person.role, known.country)
        result.append(person)
    return result


@cache
def _known_keys() -> frozenset[str]:
    return frozenset(p.key for p in known_people())


def _role_before(text: str, lo: int, hi: int) -> tuple[str | None, str | None]:
    """The role stated right before a name (between ``lo`` and ``hi``), and the country it names."""
    window = text[lo:hi]
    window = re.split(r"[.;:!?\n]\s|\b(?:and|with|between|и|мен|пен|бен)\s", window)[-1]
    window = window.rstrip(" ,–—-")
    if not window:
        return None, None
    role: str | None = None
    if _ROLE_END.search(window):
        words = window.split()[-7:]
        capitalised = [i for i, w in enumerate(words) if w[:1].isupper()]
        role = " ".join(words[capitalised[-1] if capitalised else 0 :])
    else:
        m = _ROLE_TRIGGER.search(window)
        if m:
            role = window[m.start() :]
    # A role is a short noun phrase; anything longer is a sentence that merely mentions a title.
    if not role or len(role) > 90 or len(role.split()) > 10:
        return None, None
    countries = find_countries(window)
    role = re.sub(r"\s+", " ", role).strip(" ,")
    for code in countries[:1]:
        role = re.sub(r",?\s+of\s+\w+$", "", role) if find_countries(role.split()[-1]) else role
        return role, code
    return role, None
