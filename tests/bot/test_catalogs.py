"""Message catalogs: every language translates every message of the template, and the template matches the code.

A failure names the language, the message ids and what is wrong, so that the fix is obvious:
- "not in the catalog": run ``pybabel update -i ui/locales/messages.pot -d ui/locales -D messages --no-fuzzy-matching``
  and translate the new entries;
- "missing from messages.pot": run
  ``pybabel extract -F babel.cfg -k t -k N_ -k n:1,2 --omit-header --no-location -o ui/locales/messages.pot .``
  (then update the catalogs as above).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from tests.support.paths import ROOT

LOCALES = ROOT / "ui" / "locales"
TEMPLATE = LOCALES / "messages.pot"
LANGUAGES = ("en", "ru", "kk", "tg", "ky", "uz", "az")
# Plural forms per language: Russian has one/few/many; the Turkic languages and Tajik keep the noun singular
# after a numeral, so two (possibly identical) forms.
NPLURALS = {"en": 2, "ru": 3, "kk": 2, "tg": 2, "ky": 2, "uz": 2, "az": 2}

SOURCE_DIRS = ("bot", "handlers", "ui")
KEYWORDS = {**DEFAULT_KEYWORDS, "t": None, "N_": None, "n": (1, 2)}

PLACEHOLDER = re.compile(r"\{(\w+)\}")
TAG = re.compile(r"</?(\w+)>")
# The tags Telegram's HTML parse mode knows. Anything else in angle brackets is an argument hint such as
# "/project <name>", which is escaped before sending and may be translated ("/project <название>").
HTML_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a", "blockquote", "span"}


@cache
def _read(path: str, locale: str | None = None) -> Catalog:
    with open(path, "rb") as fh:
        return read_po(fh, locale=locale)


def _template() -> Catalog:
    return _read(str(TEMPLATE))


def _catalog(language: str) -> Catalog:
    return _read(str(LOCALES / language / "LC_MESSAGES" / "messages.po"), language)


def _forms(value: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def _tags(text: str) -> Counter[str]:
    return Counter(m.group(0) for m in TAG.finditer(text) if m.group(1).lower() in HTML_TAGS)


def _key(msgid: str | tuple[str, ...]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def _template_ids() -> list[str | tuple[str, ...]]:
    return [m.id for m in _template() if m.id]


def test_template_is_not_empty() -> None:
    assert _template_ids(), f"{TEMPLATE} has no messages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_translates_every_message(language: str) -> None:
    catalog = _catalog(language)
    assert catalog.num_plurals == NPLURALS[language], (
        f"{language}: Plural-Forms has nplurals={catalog.num_plurals}, expected {NPLURALS[language]}"
    )
    problems: list[str] = []
    for msgid in _template_ids():
        key = _key(msgid)
        message = catalog.get(key)
        if message is None:
            problems.append(f"not in the catalog: {key!r}")
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {key!r}")
        if message.id != msgid:
            problems.append(f"plural msgid differs from messages.pot: {message.id!r} != {msgid!r}")
        forms = _forms(message.string)
        expected = NPLURALS[language] if message.pluralizable else 1
        if len(forms) != expected:
            problems.append(f"{len(forms)} translation form(s) instead of {expected}: {key!r}")
        if not forms or not all(f.strip() for f in forms):
            problems.append(f"untranslated (empty msgstr): {key!r}")
    assert not problems, f"{language}: {len(problems)} problem(s)\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_tags(language: str) -> None:
    catalog = _catalog(language)
    problems: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        sources = _forms(message.id)
        want_placeholders = set().union(*(_placeholders(s) for s in sources))
        want_tags = _tags(sources[0])
        for i, form in enumerate(_forms(message.string)):
            if not form:
                continue  # reported by test_catalog_translates_every_message
            label = f"{_key(message.id)!r}" + (f" msgstr[{i}]" if message.pluralizable else "")
            got = _placeholders(form)
            if got != want_placeholders:
                problems.append(
                    f"placeholders {sorted(got)} != {sorted(want_placeholders)} in {label}: {form!r}"
                )
            tags = _tags(form)
            if tags != want_tags:
                problems.append(f"HTML tags {dict(tags)} != {dict(want_tags)} in {label}: {form!r}")
    assert not problems, f"{language}: {len(problems)} problem(s)\n  " + "\n  ".join(problems)


def test_template_is_up_to_date_with_the_code() -> None:
    known = {_key(m.id): m.id for m in _template() if m.id}
    missing: dict[str, str] = {}
    for directory in SOURCE_DIRS:
        extracted = extract_from_dir(
            str(ROOT / directory), method_map=[("**.py", "python")], keywords=KEYWORDS
        )
        for filename, lineno, message, _comments, _context in extracted:
            where = f"{directory}/{filename}:{lineno}"
            key = _key(message)
            if key not in known:
                missing.setdefault(key, where)
            elif not isinstance(message, str) and known[key] != message:
                missing.setdefault(f"{message!r} (plural differs from messages.pot: {known[key]!r})", where)
    assert not missing, (
        f"{len(missing)} message(s) in the code are missing from locales/messages.pot "
        "(re-extract it, then update and translate the catalogs):\n  "
        + "\n  ".join(f"{where}: {key!r}" for key, where in sorted(missing.items(), key=lambda kv: kv[1]))
    )
