"""The wheel works on its own: built from the project, installed into a fresh virtual environment, run from an
empty directory, it answers in Kazakh (its message catalogs and the project catalog ship inside it).

The wheel is built without build isolation (setuptools comes from the dev extra) and installed with ``--no-deps``;
the fresh environment sees the project's dependencies through a ``.pth`` line naming this environment's
site-packages. Lines in a ``.pth`` are added to ``sys.path`` without processing the ``.pth`` files found there, so
the editable install of the checkout stays invisible: every module of the project comes from the wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.support.paths import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    # A copy of the sources: setuptools keeps its build/ directory in the tree it builds, and a stale build/ would
    # put modules into the wheel that the checkout no longer has.
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "data", "__pycache__", "*.egg-info", ".cache", ".pytest_cache", ".ruff_cache",
        ".hypothesis", "results"))
    dist = work / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist),
                    str(source)], check=True, capture_output=True, cwd=work)
    [wheel] = dist.glob("energy_bridge-*.whl")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
                   check=True, capture_output=True, cwd=work)
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "zz_project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env_dir


def _clean_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "TELEGRAM_", "DATABASE_", "SEEDS_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp / 'store.db'}", SEEDS_DIR=str(tmp / "no-seeds"))
    return env


def test_the_installed_wheel_answers_in_kazakh_from_an_empty_directory(installed: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    probe = "import ui, bot; print(ui.__file__, bot.__file__)"
    where = subprocess.run([str(installed / "bin" / "python"), "-c", probe], capture_output=True, text=True,
                           cwd=empty, env=_clean_env(tmp_path), check=True)
    assert str(ROOT) not in where.stdout, where.stdout  # the wheel's modules, not the checkout's
    result = subprocess.run([str(installed / "bin" / "energybridge"), "ask", "/help", "--lang", "kk"],
                            capture_output=True, text=True, cwd=empty, env=_clean_env(tmp_path), timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Energy Bridge" in result.stdout
    assert any(word in result.stdout for word in ("жоба", "мақала", "Жобалар")), result.stdout


def test_a_missing_catalog_stops_the_bot_at_start_up(installed: Path, tmp_path: Path) -> None:
    site = Path(subprocess.run([str(installed / "bin" / "python"), "-c", "import ui; print(ui.__file__)"],
                               capture_output=True, text=True, check=True, cwd=tmp_path).stdout.strip()).parent
    catalog = site / "locales" / "ky" / "LC_MESSAGES" / "messages.po"
    hidden = catalog.with_suffix(".hidden")
    catalog.rename(hidden)
    try:
        result = subprocess.run([str(installed / "bin" / "energybridge"), "ask", "/help"], capture_output=True,
                                text=True, cwd=tmp_path, env=_clean_env(tmp_path), timeout=120)
    finally:
        hidden.rename(catalog)
    assert result.returncode == 2
    assert "message catalogs missing for ky" in result.stderr
    assert "Traceback" not in result.stderr
