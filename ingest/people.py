"""People with their role and country; one script-independent key per person ("Juma" = "Джума")."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

from anyascii import anyascii

from ingest.anchors import role_after, role_before, spoken
from ingest.countries import find_countries
from ingest.model import Person
from ingest.names import case_before, is_cyrillic, is_patronymic, nominative, without_turkic_case
from ingest.roles import Role, classify, role_words
from ingest.yamlfile import load_yaml

# Transliteration variants folded so that Latin and Cyrillic spellings meet: order matters (longest first).
_PHONETIC = (
    ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("x", "h"), ("q", "k"), ("gh", "g"), ("w", "v"),
    ("ya", "a"), ("yu", "u"), ("yo", "o"), ("ye", "e"), ("iy", "i"), ("y", ""), ("ts", "c"), ("ch", "c"),
)
# Linear time: letters are taken possessively (a word never gives letters back), and a name starts only where a
# word starts (not after a letter, nor after a letter and an apostrophe or hyphen), so a long run of capitals is
# scanned once, not once from each of its letters (was quadratic: 'A' * 40,000 + '1' took ~40 s).
_CAPITALS = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІҶӢӮҲЎƏİÇŞÖÜĞ"
_NAME_WORD = rf"[{_CAPITALS}][^\W\d_]++(?:['’‘ʻʼ-][^\W\d_]++)*+(?![\w])"
_NAME = re.compile(rf"(?<![^\W\d_])(?<![^\W\d_]['’‘ʻʼ-]){_NAME_WORD}(?:[ \t]++{_NAME_WORD}){{1,5}}")


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


def known_person(key: str) -> KnownPerson | None:
    """The catalog's entry for the person ``key`` (their spellings in every script), else None."""
    return _by_key().get(key)


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


# Last words of organisation names, which look like person names ("Eurasian Economic Union").
_ORG_WORDS = frozenset(
    "union company ministry bank group corporation agency commission council organization organisation fund "
    "committee association university institute system grid energy power plant station corridor project "
    "министерство министрлігі компания банк корпорация агентство фонд комитет совет союз ширкат вазорат "
    "vazirligi nazirliyi şirkəti kompaniyasi".split()
)
# Capitalised words that start sentences or roles, not names (measured on the seeds and NEREL/UNER).
_NOT_NAME = frozenset(
    """energy water resources infrastructure economy foreign affairs finance industry trade transport ministry
    minister president deputy prime republic federal state the and of in on at for with working group special
    national central asian european chief first vice acting former senior general executive
    энергетика министр президент республика министрлігі министерство мемлекет глава об по как
    energetika energetıka vazir nazir bosh baş prezident
    commissioner southern northern eastern western
    yesterday today tomorrow earlier meanwhile however then later вчера сегодня завтра ранее также однако затем
    позже тогда кечээ бүгүн эртең кеше бүгін ертең дирӯз имрӯз фардо kecha bugun ertaga dünən sabah
    january february march april may june july august september october november december
    январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь
    """.split()
)
# A capital and a full stop: an initial ("A. Satkaliev", "Н.А. Назарбаев"). The capital comes before the
# look-behind so that the regex engine can skip ahead to capitals (a look-behind first: 130 -> 19 µs an article).
_INITIAL_NAME = re.compile(rf"[{_CAPITALS}](?<![^\W\d_][{_CAPITALS}])\.(?:[ \t]?[{_CAPITALS}]\.)?[ \t]?{_NAME_WORD}")
def _name_words(candidate: str) -> tuple[int, list[str]]:
    """The first run of name words in a run of capitalised words, with its index: role words, countries,
    acronyms, organisation words and a change of script split it ("Сарвазири Ҷумҳурии Тоҷикистон Кохир
    Расулзода" -> "Кохир Расулзода" at 3, "Садыр Жапаров Камбар-Ата-1" -> "Садыр Жапаров" at 0, "Nordea Налле
    Валрус" -> "Налле Валрус" at 1)."""
    words = candidate.split()
    run: list[str] = []
    first = 0
    for i, word in enumerate(words):
        if run and is_cyrillic(word) != is_cyrillic(run[-1]):
            if len(run) >= 2:
                return first, run
            run = []
        if run and word.casefold() in _ORG_WORDS:
            run = []  # the run was the start of an organisation's name ("Southern Gas Corridor")
            continue
        if _not_name(word):
            if len(run) >= 2 or (run and run[0].endswith(".")):
                return first, run
            run = []
            continue
        if not run:
            first = i
        run.append(word)
    return first, run


