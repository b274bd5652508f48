"""Event extraction (ingest.events) on sentences written for these tests, the seeds and the labelled eval file."""

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.eval_events import TARGET_TYPE_ACCURACY, evaluate
from ingest.events import EVENT_TYPES, classify, find_events
from ingest.pipeline import parse
from tests.support.paths import seed

# One sentence per type in each of the seven languages (type, sentence).
TRIGGERS = [
    ("agreement", "Kyrgyzstan and Uzbekistan signed a memorandum on CASA-1000."),
    ("agreement", "Казахстан и Азербайджан подписали соглашение о сотрудничестве."),
    ("agreement", "Қазақстан мен Әзербайжан келісімге қол қойды."),
    ("agreement", "Тоҷикистон ва Қирғизистон созишнома имзо карданд."),
    ("agreement", "Кыргызстан менен Өзбекстан макулдашууга кол коюшту."),
    ("agreement", "O'zbekiston va Qozog'iston kelishuvni imzoladi."),
    ("agreement", "Azərbaycan və Gürcüstan saziş imzaladı."),
    ("financing", "The Asian Development Bank approved a grant for Tajikistan."),
    ("financing", "Всемирный банк выделил кредит Кыргызстану."),
    ("financing", "Дүниежүзілік банк Тәжікстанға несие бөлді."),
    ("financing", "Бонки ҷаҳонӣ ба Тоҷикистон грант ҷудо кард."),
    ("financing", "Дүйнөлүк банк Кыргызстанга кредит бөлдү."),
    ("financing", "Jahon banki O'zbekistonga kredit ajratdi."),
    ("financing", "Dünya Bankı Azərbaycana kredit ayırdı."),
    ("contract", "A company from Turkey won the tender for the Rogun HPP."),
    ("contract", "Подрядчиком строительства выбрана компания из Китая."),
    ("contract", "Тендерде Қытайдың компаниясы жеңіп шықты."),
    ("contract", "Ширкати чинӣ пудратчии лоиҳа интихоб шуд."),
    ("contract", "Тендерди Кытайдын компаниясы утуп алды."),
    ("contract", "Tenderda Xitoy kompaniyasi g'olib bo'ldi."),
    ("contract", "Müqavilə Türkiyə şirkəti ilə bağlandı."),
    ("construction", "Construction of the Rogun HPP began."),
    ("construction", "Началось строительство Рогунской ГЭС."),
    ("construction", "Роғун СЭС құрылысы басталды."),
    ("construction", "Сохтмони НБО Роғун оғоз шуд."),
    ("construction", "Рогун ГЭСинин курулушу башталды."),
    ("construction", "Rogun GES qurilishi boshlandi."),
    ("construction", "Roqun SES-in tikintisinə başlanıldı."),
    ("commissioning", "The first unit was commissioned."),
    ("commissioning", "Агрегат введён в эксплуатацию."),
    ("commissioning", "Жаңа агрегат пайдалануға берілді."),
    ("commissioning", "Агрегати нав ба истифода дода шуд."),
    ("commissioning", "Жаңы агрегат ишке киргизилди."),
    ("commissioning", "Yangi agregat foydalanishga topshirildi."),
    ("commissioning", "Yeni stansiya istismara verildi."),
    ("supply", "Electricity exports to Afghanistan resumed."),
    ("supply", "Поставки газа в Кыргызстан прекращены."),
    ("supply", "Газ жеткізу қайта басталды."),
    ("supply", "Содироти барқ оғоз шуд."),
    ("supply", "Газ экспорту кайра башталды."),
    ("supply", "Elektr eksporti to'xtatildi."),
    ("supply", "Qaz ixracı bərpa olundu."),
    ("meeting", "The ministers met in Dushanbe and discussed CASA-1000."),
    ("meeting", "Министры провели переговоры в Астане."),
    ("meeting", "Министрлер кездесуі өтті."),
    ("meeting", "Вазирон мулоқот карданд."),
    ("meeting", "Министрлердин жолугушуусу болду."),
    ("meeting", "Vazirlar uchrashuvi bo'lib o'tdi."),
    ("meeting", "Nazirlərin görüşü keçirildi."),
    ("study", "The feasibility study was completed."),
    ("study", "Технико-экономическое обоснование завершено."),
    ("study", "Техникалық-экономикалық негіздеме аяқталды."),
    ("study", "Омӯзиши техникию иқтисодӣ анҷом ёфт."),
    ("study", "Техникалык-экономикалык негиздеме даярдалды."),
    ("study", "Texnik-iqtisodiy asoslash yakunlandi."),
    ("study", "Texniki-iqtisadi əsaslandırma tamamlandı."),
    ("delay", "The project was postponed."),
    ("delay", "Строительство отложено на год."),
    ("delay", "Жоба кейінге қалдырылды."),
    ("delay", "Лоиҳа ба таъхир гузошта шуд."),
    ("delay", "Долбоор кийинкиге жылдырылды."),
    ("delay", "Loyiha kechiktirildi."),
    ("delay", "Layihə təxirə salındı."),
]


