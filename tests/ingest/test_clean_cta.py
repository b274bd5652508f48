"""Only short calls to action are dropped; news that mentions a canal or a channel and a signing or a joining
stays, in every language; the parse result counts the dropped lines."""

from __future__ import annotations

import pytest

from ingest.clean import clean
from ingest.pipeline import parse_bytes

# Article sentences with a channel/canal word and a signing/joining word (the old patterns dropped 8 of these 10).
NEWS = [
    "Стороны подписали протокол о строительстве канала Кош-Тепа, который должен оросить 500 тысяч гектаров.",
    "Afg'onistondagi Qo'shtepa kanali qurilishiga yana ikki pudratchi qo'shildi, deb xabar berdi vazirlik.",
    "Қазақстан мен Өзбекстан Арал теңізіне су беретін канал бойынша келісімге қол қойды, оған Тәжікстан да қосылды.",
    "Вазорати энергетика бо ширкати чинӣ барои сохтмони канал шартнома имзо кард ва ба лоиҳа бонки осиёӣ ҳамроҳ шуд.",
    "Кыргызстан жаңы канал курулушуна кошулуу тууралуу макулдашууга кол койду, деп билдирди министрлик.",
    "Azərbaycan Xəzər kanalı ilə yaşıl enerji dəhlizi layihəsinə qoşuldu və sazişi imzaladı.",
    "The ministry said Uzbekistan joined the Telegram channel-based tender platform that Kazakhstan launched in May.",
    "Арнайы комиссия жобаға жазылған өтінімдерді қарап, Тәжікстанның қосылуын мақұлдады.",
    "Министр подписал указ, и телеканал «Хабар» показал церемонию открытия Рогунской ГЭС.",
    "Ministry officials will follow the YouTube broadcast of the summit, where Tajikistan is to join the CASA-1000 "
    "operating agreement and subscribe to a share of the new line's capacity.",
]
CALLS_TO_ACTION = [
    "Subscribe to our Telegram channel",
    "Join our Telegram channel: t.me/energybridge",
    "Подписывайтесь на наш Telegram-канал!",
    "Telegram арнамызға жазылыңыз! Жаңалықтар туралы бірінші біліңіз",
    "Биздин Telegram-каналга катталыңыз",
    "Ба канали Telegram-и мо обуна шавед",
    "Telegram kanalimizga obuna bo'ling",
    "Бизнинг Telegram каналимизга обуна бўлинг",
    "Telegram kanalımıza abunə olun",
    "İnstagram: follow us",
]


@pytest.mark.parametrize("line", NEWS)
def test_news_mentioning_a_channel_and_a_signing_stays(line: str) -> None:
    assert clean(f"Headline\n{line}\nBody.").lines == ["Headline", line, "Body."]


@pytest.mark.parametrize("line", CALLS_TO_ACTION)
def test_short_calls_to_action_are_dropped_and_counted(line: str) -> None:
    cleaned = clean(f"Headline\n{line}\nBody.")
    assert cleaned.lines == ["Headline", "Body."] and cleaned.dropped == 1


def test_a_long_line_is_article_text_even_when_it_asks() -> None:
    line = "Subscribe to our Telegram channel. " + " ".join(["The CASA-1000 line will carry 1,300 MW of power."] * 3)
    assert clean(line).lines == [line]


ARTICLE = (
    "Kyrgyzstan joins the Kambarata-1 consortium\n\n"
    "Bishkek, 12 April 2025. Kyrgyzstan, Kazakhstan and Uzbekistan signed the Kambarata-1 HPP agreement.\n\n"
    "{line}\n\n"
    "The plant will have a capacity of 1,860 MW.\n"
)


def test_the_parse_result_counts_dropped_lines() -> None:
    news, cta = NEWS[0], CALLS_TO_ACTION[2]
    kept = parse_bytes(ARTICLE.format(line=news).encode(), file="a.txt")
    assert news in kept.body and kept.dropped_lines == 0
    dropped = parse_bytes(ARTICLE.format(line=cta).encode(), file="b.txt")
    assert cta not in dropped.body and dropped.dropped_lines == 1