# Russian adjective and plural endings: a capitalised word with one is part of a place or an organisation
# ("Законодательного Собрания", "Южной Кореи", "премьер-министр Чувашии Иван ..."), not of a name (NEREL test).
_NOT_NAME_ENDINGS = ("ого", "ому", "ых", "ими", "ии", "ной", "ские", "ская", "ское")
# Oblique endings of a word before a name in a run of three ("глава Роскосмоса Анатолий Поповкин", "при Госдуме
# Евгения Чудновец"); also cuts a Spanish double given name to the surname's two words ("Энрике Пенья Ньето").
_GENITIVE_ENDINGS = ("а", "я", "ы", "ов", "ев", "ей", "е")  # not "и": Эмомали, Алишери
# ... unless the third word ends in a Kazakh/Kyrgyz case (a place after a name: "Эльвира Сурабалдиева Бишкекте").
# Not the endings Russian and Tajik surnames share ("Собянин", "Расулзода", "Шоимзода"): -нин, -дин, -тин, -да...
_TURKIC_CASE_ENDINGS = ("те", "де", "ге", "ке", "дан", "ден", "тан", "тен", "ға", "қа", "ның", "нің", "дың", "дің",
                        "тың", "тің")


@lru_cache(maxsize=8192)
def _not_name(word: str) -> bool:
    low = word.casefold()
    return bool(
        low in _NOT_NAME
        or (is_cyrillic(low) and low.endswith(_NOT_NAME_ENDINGS))
        or (len(word) > 1 and word[:2].isupper() and "." not in word)  # an acronym: "KEGOC", "АҚ", "УКМКнын"
        or role_words(word)
        or find_countries(word)
    )


# Last letters of a Russian surname in an oblique case ("Сидорова", "Ибраевым", "Петрову", "Ивановой"); a name
# ending otherwise is nominative or does not decline ("Расулзода" is looked at: it ends in "а").
_OBLIQUE_ENDINGS = ("а", "я", "у", "ю", "м", "ой", "е")


def _case_of_role(before: list[str]) -> str | None:
    """The case the role word or preposition before a Russian name puts it in, looking past the role's country
    and organisation ("с министром энергетики Кыргызстана Таалайбеком Ибраевым": instrumental)."""
    for word in reversed(before[-4:]):
        if word.casefold() in ("с", "со", "словам") or role_words(word):
            return case_before(word)
    return None


def _shape(words: list[str]) -> list[str]:
    """A person's name in a run of capitalised words: given name, a patronymic if any, surname (at most three
    words; a fourth or more is the start of something else: "Roman Sklyar Kazakhstan Electricity ...")."""
    if len(words) >= 3 and (is_patronymic(words[1]) or words[0].endswith(".")):
        return words[:3]
    if len(words) >= 3 and is_cyrillic(words[0]) and words[0].endswith(_GENITIVE_ENDINGS) \
            and not words[2].casefold().endswith(_TURKIC_CASE_ENDINGS):
        return _shape(words[1:])  # "Роскосмоса Анатолий Поповкин": the word before is the role's organisation
    return words[:2]


