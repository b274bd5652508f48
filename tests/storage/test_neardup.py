"""Near-duplicate signatures on the seeds: the measurements behind NEAR_DUPLICATE_THRESHOLD."""

from __future__ import annotations

import itertools
from functools import cache

import pytest

from ingest.pipeline import parse
from storage import neardup
from storage.neardup import NEAR_DUPLICATE_THRESHOLD, band_hashes, decode, encode, signature, similarity
from tests.support.paths import SEEDS

OUTLETS = {"Trend": "Kabar", "Azernews": "Report.az", "Karavan": "Kazinform", "24KZ": "Tengri", "inbusiness": "kapital"}


@cache
def _bodies() -> dict[str, str]:
    return {p.name[:3]: parse(p).body for p in sorted(SEEDS.glob("*.txt"))}


def _boilerplate_changed(body: str) -> str:
    for old, new in OUTLETS.items():
        body = body.replace(old, new)
    return "Central Asia Energy Review: " + body + "\nFollow us on Telegram for the latest energy news."


def _paragraph_edited(body: str) -> str:
    longest = max(body.split("\n"), key=len)
    rewritten = " ".join("changed" if i % 4 == 0 else w for i, w in enumerate(longest.split()))
    return body.replace(longest, rewritten)


def test_different_seeds_are_not_near_duplicates() -> None:
    sigs = {k: signature(v) for k, v in _bodies().items()}
    worst = max(similarity(sigs[a], sigs[b]) for a, b in itertools.combinations(sigs, 2))
    assert worst < 0.1 < NEAR_DUPLICATE_THRESHOLD  # measured: 0.04


@pytest.mark.parametrize("edit", [_boilerplate_changed, _paragraph_edited])
def test_edited_seeds_stay_near_duplicates(edit) -> None:  # noqa: ANN001
    for key, body in _bodies().items():
        edited = edit(body)
        assert edited != body
        score = similarity(signature(body), signature(edited))
        assert score >= NEAR_DUPLICATE_THRESHOLD + 0.1, (key, score)  # measured: >= 0.58
        assert set(band_hashes(signature(body))) & set(band_hashes(signature(edited))), key


def test_signature_is_stable_and_round_trips() -> None:
    body = _bodies()["000"]
    sig = signature(body)
    assert len(sig) == neardup.NUM_PERMUTATIONS and sig == signature(body)
    assert decode(encode(sig)) == sig
    assert len(band_hashes(sig)) == neardup.BANDS
    assert all(0 <= b < 2**63 for b in band_hashes(sig))
    assert signature("") == () and band_hashes(()) == [] and similarity((), sig) == 0.0
    assert signature("Tajikistan") == signature("TAJIKISTAN")  # over the normalised text


def test_the_hash_family_is_fixed() -> None:
    """Stored signatures and bands depend on the family: changing it needs a migration that re-signs the store
    (as 0008 did). These values were recorded when 0008 was written."""
    sig = signature("Tajikistan and Kyrgyzstan signed the CASA-1000 agreement on power exports in Dushanbe.")
    assert sig[:3] == (578893895, 427421252, 398107208)
    assert band_hashes(sig)[:2] == [6411981082674431016, 6819263067252613847]


def test_a_huge_body_is_signed_in_blocks_like_a_short_one() -> None:
    words = [f"w{i}" for i in range(3 * neardup._BLOCK)]
    body = " ".join(words)
    hashes = neardup.shingle_hashes(body)
    assert hashes.size == len(words) - neardup.SHINGLE_WORDS + 1 > neardup._BLOCK
    one_block = ((neardup._MULTIPLIERS[:, None] * hashes + neardup._OFFSETS) >> neardup._SHIFT_32).min(axis=1)
    assert signature(body) == tuple(one_block.tolist())
