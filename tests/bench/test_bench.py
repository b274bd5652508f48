"""The benchmark's own parts on the seeds, fast: they only run in ``make bench`` otherwise, where a break would
show minutes in. Arguments and command texts come from the store; every query kind is timed beside its replayed
SQL on SQLite and, when PostgreSQL is configured, on a copy of the store in a scratch schema of that server."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.context import Context
from bench.queries import KINDS, arguments, measure
from bench.report import reference_ms, steal_seconds, steal_share
from bench.roundtrip import _commands
from tests.support.db import TEST_DATABASE_URL_ENV, seeded_database


@pytest.fixture
def store(tmp_path: Path, _seed_templates: Callable[[str], str]) -> str:
    with seeded_database("sqlite", tmp_path, _seed_templates) as engine:
        url = engine.url.render_as_string(hide_password=False)
    return url


def test_arguments_and_commands_come_from_the_store(store: str) -> None:
    found = arguments(store)
    assert set(found) == set(KINDS)
    assert "CASA-1000" in found["project"] or "CASA1000" in found["project"]
    assert "TJ" in found["country"] or "KZ" in found["country"]
    commands = _commands(store)
    assert {c.split()[0] for c in commands} == {"/project", "/country", "/person", "/search", "/latest"}
    assert "/latest 10" in commands and len(set(commands)) >= 15


def test_every_query_kind_is_timed_beside_its_replayed_sql(store: str) -> None:
    results = measure(store, runs=1, calls=3)
    assert set(results) == set(KINDS)
    for kind, per_run in results.items():
        samples = per_run[0]
        assert len(samples) == 3, kind
        assert all(s.ms > 0 and s.bare_ms > 0 and s.statements >= 1 for s in samples), kind


def test_the_reference_task_takes_a_positive_time() -> None:
    assert 0 < reference_ms() < 60_000


@pytest.mark.skipif(not Path("/proc/stat").is_file(), reason="no /proc/stat: the kernel reports no steal here")
def test_steal_is_read_from_the_kernel_and_shared_over_every_core() -> None:
    first = steal_seconds()
    assert first is not None and first >= 0
    second = steal_seconds()
    assert second is not None and second >= first
    cores = os.cpu_count() or 1
    assert steal_share(10.0, 10.0 + cores * 0.25, 2.0) == pytest.approx(0.125)
    assert steal_share(10.0, 9.0, 1.0) == 0.0  # never negative
    assert steal_share(None, 1.0, 1.0) is None and steal_share(1.0, 2.0, 0.0) is None


def test_a_postgresql_copy_holds_the_store_and_is_measured(store: str, tmp_path: Path) -> None:
    from sqlalchemy import text

    from bench.postgres import copy_of
    from storage.engine import create_engine_for

    base = os.environ.get(TEST_DATABASE_URL_ENV)
    if not base:
        pytest.skip(f"PostgreSQL not configured: set {TEST_DATABASE_URL_ENV}=postgresql://user@host:port/db")
    path = store.removeprefix("sqlite:///")
    with copy_of(Context(scale=1.0, runs=1, work=tmp_path), Path(path), base) as url:
        engine = create_engine_for(url)
        try:
            with engine.connect() as conn:
                copied = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                          for t in ("articles", "article_countries", "article_people", "figures")}
        finally:
            engine.dispose()
        results = measure(url, runs=1, calls=2, store=store)
    source = sqlite3.connect(path)
    try:
        assert copied == {t: source.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in copied}
    finally:
        source.close()
    assert copied["articles"] == 5
    assert all(len(per_run[0]) == 2 for per_run in results.values())
