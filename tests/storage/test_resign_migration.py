"""Migration 0008: every stored article is re-signed with the current MinHash family, and back on downgrade."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text

from ingest.pipeline import parse
from storage import neardup
from storage.engine import create_engine_for, read_session
from storage.migrate import MIGRATIONS_DIR, alembic_config, upgrade
from storage.writes import find_near_duplicate
from tests.support.paths import SEEDS

SENTENCE = "Tajikistan and Kyrgyzstan signed the CASA-1000 agreement on power exports in Dushanbe."


def _migration():
    path = MIGRATIONS_DIR / "versions" / "0008_minhash_multiply_shift.py"
    spec = importlib.util.spec_from_file_location("migration_0008", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _to(engine: Engine, revision: str, *, down: bool = False) -> None:
    if not down:
        upgrade(engine, revision)
        return
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


@pytest.fixture
def old_store(db_url: str) -> Engine:
    """A database at 0007 holding the seeds' bodies with signatures and bands of the old family."""
    engine = create_engine_for(db_url)
    _to(engine, "0007")
    old = _migration()._old_fingerprint
    with engine.begin() as conn:
        for i, path in enumerate(sorted(Path(SEEDS).glob("*.txt"))):
            body = parse(path).body
            encoded, bands = old(body)
            conn.execute(text(
                "INSERT INTO articles (id, sha256, file, title, language, body, signature, story_id, ingested_at, "
                "updated_at) VALUES (:id, :sha, :file, :title, 'en', :body, :sig, :id, CURRENT_TIMESTAMP, "
                "CURRENT_TIMESTAMP)"), {"id": i + 1, "sha": f"{i:064x}", "file": path.name, "title": path.stem,
                                       "body": body, "sig": encoded})
            conn.execute(text("INSERT INTO article_bands (article_id, band, value) VALUES (:a, :b, :v)"),
                         [{"a": i + 1, "b": b, "v": v} for b, v in enumerate(bands)])
    yield engine
    engine.dispose()


def _stored(engine: Engine) -> dict[int, tuple[str, str, list[int]]]:
    with engine.connect() as conn:
        articles = conn.execute(text("SELECT id, body, signature FROM articles ORDER BY id")).all()
        bands = conn.execute(text("SELECT article_id, band, value FROM article_bands ORDER BY article_id, band")).all()
    by_article: dict[int, list[int]] = {}
    for article_id, _, value in bands:
        by_article.setdefault(article_id, []).append(value)
    return {i: (body, sig, by_article.get(i, [])) for i, body, sig in articles}


def test_the_old_family_is_kept_exactly() -> None:
    """The downgrade's family gives what storage.neardup gave before 0008 (values recorded from that code)."""
    encoded, bands = _migration()._old_fingerprint(SENTENCE)
    assert encoded.startswith("0b3b041a390a3034")
    assert bands[:2] == [7511851791107525424, 749116746468250140]


def test_upgrade_re_signs_every_article_and_downgrade_restores_the_old(old_store: Engine) -> None:
    before = _stored(old_store)
    assert len(before) == 5
    _to(old_store, "head")
    after = _stored(old_store)
    for article_id, (body, sig, bands) in after.items():
        fp = neardup.fingerprint(body)
        assert (sig, bands) == (fp.encoded, fp.bands)
        assert sig != before[article_id][1]
    # A stored article is found again as the near-duplicate of its own body: bands and signatures agree.
    with read_session(old_store) as session:
        for article_id, (body, _, _) in after.items():
            near = find_near_duplicate(session=session, signature=neardup.signature(body))
            assert near is not None and near.article_id == article_id
    if old_store.dialect.name == "sqlite":
        with old_store.connect() as conn:
            ddl = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'article_bands'")).scalar_one()
        assert "WITHOUT ROWID" in ddl.upper()
    _to(old_store, "0007", down=True)
    assert _stored(old_store) == before