def find_people(text: str) -> list[Person]:
    """People named in ``text`` with the role (and its country) stated there, in order of first mention.

    A person is a known one (``catalog/people.yaml``, any spelling, inflected) or a capitalised name anchored by
    a role before it ("Uzbek Energy Minister X", "... министрі X"), a role after it ("X, the energy minister,")
    or a verb of speech ("X said", "said X", "X ... мәлімдеді")."""
    found: dict[str, tuple[int, Person]] = {}

    def add(pos: int, name: str, key: str, role: Role | None, country: str | None) -> None:
        previous = found.get(key)
        person = Person(name, key, role.phrase if role else None, country,
                        role.kind if role else None, role.portfolio if role else None)
        if previous is None:
            found[key] = (pos, person)
        elif previous[1].role is None and role:
            found[key] = (previous[0], replace(person, name=previous[1].name,
                                               country=country or previous[1].country))

    candidates = sorted([*_NAME.finditer(text), *_INITIAL_NAME.finditer(text)], key=lambda m: m.start())
    previous_end = 0
    for m in candidates:
        if m.start() < previous_end:
            continue
        first, words = _name_words(m.group(0))
        pairs = (i for i in range(2, len(words) - 1) if person_key(" ".join(words[i : i + 2])) in _known_keys())
        inner = next(pairs, 0)
        words = words[:inner] if inner else words  # "Галина Байтерек Садыр Жапаровду": two people
        known = next((k for k in range(len(words), 1, -1) if person_key(" ".join(words[:k])) in _known_keys()), 0)
        words = words[:known] if known else _shape(words)  # "Сардар Авайс Ахмад Хан Легари" is one known name
        if len(words) < 2 and not (words and "." in words[0]):
            continue
        skipped = m.group(0).split()[:first]
        name_start = m.start() + m.group(0).index(words[0], len(" ".join(skipped)))
        name_end = text.index(words[-1], name_start) + len(words[-1])
        before = text[max(previous_end, name_start - 40) : name_start].split()
        if (before and before[-1] in ("the", "The")) or find_countries(" ".join(words)):
            continue  # "the United States", "the Liao Kingdom", "North Korea"
        if name_start and text[name_start - 1] in "«\"“„":
            continue  # a quoted name is a title or an organisation («Эхо Москвы»)
        if is_cyrillic(words[-1]):
            words = [*words[:-1], without_turkic_case(words[-1])]
            if before and words[-1].endswith(_OBLIQUE_ENDINGS) and person_key(" ".join(words)) not in _known_keys():
                words = nominative(words, _case_of_role(before))
        name = " ".join(words)
        key = person_key(name)
        if not key:
            continue
        role, country = role_before(text, max(previous_end, name_start - 120), name_start)
        if role is None:
            role, country = role_after(text, name_end)
        if key not in _known_keys() and role is None and not spoken(text, name_start, name_end):
            continue
        add(name_start, name, key, role, country)
        previous_end = name_end
    pattern, by_spelling = _spellings()
    for m in pattern.finditer(text):
        if m.start() and text[m.start() - 1].isalnum():
            continue
        spelling, known = m.group("s"), by_spelling[m.group("s")]
        if " " not in spelling:  # a surname alone: not beside someone else's given name ("Гейдар Алиев", "Ибраев
            # Саматбек" in a surname-first list)
            previous = text[max(0, m.start() - 30) : m.start()].split()
            following = text[m.end() : m.end() + 30].split()
            beside = [previous[-1] if previous and text[m.start() - 1] == " " else "",
                      following[0] if following and text[m.end() : m.end() + 1] == " " else ""]
            if any(w[:1].isupper() and not _not_name(w) and phonetic(w)[:3] != phonetic(known.name)[:3]
                   for w in beside):
                continue
        written = m.group(0)
        if is_cyrillic(written):  # "Садыр Жапаровду" is spelt "Садыр Жапаров"
            written = " ".join([*written.split()[:-1], without_turkic_case(written.split()[-1])])
        add(m.start(), written, known.key, None, None)
    # Known people mentioned without a role: their default role (and country) from the catalog.
    result: list[Person] = []
    for _pos, person in sorted(found.values(), key=lambda item: item[0]):
        known = _by_key().get(person.key)
        if known and person.role is None:
            default = classify(known.role) if known.role else None
            person = Person(person.name, person.key, known.role, known.country,
                            default.kind if default else None, default.portfolio if default else None)
        elif known and person.country is None:
            person = replace(person, country=known.country)
        result.append(person)
    return result


@cache
def _known_keys() -> frozenset[str]:
    return frozenset(p.key for p in known_people())
