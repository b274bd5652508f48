"""Roles of people as news writes them in en ru kk ky tg uz az, reduced to a small taxonomy.

A role phrase ("Minister of Energy and Water Resources of Tajikistan", "Қазақстан Республикасының Энергетика
министрі", "energetika vaziri") becomes a :class:`Role`: a kind from :data:`ROLE_KINDS`, a portfolio for
ministers (:data:`PORTFOLIOS`) and the phrase itself, which is kept as evidence for the person page. The reader
sees a label for (kind, portfolio) from the message catalogs (``ui.people.role_label``), never the phrase.

:func:`role_words` finds role words in running text word by word: a dictionary look-up of each word's first
letters, no regex alternation (a 300-stem alternation with IGNORECASE cost ~1 ms on a 2,200-character article).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

ROLE_KINDS = (
    "head_of_state",
    "head_of_government",
    "deputy_head_of_government",
    "minister",
    "deputy_minister",
    "ambassador",
    "envoy",
    "head_of_organisation",
    "expert",
    "spokesperson",
    "regional_head",
    "lawmaker",
)
PORTFOLIOS = (
    "energy",
    "energy_and_water",
    "water",
    "foreign_affairs",
    "economy",
    "finance",
    "industry",
    "ecology",
    "transport",
    "infrastructure",
)


@dataclass(frozen=True)
class Role:
    kind: str  # one of ROLE_KINDS
    portfolio: str | None  # one of PORTFOLIOS, for ministers and their deputies
    phrase: str  # as written in the article


# Stems, lower case, matched at a word start and followed by at most a few letters (case endings). Several words
# for one kind: multi-word stems are listed before the single words they contain (the alternation is ordered).
_KIND_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("deputy_head_of_government", (
        "deputy prime minister", "vice prime minister", "vice-premier", "vice premier", "first deputy prime",
        "вице-премьер-министр", "заместитель председателя правительств", "зампред правительств",
        "вице-премьер", "заместитель премьер-министр", "заместителя премьер-министр", "первый заместитель премьер",
        "премьер-министрінің орынбасар", "премьер-министрдің орынбасар", "муовини сарвазир", "bosh vazir o‘rinbosar",
        "bosh vazir o'rinbosar", "bosh vazir oʻrinbosar", "baş nazirin müavin", "baş nazirin birinci müavin",
    )),
    ("head_of_government", (
        "prime minister", "premier", "premer-mınıstr", "премьер-министр", "премьер", "председатель правительств",
        "председателя правительств", "министрлер кабинетинин төрага", "сарвазир", "bosh vazir", "baş nazir",
    )),
    ("deputy_minister", (
        "deputy minister", "vice minister", "vice-minister", "заместитель министр", "заместителя министр",
        "замминистр", "вице-министр", "министрінің орынбасар", "министрдің орынбасар", "министринин орун басар",
        "муовини вазир", "vazir o‘rinbosar", "vazir o'rinbosar", "vazir oʻrinbosar", "nazir müavin",
        "nazirin müavin", "nazirinin müavin", "mınıstriniń orynbasar", "mınıstrdiń orynbasar",
        "vaziri o‘rinbosar", "vaziri o'rinbosar", "vazirining o‘rinbosar",
    )),
    ("ambassador", (
        "ambassador", "посол", "посла", "послом", "послу", "послы", "послов", "елші", "elshi", "элчи", "сафир",
        "elchi", "səfir",
    )),
    ("envoy", (
        "special envoy", "envoy", "special representative", "спецпредставител", "специальный представител",
        "специального представител", "арнайы өкіл", "атайын өкүл", "намояндаи махсус", "maxsus vakil",
        "xüsusi nümayəndə",
    )),
    ("spokesperson", (
        "spokesperson", "spokesman", "spokeswoman", "пресс-секретар", "официальный представител",
        "баспасөз хатшы", "басма сөз катчы", "matbuot kotib", "mətbuat katib",
    )),
    ("minister", (
        "minister", "министр", "вазир", "vazir", "nazir", "mınıstr", "ministr",
    )),
    ("head_of_state", (
        "president", "президент", "prezident", "prezıdent", "глава государства", "мемлекет басшы",
        "мемлекеттер басшы", "мамлекет башчы", "davlat rahbar",
        "dövlət başçı", "сарвари давлат",
    )),
    ("head_of_organisation", (
        "chief executive", "ceo", "chairman", "chairwoman", "chair of", "head of", "director general",
        "managing director", "director", "председател", "генеральный директор", "генерального директор",
        "глава", "главы", "руководител", "директор", "төраға", "төрага", "басшы", "жетекчи", "раис",
        "сардор", "директори", "tóraǵa", "basshy", "raisi", "rahbar", "direktor", "sədr", "rəhbər", "boshqaruv rais",
        "бастығ", "бастық", "начальник", "boshlig‘", "boshlig'", "rəisi",
    )),
    ("regional_head", (
        "governor", "mayor", "akim", "губернатор", "мэр", "аким", "әкім", "hokim", "ҳоким", "раиси вилоят",
        "раиси шаҳр", "icra başçı", "icra hakimiyyətinin başçı",
    )),
    ("lawmaker", (
        "member of parliament", "lawmaker", "депутат", "deputat", "millət vəkil", "вакили маҷлис",
    )),
    ("expert", (
        "expert", "analyst", "эксперт", "аналитик", "политолог", "экономист", "сарапшы", "коршинос", "ekspert",
        "tahlilchi", "analitik", "iqtisadçı",
    )),
)
# Words of organisations: a "president" or "chairman" of one heads an organisation, not a state.
_ORG_MARK = re.compile(
    r"[«\"“]|\b[A-ZА-ЯƏÇŞÖÜĞ]{3,}\b|\b(?:company|corporation|bank|group|agency|fund|operator|компани|корпораци|"
    r"банк|агентств|фонд|холдинг|ширкат|kompaniya|şirkət|АҚ|АО|АЖ|ААҚ|ОАО|ПАО|ASC|QSC|JSC|AJ)",
)
_PORTFOLIO_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("foreign_affairs", ("foreign affairs", "foreign minister", "иностранных дел", "сыртқы істер", "тышкы иштер",
                         "корҳои хориҷ", "tashqi ishlar", "ташқи ишлар", "xarici işlər")),
    ("energy", ("energy", "энергетик", "energetik", "energetık", "энергетика", "power", "минэнерго")),
    ("water", ("water", "водных ресурс", "водного хозяйств", "су ресурс", "суу ресурс", "захираҳои об",
               "suv xo", "su ehtiyat", "мелиорац")),
    ("economy", ("econom", "экономик", "iqtisodiyot", "iqtisadiyyat", "иқтисод")),
    ("finance", ("financ", "финанс", "қаржы", "каржы", "молия", "moliya", "maliyy")),
    ("industry", ("industr", "промышленност", "өнеркәсіп", "өнөр жай", "саноат", "sanoat", "sənaye")),
    ("ecology", ("ecolog", "environment", "natural resources", "экологи", "природных ресурс", "ekologiya",
                 "табиғи ресурс", "муҳити зист")),
    ("transport", ("transport", "транспорт", "көлік", "нақлиёт", "nəqliyyat")),
    ("infrastructure", ("infrastructure", "инфраструктур", "infratuzilma", "infrastruktur")),
)


def _alternation(stems: list[str]) -> str:
    return "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))


_STEM_KIND = {stem: kind for kind, stems in _KIND_STEMS for stem in stems}
# A stem is found from the first word it starts with: single-word stems are prefixes of that word (a case ending
# may follow: "министрі", "vaziri"), a multi-word stem starts with its whole first word ("deputy prime minister").
_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _stem in sorted(_STEM_KIND, key=len, reverse=True):
    _first = _stem.split()[0]
    _BY_FIRST[_first] = (*_BY_FIRST.get(_first, ()), _stem)
_LONGEST_FIRST = max(map(len, _BY_FIRST))
_ENDING_LETTERS = 6  # letters a role word may carry after its stem ("төрағасы", "министрінің")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_FIRST_TWO = frozenset(first[:2] for first in _BY_FIRST)  # most words start with none of these
_PORTFOLIO = re.compile(
    "|".join(rf"(?P<{name}>(?<![^\W\d_])(?:{_alternation(list(stems))}))" for name, stems in _PORTFOLIO_STEMS),
    re.IGNORECASE,
)
# One portfolio word, whole ("energy", "энергетика"): a role phrase before its role word may start with one.
PORTFOLIO_WORD = re.compile(
    rf"(?:{_alternation([s for _, stems in _PORTFOLIO_STEMS for s in stems if ' ' not in s])})[^\W\d_]{{0,4}}"
)


# What follows a minister's stem in the word for a ministry or for ministers ("министрлігі", "vazirligi",
# "nazirliyi", "министрлер"): those words name no person.
_NOT_A_PERSON = ("лі", "ли", "лер", "лар", "lig", "liy", "lik", "lər", "lar")
# ... and what follows any role's stem in an adjective or an office ("Ministerial meeting", "президентских
# выборов", "президенттік", "chairmanship"): no person either.
# "элчиликке": the embassy; "мэрия", "акимат", "әкімдігі", "hokimiyat": the office
_ADJECTIVE = ("ial", "ск", "ship", "тік", "тик", "lik", "лик", "лік", "лык", "лық", "ия", "ии", "ат", "дік", "діг",
              "iyat")


def _stem_at(text: str, low: str, start: int, end: int) -> str | None:
    """The longest stem that starts at the word ``text[start:end]`` (``low`` is that word case-folded)."""
    for size in range(min(len(low), _LONGEST_FIRST), 1, -1):
        for stem in _BY_FIRST.get(low[:size], ()):
            if " " in stem:
                if size == len(low) or low[size:size + 1] == "-":
                    if text[start : start + len(stem)].casefold() == stem:
                        return stem
            elif len(low) - size <= _ENDING_LETTERS:
                return stem
    return None


@lru_cache(maxsize=4096)
def _word_kind(low: str) -> str | None:
    """The kind of a one-word role ("министрі", "vaziri"), None for a ministry ("министрлігі", "vazirligi")."""
    stem = _stem_at(low, low, 0, len(low))
    if stem is None or " " in stem:
        return None
    kind = _STEM_KIND[stem]
    if kind == "minister" and low[len(stem):].startswith(_NOT_A_PERSON):
        return None
    if low[len(stem):].startswith(_ADJECTIVE):
        return None
    return kind


@lru_cache(maxsize=16384)
def _stems_of(low: str) -> tuple[str, ...]:
    """The stems that may start at the word ``low``: multi-word ones first (longest first), then the one-word
    stem, if any (words recur, so this is kept for the most recent sixteen thousand)."""
    multi: list[str] = []
    for size in range(min(len(low), _LONGEST_FIRST), 1, -1):
        for stem in _BY_FIRST.get(low[:size], ()):
            if " " in stem and (size == len(low) or low[size : size + 1] == "-"):
                multi.append(stem)
    kind = _word_kind(low)
    return (*multi, "") if kind else tuple(multi)


def role_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each role word in ``text`` ("Minister", "Deputy Prime Minister", "министрі")."""
    found: list[tuple[int, int, str]] = []
    skip_to = 0
    for m in _WORD.finditer(text):
        word = m.group(0)
        if m.start() < skip_to or word[:2].casefold() not in _FIRST_TWO:
            continue
        low = word.casefold()
        for stem in _stems_of(low):
            if not stem:  # the word itself is a role word
                found.append((m.start(), m.end(), _word_kind(low) or ""))
                break
            if text[m.start() : m.start() + len(stem)].casefold() == stem:
                # the match runs to the end of the word its last stem word is in
                last = _WORD.match(text, m.start() + len(stem) - len(stem.split()[-1]))
                end = last.end() if last else m.start() + len(stem)
                found.append((m.start(), end, _STEM_KIND[stem]))
                skip_to = end
                break
    return found


