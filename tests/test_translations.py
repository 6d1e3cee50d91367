"""The interface catalogues: current against the code, complete, and placeholder-safe."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
SHIPPED = sorted(code for code in LANGUAGES if code != "en")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")


def _messages(catalog) -> dict:
    """Messages by (context, id): pgettext("lesson status", "Completed") is its own message."""
    return {(message.context, _msgid(message)): message for message in catalog if message.id}


def _msgid(message):
    return message.id if isinstance(message.id, str) else tuple(message.id)


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_messages_pot_is_current(tmp_path):
    """Fails when code has strings that `make i18n-extract` has not put into messages.pot."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(  # noqa: S603 - fixed argv: our own venv's pybabel
        [
            str(Path(sys.executable).parent / "pybabel"),
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "lazy_ngettext:1,2",
            "-k",
            "lazy_pgettext:1c,2",
            # Babel skips directories whose names start with "_" unless told otherwise: templates/_macros.
            "--ignore-dirs",
            ".* __pycache__",
            "--no-location",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    committed = set(_messages(_read(TRANSLATIONS / "messages.pot")))
    current = set(_messages(_read(fresh)))
    assert current - committed == set(), "new strings: run `make i18n-update` and translate them"
    assert committed - current == set(), "strings no longer used: run `make i18n-update`"


@pytest.mark.parametrize("language", SHIPPED)
def test_language_is_complete_and_not_fuzzy(language):
    template = _messages(_read(TRANSLATIONS / "messages.pot"))
    catalog = _messages(_read(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"))
    missing = [key for key in template if key not in catalog]
    untranslated = [key for key, m in catalog.items() if key in template and not _all_translated(m)]
    fuzzy = [key for key, m in catalog.items() if key in template and m.fuzzy]
    assert not missing, f"{language}: not in the catalogue: {missing[:5]}"
    assert not untranslated, f"{language}: untranslated: {untranslated[:5]}"
    assert not fuzzy, f"{language}: fuzzy: {fuzzy[:5]}"


@pytest.mark.parametrize("language", SHIPPED)
def test_translations_keep_their_placeholders(language):
    catalog = _read(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po")
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        targets = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        expected = _placeholders(sources[-1])
        for target in filter(None, targets):
            # Plural forms may drop the count (e.g. "one account"), never add or rename one.
            found = _placeholders(target)
            if not set(found) <= set(expected) or (len(sources) == 1 and found != expected):
                wrong.append((sources[0], target))
    assert not wrong, f"{language}: placeholders differ from the source: {wrong[:5]}"


def _all_translated(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return all(s and s.strip() for s in strings)
