"""A tiny evaluation directory for ``bench.eval`` and ``energybridge eval`` tests."""

from __future__ import annotations

from pathlib import Path


def write_eval_dir(root: Path) -> Path:
    """A tiny evaluation directory (NEREL, KazNERD, SIB-200 dev) under ``root``; sentences written for tests."""
    nerel = root / "NEREL" / "test"
    nerel.mkdir(parents=True)
    text = "Делегация Китая прибыла в Казахстан. Представители РФ тоже были."
    (nerel / "1.txt").write_text(text, encoding="utf-8")
    spans = [("Китая", "COUNTRY"), ("Казахстан", "COUNTRY"), ("РФ", "COUNTRY")]
    (nerel / "1.ann").write_text(
        "".join(f"T{i}\t{kind} {text.index(s)} {text.index(s) + len(s)}\t{s}\n" for i, (s, kind) in enumerate(spans)),
        encoding="utf-8",
    )
    kaznerd = root / "KazNERD"
    kaznerd.mkdir()
    (kaznerd / "IOB2_test.txt").write_text("Тәжікстан B-GPE\nпен O\nҚытай B-GPE\nкелісті O\n. O\n\n", encoding="utf-8")
    sib = root / "sib-200"
    sib.mkdir()
    for stem, sentence in (("eng_Latn", "The ministers agreed to build a new power line between the two countries."),
                           ("rus_Cyrl", "Министры договорились построить новую линию электропередачи между странами.")):
        (sib / f"{stem}.dev.tsv").write_text(f"index_id\tcategory\ttext\n1\tscience\t{sentence}\n", encoding="utf-8")
    return root
