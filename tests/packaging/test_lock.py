"""requirements.lock pins every dependency of pyproject.toml (the dev extra included) at a version its specifier
allows, each with hashes: ``make`` installs the venv from it with ``--require-hashes``, so a dependency added to
pyproject.toml without ``make lock`` fails here, not in a clean clone's install."""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support.paths import ROOT

LOCK = ROOT / "requirements.lock"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _pins() -> dict[str, tuple[str, int]]:
    """Locked name -> (version, number of hashes)."""
    pins: dict[str, tuple[str, int]] = {}
    for block in re.split(r"\n(?=\S)", LOCK.read_text(encoding="utf-8")):
        m = _PIN.match(block)
        if m:
            pins[canonicalize_name(m.group(1))] = (m.group(2), block.count("--hash=sha256:"))
    return pins


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in (*project["dependencies"], *project["optional-dependencies"]["dev"])]


@pytest.mark.parametrize("requirement", _requirements(), ids=str)
def test_every_dependency_is_locked_with_hashes(requirement: Requirement) -> None:
    pins = _pins()
    name = canonicalize_name(requirement.name)
    assert name in pins, f"{requirement.name} is not in requirements.lock: run `make lock`"
    version, hashes = pins[name]
    assert requirement.specifier.contains(version, prereleases=True), (
        f"requirements.lock has {requirement.name}=={version}, pyproject.toml wants {requirement.specifier}: "
        "run `make lock`")
    assert hashes >= 1


def test_every_locked_package_has_hashes() -> None:
    pins = _pins()
    assert len(pins) > 20 and all(hashes for _, hashes in pins.values())
