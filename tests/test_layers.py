"""Imports run one way: ingest/ -> storage/ (with scan/ and feeds/ beside it) -> ui/ -> handlers/ -> bot/.

Every import statement of every module (at the top or inside a function) is read with ``ast``; a package may import
only the packages at its own level or below (and the standard library and third-party packages). ``emulator/`` is
a stand-alone Bot API server that imports none of the product's packages; ``bench/`` (measurement, not shipped)
may import anything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.paths import ROOT

# Level of each product package: a module may import packages of its level or lower.
LEVELS = {"ingest": 0, "storage": 1, "scan": 1, "feeds": 1, "ui": 2, "handlers": 3, "bot": 4}
ALLOWED: dict[str, set[str]] = {
    package: {other for other, level in LEVELS.items() if level <= LEVELS[package]} for package in LEVELS
}
ALLOWED["emulator"] = set()
# Pure parsing: nothing of the database, the fetcher or the bot.
ALLOWED["ingest"] = {"ingest"}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & (set(LEVELS) | {"emulator", "tests", "bench"})


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_run_one_way(package: str) -> None:
    wrong = []
    for path in sorted((ROOT / package).rglob("*.py")):
        bad = _imported_packages(path) - ALLOWED[package] - {package}
        if package == "bot":
            # the console and ask talk to the local emulator; `energybridge eval` runs bench.eval from a checkout
            bad -= {"emulator", "bench"}
        if bad:
            wrong.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert not wrong, "\n".join(wrong)
