"""Personal names: their shape, the nominative of an inflected Russian name, and a name in another script.

- :func:`nominative` undoes the case ending of a Cyrillic name after a role word in an oblique case
  ("с премьер-министром Кохиром Расулзода" -> "Кохир Расулзода", "эксперта Петра Сидорова" -> "Петр Сидоров"),
  so that one person gets one key however the sentence declines them. Rules, not a dictionary: pymorphy3 was
  tried and guesses Central Asian names wrong ("Жумабаев" -> "жумабай", "Кохиром" -> "кохирома"; see
  docs/knowledge-people.md), and the case is known here from the word before the name.
- :func:`to_script` writes a name in Latin or Cyrillic letters for a reader of the other script (the catalog's
  own spellings come first, in ``ui.people``; this table is the fallback).
"""

from __future__ import annotations

import re

CYRILLIC_LANGUAGES = frozenset({"ru", "kk", "ky", "tg"})
_PATRONYMIC = re.compile(r"(?:ович|евич|ьич|овн|евн|ичн)(?:а|у|ем|ом|ой|ы|е)?$|(?:uly|ulı|qyzy|qızı)$",
                         re.IGNORECASE)
_CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІіҶҷӢӣӮӯҲҳЎў]")
# Surnames that do not decline in Russian (Tajik -зода/-заде, Georgian -швили/-дзе, Ukrainian -ко).
_INDECLINABLE = ("зода", "заде", "швили", "дзе", "ко", "их", "ых")


def is_patronymic(word: str) -> bool:
    """Whether ``word`` is a patronymic ("Васильевич", "Васильевича", "Mayданuly")."""
    return bool(_PATRONYMIC.search(word))


def is_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


_NOMINATIVE_IN_A = frozenset({"глава", "вице-спикер"})  # role words that end in -а in the nominative


def case_before(word: str) -> str | None:
    """The grammatical case a Russian role word or preposition puts the name after it in: "ablt" after
    "министром" or "с", "gent" after "министра", "эксперта" or "словам", "datv" after "министру", else None."""
    low = word.casefold()
    if low in ("с", "со"):
        return "ablt"
    if low == "словам":
        return "gent"
    if not is_cyrillic(low) or len(low) < 4 or low in _NOMINATIVE_IN_A:
        return None
    if low.endswith(("ом", "ем", "ой")):
        return "ablt"
    if low.endswith(("у", "ю")):
        return "datv"
    if low.endswith(("а", "я", "ы")):
        return "gent"
    return None


def _surname(word: str, case: str) -> str:
    low = word.casefold()
    if low.endswith(_INDECLINABLE):
        return word
    if case == "ablt":
        for old, new in (("ским", "ский"), ("цким", "цкий"), ("ым", ""), ("им", ""), ("ой", "а"), ("ом", ""),
                         ("ем", "")):
            if low.endswith(old):
                return word[: len(word) - len(old)] + new
    elif case == "gent":
        for old, new in (("ского", "ский"), ("цкого", "цкий"), ("ова", "ов"), ("ёва", "ёв"), ("ева", "ев"),
                         ("ина", "ин"), ("ына", "ын"), ("ой", "а"), ("а", ""), ("я", "й")):
            if low.endswith(old):
                return word[: len(word) - len(old)] + new
    elif case == "datv":
        for old, new in (("скому", "ский"), ("ову", "ов"), ("еву", "ев"), ("ину", "ин"), ("у", ""), ("ю", "й")):
            if low.endswith(old):
                return word[: len(word) - len(old)] + new
    return word


def _given(word: str, case: str) -> str:
    low = word.casefold()
    endings = {
        "ablt": (("ьей", "ья"), ("ием", "ий"), ("еем", "ей"), ("аем", "ай"), ("ом", ""), ("ой", "а"), ("ей", "я"),
                 ("ем", "ь")),
        "gent": (("ия", "ий"), ("ея", "ей"), ("ая", "ай"), ("ы", "а"), ("и", "я"), ("а", ""), ("я", "ь")),
        "datv": (("ию", "ий"), ("ею", "ей"), ("аю", "ай"), ("у", ""), ("ю", "ь")),
    }[case]
    for old, new in endings:
        if low.endswith(old) and len(low) > len(old) + 1:
            return word[: len(word) - len(old)] + new
    return word


def _patronymic(word: str, case: str) -> str:
    m = re.search(r"(ович|евич|ьич|овн|евн|ичн)(а|у|ем|ом|ой|ы|е)?$", word)
    if not m:
        return word
    stem = word[: m.start(1)] + m.group(1)
    return stem + "а" if stem.endswith(("овн", "евн", "ичн")) else stem


