"""Plain data produced by the ingest pipeline (no database, no Telegram)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


class IngestError(Exception):
    """A file cannot be turned into an article; ``reason`` is one human-readable line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Person:
    name: str  # spelling as written in the article
    key: str  # script-independent identity ("daler-juma")
    role: str | None = None  # role as stated in this article (the phrase, kept as evidence)
    country: str | None = None  # ISO 3166-1 alpha-2 of the role, when stated
    role_kind: str | None = None  # ingest.roles.ROLE_KINDS ("minister"), what a reader is shown
    portfolio: str | None = None  # ingest.roles.PORTFOLIOS ("energy"), for ministers


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str  # normalised unit: MW, GW, kW, km, kV, bcm, USD, ...
    text: str  # the span as written
    project: str | None = None  # catalog slug of the project it is stated with (ingest.projects.attach_figures)
    candidate: str | None = None  # else the key of the candidate project it is stated with


@dataclass(frozen=True)
class Event:
    """One event an article reports (``ingest.events``): what happened, when, to which projects, who took part."""

    kind: str  # one of ingest.events.EVENT_TYPES ("financing", "agreement", ...)
    date: date | None  # the event's own date when the sentence states it, else the article's
    date_stated: bool  # whether ``date`` was stated in the sentence
    projects: tuple[str, ...]  # catalog slugs
    countries: tuple[str, ...]  # ISO codes
    people: tuple[Person, ...]  # with the roles stated
    organizations: tuple[str, ...]  # in order of mention: the lender, contractor or partner first
    amounts: tuple[Figure, ...]  # money, capacities, volumes
    sentence: str  # the sentence it came from


@dataclass
class ParsedArticle:
    file: str
    sha256: str  # of the cleaned body (identity of an article)
    title: str
    date: date | None
    source: str | None
    language: str
    body: str
    countries: list[str] = field(default_factory=list)  # ISO codes, order of first mention
    projects: list[str] = field(default_factory=list)  # catalog slugs
    project_candidates: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    url: str | None = None  # the page the article was fetched from (the ``URL:`` header), its source link
    dropped_lines: int = 0  # lines the clean stage removed as boilerplate (calls to action, teasers, credits...)

    def to_json(self) -> dict:
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        for event in data["events"]:
            event["date"] = event["date"].isoformat() if event["date"] else None
        return data
