"""Near-duplicate signatures: every article re-signed with the multiply-shift MinHash family, and on SQLite the
band table stored without a rowid.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

``storage.neardup`` changed its hash family (SHAKE-128 digests per shingle -> CRC-32 word hashes combined and
mapped by 120 multiply-shift hashes; band hashes by SplitMix64 instead of BLAKE2b): the same estimator at half
the cost, measured in that module. Signatures of the two families are not comparable, so ``articles.signature``
and every ``article_bands`` row are recomputed from the stored bodies (what ingest signs), ``CHUNK`` articles at a
time (~0.4 ms an article: ~40 s for 100,000). Story assignments made under the old family stay as they are.

SQLite: ``article_bands`` is rebuilt as a ``WITHOUT ROWID`` table clustered on its primary key (article_id,
band): one B-tree less to update per band row (40 rows an article), the same two access paths (by article for
replacing an article's bands, by (band, value) for the near-duplicate lookup). PostgreSQL keeps its table.

The downgrade re-signs with the old family, which this module keeps for that purpose (``_old_fingerprint``).
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHUNK = 500  # articles read, signed and written per round: bounded memory on any store

Signer = Callable[[str], tuple[str, list[int]]]  # body -> (encoded signature, band hashes)


def _new_fingerprint(body: str) -> tuple[str, list[int]]:
    from storage.neardup import fingerprint

    sig = fingerprint(body)
    return sig.encoded, sig.bands


def _old_fingerprint(body: str) -> tuple[str, list[int]]:
    """The family before this revision: 120 values per shingle from one SHAKE-128 digest, BLAKE2b band hashes."""
    from ingest.normalize import normalize

    words = re.findall(r"\w+", normalize(body))
    if not words:
        return "", []
    triples = zip(words, words[1:], words[2:], strict=False)
    grams = {" ".join(words)} if len(words) <= 3 else set(map(" ".join, triples))
    values = struct.Struct("<120I")
    digests = [values.unpack(hashlib.shake_128(g.encode("utf-8")).digest(values.size)) for g in grams]
    sig = [min(column) for column in zip(*digests, strict=True)]
    packed = struct.pack(">120I", *sig)
    bands = [int.from_bytes(hashlib.blake2b(packed[12 * b : 12 * b + 12], digest_size=8).digest(), "big") >> 1
             for b in range(40)]
    return "".join(f"{v:08x}" for v in sig), bands


def _create_bands_table(name: str, *, without_rowid: bool) -> None:
    op.create_table(
        name,
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_article_bands_article_id_articles"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "band", name=op.f("pk_article_bands")),
        sqlite_with_rowid=not without_rowid,
    )


def _resign(bands_table: str, sign: Signer) -> None:
    """Recompute every article's signature and write its band rows into ``bands_table``."""
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(
            sa.text("SELECT id, body FROM articles WHERE id > :last ORDER BY id LIMIT :n"), {"last": last, "n": CHUNK}
        ).all()
        if not rows:
            return
        signatures, bands = [], []
        for article_id, body in rows:
            encoded, hashes = sign(body or "")
            signatures.append({"id": article_id, "signature": encoded})
            bands += [{"article_id": article_id, "band": b, "value": v} for b, v in enumerate(hashes)]
        conn.execute(sa.text("UPDATE articles SET signature = :signature WHERE id = :id"), signatures)
        if bands:
            conn.execute(
                sa.text(f"INSERT INTO {bands_table} (article_id, band, value) VALUES (:article_id, :band, :value)"),
                bands,
            )
        last = rows[-1][0]


def _migrate(sign: Signer, *, without_rowid: bool) -> None:
    if op.get_bind().dialect.name == "sqlite":
        _create_bands_table("article_bands_rebuilt", without_rowid=without_rowid)
        _resign("article_bands_rebuilt", sign)
        op.drop_index("ix_article_bands_band_value", table_name="article_bands")
        op.drop_table("article_bands")
        op.rename_table("article_bands_rebuilt", "article_bands")
    else:
        op.execute("DELETE FROM article_bands")
        op.drop_index("ix_article_bands_band_value", table_name="article_bands")
        _resign("article_bands", sign)
    op.create_index("ix_article_bands_band_value", "article_bands", ["band", "value"])


def upgrade() -> None:
    _migrate(_new_fingerprint, without_rowid=True)


def downgrade() -> None:
    _migrate(_old_fingerprint, without_rowid=False)
