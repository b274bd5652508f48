"""A poll of a local site (RSS, Atom, pages in five languages, faults), a second poll, then ingest."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from feeds.config import Source
from feeds.poller import Poller, PollOptions, poll_sources
from feeds.writer import seed_name
from ingest.pipeline import parse
from scan import run_ingest
from storage.engine import read_session
from storage.feeds import count_items, list_feed_health
from tests.feeds import site as S
from tests.support.feedserver import FeedServer

AGENT = "EnergyBridgeBot/0.1 (+https://example.test/bot)"


def options(seeds: Path) -> PollOptions:
    return PollOptions(seeds_dir=seeds, user_agent=AGENT, delay_seconds=0.0, timeout_seconds=S.TIMEOUT_SECONDS,
                       max_bytes=S.MAX_BYTES, max_redirects=3, max_item_attempts=2)


def sources(server: FeedServer) -> list[Source]:
    return [
        Source(server.url("/rss.xml"), language="en", outlet="Test Wire"),
        Source(server.url("/atom.xml"), language="kk"),
        Source(server.url("/broken.xml")),
        Source(server.url("/slow.xml")),
    ]


def seed_files(seeds: Path) -> list[str]:
    return sorted(p.name for p in seeds.iterdir())


async def test_two_polls_write_each_new_item_once_and_ingest_stores_them(
    engine: Engine, server: FeedServer, tmp_path: Path
) -> None:
    seeds = tmp_path / "seeds"
    feeds = sources(server)
    first = await poll_sources(engine, feeds, options(seeds))

    by_url = {f.url: f for f in first.feeds}
    assert by_url[server.url("/rss.xml")].status == "ok" and by_url[server.url("/rss.xml")].written == 3
    assert by_url[server.url("/rss.xml")].skipped == 2  # robots.txt, PDF
    atom = by_url[server.url("/atom.xml")]
    assert (atom.status, atom.written, atom.skipped, atom.failed) == ("ok", 1, 1, 1)  # huge page; redirect loop
    assert by_url[server.url("/broken.xml")].status == "failed" and "500" in by_url[server.url("/broken.xml")].error
    assert by_url[server.url("/slow.xml")].status == "failed" and "timed out" in by_url[server.url("/slow.xml")].error
    assert server.hits("/private/secret.html") == 0
    written = [seed_name(f"{server.url('/rss.xml')}#{k}") for k in ("en-1", "ru-1", "ky-1")]  # GUIDs, scoped by feed
    written.append(seed_name("tag:kz.test,2026:kk-1"))
    assert seed_files(seeds) == sorted(written)  # no temporary file left behind

    en = (seeds / written[0]).read_text(encoding="utf-8")
    header, _, body = en.partition("\n\n")
    assert header.splitlines() == [
        f"Title: {S.EN[0]}", "Date: 2026-03-03", f"URL: {server.url('/news/en.html')}", "Outlet: Test Wire",
        "Author: Jane Doe",
    ]
    assert body.startswith("DUSHANBE, Tajikistan, March 3.") and "All rights reserved" not in body
    ru = (seeds / written[1]).read_text(encoding="utf-8")
    assert "Нурекской ГЭС" in ru and S.RU[1][1] in ru  # cp1251 page called UTF-8: decoded right
    ky = (seeds / written[2]).read_text(encoding="utf-8")
    assert S.KY[1][0] in ky  # UTF-8 page called windows-1251: decoded right
    kk = (seeds / written[3]).read_text(encoding="utf-8")
    assert kk.startswith(f"Title: {S.KK[0]}\nDate: 2026-03-05\n") and "Outlet: Test Wire" in kk  # site name

    # Second poll: the RSS feed is unchanged (304), the Atom feed has one new entry; broken feeds still fail.
    server.routes["/atom.xml"].body = S.atom(server.base, [S.TG_ENTRY, *S.ATOM_ENTRIES])
    server.routes["/atom.xml"].etag = '"a2"'
    feeds = feeds[:3]  # the slow feed was seen to time out: no need to wait for it again
    second = await poll_sources(engine, feeds, options(seeds), force=True)
    by_url = {f.url: f for f in second.feeds}
    assert by_url[server.url("/rss.xml")].status == "not_modified"
    rss_requests = [h for p, h in server.requests if p == "/rss.xml"]
    assert rss_requests[-1].get("if-none-match") == '"r1"' and rss_requests[-1]["user-agent"] == AGENT
    assert (by_url[server.url("/atom.xml")].written, by_url[server.url("/atom.xml")].failed) == (1, 1)
    assert by_url[server.url("/broken.xml")].status == "failed"
    for path in ("/news/en.html", "/news/ru.html", "/news/ky.html", "/news/kk.html", "/news/tg.html"):
        assert server.hits(path) == 1, path  # no page fetched twice
    # The loop is cut after 3 redirects (a, b, a, b: /loop/a twice a poll), and retried by the second poll.
    assert server.hits("/news/huge.html") == 1 and server.hits("/loop/a") == 4
    written.append(seed_name(S.TG_ENTRY[0]))
    assert seed_files(seeds) == sorted(written)

    with read_session(engine) as session:
        health = list_feed_health(session=session)
        items = count_items(session=session)
    broken = health[server.url("/broken.xml")]
    assert broken.failures == 2 and broken.last_error == "HTTP 500"
    assert health[server.url("/rss.xml")].failures == 0 and health[server.url("/rss.xml")].items_written == 3
    assert health[server.url("/rss.xml")].etag == '"r1"'
    assert health[server.url("/atom.xml")].etag is None  # the loop page failed: the next poll reads it all again
    assert items == {"written": 5, "skipped": 3, "failed": 1}

    # Third poll: the loop page reached its attempt limit, so the Atom feed is now read in full.
    third = await poll_sources(engine, feeds, options(seeds), force=True)
    assert {f.url: f.written for f in third.feeds}[server.url("/atom.xml")] == 0
    assert server.hits("/loop/a") == 4
    with read_session(engine) as session:
        assert list_feed_health(session=session)[server.url("/atom.xml")].etag == '"a2"'

    report = run_ingest(engine=engine, directory=seeds, settle_seconds=0.0)
    assert report.new == 5, report.summary_line()
    parsed = {p.name: parse(p) for p in seeds.iterdir()}
    assert {a.language for a in parsed.values()} == {"en", "ru", "ky", "kk", "tg"}
    en_article = parsed[written[0]]
    assert en_article.title == S.EN[0] and en_article.url == server.url("/news/en.html")
    assert en_article.source == "Test Wire" and en_article.date == date(2026, 3, 3)
    assert all("TJ" in a.countries for a in parsed.values())


async def test_a_feed_is_not_polled_before_it_is_due(engine: Engine, server: FeedServer, tmp_path: Path) -> None:
    feeds = [Source(server.url("/rss.xml"), outlet="Test Wire"), Source(server.url("/broken.xml"))]
    await poll_sources(engine, feeds, options(tmp_path / "seeds"))
    again = await poll_sources(engine, feeds, options(tmp_path / "seeds"))
    assert [f.status for f in again.feeds] == ["not_due", "not_due"]  # interval; backoff after the failure
    assert server.hits("/rss.xml") == 1 and server.hits("/broken.xml") == 1


async def test_two_pollers_at_once_write_and_record_each_item_once(
    engine: Engine, server: FeedServer, tmp_path: Path
) -> None:
    seeds = tmp_path / "seeds"
    feeds = [Source(server.url("/rss.xml"), outlet="Test Wire")]
    async with Poller(engine, options(seeds)) as one, Poller(engine, options(seeds)) as other:
        reports = await asyncio.gather(one.poll(feeds), other.poll(feeds))
    assert [r.feeds[0].status for r in reports] == ["ok", "ok"]
    assert len(seed_files(seeds)) == 3
    with read_session(engine) as session:
        assert count_items(session=session) == {"written": 3, "skipped": 2}


async def test_a_page_that_crashes_the_extractor_fails_alone(
    engine: Engine, server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import feeds.poller

    real = feeds.poller.extract_article

    def fragile(body: bytes, *, url: str, declared_charset: str | None):  # a parser bug on one page
        if url.endswith("/news/ru.html"):
            raise RuntimeError("parser bug")
        return real(body, url=url, declared_charset=declared_charset)

    monkeypatch.setattr(feeds.poller, "extract_article", fragile)
    report = await poll_sources(engine, [Source(server.url("/rss.xml"))], options(tmp_path / "seeds"))
    result = report.feeds[0]
    assert (result.status, result.written, result.failed) == ("ok", 2, 1)
    with read_session(engine) as session:
        assert count_items(session=session) == {"written": 2, "skipped": 2, "failed": 1}
