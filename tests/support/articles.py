"""A small store of hand-written articles for the analyst tools (filters, trends, exports, links).

Each article is a file in the fetcher's header format (Title:, Date:, URL:, Outlet:), stored through the real
ingest (``scan.run_ingest``), so outlets, dates, languages, countries, projects and URLs come out of the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from tests.support.db import settle


@dataclass(frozen=True)
class Written:
    name: str
    title: str
    day: date
    outlet: str
    body: str
    url: str | None = None


ROGUN_RU = (
    "Душанбе. Правительство Таджикистана подписало соглашение о финансировании строительства Рогунской ГЭС. "
    "Всемирный банк выделит 350 миллионов долларов на завершение плотины Рогунской ГЭС.\n\n"
    "Министр энергетики Таджикистана заявил, что первая очередь Рогунской ГЭС будет достроена в срок."
)
ROGUN_RU_2 = (
    "Душанбе. Азиатский банк развития обсуждает с Таджикистаном новое финансирование Рогунской ГЭС. "
    "Речь идёт о кредите в 200 миллионов долларов на строительство плотины.\n\n"
    "Эксперты считают, что Рогунская ГЭС обеспечит электроэнергией всю Центральную Азию."
)
ROGUN_EN = (
    "Dushanbe. Tajikistan and the World Bank discussed financing for the Rogun hydropower plant. "
    "The bank may lend 300 million dollars for the dam of the Rogun HPP.\n\n"
    "The energy minister of Tajikistan said the Rogun project stays on schedule."
)
CASA_RU = (
    "Бишкек. Кыргызстан и Таджикистан обсудили ход проекта CASA-1000. "
    "Линия электропередачи CASA-1000 позволит экспортировать 1300 МВт электроэнергии в Пакистан.\n\n"
    "Стороны договорились ускорить строительство линии CASA-1000."
)
CASA_EN = (
    "Bishkek. Kyrgyzstan and Pakistan reviewed the CASA-1000 transmission line. "
    "CASA-1000 will carry 1300 MW of electricity from Central Asia to South Asia.\n\n"
    "The ministers agreed to finish the CASA-1000 line next year."
)

ARTICLES: tuple[Written, ...] = (
    Written("a1", "Таджикистан получит 350 млн долларов на Рогунскую ГЭС", date(2025, 2, 10), "Kabar", ROGUN_RU,
            "https://kabar.example.test/rogun-350"),
    Written("a2", "АБР обсуждает финансирование Рогунской ГЭС", date(2025, 3, 18), "Kabar", ROGUN_RU_2,
            "https://kabar.example.test/rogun-adb"),
    Written("a3", "World Bank discusses Rogun HPP financing", date(2025, 3, 20), "Asia-Plus", ROGUN_EN,
            "https://asiaplus.example.test/rogun-wb"),
    Written("a4", "Кыргызстан и Таджикистан обсудили CASA-1000", date(2025, 4, 2), "Kabar", CASA_RU,
            "https://kabar.example.test/casa"),
    Written("a5", "Kyrgyzstan and Pakistan review CASA-1000", date(2025, 4, 25), "Trend", CASA_EN,
            "https://trend.example.test/casa"),
)


def header_file(article: Written) -> str:
    lines = [f"Title: {article.title}", f"Date: {article.day.isoformat()}"]
    if article.url:
        lines.append(f"URL: {article.url}")
    lines.append(f"Outlet: {article.outlet}")
    return "\n".join(lines) + "\n\n" + article.title + "\n\n" + article.body + "\n"


def write_articles(directory: Path, articles: tuple[Written, ...] = ARTICLES) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for article in articles:
        path = directory / f"{article.name}.txt"
        path.write_text(header_file(article), encoding="utf-8")
        settle(path)
    return directory


def ingest_articles(engine: Engine, directory: Path, articles: tuple[Written, ...] = ARTICLES) -> None:
    """Write ``articles`` into ``directory`` and ingest them into ``engine`` (migrated already)."""
    from scan import run_ingest

    report = run_ingest(engine=engine, directory=write_articles(directory, articles), workers=1, settle_seconds=0.0)
    assert report.new == len(articles), report.summary_line()