# The possessive ending of a Turkic head noun ("министрі", "жетекчиси", "vaziri", "naziri"); a Russian genitive
# ("спецпредставитель президента") does not end so.
_POSSESSIVE = ("сы", "сі", "си", "су", "сү", "ы", "і", "и", "si", "sı", "i", "ı", "u", "ü")


_DEPUTY = re.compile(
    r"(?<![^\W\d_])(?:deputy|vice|заместител|замести|орынбасар|орун басар|муовин|o[‘'ʻ]rinbosar|müavin)",
    re.IGNORECASE,
)
_MINISTRY = re.compile(r"(?<![^\W\d_])(?:минэнерго|министерств|ministry|министрліг|министрлиг|vazirlig|nazirliy|"
                       r"вазорат)", re.IGNORECASE)
_DEPUTY_OF = {"minister": "deputy_minister", "head_of_government": "deputy_head_of_government"}


@lru_cache(maxsize=4096)  # role phrases recur from article to article ("Minister of Energy")
def classify(phrase: str) -> Role | None:
    """The role that ``phrase`` states ("Uzbek Energy Minister" -> minister, energy), or None."""
    words = role_words(phrase)
    if not words:
        return None
    # The head of the phrase: the last role word where the phrase ends with it (Kazakh, Kyrgyz, Uzbek and
    # Azerbaijani put it last: "Президенттин Аппаратынын Жетекчиси" heads the administration), else the first
    # ("помощник президента", "Вазири энергетика ва ...", "председатель правления KEGOC").
    last = phrase[words[-1][0] : words[-1][1]].casefold()
    head_final = not phrase[words[-1][1] :].strip(" ,.»\"”)") and last.endswith(_POSSESSIVE)
    kind = words[-1][2] if head_final else words[0][2]
    if kind == "head_of_organisation" and _MINISTRY.search(phrase):
        kind = "minister"  # "Глава Минэнерго Таджикистана", "head of the Ministry of Energy"
    if kind in _DEPUTY_OF and _DEPUTY.search(phrase):
        kind = _DEPUTY_OF[kind]  # "Kyrgyz Deputy Energy Minister": the deputy word apart from the role word
    if kind == "head_of_state" and _ORG_MARK.search(phrase):
        kind = "head_of_organisation"  # "SOCAR-ın prezidenti", "President of the Asian Development Bank"
    portfolio = None
    if kind in ("minister", "deputy_minister"):
        found = [name for m in _PORTFOLIO.finditer(phrase) for name, v in m.groupdict().items() if v]
        if "foreign_affairs" in found:
            portfolio = "foreign_affairs"
        elif "energy" in found and "water" in found:
            portfolio = "energy_and_water"
        elif found:
            portfolio = found[0]
    return Role(kind, portfolio, " ".join(phrase.split()))
