"""What anchors a capitalised name as a person: a role stated before it or after it, or a verb of speech.

``role_before`` reads the clause before a name for its last role word and the words that belong to it ("Uzbek
Energy Minister", "Қазақстан Республикасының Энергетика министрі", "Вазири энергетика ва захираҳои оби
Тоҷикистон"); ``role_after`` reads an apposition ("X, the Kazakh energy minister,"); ``spoken`` finds a verb of
speech beside the name, or at the end of its clause in Kazakh, Kyrgyz, Tajik, Uzbek and Azerbaijani. Used by
``ingest.people.find_people``; every look is on a short window beside one name (linear in the text).
"""

from __future__ import annotations

import re

from ingest.countries import find_countries
from ingest.roles import PORTFOLIO_WORD as _PORTFOLIO_WORD
from ingest.roles import Role, classify, role_words

# Verbs of speech that anchor an unknown person: right after the name ("Alisher Sultanov said", "X заявил"),
# or right before it ("said Rustam Karimov", "— сказал X"). Kazakh, Kyrgyz, Tajik, Uzbek and Azerbaijani put
# the verb at the end of the clause, so there it may come a few words after the name. Word sets, not regexes:
# an alternation with look-behinds cost ~25 µs a name.
_SPEECH_VERBS = frozenset(
    """said says added noted stated explained stressed announced заявил заявила сказал сказала сообщил сообщила
    отметил отметила подчеркнул подчеркнула рассказал рассказала добавил добавила пояснил пояснила""".split()
)
_ADVERBS = frozenset("also once then later earlier further previously recently reportedly has had have также ранее "
                     "позже ещё уже".split())
_SPEECH_BEFORE = frozenset("said says заявил заявила сказал сказала сообщил сообщила отметил отметила".split())
_SPEECH_CLAUSE_END = frozenset(
    """мәлімдеді айтты деді хабарлады билдирди белгиледи гуфт ta’kidladi ta'kidladi taʼkidladi takidladi dedi
    bildirdi bildirib deyib""".split()
)
# Two-word verbs of the clause end, by their first word ("атап өтті", "иброз дошт", "qeyd edib").
_SPEECH_CLAUSE_PAIRS = frozenset(
    """атап|өтті иброз|дошт қайд|кард изҳор|дошт ma’lum|qildi ma'lum|qildi qeyd|edib açıqlama|verib çıxış|edib
    bəyan|edib nutq|so‘zladi nutq|so'zladi nutq|soʻzladi""".split()
)
_SPEECH_CLAUSE_WORDS = 6  # the verb of a clause that ends after the name, at most this many words on
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’‘ʻʼ][^\W\d_]+)*")


def _speech_in(words: list[str]) -> bool:
    """Whether ``words`` (lower case) hold a clause-final verb of speech ("айтты", "иброз дошт")."""
    return any(w in _SPEECH_CLAUSE_END or f"{w}|{n}" in _SPEECH_CLAUSE_PAIRS
               for w, n in zip(words, [*words[1:], ""], strict=False))


# Words between the last role word and the name: "Minister [of Energy and Water Resources of Tajikistan] Daler
# Juma" is 7; a longer gap is a sentence that merely mentions a title before naming someone else.
_ROLE_GAP_WORDS = 8
_NOT_APPOSITION = frozenset("and or but while who which that и а но или который которая мен және ва va və".split())
_CONNECTORS = frozenset("of the and to in for at в и по при ва дар va və".split())
# Words of a role after the name: "X, the Kazakh energy minister, said", "X, head of the grid company".
_ROLE_AFTER_WORDS = 10
# Lower-case words that belong to a role phrase before its role word ("energy minister", "басқарма төрағасы").
_MODIFIERS = frozenset(
    """deputy first acting former vice special energy state national chief senior executive басқарма
    башкармасынын boshqaruv idarə heyətinin правления энергетика энергетики energetika energetıka
    ташқи tashqi xarici сыртқы тышкы ишлар ishlar işlər істер иштер және жана ва va və and of су суу
    """.split()
)
_MODIFIER_STEMS = ("ресурс", "resurs", "ehtiyat", "захира")  # "су ресурстары", "водных ресурсов"
_CLAUSE = re.compile(r"[.;:!?\n]\s|,\s")


