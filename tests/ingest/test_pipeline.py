"""The ingest pipeline on the real seed files."""

from datetime import date

import pytest

from ingest.pipeline import parse
from tests.support.paths import SEEDS, seed

EXPECTED = {
    "000": dict(language="en", date=date(2024, 2, 17), countries=["KG", "TJ", "AF", "PK"],
                projects=["casa-1000", "kambarata-hpp-1", "dushanbe-tpp-2"], people=["daler-juma",
                "taalaibek-ibraev"], figures=[(1300, "MW"), (970, "km")], source="Trend"),
    "001": dict(language="kk", date=date(2026, 3, 7), countries=["TJ", "PK"], projects=["casa-1000"],
                people=["daler-juma", "awais-leghari"], figures=[], source="ИА Караван Инфо"),
    "002": dict(language="kk", date=None, countries=["KZ", "AZ", "UZ"], projects=[],
                people=["kassym-jomart-tokayev", "ilham-aliyev", "shavkat-mirziyoyev"], figures=[(43, "GW")],
                source="inbusiness.kz"),
    "003": dict(language="en", date=None, countries=["KZ", "RU", "IR", "AZ", "AM", "BY", "KG", "TJ", "TM", "UZ"],
                projects=["kokshetau-chp", "semey-chp", "ust-kamenogorsk-chp"],
                people=["kassym-jomart-tokayev", "vladimir-putin"], figures=[], source="24KZ"),
    "004": dict(language="en", date=date(2023, 5, 5), countries=["AZ", "AL"],
                projects=["tap", "southern-gas-corridor", "korca-gasification"],
                people=["parviz-shahbazov", "belinda-balluku"], figures=[], source="Azernews"),
}
BOILERPLATE = ["No time to read", "Get a summary", "Previous Article", "Next Article", "Perm Polytechnic",
               "Evgenia Medvedeva", "ТЕЛЕГРАМ АРНАМЫЗҒА", "Жазылу", "ФОТО:", "Фото:", "error:", "\n693\n"]


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_facts(prefix: str) -> None:
    want = EXPECTED[prefix]
    art = parse(seed(prefix))
    assert art.language == want["language"]
    assert art.date == want["date"]
    assert sorted(art.countries) == sorted(want["countries"])
    assert set(want["projects"]) <= set(art.projects)
    keys = {p.key for p in art.people}
    assert set(want["people"]) <= keys
    assert {(f.value, f.unit) for f in art.figures} >= set(want["figures"])
    assert art.source == want["source"]
    for junk in BOILERPLATE:
        assert junk not in art.body, junk
    assert art.title and len(art.title) < 200


def test_country_order_is_first_mention() -> None:
    assert parse(seed("000")).countries == ["KG", "TJ", "AF", "PK"]


def test_same_person_across_scripts() -> None:
    juma_en = next(p for p in parse(seed("000")).people if p.key == "daler-juma")
    juma_kk = next(p for p in parse(seed("001")).people if p.key == "daler-juma")
    assert juma_en.name == "Daler Juma" and juma_kk.name == "Далер Джума"
    assert juma_en.country == juma_kk.country == "TJ"
    ibraev = next(p for p in parse(seed("000")).people if p.key == "taalaibek-ibraev")
    assert ibraev.role.startswith("Minister of Energy") and ibraev.country == "KG"  # the article's phrase
    assert (ibraev.role_kind, ibraev.portfolio) == ("minister", "energy")
    assert any(p.name.endswith("Легари") for p in parse(seed("001")).people)


def test_titles() -> None:
    assert parse(seed("000")).title == "Tajikistan and Kyrgyzstan discussed cooperation in the energy sector"
    assert parse(seed("001")).title.startswith("Азияға энергетикалық көпір")
    assert "Караван" not in parse(seed("001")).title
    assert parse(seed("003")).title.startswith("Kazakhstan-Russia energy")


def test_organizations() -> None:
    assert "Inter RAO – Export" in parse(seed("003")).organizations
    assert "SOCAR" in parse(seed("004")).organizations
    assert parse(seed("003")).organizations.count("Inter RAO") == 0


def test_removed_parts_produce_no_entities(tmp_path) -> None:
    text = seed("003").read_text(encoding="utf-8") + "\nPrevious Article\n\nPakistan and Rogun HPP talks\n"
    path = tmp_path / "x.txt"
    path.write_text(text, encoding="utf-8")
    art = parse(path)
    assert "PK" not in art.countries and "rogun-hpp" not in art.projects


def test_unknown_plant_codes_are_candidates(tmp_path) -> None:
    path = tmp_path / "c.txt"
    path.write_text("New plants\n\nTajikistan will build the Yavan TPP-3 next to the Kambarata HPP-1 site, "
                    "officials said.\n", encoding="utf-8")
    art = parse(path)
    assert "kambarata-hpp-1" in art.projects
    assert "Yavan TPP-3" in art.project_candidates
    assert not any("Kambarata" in c for c in art.project_candidates)


def test_the_normalised_body_comes_with_the_article() -> None:
    from ingest.normalize import normalize
    from ingest.pipeline import parse_bytes_normalized
    from storage import neardup

    for path in sorted(SEEDS.glob("*.txt")):
        article, normalized = parse_bytes_normalized(path.read_bytes(), file=path.name)
        assert article == parse(path)
        assert normalized == normalize(article.body)
        assert neardup.fingerprint(normalized, normalized=True) == neardup.fingerprint(article.body)


def test_a_batch_parses_like_one_file_at_a_time_and_keeps_failures_to_their_item(monkeypatch) -> None:
    import ingest.pipeline as pipeline
    from ingest.model import IngestError

    seeds = sorted(SEEDS.glob("*.txt"))
    items = [(p.read_bytes(), p.name) for p in seeds]
    items.insert(2, (b"  \n\n ", "blank.txt"))
    out = pipeline.parse_many_normalized(items)
    assert len(out) == len(items)
    assert isinstance(out[2], IngestError) and out[2].reason == "empty file"
    one_by_one = [pipeline.parse_bytes_normalized(p.read_bytes(), file=p.name) for p in seeds]
    assert [o for o in out if not isinstance(o, Exception)] == one_by_one
    assert [a.language for a, _ in one_by_one] == [EXPECTED[p.name[:3]]["language"] for p in seeds]

    real = pipeline.detect_language

    def broken_on_kazakh(text: str) -> str | None:
        found = real(text)
        if found == "kk":
            raise RuntimeError("detector bug")
        return found

    monkeypatch.setattr(pipeline, "detect_language", broken_on_kazakh)
    out = pipeline.parse_many_normalized(items)
    failed = [name for (_, name), o in zip(items, out, strict=True) if isinstance(o, RuntimeError)]
    assert failed == [p.name for p in seeds if EXPECTED[p.name[:3]]["language"] == "kk"]
    assert [o for o in out if isinstance(o, tuple)] == [x for x in one_by_one if x[0].language != "kk"]
