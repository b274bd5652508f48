"""A daily digest's first line is the news (its first story's headline), not a template; what the message is
follows in italics, localized, with the number of stories."""

from __future__ import annotations

from datetime import date

import pytest

from storage.digests import DigestEntry
from storage.rows import ArticleRow
from ui.i18n import SUPPORTED_LANGUAGES, tr
from ui.notices import digest_text


def _entry(i: int, title: str) -> DigestEntry:
    row = ArticleRow(id=i, file=f"{i}.txt", title=title, date=date(2026, 3, 7), language="en", source="Kabar",
                     story_id=i, sources_in_story=["Kabar"])
    return DigestEntry(article=row, sources=["Kabar"], topic="all", key="")


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_the_first_line_is_the_first_story(language: str) -> None:
    entries = [_entry(1, "Rogun reservoir filling reaches a new level"), _entry(2, "Grid link talks resume")]
    lines = digest_text(tr(language), entries, date(2026, 3, 8)).split("\n")
    assert lines[0] == "🗞 <b>Rogun reservoir filling reaches a new level</b>"
    assert lines[1].startswith("<i>") and "Energy Bridge" in lines[1] and "2" in lines[1]
    if language != "en":
        assert "digest" not in lines[1]  # translated
