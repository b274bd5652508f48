"""``python -m bench.eval`` on a tiny evaluation directory written here (sentences written for the test)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.eval import main


def _eval_dir(root: Path) -> Path:
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


def test_eval_prints_and_writes_every_field(tmp_path: Path, capsys) -> None:
    out = tmp_path / "eval.json"
    assert main(["--eval-dir", str(_eval_dir(tmp_path / "eval")), "--json", str(out), "--no-people"]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["fields"]["countries"]["nerel_ru"]["f1"] == 1.0
    assert result["fields"]["countries"]["kaznerd_kk"]["recall"] == 1.0
    assert set(result["fields"]) >= {"countries", "date", "projects", "figures"}
    assert result["language"]["sib_dev_whole"]["accuracy"]["all"] == 1.0
    assert result["language"]["sib_dev_whole"]["confusion"]["ru"] == {"ru": 1}
    printed = capsys.readouterr().out
    assert "nerel_ru" in printed and "sib_dev_40" in printed and str(out) in printed


def test_a_missing_directory_exits_2(tmp_path: Path) -> None:
    try:
        main(["--eval-dir", str(tmp_path / "nothing"), "--json", str(tmp_path / "x.json")])
    except SystemExit as exc:
        assert exc.code == 2
    else:
        raise AssertionError("no exit")
