"""Finding people by what a user typed: the script-independent key first, fuzzy over spellings second."""

from __future__ import annotations

from rapidfuzz import fuzz
from sqlalchemy import func
from sqlmodel import Session, col, select

from ingest.people import person_key
from storage.counts import person_key as person_key_of
from storage.counts import stored_counts
from storage.models import ArticlePerson, PersonRecord
from storage.rows import PersonMention, PersonRow
from storage.source_files import chunked

# WRatio between phonetic keys (hyphens as spaces) from which a stored person is taken for the query.
# Measured with ingest.people.person_key: a typo scores 90 ("Jonh Smith" ~ "John Smith"), a first name or
# surname alone 90 ("Daler" ~ "Daler Juma"), unrelated names 32-60 ("Ibragimov" ~ "Taalaibek Ibraev": 60,
# "Khan" ~ "Awais Leghari": 60, "Daler Juma" ~ "Taalaibek Ibraev": 38). Known people in any script
# ("Джума", "Токаев") already share the exact key and never reach the fuzzy step.
FUZZY_THRESHOLD = 85
# People within this many points of the best fuzzy score are all returned (one surname, several people).
FUZZY_MARGIN = 5
# Letters a query's phonetic key needs before it is matched fuzzily: the skeleton of "aaaa" is "a" and that of
# "1e9" is "e", and WRatio scores a single letter found inside any name 90 (both named Edi Rama).
FUZZY_MIN_KEY_LETTERS = 3
# Similarity (fuzz.ratio) every word of the query needs with some word of the name: WRatio compares whole
# strings and lets one good word carry an unrelated one. Measured: typos score 75-89 ("jonh"~"john" 75,
# "ibraev"~"ibrayev" 92), unrelated words 0-50 ("khan"~"awais" 0, "aaaa"~"rama" 50).
FUZZY_WORD_SCORE = 70
# Articles a person's roles are read from: their most recently stored ones that state a role or a country. A
# person's current role is the one a reader needs; reading every statement cost ~1.2 µs each, 13 ms for the most
# written-about person at 100,000 articles (10,884 statements), where 1,000 cost ~1.5 ms.
ROLE_WINDOW = 1_000


def _words(key: str) -> str:
    return key.replace("-", " ").strip()


def _words_match(query: str, name: str) -> bool:
    """Every word of the query (initials aside) is close to some word of the name."""
    words = name.split()
    return all(max(fuzz.ratio(q, w) for w in words) >= FUZZY_WORD_SCORE for q in query.split() if len(q) > 1)


def match_person_ids(*, session: Session, text: str) -> list[int]:
    """Return the ids of the people ``text`` names: exact key match, else the best fuzzy matches."""
    if not text.strip():
        return []
    key = person_key(text)
    if not key:
        return []
    exact = session.exec(select(PersonRecord.id).where(PersonRecord.key == key)).all()
    if exact:
        return [i for i in exact if i is not None]
    query = _words(key)
    if sum(ch.isalpha() for ch in query) < FUZZY_MIN_KEY_LETTERS:
        return []
    scored: list[tuple[float, int]] = []
    # Plain rows, not ORM objects: every stored person is read (~150 at 100,000 articles).
    for person_id, person, spellings in session.exec(select(PersonRecord.id, PersonRecord.key,
                                                             PersonRecord.spellings)):
        candidates = {_words(person), *(_words(person_key(s)) for s in spellings or ())}
        score = max((fuzz.WRatio(query, c) for c in candidates if c and _words_match(query, c)), default=0.0)
        if score >= FUZZY_THRESHOLD:
            scored.append((score, person_id))
    if not scored:
        return []
    best = max(score for score, _ in scored)
    return [pid for score, pid in sorted(scored, reverse=True) if score >= best - FUZZY_MARGIN]


def find_people(*, session: Session, text: str) -> list[PersonRow]:
    """Return the people ``text`` names (every person, most mentioned first, when ``text`` is blank)."""
    if text.strip():
        ids = match_person_ids(session=session, text=text)
        if not ids:
            return []
        people = list(session.exec(select(PersonRecord).where(col(PersonRecord.id).in_(ids))))
    else:
        people = list(session.exec(select(PersonRecord)))
    if not people:
        return []
    person_ids = [p.id for p in people]
    counts = stored_counts(session, {person_key_of(pid): pid for pid in person_ids if pid is not None})
    stated = [row for pid in person_ids if pid is not None for row in _roles_stated(session, pid)]
    names = _names_at(session, {(row[0], row[-1]) for row in stated})
    keys = {p.id: p.key for p in people}
    roles: dict[int, list[PersonMention]] = {}
    for person_id, role, country, kind, portfolio, article_id in stated:
        name = names[(person_id, article_id)]  # as spelt where last stated
        roles.setdefault(person_id, []).append(PersonMention(name, keys[person_id], role, country, kind, portfolio))
    rows = [
        PersonRow(
            id=p.id or 0,
            key=p.key,
            name=p.name,
            spellings=list(p.spellings),
            roles=roles.get(p.id or 0, []),
            article_count=counts.get(p.id, 0),
        )
        for p in people
    ]
    return sorted(rows, key=lambda r: (-r.article_count, r.name))


def _roles_stated(
    session: Session, person_id: int
) -> list[tuple[int, str | None, str | None, str | None, str | None, int]]:
    """(person id, role, country, role kind, portfolio, last article id) of each distinct role or country stated
    for the person in their ``ROLE_WINDOW`` most recently stored articles that state one, most recently stated
    first."""
    recent = (
        select(ArticlePerson.role, ArticlePerson.country, ArticlePerson.role_kind, ArticlePerson.portfolio,
               ArticlePerson.article_id)
        .where(
            ArticlePerson.person_id == person_id,
            col(ArticlePerson.role).is_not(None) | col(ArticlePerson.country).is_not(None),
        )
        .order_by(col(ArticlePerson.article_id).desc())
        .limit(ROLE_WINDOW)
        .subquery()
    )
    last = func.max(recent.c.article_id)
    rows = session.exec(
        select(recent.c.role, recent.c.country, recent.c.role_kind, recent.c.portfolio,  # type: ignore[call-overload]
               last)
        .group_by(recent.c.role, recent.c.country, recent.c.role_kind, recent.c.portfolio)
        .order_by(last.desc())
    ).all()
    return [(person_id, *row) for row in rows]


def _names_at(session: Session, links: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The spelling each (person id, article id) link recorded."""
    found: dict[tuple[int, int], str] = {}
    for chunk in chunked(sorted(links)):
        rows = session.exec(
            select(ArticlePerson.person_id, ArticlePerson.article_id, ArticlePerson.name).where(
                col(ArticlePerson.article_id).in_({a for _, a in chunk}),
                col(ArticlePerson.person_id).in_({p for p, _ in chunk}),
            )
        )
        found.update(((p, a), name) for p, a, name in rows if (p, a) in links)
    return found
