"""Candidate projects: named projects the catalog does not know, with their articles and figures.

``/projects`` lists the most mentioned under "also mentioned" (``list_candidate_projects``); a user's words find
them by name (``find_candidate_projects``, for ``/search`` and ``/project``). A candidate whose name the catalog
has since adopted (an alias added to ``projects.yaml``) is left out: the catalog project stands for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from ingest.catalog import load_catalog
from ingest.normalize import compact
from storage.links import project_id
from storage.models import Article, ArticleCandidate, ArticleProject, CandidateProject, FigureRecord
from storage.paging import rows_by_id
from storage.rows import ArticleRow, FigureRow
from storage.summaries import SUMMARY_TOP, figures_with_sources

# Candidates read per list before leaving out the ones the catalog adopted: adopted ones are few (each needs an
# edit of projects.yaml), so twice the page is plenty.
_OVERFETCH = 2
# Articles a candidate's card lists (the newest): it has no pages of its own.
CARD_ARTICLES = 5


@dataclass(frozen=True)
class CandidateRow:
    key: str  # ingest.projects.Candidate.key
    name: str  # first spelling seen
    kind: str  # plant, line, pipeline, corridor, project
    article_count: int
    last_date: date | None  # newest dated article naming it
    figures: tuple[FigureRow, ...] = ()  # stated with it, each with its first source (find_candidate_projects)
    articles: tuple[ArticleRow, ...] = ()  # the newest naming it (find_candidate_projects)


def _rows(session: Session, where: object | None, limit: int) -> list[CandidateRow]:
    n = func.count(ArticleCandidate.article_id)
    query = (
        select(CandidateProject.key, CandidateProject.name, CandidateProject.kind, n, func.max(Article.date))
        .join(ArticleCandidate, col(ArticleCandidate.candidate_id) == CandidateProject.id)
        .join(Article, col(Article.id) == ArticleCandidate.article_id)
        .group_by(col(CandidateProject.id), col(CandidateProject.key), col(CandidateProject.name),
                  col(CandidateProject.kind))
        .order_by(n.desc(), col(CandidateProject.name))
        .limit(limit * _OVERFETCH)
    )
    if where is not None:
        query = query.where(where)
    catalog = load_catalog()
    rows = [CandidateRow(key, name, kind, int(count), last) for key, name, kind, count, last in session.exec(query)]
    return [r for r in rows if not catalog.find_in_text(r.name)][:limit]


def list_candidate_projects(*, session: Session, limit: int) -> list[CandidateRow]:
    """The ``limit`` candidate projects named in most articles (then by name)."""
    return _rows(session, None, limit)


def find_candidate_projects(*, session: Session, text: str, limit: int = 5) -> list[CandidateRow]:
    """Candidate projects whose name contains ``text`` (case, hyphens and spaces ignored: "datka-sughd" finds
    "the Datka–Sughd 500 kV line"), most mentioned first, each with its figures and their sources."""
    key = compact(text)
    if len(key) < 3:
        return []
    pattern = "%" + key.replace("\\", "").replace("%", "").replace("_", "") + "%"
    found = _rows(session, col(CandidateProject.key).like(pattern), limit)
    return [CandidateRow(r.key, r.name, r.kind, r.article_count, r.last_date, _figures(session, r.key),
                         tuple(rows_by_id(session, list_candidate_article_ids(session=session, key=r.key,
                                                                              limit=CARD_ARTICLES))))
            for r in found]


def _figures(session: Session, key: str) -> tuple[FigureRow, ...]:
    n = func.count(func.distinct(FigureRecord.article_id))
    rows = session.exec(
        select(FigureRecord.value, FigureRecord.unit, func.min(FigureRecord.text), n, func.min(FigureRecord.article_id))
        .where(FigureRecord.candidate == key)
        .group_by(col(FigureRecord.value), col(FigureRecord.unit))
        .order_by(n.desc(), col(FigureRecord.value).desc())
        .limit(SUMMARY_TOP)
    ).all()
    return tuple(figures_with_sources(session, rows))


def list_candidate_article_ids(*, session: Session, key: str, limit: int) -> list[int]:
    """Ids of the newest articles naming the candidate ``key``."""
    query = (
        select(ArticleCandidate.article_id)
        .join(CandidateProject, col(CandidateProject.id) == ArticleCandidate.candidate_id)
        .where(CandidateProject.key == key)
        .order_by(col(ArticleCandidate.article_id).desc())
        .limit(limit)
    )
    return [int(i) for i in session.exec(query).all()]


def adoptable_candidates(*, session: Session) -> list[tuple[int, str, str]]:
    """(id, key, catalog slug) of the stored candidates whose name the catalog now knows (an alias was added)."""
    catalog = load_catalog()
    found = []
    for cid, key, name in session.exec(select(CandidateProject.id, CandidateProject.key, CandidateProject.name)):
        slugs = catalog.find_in_text(name)
        if slugs:
            found.append((int(cid), key, slugs[0]))
    return found


def adopt_candidates(*, session: Session, adoptable: list[tuple[int, str, str]]) -> int:
    """Give each adoptable candidate's articles and figures to its catalog project and drop the candidate (in the
    caller's write transaction). Returns how many were adopted."""
    for cid, key, slug in adoptable:
        pid = project_id(session, slug)
        linked = set(session.exec(select(ArticleProject.article_id).where(ArticleProject.project_id == pid)))
        for article_id in session.exec(select(ArticleCandidate.article_id).where(ArticleCandidate.candidate_id == cid)):
            if article_id not in linked:
                session.add(ArticleProject(article_id=article_id, project_id=pid))
        figures = update(FigureRecord).where(col(FigureRecord.candidate) == key)
        session.execute(figures.values(project=slug, candidate=None))
        session.execute(delete(ArticleCandidate).where(col(ArticleCandidate.candidate_id) == cid))
        session.execute(delete(CandidateProject).where(col(CandidateProject.id) == cid))
    session.flush()
    return len(adoptable)
