"""A person as a reader sees them: the role from the taxonomy in the reader's language, the name in their script.

The role label comes from the message catalogs for (kind, portfolio) (``ingest.roles``), never from the article's
own phrase, which may be in another language and stays on the person record as evidence. Names are written in
Cyrillic for ru/kk/ky/tg readers and in Latin for en/uz/az readers: a spelling of the person in that script when
one is known (the catalog's first, then those seen in articles), else a transliteration (``ingest.names``).
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.names import CYRILLIC_LANGUAGES, is_cyrillic, to_script
from ingest.people import known_person
from storage.rows import PersonMention
from ui.i18n import N_, Tr

_MINISTER_OF = {
    None: N_("Minister"),
    "energy": N_("Minister of Energy"),
    "energy_and_water": N_("Minister of Energy and Water Resources"),
    "water": N_("Minister of Water Resources"),
    "foreign_affairs": N_("Minister of Foreign Affairs"),
    "economy": N_("Minister of Economy"),
    "finance": N_("Minister of Finance"),
    "industry": N_("Minister of Industry"),
    "ecology": N_("Minister of Ecology"),
    "transport": N_("Minister of Transport"),
    "infrastructure": N_("Minister of Infrastructure"),
}
_KIND = {
    "head_of_state": N_("President"),
    "head_of_government": N_("Prime Minister"),
    "deputy_head_of_government": N_("Deputy Prime Minister"),
    "deputy_minister": N_("Deputy Minister"),
    "ambassador": N_("Ambassador"),
    "envoy": N_("Special Envoy"),
    "head_of_organisation": N_("Head of company or agency"),
    "expert": N_("Expert"),
    "spokesperson": N_("Spokesperson"),
    "regional_head": N_("Governor or mayor"),
    "lawmaker": N_("Member of parliament"),
}
_DEPUTY_MINISTER_OF = {"energy": N_("Deputy Minister of Energy")}
# Letters that only one language's alphabet has: a spelling with them suits that language's reader best
# ("Қасым-Жомарт Тоқаев" for kk, "Касым-Жомарт Токаев" for ru, "İlham Əliyev" for az).
_OWN_LETTERS = {
    "kk": set("әғқңөұүһіӘҒҚҢӨҰҮҺІ"),
    "ky": set("ңөүҢӨҮ"),
    "tg": set("ҷӣӯҳқғҶӢӮҲҚҒ"),
    "az": set("əƏşŞçÇğĞıİöÖüÜ"),
    "uz": set("‘ʻ’"),
}


def role_label(t: Tr, kind: str | None, portfolio: str | None = None) -> str:
    """The role (kind, portfolio) in the reader's language ("Minister of Energy", "Энергетика министрі"); ""
    for no kind."""
    if kind == "minister":
        return t(_MINISTER_OF.get(portfolio, _MINISTER_OF[None]))
    if kind == "deputy_minister" and portfolio in _DEPUTY_MINISTER_OF:
        return t(_DEPUTY_MINISTER_OF[portfolio])
    return t(_KIND[kind]) if kind in _KIND else ""


def mention_role(t: Tr, mention: PersonMention) -> str:
    """The role of a mention with its country, once, in the reader's language ("Minister of Energy, Tajikistan")."""
    label = role_label(t, mention.role_kind, mention.portfolio)
    return ", ".join(x for x in (label, t.country(mention.country) if mention.country else None) if x)


def _fit(spelling: str, language: str) -> int:
    own = _OWN_LETTERS.get(language, set())
    others = set().union(*(v for k, v in _OWN_LETTERS.items() if k != language))
    letters = set(spelling)
    return (2 if letters & own else 0) - (1 if letters & (others - own) else 0)


def display_name(name: str, key: str, language: str, spellings: Sequence[str] = ()) -> str:
    """``name`` (of the person ``key``) in the script of ``language``'s readers: a full spelling in that script
    from the catalog or from ``spellings`` (those seen in articles), best suited to the language, else
    transliterated."""
    known = known_person(key)
    base = known.name if known else name
    want_cyrillic = language in CYRILLIC_LANGUAGES
    candidates = [base, *(known.spellings if known else ()), name, *spellings]
    full = [c for c in dict.fromkeys(candidates) if len(c.split()) >= 2 and is_cyrillic(c) == want_cyrillic]
    if full:
        return max(full, key=lambda c: _fit(c, language))  # the first of the best (catalog order)
    return to_script(base, language)
