"""Add or update translated messages in ``ui/locales/messages.pot`` and every catalog
``ui/locales/<lang>/LC_MESSAGES/messages.po``.

Usage: ``python scripts/po_add.py entries.json`` where the JSON file maps a message id to its translations::

    {"Unknown feed {name}.": {"ru": "Неизвестная лента {name}.", "kk": "...", "tg": "...", "ky": "...",
                              "uz": "...", "az": "...", "en": "Unknown feed {name}."},
     "{n} article": {"plural": "{n} articles",
                     "ru": ["{n} статья", "{n} статьи", "{n} статей"], "kk": ["{n} мақала", "{n} мақала"], ...}}

Every language of ``LANGUAGES`` must be given (``en`` defaults to the id itself); an existing entry is
replaced, a new one appended. The catalogs are read and written with Babel under an exclusive lock, so several
people running it at once do not lose each other's entries.
"""

from __future__ import annotations

import fcntl
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "ui" / "locales"
LANGUAGES = ("en", "ru", "kk", "tg", "ky", "uz", "az")


def _write(path: Path, catalog, *, omit_header: bool) -> None:
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        write_po(fh, catalog, width=76, no_location=True, omit_header=omit_header)
    tmp.replace(path)


def apply(entries: dict[str, dict]) -> None:
    with (LOCALES / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        template_path = LOCALES / "messages.pot"
        with template_path.open("rb") as fh:
            template = read_po(fh)
        for msgid, spec in entries.items():
            plural = spec.get("plural")
            key = (msgid, plural) if plural else msgid
            flags = {"python-brace-format"} if "{" in msgid else set()
            template.add(key, "" if not plural else ("", ""), flags=flags)
        _write(template_path, template, omit_header=True)
        for language in LANGUAGES:
            path = LOCALES / language / "LC_MESSAGES" / "messages.po"
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=language)
            for msgid, spec in entries.items():
                plural = spec.get("plural")
                string = spec.get(language)
                if string is None and language == "en":
                    string = [msgid, plural] if plural else msgid
                if string is None:
                    raise SystemExit(f"{msgid!r}: no {language} translation")
                key = (msgid, plural) if plural else msgid
                flags = {"python-brace-format"} if "{" in msgid else set()
                if msgid in catalog:
                    del catalog[msgid]
                catalog.add(key, tuple(string) if plural else string, flags=flags)
            _write(path, catalog, omit_header=False)


if __name__ == "__main__":
    apply(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