def role_before(text: str, lo: int, hi: int) -> tuple[Role | None, str | None]:
    """The role stated right before a name (between ``lo`` and ``hi``), and the country it names."""
    window = text[lo:hi].rstrip(" \t–—-")
    if window.endswith((".", "!", "?", ";", ":", "\n")):
        return None, None  # the name starts a sentence
    appositive = window.endswith(",")  # "Minister of Energy, Daler Juma": the role must end at the comma
    window = window.rstrip(" \t,")
    clause_start = 0
    for m in _CLAUSE.finditer(window):
        clause_start = m.end()
    clause = window[clause_start:]
    found = role_words(clause)
    if not found:
        return None, None
    start, end, _ = found[-1]
    gap = clause[end:]
    gap_words = [w.casefold() for w in _WORD_RE.findall(gap)]
    if len(gap.split()) > _ROLE_GAP_WORDS or _SPEECH_VERBS.intersection(gap_words) or _speech_in(gap_words):
        return None, None
    if appositive and not all(_in_role(w) for w in gap.split()):
        return None, None  # "...жетекчилери экономиканы көтөрүү менен алектенбей, Советтер ...": a clause ended
    # Role words right before the last one belong to it ("Deputy Prime Minister, Minister of ..."), and so do
    # capitalised words and modifiers ("Uzbek Energy Minister", "Қазақстан Республикасының Энергетика министрі").
    for other_start, other_end, _ in reversed(found[:-1]):
        if not clause[other_end:start].strip(" \t-"):
            start = other_start
    words = list(re.finditer(r"\S+", clause[:start]))
    for word in reversed(words):
        token = word.group(0).strip("«»\"“”()")
        low = token.casefold()
        modifier = low in _MODIFIERS or low.startswith(_MODIFIER_STEMS) or _PORTFOLIO_WORD.fullmatch(low)
        if token[:1].isupper() or modifier:
            start = word.start()
        else:
            break
    phrase = clause[start:].strip(" ,")
    role = classify(phrase)
    if role is None:
        return None, None
    return role, _country_of(phrase)


def _in_role(token: str) -> bool:
    """Whether ``token`` may stand in a role phrase after its role word: a capitalised word (a country, an
    organisation), a connector or a modifier ("of Energy of Kyrgyzstan", "правления KEGOC")."""
    token = token.strip("«»\"“”()")
    low = token.casefold()
    return bool(token[:1].isupper() or not token[:1].isalpha() or low in _CONNECTORS or low in _MODIFIERS
                or low.startswith(_MODIFIER_STEMS) or _PORTFOLIO_WORD.fullmatch(low))


# The state abbreviations of the region's officials' titles ("министр энергетики РК"); a role phrase only, since
# "РК" alone in running text is ambiguous (Korea, a party, a region).
_STATE_ABBREVIATIONS = {"РК": "KZ", "ҚР": "KZ", "RK": "KZ", "QR": "KZ", "КР": "KG", "РТ": "TJ", "ҶТ": "TJ",
                        "РУз": "UZ", "ЎзР": "UZ", "АР": "AZ", "РФ": "RU"}


def _country_of(phrase: str) -> str | None:
    """The country a role phrase names (the first one: "Ambassador of Japan to Kazakhstan" is Japan's)."""
    countries = find_countries(phrase)
    if countries:
        return countries[0]
    return next((_STATE_ABBREVIATIONS[w] for w in phrase.split() if w in _STATE_ABBREVIATIONS), None)


def role_after(text: str, end: int) -> tuple[Role | None, str | None]:
    """The role stated right after a name, between commas ("X, the Kazakh energy minister, said")."""
    m = re.match(r"[ \t]*,[ \t]*([^,.;:!?\n«»“”\"()]{2,100})", text[end : end + 120])
    if not m:
        return None, None
    clause = m.group(1)
    if not clause.split() or clause.split()[0].casefold() in _NOT_APPOSITION:
        return None, None  # "X, and the Minister of ... Y": the role is the next name's
    found = role_words(clause)
    if not found or len(clause[: found[0][0]].split()) > 4 or len(clause.split()) > _ROLE_AFTER_WORDS:
        return None, None
    phrase = re.sub(r"^(?:the|a|an)\s+", "", clause.strip(), flags=re.IGNORECASE)
    role = classify(phrase)
    if role is None:
        return None, None
    return role, _country_of(phrase)


def spoken(text: str, start: int, end: int) -> bool:
    """Whether a verb of speech anchors the name at ``start:end`` (see ``_SPEECH_VERBS``)."""
    after = _CLAUSE.split(text[end : end + 80], maxsplit=1)[0]
    words = [w.casefold() for w in _WORD_RE.findall(after)][:_SPEECH_CLAUSE_WORDS]
    if words and (words[0] in _SPEECH_VERBS or (words[0] in _ADVERBS and words[1:2] and words[1] in _SPEECH_VERBS)):
        return True  # "X said", "X also said", "X заявил", "X также заявил"
    comma = re.match(r"[ \t]*,[ \t]*([^\W\d_]+)", text[end : end + 40])
    if comma and comma.group(1).casefold() in _SPEECH_VERBS:
        return True  # "... обозреватель Дмитрий Морозов, отметил, что ..."
    before = text[max(0, start - 30) : start].rstrip(" \t,")
    last = _WORD_RE.findall(before)
    if last and before.endswith(last[-1]) and last[-1].casefold() in _SPEECH_BEFORE:
        return True
    # the verb is this name's, not a later one's: no capitalised word between ("Жогорку Кеңеште вице-премьер-министр
    # Дайыр Кенекеев билдирди")
    raw = _WORD_RE.findall(after)[:_SPEECH_CLAUSE_WORDS]
    for i, word in enumerate(words):
        if word in _SPEECH_CLAUSE_END or f"{word}|{words[i + 1] if i + 1 < len(words) else ''}" in _SPEECH_CLAUSE_PAIRS:
            return not any(w[:1].isupper() for w in raw[:i])
    return False
