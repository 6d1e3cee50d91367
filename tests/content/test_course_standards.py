"""The shipped courses keep to the training standard of issue 8 ("The training itself").

Each test is one line of the issue: every course has a content note, learning objectives, 3 to 6
lessons of 10 to 20 minutes, a case vignette with a knowledge check, a reflection prompt, a summary,
sources in footnotes, local sections for national details, and a quiz of 8 to 15 scenario questions
with an explanation for each and feedback for every wrong option; the wording rules hold; the core
course is complete and current in French and Arabic. The courses are built by the same pipeline that
publishes them (app.content.build), so the rules read what learners will see.

Conventions the courses follow, so that a test can find them (also in content/README.md):
- course.md has a `## Learning objectives` section with a bulleted list;
- the last lesson has a `## Summary` section;
- national details sit in `> [!IMPORTANT]` callouts starting "Local section".
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import pytest

from app.content.build import CourseBuild, build_course
from app.content.i18n_status import CURRENT, course_status
from app.content.sectors import load_taxonomy
from app.courses.localised import shown_locale
from app.i18n import LANGUAGES

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
SHIPPED = sorted(p.name for p in (CONTENT / "courses").iterdir() if (p / "course.md").is_file())
# Not in courses/, but `flask demo seed` publishes it next to them when it needs more courses.
EXAMPLE = CONTENT / "example-course"

# The courses the issue asks for, one folder each.
REQUIRED_COURSES = {
    "responding-to-disclosures": "core course: recognise, respond with LIVES, refer",
    "police-criminal-justice": "police and criminal justice",
    "health-settings": "health: primary care, emergency, antenatal, sexual health",
    "mental-health-and-trauma": "mental health and trauma",
    "medico-legal": "medico-legal",
    "social-services-housing": "social services and housing",
    "third-sector-services": "third sector",
    "trafficking-and-exploitation": "trafficking and exploitation",
    "looking-after-yourself": "looking after yourself and your team",
}
CORE = "responding-to-disclosures"
CORE_TRANSLATIONS = ("fr", "ar")
# Every sector and subsector of the issue's list is the audience of at least one course.
REQUIRED_SECTORS = {
    "police",
    "criminal-justice",
    "primary-care",
    "emergency",
    "antenatal",
    "sexual-health",
    "mental-health",
    "medico-legal",
    "social-services",
    "third-sector",
    "migrant-refugee-support",
    "gbv-services",
    "womens-refuges",
    "bme-women-services",
}
# This course is about staff wellbeing, not about responding to survivors: it has local sections,
# but no helplines-for-survivors, reporting-duty or immigration rules to fill in, and no survivors.
STAFF_WELLBEING = {"looking-after-yourself"}
SURVIVOR_FACING = [c for c in SHIPPED if c not in STAFF_WELLBEING]

TAG = re.compile(r"<[^>]+>")
# A quoted word is mentioned, not used ("never say 'illegal migrant'"), and a legal term of art
# would be quoted too; only wording outside quotation marks is checked.
QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”|«[^»\n]*»|„[^“\n]*“')
# "Illegal" for people or their status, in the languages the courses are written in.
ILLEGAL = re.compile(
    r"\billegal(?:ly|s)?\b|\bill[ée]ga(?:l|le|les|ux|lement)\b|\bclandestine?s?\b|غير\s+(?:ال)?شرعي", re.I
)
UNFINISHED = re.compile(r"\[\s*(?:verify|à vérifier)[^\]]*\]|\b(?:TODO|FIXME)\b", re.I)
MEN = re.compile(r"\b(?:men|boys|male)\b", re.I)
LGBTIQ = re.compile(r"\bLGBTIQ\+", re.I)
CALLOUT = re.compile(r'<div class="callout[^"]*"[^>]*>(.*?)</div>', re.S)
OBJECTIVES = re.compile(r'<h2 id="learning-objectives">Learning objectives</h2>(.*?)(?:<h2|$)', re.S)


@cache
def build(course_id: str) -> CourseBuild:
    return build_course(CONTENT / "courses" / course_id, load_taxonomy(CONTENT / "sectors.yml"), content_root=CONTENT)


def text(fragment: str | None) -> str:
    return html.unescape(TAG.sub(" ", fragment or ""))


def questions_text(questions: list[dict]) -> list[str]:
    parts = []
    for q in questions:
        parts += [q["title"], q["stem_html"], q["explanation_html"]]
        parts += [part for o in q["options"] for part in (o["text_html"], o["feedback_html"])]
    return parts


def learner_text(course: CourseBuild, locale: str) -> str:
    """Everything learners read in `locale`: course page, lessons, checks, reflections and quiz."""
    meta = course.metadata[locale]
    parts = [meta.title, meta.summary, meta.content_warning, meta.overview_html]
    for lesson in course.lessons:
        page = lesson.locales.get(locale)
        if page:
            parts += [page.title, page.content_warning, page.html, *(r.prompt_html for r in page.reflections)]
            parts += questions_text(page.checks)
    quiz = (course.quiz or {}).get(locale)
    if quiz:
        parts += [quiz["settings"]["title"], quiz["intro_html"], *questions_text(quiz["questions"])]
    return "\n".join(text(p) for p in parts)


def local_sections(course: CourseBuild) -> list[str]:
    pages = [lesson.locales[course.source_locale].html for lesson in course.lessons]
    return [text(box) for page in pages for box in CALLOUT.findall(page) if "Local section" in box]


def test_every_course_the_issue_asks_for_is_shipped():
    assert set(REQUIRED_COURSES) - set(SHIPPED) == set()


def test_the_courses_cover_every_sector_and_the_core_course_is_for_all_at_the_front_line():
    covered = {sector for course_id in SHIPPED for sector in build(course_id).settings["sectors"]}
    assert REQUIRED_SECTORS - covered == set()
    assert build(CORE).settings["sectors"] == ["all"]
    assert build(CORE).settings["levels"] == ["frontline"]


def test_the_shipped_content_validates_without_errors_or_warnings(runner):
    result = runner.invoke(args=["content", "validate", str(CONTENT)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines() == [f"0 error(s), 0 warning(s) in {CONTENT}"]


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_no_two_publishable_courses_share_a_title_in_the_catalogue(language):
    courses = [build(course_id) for course_id in SHIPPED]
    courses.append(build_course(EXAMPLE, load_taxonomy(CONTENT / "sectors.yml"), content_root=CONTENT))
    # As the catalogue shows them: in the interface language, else in the course's source language.
    titles = [c.metadata[shown_locale(c.metadata, language, c.source_locale)].title.casefold() for c in courses]
    assert sorted({t for t in titles if titles.count(t) > 1}) == []


@pytest.mark.parametrize("course_id", SHIPPED)
def test_course_has_a_content_note_and_learning_objectives(course_id):
    course = build(course_id)
    meta = course.metadata[course.source_locale]
    assert (meta.content_warning or "").strip(), "course.md needs a content_warning"
    objectives = OBJECTIVES.search(meta.overview_html)
    assert objectives, "course.md needs a `## Learning objectives` section"
    assert objectives.group(1).count("<li>") >= 3, "list at least three learning objectives"


@pytest.mark.parametrize("course_id", SHIPPED)
def test_course_has_three_to_six_lessons_of_ten_to_twenty_minutes(course_id):
    course = build(course_id)
    durations = {lesson.id: lesson.duration_minutes for lesson in course.lessons}
    assert 3 <= len(durations) <= 6, durations
    assert all(minutes is not None and 10 <= minutes <= 20 for minutes in durations.values()), durations
    # The course time is printed on the certificate as CPD time: it must cover the lessons.
    assert course.settings["duration_minutes"] >= sum(durations.values())


@pytest.mark.parametrize("course_id", SHIPPED)
def test_course_has_a_case_with_a_knowledge_check_a_reflection_and_a_summary(course_id):
    course = build(course_id)
    pages = [lesson.locales[course.source_locale] for lesson in course.lessons]
    # A check is a case when its question carries the vignette, or its lesson has a "Case ..." section.
    cases = [
        check["id"]
        for page in pages
        for check in page.checks
        if text(check["stem_html"]).strip() or any(h.text.startswith("Case") for h in page.headings)
    ]
    assert cases, "at least one knowledge check must come with a case vignette"
    assert sum(len(page.reflections) for page in pages) >= 1, "at least one ::: reflect prompt"
    assert "Summary" in [h.text for h in pages[-1].headings if h.level == 2], "the last lesson needs ## Summary"


@pytest.mark.parametrize("course_id", SHIPPED)
def test_every_lesson_cites_its_sources_in_footnotes(course_id):
    course = build(course_id)
    unsourced = [lesson.id for lesson in course.lessons if not lesson.locales[course.source_locale].has_footnotes]
    assert unsourced == []


@pytest.mark.parametrize("course_id", SHIPPED)
def test_quiz_has_eight_to_fifteen_explained_scenario_questions_with_feedback_on_wrong_options(course_id):
    course = build(course_id)
    assert course.quiz, "the course needs a quiz.md"
    quiz = course.quiz[course.source_locale]
    asked = quiz["settings"]["draw"] or len(quiz["questions"])
    assert 8 <= asked <= 15, asked
    for q in quiz["questions"]:
        assert text(q["stem_html"]).strip(), f"{q['id']}: give the question a scenario (a stem under the heading)"
        assert text(q["explanation_html"]).strip(), f"{q['id']}: add an explanation"
        if q["type"] != "ordering":
            silent = [o["id"] for o in q["options"] if not o["correct"] and not text(o["feedback_html"]).strip()]
            assert silent == [], f"{q['id']}: wrong options {silent} need feedback"


@pytest.mark.parametrize("course_id", SHIPPED)
def test_national_details_are_local_sections_for_the_organisation_to_fill_in(course_id):
    sections = local_sections(build(course_id))
    assert sections, "the course needs a `> [!IMPORTANT]` callout starting 'Local section'"
    if course_id in SURVIVOR_FACING:
        together = " ".join(sections).lower()
        for topic, word in (("helplines", "helpline"), ("reporting duties", "report"), ("data sharing", "immigration")):
            assert word in together, f"the local sections must ask for {topic}"


@pytest.mark.parametrize("course_id", SHIPPED)
def test_wording_never_calls_people_illegal_and_leaves_no_fact_to_verify(course_id):
    course = build(course_id)
    for locale in course.locales:
        unquoted = QUOTED.sub(" ", learner_text(course, locale))
        assert ILLEGAL.findall(unquoted) == [], f"{locale}: say irregular or undocumented"
        assert UNFINISHED.findall(unquoted) == [], f"{locale}: a fact is still marked to verify"


@pytest.mark.parametrize("course_id", SURVIVOR_FACING)
def test_male_and_lgbtiq_survivors_are_included(course_id):
    course = build(course_id)
    words = learner_text(course, course.source_locale)
    assert MEN.search(words), "include men and boys"
    assert LGBTIQ.search(words), "include LGBTIQ+ survivors"


@pytest.mark.parametrize("locale", CORE_TRANSLATIONS)
def test_core_course_is_translated_file_by_file_from_the_current_source(locale):
    status = course_status(CONTENT / "courses" / CORE)
    files = next(entry for entry in status.locales if entry.locale == locale).files
    assert {f.source for f in files} == set(status.sources)
    assert {f.translation: f.state for f in files if f.state != CURRENT} == {}


@pytest.mark.parametrize("locale", CORE_TRANSLATIONS)
def test_core_course_translation_is_complete_and_keeps_the_standard(locale):
    course = build(CORE)
    meta = course.metadata[locale]
    assert meta.title and meta.summary and meta.content_warning and not meta.stale
    for lesson in course.lessons:
        source_page, page = lesson.locales[course.source_locale], lesson.locales[locale]
        assert page.has_footnotes and not page.stale, lesson.id
        assert (len(page.checks), len(page.reflections)) == (len(source_page.checks), len(source_page.reflections))
    questions = course.quiz[locale]["questions"]
    assert len(questions) == len(course.quiz[course.source_locale]["questions"])
    for q in questions + [c for lesson in course.lessons for c in lesson.locales[locale].checks]:
        assert text(q["explanation_html"]).strip(), q["id"]
        if q["type"] != "ordering":
            assert all(text(o["feedback_html"]).strip() for o in q["options"] if not o["correct"]), q["id"]
    assert locale not in course.quiz_stale_locales
