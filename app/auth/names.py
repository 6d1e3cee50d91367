"""Names of people and organisations: stored as people see them, without invisible characters.

Names are printed on certificates and shown in lists and reports, so a stored name must look
the same everywhere: composed to NFC (one code point for Maltese ċ, not c plus a combining
dot, so that searching and duplicate checks agree), without surrounding spaces, and without
invisible characters that hide text or reorder it (a right-to-left override can make a
name read differently from what was stored).
"""

from __future__ import annotations

import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

# Zero-width non-joiner and joiner are allowed inside a name: Persian, Urdu, Kurdish and Indic
# names need them to shape letters correctly, and they cannot reorder text. At either end of
# a name they join nothing, so there they are as invisible as any other format character.
JOINERS = frozenset({"\u200c", "\u200d"})
# Cc: control characters (NUL, tab, escape...). Cf: format characters, among them the
# bidirectional marks, embeddings, overrides and isolates (U+200E/F, U+202A-E, U+2066-9,
# U+061C), zero-width spaces, soft hyphens and byte-order marks. Zl/Zp: line and
# paragraph separators. Cs: lone surrogates.
_CONTROL = frozenset({"Cc"})
_INVISIBLE = frozenset({"Cf", "Zl", "Zp", "Cs"})


def normalise_name(value: str | None) -> str | None:
    """NFC and no surrounding whitespace; a form filter that also suits services."""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", value).strip()


def has_control_characters(name: str) -> bool:
    return any(unicodedata.category(c) in _CONTROL for c in name)


def has_invisible_characters(name: str) -> bool:
    """True for format characters other than joiners between letters (see JOINERS)."""
    if name[:1] in JOINERS or name[-1:] in JOINERS:
        return True
    return any(unicodedata.category(c) in _INVISIBLE and c not in JOINERS for c in name)


class VisibleName:
    """Rejects control and invisible formatting characters, each with a message that says what to do."""

    def __call__(self, form, field):
        if not field.data:
            return
        if has_control_characters(field.data):
            raise ValidationError(_l("Remove the invisible control characters from this field."))
        if has_invisible_characters(field.data):
            raise ValidationError(
                _l(
                    "This contains invisible characters, such as marks that change the direction of text. "
                    "They often come with copied text: type it in instead of pasting it."
                )
            )
