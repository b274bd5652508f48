"""Plain frozen dataclasses returned by the query functions (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int  # rows matching, over all pages
    offset: int
    limit: int
    total_at_least: bool = False  # ``total`` is a lower bound: a search stops counting at its cap
    # Positions of the ordered matches the page covers, when rows were left out of ``items`` (an article whose
    # story is listed with a newer article of the same selection); None: one position per item.
    span: int | None = None

    @property
    def end(self) -> int:
        """The position after the page's last one (its "1–5" is ``offset + 1``–``end``)."""
        return self.offset + (len(self.items) if self.span is None else self.span)

    @property
    def has_more(self) -> bool:
        return self.end < self.total


@dataclass(frozen=True)
class ArticleRow:
    id: int
    file: str
    title: str
    date: date | None
    language: str
    source: str | None
    story_id: int | None
    sources_in_story: list[str] = field(default_factory=list)  # outlets of every article of the story
    url: str | None = None  # the source page, when the file carried its address


@dataclass(frozen=True)
class PersonMention:
    name: str  # spelling in this article (or the display name in a summary)
    key: str
    role: str | None  # the article's phrase (evidence; a reader is shown role_kind and portfolio)
    country: str | None
    role_kind: str | None = None  # ingest.roles.ROLE_KINDS
    portfolio: str | None = None  # ingest.roles.PORTFOLIOS


@dataclass(frozen=True)
class FigureRow:
    value: float
    unit: str
    text: str
    count: int = 1  # articles quoting it (summaries)
    source_id: int | None = None  # summaries: the first article stating it (its source)
    source_date: date | None = None  # that article's date


@dataclass(frozen=True)
class ArticleDetail:
    article: ArticleRow
    body: str
    countries: list[str]  # ISO codes, order of first mention
    projects: list[str]  # slugs
    people: list[PersonMention]
    organisations: list[str]
    figures: list[FigureRow]
    other_in_story: list[ArticleRow]  # the other articles (other outlets, other versions) of the story


@dataclass(frozen=True)
class Counted:
    key: str  # ISO code, project slug, ...
    count: int


@dataclass(frozen=True)
class Summary:
    """What the store knows about one project or one country."""

    article_count: int
    first_date: date | None
    last_date: date | None
    countries: list[Counted]  # counterparts (for a country: the other countries), most articles first
    projects: list[Counted]  # for a project: the other projects mentioned with it
    people: list[PersonMention]  # distinct (person, role, country), most mentioned first
    figures: list[FigureRow]  # deduplicated by value + unit, most frequent first
    basis: int  # articles the four lists above come from: the most recently stored, at most SUMMARY_WINDOW


@dataclass(frozen=True)
class ProjectSummary(Summary):
    slug: str = ""
    kind: str | None = None
    names: dict[str, str] = field(default_factory=dict)
    catalog_countries: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CountrySummary(Summary):
    code: str = ""


@dataclass(frozen=True)
class ProjectCount:
    slug: str
    kind: str | None
    names: dict[str, str]
    count: int


@dataclass(frozen=True)
class PersonRow:
    id: int
    key: str
    name: str
    spellings: list[str]
    roles: list[PersonMention]  # distinct roles stated (storage.people.ROLE_WINDOW), most recently stated first
    article_count: int


@dataclass(frozen=True)
class Stats:
    articles: int
    stories: int
    projects_with_articles: int
    countries: int
    people: int
    files_by_status: dict[str, int]
    newest_article_date: date | None
    last_ingest_at: datetime | None


@dataclass(frozen=True)
class NearDuplicate:
    article_id: int
    story_id: int
    similarity: float


@dataclass(frozen=True)
class QuarantinedFile:
    path: str
    reason: str | None
    seen_at: datetime
