"""The README stays true: its settings table lists every setting with its default, and its sample exchange is what
``energybridge ask "/country Tajikistan"`` prints on the seed articles (refresh it with
``.venv/bin/python scripts/readme_sample.py``)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bot.settings import Settings
from tests.support.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block(name: str) -> str:
    match = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", README, re.S)
    assert match, f"README has no {name} block"
    return match.group(1)


def test_every_setting_is_in_the_readme_table() -> None:
    table = _block("settings")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `(\w+)` \| ([^|]*) \|", table, re.M)}
    fields = {field.alias: field.default for field in Settings.model_fields.values()}
    assert set(rows) == set(fields), f"missing: {set(fields) - set(rows)}, stale: {set(rows) - set(fields)}"
    for name, default in fields.items():
        shown = rows[name].strip()
        if default in (None, ""):
            assert shown.startswith("("), f"{name}: {shown}"
        else:
            value = str(default).removesuffix(".0") if isinstance(default, float) else str(default)
            assert shown == f"`{value}`", f"{name}: README says {shown}, the default is {value}"


def test_the_sample_exchange_is_what_ask_prints(tmp_path: Path) -> None:
    sample = _block("sample").removeprefix("```text\n").removesuffix("```\n")
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}", "SEEDS_DIR": str(ROOT / "seeds"),
           "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "/country Tajikistan"], capture_output=True,
                            text=True, cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == sample, "README sample is stale: run .venv/bin/python scripts/readme_sample.py"
