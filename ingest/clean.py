"""Remove scraped boilerplate: summary prompts, next/previous teasers, subscribe blocks, credits, counters."""

from __future__ import annotations

import re

# Whitespace around optional punctuation is taken possessively in these line patterns: "\s*:?\s*" gave a line of
# spaces back one at a time to the second "\s*" (quadratic in the run of spaces, ~4 s at 40,000).
# A line that starts the list of unrelated teaser headlines: everything from it to the end is dropped.
_TAIL_START = re.compile(
    r"^\s*(previous article|next article|read also|related articles?|читайте также|предыдущая статья|"
    r"следующая статья|похожие новости|сондай-ақ оқыңыз|тағы оқыңыз|ошондой эле окуңуз|шунингдек ўқинг|"
    r"oxşar xəbərlər)\s*+:?+\s*+$",
    re.IGNORECASE,
)
# Every subscribe-to-our-channel pattern below needs one of these words; a substring test on the case-folded
# line decides whether they need to run at all (they scan every position of a line: 85 % of the cleaning time
# on the benchmark corpus before this test, the same lines dropped after it).
_SOCIAL_WORDS = ("telegram", "телеграм", "whatsapp", "instagram", "youtube", "facebook", "канал", "арна", "kanal",
                 "channel")
# Subscribe-to-our-channel blocks in any of the languages, and their lone buttons.
_DROP_SOCIAL = [
    re.compile(
        r"(telegram|телеграм|whatsapp|instagram|youtube|facebook|канал|арна|kanal)[^\n]{0,80}"
        r"(subscribe|join|follow|подпис|присоедин|жазыл|қосыл|обуна|obuna|qo['ʻ‘’]?shil|abunə|катталы|кошулу)",
        re.I,
    ),
    re.compile(
        r"(subscribe|join|follow|подпис|присоедин|жазыл|қосыл|обуна|obuna|abunə|катталы|кошулу)[^\n]{0,80}"
        r"(telegram|телеграм|channel|канал|арна|kanal)",
        re.I,
    ),
]
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


def clean_lines(text: str) -> list[str]:
    """Return the article's lines (stripped, blank lines kept as "") without boilerplate."""
    kept: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if _TAIL_START.match(line):
            break
        if any(p.search(line) for p in _DROP_LINE):
            continue
        if _has_social_word(line) and any(p.search(line) for p in _DROP_SOCIAL):
            continue
        if _TRAILING_CREDIT.search(line) and len(line) < 300:
            continue
        kept.append(line)
    return kept


def _has_social_word(line: str) -> bool:
    # Case-folded as the regexes' IGNORECASE folds: "İnstagram" is "i̇nstagram" here, "instagram" there.
    low = line.casefold().replace("\u0307", "")
    return any(word in low for word in _SOCIAL_WORDS)


def paragraphs(lines: list[str]) -> list[str]:
    """Return the non-empty cleaned lines as paragraphs (scraped articles put one paragraph per line)."""
    return [re.sub(r"\s+", " ", line).strip() for line in lines if line.strip()]
