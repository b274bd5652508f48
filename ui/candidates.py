"""Candidate projects (named in articles, not in the catalog): the "also mentioned" lines of /projects and the
short card /project shows for one of them."""

from __future__ import annotations

from html import escape as h

from storage.candidates import CandidateRow
from ui.i18n import Tr
from ui.render import article_line, figure_list, kind_label

# A candidate's kind (ingest.projects) -> the catalog kind whose label it shares.
_KINDS = {"plant": "power-plant", "line": "transmission-line", "pipeline": "pipeline", "corridor": "corridor"}


def also_mentioned(t: Tr, rows: list[CandidateRow]) -> str:
    """The "also mentioned" block of /projects ("" when there is none)."""
    if not rows:
        return ""
    lines = [t("<b>Also mentioned</b> (not in the catalog yet):")]
    for row in rows:
        lines.append(t.n("• {name} — {n} article (/project {slug})", "• {name} — {n} articles (/project {slug})",
                         row.article_count).format(name=h(row.name), n=row.article_count, slug=h(row.name)))
    return "\n".join(lines)


def candidate_card(t: Tr, row: CandidateRow) -> str:
    """A candidate project: its name, kind, how many articles name it, its figures with their sources."""
    named = t.n("Not in the project catalog yet; named in {n} article.",
                "Not in the project catalog yet; named in {n} articles.", row.article_count)
    lines = [f"🔎 <b>{h(row.name)}</b>",
             t("<b>Kind:</b> {kind}").format(kind=kind_label(t, _KINDS.get(row.kind))),
             named.format(n=row.article_count)]
    if row.figures:
        lines.append(t("<b>Key figures:</b> {figures}").format(figures=figure_list(t, list(row.figures))))
    lines.append(h(t("Its articles: /search {query}").format(query=row.name)))
    if row.articles:
        lines.append("\n" + "\n\n".join(article_line(t, article) for article in row.articles))
    return "\n".join(lines)
