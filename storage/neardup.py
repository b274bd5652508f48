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
import zlib
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
# Shingles per block of the MinHash matrix (NUM_PERMUTATIONS x block uint64 values, 4 MB): bounds the memory of a
# huge body; a news article has a few hundred shingles, one block.
_BLOCK = 4096


def _constants(label: str, n: int) -> np.ndarray:
    """``n`` fixed pseudo-random 64-bit constants. Stored signatures and band hashes depend on them: changing
    them, or anything else in the hash family below, needs a migration that re-signs every article (see
    ``storage/migrations/versions/0008_minhash_multiply_shift.py``)."""
    digest = hashlib.shake_256(f"energy-bridge minhash {label}".encode()).digest(8 * n)
    return np.frombuffer(digest, dtype="<u8").copy()


# The family: a shingle is hashed to 64 bits as a weighted sum of the CRC-32 of its words (odd weights, mod 2**64);
# the i-th hash function is the multiply-shift hash (a_i * x + b_i mod 2**64) >> 32 with odd a_i, a universal
# family computed for every shingle at once by numpy. On 600 bench articles (1,880 pairs with Jaccard > 0.05) its
# estimates had the error of the earlier SHAKE-128 family (RMSE 0.028 vs 0.030, no bias; the same decisions at
# the threshold but one) at half the cost (0.2 ms instead of 0.4-0.7 ms an article).
_MULTIPLIERS = _constants("multipliers", NUM_PERMUTATIONS) | np.uint64(1)
_OFFSETS = _constants("offsets", NUM_PERMUTATIONS)[:, None]
_WORD_WEIGHTS = _constants("shingle words", SHINGLE_WORDS) | np.uint64(1)
_BAND_WEIGHTS = _constants("band values", ROWS) | np.uint64(1)
_BAND_OFFSETS = _constants("band offsets", BANDS)
_SHIFT_32 = np.uint64(32)


def shingle_hashes(text: str, *, normalized: bool = False) -> np.ndarray:
    """Return the sorted distinct 64-bit hashes of the word ``SHINGLE_WORDS``-grams of ``normalize(text)`` (one
    hash of all the words if fewer; empty without words). ``normalized``: ``text`` is ``normalize()``'s output."""
    words = _WORD.findall(text if normalized else normalize(text))
    if not words:
        return np.empty(0, dtype=np.uint64)
    crcs = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    n = max(1, len(words) - SHINGLE_WORDS + 1)
    hashes = crcs[:n] * _WORD_WEIGHTS[0]
    for i in range(1, min(SHINGLE_WORDS, len(words))):
        hashes += crcs[i : i + n] * _WORD_WEIGHTS[i]  # mod 2**64: numpy arrays wrap
    return np.unique(hashes)


def signature(text: str, *, normalized: bool = False) -> tuple[int, ...]:
    """Return the MinHash signature (``NUM_PERMUTATIONS`` 32-bit values) of ``text``; empty for empty text."""
    hashes = shingle_hashes(text, normalized=normalized)
    if not hashes.size:
        return ()
    mins = np.full(NUM_PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, hashes.size, _BLOCK):
        block = hashes[start : start + _BLOCK]
        np.minimum(mins, ((np.multiply.outer(_MULTIPLIERS, block) + _OFFSETS) >> _SHIFT_32).min(axis=1), out=mins)
    return tuple(mins.tolist())


@dataclass(frozen=True)
class Fingerprint:
    """What storing needs of a body's MinHash, computed once where the body is parsed (a parser process)."""

    values: tuple[int, ...]
    bands: list[int]
    encoded: str


def fingerprint(text: str, *, normalized: bool = False) -> Fingerprint:
    """Return the signature of ``text`` with its band hashes and its stored form (``normalized``: ``text`` is
    ``normalize()``'s output, as ``ingest.pipeline.parse_bytes_normalized`` returns it)."""
    values = signature(text, normalized=normalized)
    return Fingerprint(values, band_hashes(values), encode(values))


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Return the estimated Jaccard similarity of two signatures (0.0 when either is empty)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(map(operator.eq, a, b)) / len(a)


def similarities(sig: tuple[int, ...], encoded: list[str]) -> list[float]:
    """``similarity(sig, decode(e))`` for every stored signature ``e``, in one numpy comparison when they are all
    plain hex of ``sig``'s length (a candidate list of the near-duplicate lookup: ~10 on the benchmark corpus)."""
    joined = "".join(encoded)
    if sig and len(joined) == 8 * len(sig) * len(encoded):
        raw = _plain_hex(joined)
        if raw is not None:
            matrix = np.frombuffer(raw, dtype=">u4").reshape(len(encoded), len(sig))
            equal = (matrix == np.array(sig, dtype=np.uint32)).sum(axis=1).tolist()
            return [n / len(sig) for n in equal]
    return [similarity(sig, decode(e)) for e in encoded]


def _plain_hex(text: str) -> bytes | None:
    """The bytes ``text`` spells if it is hex digits only (as ``encode`` writes), else None. ``bytes.fromhex``
    rejects anything else but ASCII white space, which it skips: then fewer bytes come out than digits went in
    (a check in C, where a regex for white space took longer than the conversion)."""
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        return None
    return raw if 2 * len(raw) == len(text) else None


def band_hashes(sig: tuple[int, ...]) -> list[int]:
    """Return one non-negative 63-bit hash per band (fits a signed BIGINT on every backend). The band's index is
    hashed in (``_BAND_OFFSETS``): equal values in two different bands are a 63-bit collision, so the lookup
    matches values alone (``storage.writes._candidates_query``)."""
    if not sig:
        return []
    if len(sig) != NUM_PERMUTATIONS or min(sig) < 0 or max(sig) >= 1 << 32:
        raise ValueError(f"not a signature of {NUM_PERMUTATIONS} 32-bit values")
    rows = np.array(sig, dtype=np.uint64).reshape(BANDS, ROWS)
    z = (rows * _BAND_WEIGHTS).sum(axis=1, dtype=np.uint64) + _BAND_OFFSETS
    # SplitMix64's finaliser: every bit of the band's values reaches every bit of its hash.
    z ^= z >> np.uint64(30)
    z *= np.uint64(0xBF58476D1CE4E5B9)
    z ^= z >> np.uint64(27)
    z *= np.uint64(0x94D049BB133111EB)
    z ^= z >> np.uint64(31)
    return (z >> np.uint64(1)).tolist()


def encode(sig: tuple[int, ...]) -> str:
    """Return ``sig`` as a compact string for the ``articles.signature`` column (8 hex digits a value)."""
    return np.array(sig, dtype=">u4").tobytes().hex()


def decode(text: str) -> tuple[int, ...]:
    """Return the signature stored by ``encode``."""
    end = len(text) - len(text) % 8
    raw = _plain_hex(text[:end])  # plain hex digits, as encode() writes them: one C call
    if raw is not None:
        return struct.unpack(f">{end // 8}I", raw)
    return tuple(int(text[i : i + 8], 16) for i in range(0, end, 8))
