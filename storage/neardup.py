"""Near-duplicate detection: MinHash over word shingles of the normalised body, banded for lookup (pure).

Two articles are near-duplicates (the same story: a re-edit, or one agency text reprinted by two outlets)
when the estimated Jaccard similarity of their word 3-shingle sets reaches ``NEAR_DUPLICATE_THRESHOLD``.
Candidates are found through LSH bands stored in ``article_bands``: ``BANDS`` bands of ``ROWS`` MinHash values
each; two articles share a band with probability 1 - (1 - s**ROWS)**BANDS (0.93 at s = 0.4, 0.99 at s = 0.5,
0.003 at s = 0.04, the most two different seeds score), and every candidate is then checked against the
threshold on the full signature.
"""

from __future__ import annotations

import hashlib
import operator
import re
import struct
from dataclasses import dataclass

import numpy as np

from ingest.normalize import normalize

# Word 3-shingles: long enough that two unrelated energy articles share almost none, short enough that one
# edited sentence only disturbs a few shingles.
SHINGLE_WORDS = 3
BANDS = 40
ROWS = 3
NUM_PERMUTATIONS = BANDS * ROWS  # standard error of the Jaccard estimate ~ sqrt(s(1-s)/120): 0.045 at 0.4
# Estimated Jaccard similarity from which two bodies are the same story. Measured on the five seeds, bodies
# after ingest cleaning (tests/storage/test_neardup.py keeps the cases): the seeds against each other score at
# most 0.04 (true Jaccard at most 0.012); a seed with its outlet/boilerplate changed (another outlet in the
# dateline, a lead-in and a footer line added) 0.88-0.97; with its longest paragraph dropped 0.67-0.82; with
# every fourth word of its longest paragraph rewritten 0.58-0.78; both edits together 0.55-0.88. 0.4 sits
# below every edit (with ~3 standard errors of margin) and far above unrelated articles.
NEAR_DUPLICATE_THRESHOLD = 0.4

_WORD = re.compile(r"\w+", re.UNICODE)
_WHITESPACE = re.compile(r"\s")
_VALUES = struct.Struct(f"<{NUM_PERMUTATIONS}I")


def shingles(text: str) -> set[str]:
    """Return the word ``SHINGLE_WORDS``-grams of ``normalize(text)`` (the whole text if shorter)."""
    words = _WORD.findall(normalize(text))
    if not words:
        return set()
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words)}
    return set(map(" ".join, zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)))


def _hashes(shingle: str) -> tuple[int, ...]:
    # NUM_PERMUTATIONS independent 32-bit hashes of one shingle from one extendable-output digest: the i-th
    # value of every shingle is the i-th hash function of the MinHash family (stable across processes).
    return _VALUES.unpack(hashlib.shake_128(shingle.encode("utf-8")).digest(_VALUES.size))


def signature(text: str) -> tuple[int, ...]:
    """Return the MinHash signature (``NUM_PERMUTATIONS`` 32-bit values) of ``text``; empty for empty text."""
    grams = shingles(text)
    if not grams:
        return ()
    # All digests in one buffer, read as a (shingles x NUM_PERMUTATIONS) matrix of little-endian uint32; the
    # signature is its column minimum. The same values as ``min`` over each ``_hashes(shingle)`` position, in
    # one C loop (numpy): 0.1 ms instead of 0.7 ms for a 300-shingle article (``python -m bench --only ingest``).
    shake, size = hashlib.shake_128, _VALUES.size
    matrix = np.frombuffer(b"".join([shake(g.encode("utf-8")).digest(size) for g in grams]), dtype="<u4")
    return tuple(matrix.reshape(-1, NUM_PERMUTATIONS).min(axis=0).tolist())


@dataclass(frozen=True)
class Fingerprint:
    """What storing needs of a body's MinHash, computed once where the body is parsed (a parser process)."""

    values: tuple[int, ...]
    bands: list[int]
    encoded: str


def fingerprint(text: str) -> Fingerprint:
    """Return the signature of ``text`` with its band hashes and its stored form."""
    values = signature(text)
    return Fingerprint(values, band_hashes(values), encode(values))


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Return the estimated Jaccard similarity of two signatures (0.0 when either is empty)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(map(operator.eq, a, b)) / len(a)


def similarities(sig: tuple[int, ...], encoded: list[str]) -> list[float]:
    """``similarity(sig, decode(e))`` for every stored signature ``e``, in one numpy comparison when they are all
    plain hex of ``sig``'s length (a candidate list of the near-duplicate lookup: ~10 on the benchmark corpus)."""
    width = 8 * len(sig)
    joined = "".join(encoded)
    if sig and len(joined) == width * len(encoded) and joined.isascii() and not _WHITESPACE.search(joined):
        try:
            matrix = np.frombuffer(bytes.fromhex(joined), dtype=">u4").reshape(len(encoded), len(sig))
        except ValueError:
            pass
        else:
            equal = (matrix == np.array(sig, dtype=np.uint32)).sum(axis=1).tolist()
            return [n / len(sig) for n in equal]
    return [similarity(sig, decode(e)) for e in encoded]


def band_hashes(sig: tuple[int, ...]) -> list[int]:
    """Return one non-negative 63-bit hash per band (fits a signed BIGINT on every backend)."""
    if not sig:
        return []
    try:
        packed = struct.pack(f">{len(sig)}I", *sig)  # every value as 4 big-endian bytes, in one call
    except struct.error:
        packed = b"".join(v.to_bytes(4, "big") for v in sig)  # raises OverflowError as it always did
    width = 4 * ROWS
    out = []
    for band in range(BANDS):
        digest = hashlib.blake2b(packed[band * width : (band + 1) * width], digest_size=8).digest()
        out.append(int.from_bytes(digest, "big") >> 1)
    return out


def encode(sig: tuple[int, ...]) -> str:
    """Return ``sig`` as a compact string for the ``articles.signature`` column."""
    return "".join(f"{v:08x}" for v in sig)


def decode(text: str) -> tuple[int, ...]:
    """Return the signature stored by ``encode``."""
    end = len(text) - len(text) % 8
    # Plain hex digits, as encode() writes them, in one C call (bytes.fromhex rejects anything else but ASCII
    # white space, which encode() never writes). ``isascii`` is O(1); ``isalnum`` was half of decoding.
    if text.isascii() and not _WHITESPACE.search(text):
        try:
            return struct.unpack(f">{end // 8}I", bytes.fromhex(text[:end]))
        except ValueError:
            pass
    return tuple(int(text[i : i + 8], 16) for i in range(0, end, 8))