# Kazakh and Kyrgyz case suffixes after a surname of the -ов/-ев/-ин type ("Жээнбековдун", "Тоқаевтың",
# "Атамбаевдин", "Акаевди", "Новиковго"): genitive, dative, accusative, locative, ablative, instrumental.
_TURKIC_SURNAME = re.compile(
    r"^(.{2,}(?:ов|ев|ёв|ин|ын|ова|ева|ина|ына))(?:дың|дің|тың|тің|ның|нің|дун|дын|дин|дүн|тун|тын|тин|түн|нун|нын|"
    r"нин|нүн|ға|ге|қа|ке|га|го|гө|ка|ко|кө|ды|ді|ты|ті|ны|ні|ду|дү|ту|тү|да|де|та|те|до|дө|то|тө|дан|ден|тан|тен|"
    r"дон|дөн|тон|төн|ди|ти|ни|ну|нү|мен|пен|бен|менен|пенен|бенен)$"
)


def without_turkic_case(word: str) -> str:
    """A surname without its Kazakh/Kyrgyz case suffix ("Жээнбековдун" -> "Жээнбеков"); other words unchanged."""
    if is_patronymic(word):
        return word
    m = _TURKIC_SURNAME.match(word)
    return m.group(1) if m else word


def nominative(words: list[str], case: str | None) -> list[str]:
    """The words of a Cyrillic name put back in the nominative from ``case`` (see :func:`case_before`)."""
    if case is None or not words or not all(is_cyrillic(w) for w in words):
        return words
    out = [_given(words[0], case)] if len(words) > 1 else []
    for word in words[1:-1] if len(words) > 1 else []:
        out.append(_patronymic(word, case) if is_patronymic(word) else _given(word, case))
    out.append(_surname(words[-1], case))
    return out


# --- script ------------------------------------------------------------------------------------------------

_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g", "қ": "k", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "і": "i", "ҷ": "j", "ӣ": "i", "ӯ": "u", "ҳ": "h", "ў": "o", "ї": "i", "є": "ye",
}
_VOWELS = set("аеёиоуыэюяәөұүіӣӯ")
# Latin to Cyrillic, longest first; "j" is "дж" for Russian readers, "ж" for Kazakh/Kyrgyz, "ҷ" for Tajik.
_TO_CYRILLIC = (
    ("shch", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("yu", "ю"), ("ya", "я"),
    ("yo", "ё"), ("ye", "е"), ("o‘", "ў"), ("o'", "ў"), ("oʻ", "ў"), ("g‘", "ғ"), ("g'", "ғ"), ("gʻ", "ғ"),
    ("iye", "ие"), ("iy", "ий"), ("a", "а"), ("b", "б"), ("c", "дж"), ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"),
    ("h", "х"), ("i", "и"), ("j", "дж"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
    ("q", "к"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("v", "в"), ("w", "в"), ("x", "х"), ("y", "й"),
    ("z", "з"), ("ə", "а"), ("ş", "ш"), ("ç", "ч"), ("ğ", "г"), ("ı", "ы"), ("ö", "ё"), ("ü", "ю"),
    ("á", "а"), ("ó", "о"), ("ú", "у"), ("ń", "н"), ("ý", "й"), ("ǵ", "г"), ("‘", ""), ("’", ""), ("ʼ", ""),
)
_J_BY_LANGUAGE = {"kk": "ж", "ky": "ж", "tg": "ҷ"}
_LETTERS_BY_LANGUAGE = {  # Russian letters a Kazakh, Kyrgyz or Tajik reader writes with their own
    "kk": {"ў": "у"}, "ky": {"ў": "у"}, "tg": {"ў": "ӯ", "ғ": "ғ"}, "ru": {"ў": "у", "ғ": "г"},
}


def _latin_word(word: str) -> str:
    out = []
    for i, ch in enumerate(word):
        low = ch.lower()
        latin = _TO_LATIN.get(low)
        if latin is None:
            out.append(ch)
            continue
        if low == "е" and (i == 0 or word[i - 1].lower() in _VOWELS | {"ь", "ъ"}):
            latin = "ye"
        out.append(latin.capitalize() if ch.isupper() and latin else latin)
    return "".join(out)


def _cyrillic_word(word: str, language: str) -> str:
    low = word.lower()
    out = []
    i = 0
    while i < len(low):
        for latin, cyr in _TO_CYRILLIC:
            if low.startswith(latin, i):
                if latin in ("j", "c"):
                    cyr = _J_BY_LANGUAGE.get(language, cyr)
                cyr = _LETTERS_BY_LANGUAGE.get(language, {}).get(cyr, cyr)
                out.append(cyr)
                i += len(latin)
                break
        else:
            out.append(low[i])
            i += 1
    text = "".join(out)
    return text[:1].upper() + text[1:] if word[:1].isupper() else text


def to_script(name: str, language: str) -> str:
    """``name`` in the script of ``language``'s readers (Cyrillic for ru kk ky tg, Latin for en uz az)."""
    want_cyrillic = language in CYRILLIC_LANGUAGES
    if is_cyrillic(name) == want_cyrillic:
        return name
    convert = (lambda w: _cyrillic_word(w, language)) if want_cyrillic else _latin_word
    return re.sub(r"[^\W\d_]+(?:['‘’ʻʼ][^\W\d_]+)*", lambda m: convert(m.group(0)), name)