@pytest.mark.parametrize(("kind", "sentence"), TRIGGERS)
def test_trigger_words_of_every_type_in_every_language(kind: str, sentence: str) -> None:
    assert classify(sentence)[0] == kind


def test_every_type_has_a_sentence_in_seven_languages() -> None:
    assert {k for k, _ in TRIGGERS} == set(EVENT_TYPES)
    assert all(sum(k == kind for k, _ in TRIGGERS) == 7 for kind in EVENT_TYPES)


def test_arguments_of_a_financing_event() -> None:
    [event] = find_events(
        "The World Bank approved a $250 million loan to Tajikistan for the Rogun HPP on 3 June 2025.",
        article_date=date(2025, 6, 5),
    )
    assert event.kind == "financing"
    assert event.projects == ("rogun-hpp",) and event.countries == ("TJ",)
    assert [(f.value, f.unit) for f in event.amounts] == [(250e6, "USD")]
    assert event.organizations[0] == "World Bank"
    assert event.date == date(2025, 6, 3) and event.date_stated


def test_the_article_date_when_the_sentence_states_none_or_a_plan() -> None:
    text = "Tajikistan and Kyrgyzstan signed an agreement on CASA-1000."
    [event] = find_events(text, article_date=date(2025, 3, 1))
    assert event.date == date(2025, 3, 1) and not event.date_stated
    planned = "The Rogun HPP unit will be commissioned on 1 December 2025 in Tajikistan."
    [event] = find_events(planned, article_date=date(2025, 3, 1))
    assert event.date == date(2025, 3, 1) and not event.date_stated


def test_sums_in_local_words_and_the_currency_is_no_country() -> None:
    [event] = find_events("Дүниежүзілік банк Тәжікстанға 100 миллион АҚШ доллары несие бөлді.", article_date=None)
    assert [(f.value, f.unit) for f in event.amounts] == [(100e6, "USD")]
    assert event.countries == ("TJ",)


def test_background_and_subjectless_sentences_are_no_events() -> None:
    assert find_events("Under the agreement, Tajikistan exports power.", article_date=None) == []
    assert find_events("The ministers met and signed a memorandum.", article_date=None) == []


def test_one_event_per_type_and_subject_in_an_article() -> None:
    text = (
        "Loan approved for CASA-1000\n\n"
        "The World Bank approved a $100 million loan for CASA-1000 in Tajikistan. "
        "The ministers met in Dushanbe.\n\nThe loan for CASA-1000 will be disbursed in two tranches."
    )
    events = find_events(text, article_date=date(2025, 1, 10), lead_end=text.find("\n\n", 30))
    assert [e.kind for e in events] == ["financing"]
    assert events[0].sentence.startswith("Loan approved for CASA-1000")
    assert [(f.value, f.unit) for f in events[0].amounts] == [(100e6, "USD")]


def test_a_headline_without_subject_takes_the_articles_project() -> None:
    text = "Construction started\n\nWorks began at the site on Monday."
    [event] = find_events(
        text, article_date=date(2025, 1, 10), lead_end=len(text), article_projects=["rogun-hpp"],
        article_countries=["TJ"],
    )
    assert event.kind == "construction" and event.projects == ("rogun-hpp",) and event.countries == ("TJ",)


def test_people_with_roles_come_from_the_article() -> None:
    article = parse(seed("000"))
    meeting = next(e for e in article.events if e.people)
    assert meeting.kind == "meeting"
    assert {p.key for p in meeting.people} == {"taalaibek-ibraev", "daler-juma"}
    assert all(p.role for p in meeting.people)


@pytest.mark.parametrize(
    ("prefix", "kind", "countries"),
    [("000", "meeting", {"KG", "TJ"}), ("002", "agreement", {"KZ", "AZ", "UZ"}), ("004", "meeting", {"AZ", "AL"})],
)
def test_seed_articles_lead_with_their_event(prefix: str, kind: str, countries: set[str]) -> None:
    article = parse(seed(prefix))
    assert article.events[0].kind == kind
    assert set(article.events[0].countries) == countries
    json.dumps(article.to_json())  # event dates are serialised


def test_eval_file_meets_the_type_accuracy_target() -> None:
    result = evaluate()
    overall = result["by_language"]["all"]
    assert overall["sentences"] >= 60
    assert set(result["by_language"]) == {"en", "ru", "kk", "tg", "ky", "uz", "az", "all"}
    assert overall["type_accuracy"] >= TARGET_TYPE_ACCURACY
    assert overall["argument_f1"] >= 0.85


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_no_text_crashes_it(text: str) -> None:
    for event in find_events(text, article_date=date(2025, 1, 1), lead_end=len(text) // 2):
        assert event.kind in EVENT_TYPES
