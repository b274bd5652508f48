"""The fetcher's parts: sources file, item identity, charsets, seed files and their temporary names, robots.txt."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest

from feeds.config import Source, SourcesError, add_source, load_sources, make_source, remove_source, save_sources
from feeds.extract import decode_page, text_of_html
from feeds.http import Disallowed, FetchError, PoliteClient
from feeds.items import canonical_url, item_key, parse_feed
from feeds.robots import RobotsCache, RobotsUnavailable
from feeds.writer import remove_stale_temporaries, render_seed, seed_name, write_seed
from ingest.reader import read_text
from scan.files import is_temporary
from tests.support.feedserver import Route, feed_server

KY = "Кыргызстан менен Тажикстан электр энергиясы боюнча макулдашууга кол коюшту."


def test_sources_file_round_trip_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    assert load_sources(path) == []
    feeds = [make_source(" https://a.test/rss ", language="KK", outlet=" Qazaq ", interval_minutes=10),
             make_source("https://b.test/atom")]
    save_sources(path, feeds)
    assert load_sources(path) == [Source("https://a.test/rss", "kk", "Qazaq", 10.0), Source("https://b.test/atom")]
    assert add_source(path, Source("https://b.test/atom", outlet="B")) is False
    assert remove_source(path, "https://a.test/rss") and not remove_source(path, "https://a.test/rss")
    assert load_sources(path) == [Source("https://b.test/atom", outlet="B")]
    assert [p.name for p in tmp_path.iterdir()] == ["sources.yaml"]  # no temporary file left
    path.write_text("feeds:\n  - https://c.test/feed\n", encoding="utf-8")  # a bare URL is a feed too
    assert load_sources(path) == [Source("https://c.test/feed")]
    for bad in ("feeds: 3\n", "feeds:\n  - {outlet: x}\n", "feeds:\n  - {url: 'https://x.test', interval: soon}\n",
                "feeds: [\n"):
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(SourcesError):
            load_sources(path)
    with pytest.raises(SourcesError):
        make_source("https://x.test/", interval_minutes=0)


def test_item_identity() -> None:
    feed = "https://a.test/rss"
    assert item_key(feed_url=feed, guid="123", link="https://a.test/x") == "https://a.test/rss#123"
    assert item_key(feed_url=feed, guid="tag:a.test,2026:7", link=None) == "tag:a.test,2026:7"
    assert item_key(feed_url=feed, guid=None, link="HTTPS://A.test/x?utm_source=tg&id=2#top") == \
        "https://a.test/x?id=2"
    assert item_key(feed_url=feed, guid="https://A.test/y?utm_medium=rss", link=None) == "https://a.test/y"
    assert item_key(feed_url=feed, guid=" ", link=None) is None
    assert canonical_url("https://a.test") == "https://a.test/"


def test_feed_in_a_legacy_encoding_and_relative_links() -> None:
    xml = ('<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>Лента</title>'
           '<item><title>Новость о ГЭС</title><link>/news/1</link><pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate>'
           '</item><item><title>no link</title></item></channel></rss>').encode("cp1251")
    title, entries = parse_feed(xml, feed_url="https://a.test/rss")
    assert title == "Лента" and len(entries) == 1
    assert (entries[0].title, entries[0].url, entries[0].published) == \
        ("Новость о ГЭС", "https://a.test/news/1", date(2026, 3, 2))


def test_charsets() -> None:
    assert decode_page(KY.encode("utf-8"), "windows-1251") == KY  # valid UTF-8 wins over a wrong declaration
    assert decode_page(KY.encode("cp1251", errors="ignore"), "utf-8").startswith("Кыргызстан")
    latin = "Tadschikistan: Gespräche über Strom für Pakistan.".encode("latin-1")
    assert decode_page(b'<meta charset="koi8-r">' + "Таджикистан".encode("koi8-r"), None).endswith("Таджикистан")
    assert decode_page(latin, "iso-8859-1") == "Tadschikistan: Gespräche über Strom für Pakistan."
    assert text_of_html("<p>One <b>two</b></p><p>Three<br>four</p>") == "One two\nThree\nfour"


def test_seed_file_header_is_read_back_and_the_temporary_name_is_skipped(tmp_path: Path) -> None:
    content = render_seed(title="Rogun: second\nunit", published=date(2026, 3, 3), url="https://a.test/n/1",
                          outlet="Test Wire", author="Jane Doe",
                          text="Rogun: second unit\nFirst paragraph.\n\n  Second   paragraph.")
    assert content == ("Title: Rogun: second unit\nDate: 2026-03-03\nURL: https://a.test/n/1\nOutlet: Test Wire\n"
                       "Author: Jane Doe\n\nFirst paragraph.\n\nSecond paragraph.\n")
    raw = read_text(content.encode())
    assert (raw.header_title, raw.header_date, raw.header_url, raw.header_outlet) == \
        ("Rogun: second unit", date(2026, 3, 3), "https://a.test/n/1", "Test Wire")
    name = seed_name("tag:a.test,2026:1")
    assert name == seed_name("tag:a.test,2026:1") and name.startswith("feed_") and name.endswith(".txt")
    assert not is_temporary(name) and is_temporary(f".{name}.123.part")
    path = write_seed(tmp_path / "seeds", name, content)
    assert path.read_text(encoding="utf-8") == content and [p.name for p in path.parent.iterdir()] == [name]


async def test_robots_txt_unreadable_means_not_now_and_missing_means_allowed() -> None:
    routes = {"/robots.txt": Route(b"down", status=503, content_type="text/plain")}
    with feed_server(routes) as server:
        async with PoliteClient(user_agent="EnergyBridgeBot/test", delay_seconds=0, timeout_seconds=10,
                                max_bytes=10_000, max_redirects=2) as client:
            robots = RobotsCache(client, agent="EnergyBridgeBot/test")
            with pytest.raises(RobotsUnavailable):
                await robots.allowed(server.url("/a"))
            del routes["/robots.txt"]  # now a 404
            robots = RobotsCache(client, agent="EnergyBridgeBot/test")
            assert await robots.allowed(server.url("/a"))
            assert await robots.allowed(server.url("/b")) and server.hits("/robots.txt") == 2  # cached per host


async def test_size_cap_without_content_length() -> None:
    routes = {"/big": Route(b"x" * 5000, headers={"Transfer-Encoding": "chunked"})}
    with feed_server(routes) as server:
        async with PoliteClient(user_agent="t", delay_seconds=0, timeout_seconds=10, max_bytes=1000,
                                max_redirects=2) as client:
            with pytest.raises(FetchError, match="larger than 1000 bytes"):
                await client.get(server.url("/big"))


async def test_a_redirect_into_a_disallowed_path_is_not_followed() -> None:
    routes = {"/robots.txt": Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
              "/go": Route(status=302, headers={"Location": "/private/page.html"}),
              "/private/page.html": Route(b"<p>secret</p>")}
    with feed_server(routes) as server:
        async with PoliteClient(user_agent="EnergyBridgeBot/test", delay_seconds=0, timeout_seconds=10,
                                max_bytes=10_000, max_redirects=2) as client:
            robots = RobotsCache(client, agent="EnergyBridgeBot/test")
            with pytest.raises(Disallowed):
                await client.get(server.url("/go"), may_follow=robots.allowed)
    assert server.hits("/go") == 1 and server.hits("/private/page.html") == 0


def test_stale_temporary_files_are_removed(tmp_path: Path) -> None:
    old, fresh, other = tmp_path / ".feed_a.txt.x1.part", tmp_path / ".feed_b.txt.x2.part", tmp_path / ".notes.part"
    for path in (old, fresh, other):
        path.write_text("half", encoding="utf-8")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    os.utime(other, (time.time() - 7200, time.time() - 7200))
    assert remove_stale_temporaries(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [".feed_b.txt.x2.part", ".notes.part"]
    assert remove_stale_temporaries(tmp_path / "missing") == 0
