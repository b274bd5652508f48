"""Near-duplicate detection: MinHash over word shingles of the normalised body, banded for lookup (pure).

Two articles are near-duplicates (the same story: a re-edit, or one agency text reprinted by two outlets)
when the estimated Jaccard similarity of their word 3-shingle sets reaches ``NEAR_DUPLICATE_THRESHOLD``.
Candidates are found through LSH bands stored in ``article_bands``: ``BANDS`` bands of ``ROWS`` MinHash values
each; two articles share a band with probability 1 - (1 - s**ROWS)**BANDS (0.87 at s = 0.5, 0.99 at s = 0.7,
0.05 at s = 0.2), and every candidate is then checked against the threshold on the full signature.
"""

from __future__ import annotations

import hashlib
import random
import re

from ingest.normalize import normalize

# Word 3-shingles: long enough that two unrelated energy articles share almost none (measured max 0.004
# between the five seeds), short enough that one edited sentence only disturbs a few shingles.
SHINGLE_WORDS = 3
NUM_PERMUTATIONS = 128  # standard error of the Jaccard estimate ~ 1/sqrt(128) ~ 0.09 at s = 0.5
BANDS = 32
ROWS = NUM_PERMUTATIONS // BANDS
# Estimated Jaccard similarity from which two bodies are the same story. Measured on the seeds (see
# tests/scan/test_neardup.py, body after ingest cleaning): the five seeds against each other score 0.00-0.01;
# a seed with its dateline/outlet boilerplate changed scores 0.84-0.97, with one paragraph rewritten
# 0.60-0.85, both together 0.52-0.80. 0.4 sits well clear of the unrelated pairs and below every edit.
NEAR_DUPLICATE_THRESHOLD = 0.4

_MERSENNE = (1 << 61) - 1
_MASK32 = (1 << 32) - 1
_WORD = re.compile(r"\w+", re.UNICODE)
# Fixed coefficients: signatures must be comparable across processes and releases (never reseed).
_RNG = random.Random(20240217)
_COEFFS: tuple[tuple[int, int], ...] = tuple(
    (_RNG.randrange(1, _MERSENNE), _RNG.randrange(0, _MERSENNE)) for _ in range(NUM_PERMUTATIONS)
)
del _RNG


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def shingles(text: str) -> set[int]:
    """Return the hashed word ``SHINGLE_WORDS``-grams of ``normalize(text)`` (the whole text if shorter)."""
    words = _WORD.findall(normalize(text))
    if not words:
        return set()
    if len(words) <= SHINGLE_WORDS:
        return {_hash64(" ".join(words))}
    return {_hash64(" ".join(words[i : i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text: str) -> tuple[int, ...]:
    """Return the MinHash signature (``NUM_PERMUTATIONS`` 32-bit values) of ``text``; empty for empty text."""
    hashed = shingles(text)
    if not hashed:
        return ()
    return tuple(min((a * h + b) % _MERSENNE for h in hashed) & _MASK32 for a, b in _COEFFS)


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Return the estimated Jaccard similarity of two signatures (0.0 when either is empty)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)


def band_hashes(sig: tuple[int, ...]) -> list[int]:
    """Return one non-negative 63-bit hash per band (fits a signed BIGINT on every backend)."""
    if not sig:
        return []
    out = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(b"".join(v.to_bytes(4, "big") for v in chunk), digest_size=8).digest()
        out.append(int.from_bytes(digest, "big") >> 1)
    return out


def encode(sig: tuple[int, ...]) -> str:
    """Return ``sig`` as a compact string for the ``articles.signature`` column."""
    return "".join(f"{v:08x}" for v in sig)


def decode(text: str) -> tuple[int, ...]:
    """Return the signature stored by ``encode``."""
    return tuple(int(text[i : i + 8], 16) for i in range(0, len(text) - len(text) % 8, 8))
