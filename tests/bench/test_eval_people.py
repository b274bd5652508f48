"""bench.eval_people on a tiny evaluation directory written for the test (NEREL brat and KazNERD IOB2 shapes)."""

from __future__ import annotations

from pathlib import Path

from bench.eval_people import evaluate_people, same_surname


def _eval_dir(root: Path) -> Path:
    nerel = root / "NEREL" / "test"
    nerel.mkdir(parents=True)
    text = "Министр энергетики Казахстана Ержан Оспанов заявил о планах. Гость Иван Петров промолчал."
    (nerel / "1.txt").write_text(text, encoding="utf-8")
    spans = [("Ержан Оспанов", "T1"), ("Иван Петров", "T2")]
    (nerel / "1.ann").write_text(
        "".join(f"{tid}\tPERSON {text.index(n)} {text.index(n) + len(n)}\t{n}\n" for n, tid in spans),
        encoding="utf-8",
    )
    kaznerd = root / "KazNERD"
    kaznerd.mkdir()
    rows = [("Энергетика", "O"), ("министрі", "O"), ("Қайрат", "B-PERSON"), ("Мақсұтов", "I-PERSON"),
            ("айтты", "O"), (".", "O")]
    (kaznerd / "IOB2_test.txt").write_text("\n".join(f"{t} {tag}" for t, tag in rows) + "\n\n", encoding="utf-8")
    return root


def test_scores_per_set(tmp_path: Path) -> None:
    scores = evaluate_people(_eval_dir(tmp_path))
    assert scores["nerel.precision"] == 1.0 and scores["nerel.recall"] == 0.5  # the unanchored guest is not found
    assert scores["kaznerd.precision"] == scores["kaznerd.recall"] == 1.0
    assert "factrueval.f1" not in scores  # absent sets are left out
    assert scores["labelled.recall"] >= 0.9 and scores["labelled.precision"] >= 0.9


def test_same_surname_up_to_a_case_ending() -> None:
    assert same_surname("vertinskii", "vertinskogo")
    assert not same_surname("ivanov", "petrov")
