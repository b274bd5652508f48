"""Refresh the README's sample exchange with what ``energybridge ask "/country Tajikistan"`` prints on the seeds."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {"DATABASE_URL": f"sqlite:///{tmp}/store.db", "SEEDS_DIR": str(ROOT / "seeds"),
               "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        out = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "/country Tajikistan"], capture_output=True,
                             text=True, cwd=ROOT, env=env, check=True).stdout
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    block = "<!-- sample:start -->\n```text\n" + out + "```\n<!-- sample:end -->"
    readme.write_text(re.sub(r"<!-- sample:start -->.*?<!-- sample:end -->", lambda _: block, text, flags=re.S),
                      encoding="utf-8")


if __name__ == "__main__":
    main()
