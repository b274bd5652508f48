"""Remove scraped boilerplate: summary prompts, next/previous teasers, subscribe blocks, credits, counters."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Whitespace around optional punctuation is taken possessively in these line patterns: "\s*:?\s*" gave a line of
# spaces back one at a time to the second "\s*" (quadratic in the run of spaces, ~4 s at 40,000).
# A line that starts the list of unrelated teaser headlines: everything from it to the end is dropped.
_TAIL_START = re.compile(
    r"^\s*(previous article|next article|read also|related articles?|читайте также|предыдущая статья|"
    r"следующая статья|похожие новости|сондай-ақ оқыңыз|тағы оқыңыз|ошондой эле окуңуз|шунингдек ўқинг|"
    r"oxşar xəbərlər)\s*+:?+\s*+$",
    re.IGNORECASE,
)
# Every call-to-action pattern below needs one of these words; a substring test on the case-folded line
# decides whether they need to run at all (they scan every position of a line: 85 % of the cleaning time on the
# benchmark corpus before this test, the same lines dropped after it).
_SOCIAL_WORDS = ("telegram", "телеграм", "whatsapp", "instagram", "youtube", "facebook", "tiktok", "t.me/",
                 "канал", "арна", "kanal", "channel")
# A call to action ("Subscribe to our Telegram channel") is a short line of its own: the longest in the seeds and
# the tests is ~70 characters, while news sentences that merely mention a canal or a channel and a signing or a
# joining ("подписали протокол о строительстве канала", "kanali ... qo'shildi") are article text, so a line is
# dropped only when it is this short, names where to follow (a platform, a channel, a link) and asks to follow in
# the imperative (or a button's infinitive); a news verb in the past ("подписали", "qo'shildi") never asks.
CTA_MAX_CHARS = 160
_CTA_PLACE = re.compile(
    r"telegram|телеграм|whatsapp|instagram|youtube|facebook|tiktok|t\.me/|канал|арна(?!й)|kanal|channel", re.I
)
_CTA_ASK = re.compile(
    r"\b(?:subscribe|follow us|follow our|join us|join our)\b|подписывайтесь|подпишитесь|подписаться|"
    r"присоединяйтесь|жазылыңыз|жазылыңдар|жазылу\b|қосылыңыз|катталыңыз|кошулуңуз|обуна шавед|ҳамроҳ шавед|"
    r"пайваст шавед|obuna bo['ʻ‘’]?l|обуна бўл|qo['ʻ‘’]?shiling|қўшилинг|a['ʻ‘’]?zo bo['ʻ‘’]?l|abunə ol|"
    r"qoşulun|izləyin",
    re.I,
)
_DROP_LINE = [
    re.compile(r"^\s*(no time to read\??|get a summary|listen to (this|the) article|print|share)\s*$", re.I),
    re.compile(
        r"^\s*(telegram|телеграм|жазылу|подписаться|subscribe|обуна шавед|obuna bo['ʻ‘’]?lish|abunə ol|"
        r"катталуу|жазылыңыз)\s*+!?+\s*+$",
        re.I,
    ),
    # Photo and video credits at the start of a line.
    re.compile(r"^\s*(фото|photo|foto|сурет|сүрөт|акс|video|видео)\s*+(credit)?+\s*+:", re.I),
    # View counters and lone numbers ("693", "Просмотров: 120", "👁 45").
    re.compile(
        r"^\s*(\d{1,7}|(views?|просмотр\w*|қаралым|көрүүлөр|ko['ʻ‘’]?rishlar|baxış)\s*+:?+\s*+\d++|👁\s*+\d++)\s*+$",
        re.I,
    ),
    # Stray scraper errors.
    re.compile(r"^\s*error\s*:.{0,120}$", re.I),
]
# A photo credit trailing a caption ("… Фото: akorda.kz"): the caption repeats the headline, drop the line.
_TRAILING_CREDIT = re.compile(r"\s(фото|photo|foto|сурет|сүрөт)\s*:\s*\S{1,60}\s*$", re.I)


@dataclass(frozen=True)
class Cleaned:
    lines: list[str]  # the article's lines, stripped, blank lines kept as ""
    dropped: int  # non-blank lines removed as boilerplate (a teaser list counts each of its lines)


def clean(text: str) -> Cleaned:
    """The article's lines without boilerplate, and how many lines were dropped."""
    kept: list[str] = []
    lines = text.split("\n")
    dropped = 0
    for i, raw in enumerate(lines):
        line = raw.strip()
        if _TAIL_START.match(line):
            dropped += sum(1 for rest in lines[i:] if rest.strip())
            break
        if (
            any(p.search(line) for p in _DROP_LINE)
            or is_call_to_action(line)
            or (_TRAILING_CREDIT.search(line) and len(line) < 300)
        ):
            dropped += 1
            continue
        kept.append(line)
    return Cleaned(kept, dropped)


def clean_lines(text: str) -> list[str]:
    """Return the article's lines (stripped, blank lines kept as "") without boilerplate."""
    return clean(text).lines


def is_call_to_action(line: str) -> bool:
    """Whether ``line`` is a short request to follow the outlet on a channel or platform."""
    return (
        len(line) <= CTA_MAX_CHARS
        and _has_social_word(line)
        and _CTA_PLACE.search(line) is not None
        and _CTA_ASK.search(line) is not None
    )


def _has_social_word(line: str) -> bool:
    # Case-folded as the regexes' IGNORECASE folds: "İnstagram" is "i̇nstagram" here, "instagram" there.
    low = line.casefold().replace("\u0307", "")
    return any(word in low for word in _SOCIAL_WORDS)


def paragraphs(lines: list[str]) -> list[str]:
    """Return the non-empty cleaned lines as paragraphs (scraped articles put one paragraph per line)."""
    return [re.sub(r"\s+", " ", line).strip() for line in lines if line.strip()]
