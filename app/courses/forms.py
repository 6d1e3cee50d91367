"""The learner's forms: catalogue filters, knowledge-check answers, reflections."""

from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from app.courses import checks

REFLECTION_MAX = 10_000
QUERY_MAX = 100

# A learner's mistake on a knowledge check, by the code app/courses/checks.py raises.
CHECK_MESSAGES = {
    checks.CHOOSE_ONE: _l("Choose an answer."),
    checks.CHOOSE_SOME: _l("Choose at least one answer."),
    checks.DISTINCT_POSITIONS: _l("Give each item a different position: each number once."),
}


def _normalise_newlines(value: str | None) -> str | None:
    """Browsers send a textarea's line breaks as CRLF: count each as one character, as the
    learner sees them. NUL characters cannot be stored (PostgreSQL refuses them) and cannot
    be typed, so they go."""
    if not isinstance(value, str):
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


class CatalogueFilterForm(FlaskForm):
    """The catalogue's filters, sent with GET so that a filtered list has its own address.

    Choices are filled in by the view from the sector taxonomy.
    """

    class Meta:
        csrf = False  # a search changes nothing

    q = SearchField(
        _l("Search titles and summaries"),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[
            Optional(),
            Length(max=QUERY_MAX, message=_l("Search with at most %(max)d characters.", max=QUERY_MAX)),
        ],
    )
    sector = SelectField(_l("Sector"), validators=[Optional()], validate_choice=True)
    level = SelectField(_l("Professional level"), validators=[Optional()], validate_choice=True)


def _at_most_reflection_max(form, field):
    # Numbers formatted for the learner's language when the message is shown.
    if field.data and len(field.data) > REFLECTION_MAX:
        raise ValidationError(
            _(
                "A reflection can have at most %(max)s characters; this one has %(count)s. "
                "Shorten it and save again: your text is still here.",
                max=format_decimal(REFLECTION_MAX),
                count=format_decimal(len(field.data)),
            )
        )


class ReflectionForm(FlaskForm):
    text = TextAreaField(_l("Your reflection"), filters=[_normalise_newlines], validators=[_at_most_reflection_max])
