"""Reading a file safely (regular files only, a size cap, at most cap + 1 bytes read) and UTF-16 without a BOM."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.model import IngestError
from ingest.pipeline import parse
from ingest.reader import decode, read_file

TEXTS = {
    "en": "Tajikistan and Kyrgyzstan agreed on summer power exports of 1,300 MW through CASA-1000.",
    "ru": "Таджикистан и Кыргызстан договорились о летнем экспорте 1300 МВт электроэнергии по линии CASA-1000.",
    "kk": "Қазақстан мен Өзбекстан энергетика министрлері Алматыда су-энергетика ынтымақтастығын талқылады.",
    "az": "Azərbaycan və Qazaxıstan Xəzər dənizi ilə yaşıl enerji dəhlizi barədə razılığa gəldilər.",
}


@pytest.mark.parametrize("lang", sorted(TEXTS))
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text(lang: str, encoding: str) -> None:
    text = (TEXTS[lang] + "\n\n") * 3
    assert decode(text.encode(encoding)) == (text, encoding)


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 8, b"\x00\x01" * 500, b"PK\x03\x04" + b"\x00" * 200, b"\x89PNG\r\n\x1a\n" + b"\x00\x10" * 300],
    ids=["bytes", "pairs", "zip", "png"],
)
def test_binary_with_nuls_is_still_binary(data: bytes) -> None:
    with pytest.raises(IngestError, match="binary"):
        decode(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([b"", b"\x00", b"a\x00", b"\x00a"]))
def test_decode_never_crashes_on_nul_patterns(data: bytes, pattern: bytes) -> None:
    try:
        text, _ = decode(data + pattern * 50)
    except IngestError:
        return
    assert isinstance(text, str)


def test_read_file_reads_up_to_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    data, st = read_file(path, 100)
    assert data == b"x" * 100 and st.st_size == 100
    with pytest.raises(IngestError, match=r"file too large \(100 bytes > 99\)"):
        read_file(path, 99)


def test_read_file_stops_at_cap_plus_one_on_a_growing_file(tmp_path: Path) -> None:
    # /proc files report size 0 and yield more: the read must stop at cap + 1 bytes, not read everything.
    with pytest.raises(IngestError, match=r"file too large \(over 10 bytes\)"):
        read_file("/proc/self/maps", 10)


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda p: os.mkfifo(p), "a FIFO"),
        (lambda p: os.symlink("/dev/zero", p), "a character device"),
        (lambda p: os.mkdir(p), "a directory"),
    ],
    ids=["fifo", "dev-zero", "directory"],
)
def test_read_file_refuses_what_is_not_a_regular_file(tmp_path: Path, make, kind: str) -> None:
    path = tmp_path / "x.txt"
    make(path)
    with pytest.raises(IngestError, match=f"not a regular file \\({kind}\\)"):
        read_file(path, 1000)
    with pytest.raises(IngestError, match=f"not a regular file \\({kind}\\)"):
        parse(path)


def test_parse_reports_a_symlink_loop(tmp_path: Path) -> None:
    os.symlink("b.txt", tmp_path / "a.txt")
    os.symlink("a.txt", tmp_path / "b.txt")
    with pytest.raises(IngestError, match="cannot read file: Too many levels of symbolic links"):
        parse(tmp_path / "a.txt")
