"""The learner report's columns: stable machine keys, labels, types, meanings and examples.

The keys are an interface: people build spreadsheets and scripts on them. Never rename or
remove one; add new columns at the end. tests/reports/test_data_dictionary.py pins the list.
The data-dictionary page is generated from this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

INTEGER = _l("Whole number")
DECIMAL = _l("Number (dot for decimals)")
TEXT = _l("Text")
CODE = _l("Code (fixed list)")
DATETIME = _l("Date and time (ISO 8601, UTC)")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    type: str
    meaning: str
    example: str


COLUMNS: tuple[Column, ...] = (
    Column(
        "learner_id",
        _l("Learner number"),
        INTEGER,
        _l("The person's account number on this platform. It never changes: use it to match rows between exports."),
        "1042",
    ),
    Column(
        "name",
        _l("Name"),
        TEXT,
        _l("The name on the person's profile today. Certificates keep the name they were issued with."),
        "Amira Haddad",
    ),
    Column(
        "email",
        _l("E-mail address"),
        TEXT,
        _l("The e-mail address the person signs in with."),
        "amira.haddad@example.org",
    ),
    Column(
        "organisation",
        _l("Organisation"),
        TEXT,
        _l("The person's organisations that you may see, in alphabetical order, separated by a semicolon."),
        "Valletta Health Centre",
    ),
    Column(
        "country",
        _l("Country"),
        CODE,
        _l("The country on the person's profile as a two-letter ISO 3166 code; empty when not given."),
        "MT",
    ),
    Column(
        "sector",
        _l("Sector"),
        CODE,
        _l("The sector on the person's profile, as its id in the sector list; empty when not given."),
        "health",
    ),
    Column(
        "level",
        _l("Professional level"),
        CODE,
        _l("frontline, crisis or post-crisis, from the person's profile; empty when not given."),
        "frontline",
    ),
    Column(
        "language",
        _l("Language"),
        CODE,
        _l("The interface language the person chose (en, mt, es, it, fr, de, ar); empty when they have not chosen."),
        "mt",
    ),
    Column(
        "course_id",
        _l("Course id"),
        CODE,
        _l("The course's stable id. It never changes, even when the title does."),
        "responding-to-disclosures",
    ),
    Column(
        "course_title",
        _l("Course"),
        TEXT,
        _l("The course's title in the language of the person who exports."),
        "Responding to disclosures of sexual and gender-based violence",
    ),
    Column(
        "status",
        _l("Status"),
        CODE,
        _l("not_started (never opened), in_progress (opened, not completed) or completed."),
        "in_progress",
    ),
    Column(
        "progress_percent",
        _l("Progress (%)"),
        INTEGER,
        _l("Share of the course's required lessons completed, from 0 to 100."),
        "60",
    ),
    Column(
        "best_score",
        _l("Best score (%)"),
        DECIMAL,
        _l("The best final-assessment score in percent, at most two decimals; empty until an attempt is graded."),
        "87.5",
    ),
    Column("attempts", _l("Attempts"), INTEGER, _l("How many final-assessment attempts were graded."), "2"),
    Column(
        "first_access",
        _l("First opened"),
        DATETIME,
        _l("When the person first opened the course; empty when not started."),
        "2026-03-02T09:15:00Z",
    ),
    Column(
        "completed_at",
        lazy_pgettext("column: date a course was completed", "Completed"),
        DATETIME,
        _l("When the person completed the course; empty until then."),
        "2026-03-20T14:02:11Z",
    ),
    Column(
        "certificate_code",
        _l("Certificate code"),
        TEXT,
        _l(
            "The code of the person's valid certificate for this course, as printed on it; empty when there is "
            "none or it was revoked."
        ),
        "ACDE-FGHJ-KMNP",
    ),
    Column(
        "course_version",
        _l("Course version"),
        CODE,
        _l("The content version (a fingerprint of the course files) the person completed; empty until completed."),
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    ),
)

KEYS: tuple[str, ...] = tuple(column.key for column in COLUMNS)
