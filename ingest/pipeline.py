"""Orchestrator: bytes in, a ``ParsedArticle`` out.

Stages, each in its own module:
1. ``reader``   bytes -> text (BOM, UTF-8/16, cp1251/koi8-r) and the optional header (` date YYYY-MM-DD`, or
   the fetcher's ``Title:``/``Date:``/``URL:``/``Outlet:`` block: its title, outlet and URL win);
2. ``clean``    drop boilerplate lines (summary prompts, teasers, subscribe blocks, credits, counters);
3. ``source``   headline or lead-sentence title, outlet (``byline``: masthead, dateline, closing byline);
   ``dates`` the dateline (header wins);
4. entities on the cleaned text only: ``countries``, ``catalog`` projects, ``projects`` candidates (named projects
   the catalog does not know) and each figure with the project it is stated with, ``people``,
   ``entities`` organisations and figures, ``events`` the events reported (type, date, arguments);
5. ``language`` ISO 639-1 language of the body. ``parse_many_normalized`` runs it for a whole batch of files
   after the other stages of all of them (see there).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from ingest import byline, clean, source
from ingest.catalog import first_mentions, load_catalog
from ingest.countries import find_countries
from ingest.dates import find_dateline, publication_date
from ingest.entities import find_organizations
from ingest.events import find_events
from ingest.language import detect_language
from ingest.model import IngestError, ParsedArticle
from ingest.normalize import normalize
from ingest.people import find_people
from ingest.projects import attach_figures, find_candidates
from ingest.reader import read_file, read_text, text_path

# Largest article accepted: the longest real article seen is ~40 kB; 5 MB leaves room and bounds the work.
MAX_BYTES = 5_000_000
# A first paragraph that is only a dateline ("5 May 2023 11:57 (UTC+04:00)") starts with its date (at most this
# many characters in: a quote or a bullet before it) and is no longer than this: such lines on the seeds and the
# eval news are 16-35 characters; a real lead sentence with a dateline is longer than 60.
DATELINE_ONLY_START = 2
DATELINE_ONLY_CHARS = 40
# A dateline opens a lead sentence ("BISHKEK, Kyrgyzstan, February 17. ...") when its date starts within this many
# characters: a city and a country name before it (the longest seen, "ASHGABAT, Turkmenistan,", is 24).
DATELINE_LEAD_CHARS = 40


def parse(path: str | Path, *, max_bytes: int = MAX_BYTES) -> ParsedArticle:
    """Parse the article file at ``path`` (raises ``IngestError`` when it is not a readable article: not a
    regular file, over ``max_bytes``, unreadable, or not an article)."""
    p = Path(path)
    try:
        data, _ = read_file(p, max_bytes)
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc
    return parse_bytes(data, file=text_path(p.name))


def parse_bytes(data: bytes, *, file: str) -> ParsedArticle:
    """Parse article bytes; ``file`` is the name recorded with the result."""
    return parse_bytes_normalized(data, file=file)[0]


def parse_bytes_normalized(data: bytes, *, file: str) -> tuple[ParsedArticle, str]:
    """``parse_bytes``, and ``normalize(article.body)``, which the parse computes anyway (the near-duplicate
    signature is taken over it: normalising a body twice was ~3 % of ingest)."""
    outcome = parse_many_normalized([(data, file)])[0]
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def parse_many_normalized(
    items: Sequence[tuple[bytes, str]], *, guard: Callable[[], AbstractContextManager[object]] = nullcontext
) -> list[tuple[ParsedArticle, str] | Exception]:
    """``parse_bytes_normalized`` of each ``(data, file)``, in order; an item that fails gives its exception
    instead (``IngestError`` for a file that is not an article, anything else is a parser bug), and only it.
    Each item's stages run inside ``guard()`` (the parser process's time budget: what it raises is that item's
    outcome).

    The languages are detected after the other stages of every item, one body after the other: the fastText
    model's tables then stay in the CPU caches, where the other stages in between used to evict them (one
    process, the 1,000-file bench corpus: 18 % less parsing time than language detection inside each parse).
    """
    drafts: list[tuple[ParsedArticle, str] | Exception] = []
    for data, file in items:
        try:
            with guard():
                draft: tuple[ParsedArticle, str] | Exception = _parse_but_language(data, file=file)
        except Exception as exc:  # the caller reports it as this item's outcome
            draft = exc
        drafts.append(draft)
    for i, draft in enumerate(drafts):
        if isinstance(draft, tuple):
            try:
                with guard():
                    draft[0].language = detect_language(draft[0].body) or "und"
            except Exception as exc:  # as above
                drafts[i] = exc
    return drafts


def _parse_but_language(data: bytes, *, file: str) -> tuple[ParsedArticle, str]:
    """Every stage but language detection (the article's ``language`` is left "und")."""
    if len(data) > MAX_BYTES:
        raise IngestError(f"file too large ({len(data)} bytes > {MAX_BYTES})")
    raw = read_text(data)
    cleaned = clean.clean(raw.text)
    paras = clean.paragraphs(cleaned.lines)
    if not paras:
        raise IngestError("no article text after removing boilerplate")

    outlet: str | None = None
    title: str
    body_paras = list(paras)
    dated = find_dateline(paras[0], raw.header_date.year if raw.header_date else None)
    if dated and dated[1][0] <= DATELINE_ONLY_START and len(paras[0]) <= DATELINE_ONLY_CHARS and len(paras) > 1:
        # A line that is only a dateline ("5 May 2023 11:57 (UTC+04:00)"): not part of the body.
        body_paras = paras[1:]
    masthead = None
    if len(body_paras) > 1 and byline.is_outlet_line(body_paras[0]):
        # A first line that is only an outlet's name ("Asia-Plus", "(Dawn)"): the outlet, never the title.
        masthead, body_paras = body_paras[0].strip().strip("()").strip(), body_paras[1:]
    first = body_paras[0]
    headline = bool(raw.header_title) or (source.is_headline(first, body_paras[1:]) and not dated_start(first))
    if raw.header_title:
        # A fetched page (``Title:`` header): the header is the headline; the page's own copy of it is not body.
        title, outlet = raw.header_title, raw.header_outlet
        if len(body_paras) > 1 and normalize(first) == normalize(title):
            body_paras = body_paras[1:]
    elif headline:
        title, outlet = source.split_title_suffix(first)
        body_paras = body_paras[1:]
        if body_paras and normalize(body_paras[0]) == normalize(title):
            body_paras = body_paras[1:]  # the headline repeated without its outlet suffix
    else:
        lead_dated = find_dateline(first, raw.header_date.year if raw.header_date else None)
        end = max(_dateline_end(first, lead_dated), byline.dateline_end(first))
        title = source.lead_title(first, end)
    if not body_paras:
        body_paras = [title]

    body = "\n\n".join(body_paras)
    found_date = publication_date(paras, raw.header_date, url=raw.header_url)
    # The outlet: a header's or headline suffix's, a masthead line, a dateline or byline ("DUSHANBE, March 7
    # (Asia-Plus) —", "— Ховар"), else one the text credits ("Trend reports").
    outlet = (outlet or raw.header_outlet or masthead or byline.outlet_in_byline(body_paras)
              or source.find_source(body_paras))
    # Entities in reading order: a separate headline comes first; a lead-sentence title is already in the body.
    text = f"{title}\n\n{body}" if headline else body
    normalized_body = normalize(body)
    # normalize(text) without normalising the body again: normalize() works within runs of non-space characters
    # and joins them with single spaces, so the halves normalise apart.
    normalized_text = " ".join(x for x in (normalize(title), normalized_body) if x) if headline else normalized_body
    catalog = load_catalog()
    mentions = catalog.scan(normalized_text)
    projects = first_mentions(mentions)
    countries = find_countries(text)
    people = find_people(text)
    # The lead: a separate headline and the first paragraph (a lead-sentence title is inside it).
    lead_end = text.find("\n\n", len(title) + 2 if headline else 0)
    events = find_events(
        text,
        article_date=found_date,
        lead_end=len(text) if lead_end < 0 else lead_end,
        article_projects=projects,
        article_countries=countries,
        article_people=people,
    )
    article = ParsedArticle(
        file=file,
        sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
        title=title,
        date=found_date,
        source=outlet,
        language="und",
        body=body,
        countries=countries,
        projects=projects,
        project_candidates=[c.name for c in find_candidates(text, catalog)],
        people=people,
        organizations=find_organizations(text),
        figures=attach_figures(text, catalog),
        events=events,
        url=raw.header_url,
        dropped_lines=cleaned.dropped,
    )
    return article, normalized_body


def dated_start(line: str) -> bool:
    """Whether a line opens with a dateline ("BISHKEK, Kyrgyzstan, February 17. ...")."""
    dl = find_dateline(line, 2000)
    return bool(dl and dl[1][0] <= DATELINE_LEAD_CHARS)


def _dateline_end(paragraph: str, dated: tuple | None) -> int:
    if not dated or dated[1][0] > DATELINE_LEAD_CHARS:
        return 0
    # Spans are in the normalised window, which keeps the prefix length for these scripts.
    return min(dated[1][1], len(paragraph))

